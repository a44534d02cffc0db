import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Category, Complaint, EscalationLevel, Priority, Status
from permissions import scope

from .forms import style


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Tracking code, words, address")}),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.filter(is_active=True)
    )
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=None)
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    escalation_level = django_filters.ChoiceFilter(
        label=_("Escalation level"), choices=EscalationLevel.choices
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted until"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Complaint
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Another province's department is not a valid choice, so it cannot be
        # used to probe what exists there.
        self.filters["department"].queryset = scope.visible_departments(user)
        style(self.form)

    def search(self, queryset, name, value):
        """A tracking code finds its complaint; words must all appear, each
        in the text, the address or the district."""
        words = value.split()
        if not words:
            return queryset
        every_word = Q()
        for word in words:
            every_word &= (
                Q(description__icontains=word)
                | Q(address__icontains=word)
                | Q(district__name_ar__icontains=word)
                | Q(district__name_en__icontains=word)
            )
        return queryset.filter(Q(tracking_code__iexact=value.strip()) | every_word)
