"""The portal's application form; the rules themselves live in services.application_submit."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from artisans.models import Activity


class ApplicationForm(forms.Form):
    products = forms.CharField(
        label=_("Products you will show"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("For example: hand-woven rugs, embroidered cushions."),
    )
    activities = forms.ModelMultipleChoiceField(
        label=_("Crafts shown"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("Leave empty to show your main craft."),
    )
    needs_electricity = forms.BooleanField(label=_("I need electricity at my stand"), required=False)
    space_m2 = forms.DecimalField(
        label=_("Space needed (m²)"),
        min_value=Decimal("1"),
        max_value=Decimal("500"),
        decimal_places=2,
        initial=Decimal("9"),
    )

    def __init__(self, *args, artisan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if artisan is not None:
            ids = {artisan.main_activity_id, *artisan.secondary_activities.values_list("pk", flat=True)}
            self.fields["activities"].queryset = Activity.objects.filter(pk__in=ids).order_by("name")


class ProvinceFilterForm(forms.Form):
    """The exhibitions page's filter: the provinces of the chamber's region, by code (a stable, readable URL)."""

    province = forms.ChoiceField(label=_("Prefecture or province"), required=False)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces")), *((p.code, p.name) for p in provinces)]
