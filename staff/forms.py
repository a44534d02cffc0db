"""Forms of the staff desk. They only parse and offer choices limited to the
user's scope; the rules live in the services they feed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Category, Channel, Department, District, Priority, Province, RejectionKind
from permissions import scope


def style(form):
    """Bootstrap classes on every widget, so templates can render fields plainly."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(widget, forms.Textarea) or type(widget) is forms.TextInput:
            # Free text runs in the writer's direction, whatever the page's:
            # an Arabic note typed on the English desk still reads right to left.
            widget.attrs.setdefault("dir", "auto")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _text(label, rows=3, required=True):
    return forms.CharField(
        label=label, required=required, max_length=4000, widget=forms.Textarea(attrs={"rows": rows})
    )


class ComplaintActionForm(StyledForm):
    """Base of the case page's action forms: each knows its complaint and user."""

    def __init__(self, *args, complaint, user, **kwargs):
        self.complaint = complaint
        self.user = user
        super().__init__(*args, **kwargs)


class TriageForm(ComplaintActionForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.complaint
        departments = Department.objects.filter(province_id=c.province_id, is_active=True)
        self.fields["department"].queryset = departments
        if not self.is_bound:
            suggested = next(
                (d for d in departments if d.kind == c.category.department_kind), None
            )
            self.initial.update(
                category=c.category_id, department=suggested.pk if suggested else None, priority=c.priority
            )


class RejectForm(ComplaintActionForm):
    kind = forms.ChoiceField(label=_("Why"), choices=RejectionKind.choices)
    reason = _text(_("Reason, as the citizen will read it"))
    duplicate_of_code = forms.CharField(
        label=_("Original complaint (for a duplicate)"), required=False, max_length=20
    )
    target_province = forms.ModelChoiceField(
        label=_("Province it belongs to (for a wrong province)"),
        queryset=Province.objects.filter(is_active=True),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_province"].queryset = Province.objects.filter(is_active=True).exclude(
            pk=self.complaint.province_id
        )


class TransferForm(ComplaintActionForm):
    department = forms.ModelChoiceField(label=_("To department"), queryset=Department.objects.none())
    reason = _text(_("Reason"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        c = self.complaint
        self.fields["department"].queryset = Department.objects.filter(
            province_id=c.province_id, is_active=True
        ).exclude(pk=c.department_id)


class AssignForm(ComplaintActionForm):
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = scope.officers_of(self.complaint.department)
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class ReassignForm(AssignForm):
    reason = _text(_("Reason"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = self.fields["assignee"].queryset.exclude(
            pk=self.complaint.assignee_id
        )


class EmptyForm(ComplaintActionForm):
    """Actions that need only a click: claim, start."""


class QuestionForm(ComplaintActionForm):
    question = _text(_("Question to the citizen"))


class ReplyForm(ComplaintActionForm):
    answer = _text(_("The citizen's answer (given by phone or in person)"))


class ResolveForm(ComplaintActionForm):
    note = _text(_("What was done"), rows=4)


class NoteForm(ComplaintActionForm):
    body = _text(_("Text"))


class AttachForm(ComplaintActionForm):
    upload = forms.FileField(label=_("File (photo or PDF)"))


class RecordComplaintForm(StyledForm):
    """A walk-in or phone complaint typed in by the front desk."""

    channel = forms.ChoiceField(
        label=_("Received"), choices=[(Channel.WALK_IN, Channel.WALK_IN.label), (Channel.PHONE, Channel.PHONE.label)]
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True))
    description = _text(_("Complaint"), rows=5)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none(), required=False)
    address = forms.CharField(label=_("Address or landmark"), max_length=255, required=False)
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, required=False)
    is_anonymous = forms.BooleanField(label=_("The citizen wants to stay anonymous"), required=False)
    contact_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    contact_phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 ]{7,20}$",
        max_length=32,
        required=False,
        error_messages={"invalid": _("Digits only, for example 07701234567.")},
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))
    contact_language = forms.ChoiceField(
        label=_("Language for messages"), choices=[("ar", _("Arabic")), ("en", _("English"))]
    )
    attachments = MultipleFileField(label=_("Photos or documents"), required=False)

    CITIZEN_FIELDS = ("is_anonymous", "contact_name", "contact_phone", "contact_email", "contact_language")

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(province=province)

    def complaint_fields(self):
        return [self[name] for name in self.fields if name not in self.CITIZEN_FIELDS]

    def citizen_fields(self):
        return [self[name] for name in self.CITIZEN_FIELDS]
