"""The reference data every installation starts from: the provinces of the
e-Tracking programme, their districts and service departments, and the
complaint categories. Loading adds what is missing and never overwrites what
an administrator has edited since."""

from django.db import transaction

from audit import ledger

from .models import Category, Department, DepartmentKind, District, Province

PROVINCES = [
    # code, Arabic, English, districts [(Arabic, English)]
    ("WAS", "واسط", "Wasit", [
        ("الكوت", "Kut"), ("الحي", "Al-Hay"), ("الصويرة", "Al-Suwaira"),
        ("النعمانية", "Al-Numaniya"), ("بدرة", "Badra"), ("العزيزية", "Al-Aziziya"),
    ]),
    ("BGD", "بغداد", "Baghdad", [
        ("الكرخ", "Karkh"), ("الرصافة", "Rusafa"), ("الأعظمية", "Adhamiya"),
        ("الكاظمية", "Kadhimiya"), ("مدينة الصدر", "Sadr City"), ("المحمودية", "Mahmudiya"),
        ("أبو غريب", "Abu Ghraib"),
    ]),
    ("BSR", "البصرة", "Basrah", [
        ("البصرة", "Basrah"), ("الزبير", "Zubair"), ("أبو الخصيب", "Abu al-Khasib"),
        ("القرنة", "Qurna"), ("شط العرب", "Shatt al-Arab"), ("الفاو", "Fao"),
    ]),
    ("DHQ", "ذي قار", "Dhi Qar", [
        ("الناصرية", "Nasiriyah"), ("الشطرة", "Shatra"), ("الرفاعي", "Rifai"),
        ("سوق الشيوخ", "Suq al-Shuyukh"), ("الجبايش", "Chibayish"),
    ]),
    ("DIY", "ديالى", "Diyala", [
        ("بعقوبة", "Baqubah"), ("المقدادية", "Muqdadiya"), ("خانقين", "Khanaqin"),
        ("الخالص", "Khalis"), ("بلدروز", "Baladruz"),
    ]),
    ("KRK", "كركوك", "Kirkuk", [
        ("كركوك", "Kirkuk"), ("الحويجة", "Hawija"), ("الدبس", "Dibis"), ("داقوق", "Daquq"),
    ]),
    ("MTH", "المثنى", "Muthanna", [
        ("السماوة", "Samawah"), ("الرميثة", "Rumaitha"), ("الخضر", "Khidhir"), ("السلمان", "Salman"),
    ]),
    ("NJF", "النجف", "Najaf", [
        ("النجف", "Najaf"), ("الكوفة", "Kufa"), ("المناذرة", "Manathera"), ("المشخاب", "Mishkhab"),
    ]),
]

# {kind: (Arabic pattern, English pattern)} filled with the province's name.
DEPARTMENT_NAMES = {
    DepartmentKind.WATER: ("مديرية ماء {ar}", "{en} Water Directorate"),
    DepartmentKind.ELECTRICITY: ("مديرية توزيع كهرباء {ar}", "{en} Electricity Distribution Directorate"),
    DepartmentKind.MUNICIPALITY: ("مديرية بلديات {ar}", "{en} Municipalities and Public Works Directorate"),
    DepartmentKind.HEALTH: ("دائرة صحة {ar}", "{en} Health Directorate"),
    DepartmentKind.EDUCATION: ("مديرية تربية {ar}", "{en} Education Directorate"),
    DepartmentKind.SEWERAGE: ("مديرية مجاري {ar}", "{en} Sewerage Directorate"),
}

CATEGORIES = [
    # code, Arabic, English, default department
    ("water-outage", "انقطاع ماء الشرب", "Drinking water cut off", DepartmentKind.WATER),
    ("water-leak", "تسرب في أنابيب الماء", "Leaking water main", DepartmentKind.WATER),
    ("water-quality", "تلوث ماء الشرب", "Polluted drinking water", DepartmentKind.WATER),
    ("power-outage", "انقطاع التيار الكهربائي", "Power cut", DepartmentKind.ELECTRICITY),
    ("power-hazard", "أسلاك أو أعمدة كهرباء خطرة", "Dangerous power lines or poles", DepartmentKind.ELECTRICITY),
    ("street-lighting", "إنارة الشوارع معطلة", "Street lights out", DepartmentKind.ELECTRICITY),
    ("road-damage", "طرق متضررة وحفر", "Damaged road or potholes", DepartmentKind.MUNICIPALITY),
    ("waste", "تراكم النفايات", "Uncollected rubbish", DepartmentKind.MUNICIPALITY),
    ("encroachment", "تجاوز على الأملاك العامة", "Encroachment on public land", DepartmentKind.MUNICIPALITY),
    ("health-centre", "خدمات المراكز الصحية", "Health centre services", DepartmentKind.HEALTH),
    ("medicine-shortage", "نقص الأدوية", "Medicine shortage", DepartmentKind.HEALTH),
    ("school-building", "بناية مدرسية متضررة", "Damaged school building", DepartmentKind.EDUCATION),
    ("teacher-shortage", "نقص الكادر التدريسي", "Shortage of teachers", DepartmentKind.EDUCATION),
    ("sewage-overflow", "طفح مياه المجاري", "Sewage overflow", DepartmentKind.SEWERAGE),
    ("sewer-blockage", "انسداد شبكة المجاري", "Blocked sewer", DepartmentKind.SEWERAGE),
]


def _created(obj, chain):
    ledger.append(
        chain=chain,
        actor=ledger.SYSTEM,
        action="config.add",
        subject=ledger.SubjectRef(kind=obj._meta.label_lower, id=str(obj.pk), ref=obj.name_en[:64]),
        data={"name_ar": obj.name_ar, "name_en": obj.name_en},
    )


@transaction.atomic
def load_reference() -> int:
    """Create the missing reference rows; returns how many were created."""
    created = 0
    for code, name_ar, name_en, districts in PROVINCES:
        province, new = Province.objects.get_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en}
        )
        if new:
            _created(province, code)
            created += 1
        for d_ar, d_en in districts:
            district, new = District.objects.get_or_create(
                province=province, name_en=d_en, defaults={"name_ar": d_ar}
            )
            if new:
                _created(district, code)
                created += 1
        for kind, (pattern_ar, pattern_en) in DEPARTMENT_NAMES.items():
            department, new = Department.objects.get_or_create(
                province=province,
                kind=kind,
                defaults={
                    "name_ar": pattern_ar.format(ar=name_ar),
                    "name_en": pattern_en.format(en=name_en),
                },
            )
            if new:
                _created(department, code)
                created += 1
    for code, name_ar, name_en, kind in CATEGORIES:
        category, new = Category.objects.get_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en, "department_kind": kind}
        )
        if new:
            _created(category, "SYS")
            created += 1
    return created
