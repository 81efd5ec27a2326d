"""The public artisan directory: consenting artisans only, searched and filtered by the register's selector.

A page costs one query for its rows (the filter choices are cached), and at most three when the cache is cold.
There is no COUNT: the page fetches one row more than it shows to know whether a next page exists.
"""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.core.cache import cache
from django.db.models import F, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from artisans.models import Artisan, Sector
from artisans.selectors import public_directory
from chamber.selectors import in_language, provinces_of_chamber_region

PER_PAGE = 20
PLACE_LANGUAGES = ("ar", "fr", "en")
MAX_PAGE = 5000
CHOICES_TTL = 300


def _filter_choices() -> tuple[list, list]:
    """Sectors and the region's provinces as (id, name) pairs in the active language, cached 5 minutes."""
    key = f"artisans:directory:choices:{get_language()}"
    choices = cache.get(key)
    if choices is None:
        sectors = [(str(s.pk), s.name) for s in Sector.objects.order_by("order", "code")]
        provinces = [(str(p.pk), p.name) for p in provinces_of_chamber_region()]
        choices = (sectors, provinces)
        cache.set(key, choices, CHOICES_TTL)
    return choices


def _options(choices: list, selected: str | None) -> str:
    """<option> elements for a filter; built in Python because a template loop per option costs more."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label) for value, label in choices),
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    province = forms.ChoiceField(label=_("Prefecture or province"), required=False)

    def __init__(self, *args, sectors, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("All sectors")), *sectors]
        self.fields["province"].choices = [("", _("All provinces")), *provinces]


def _cards(qs) -> QuerySet:
    """What a directory card shows, as plain rows: model instances and template lookups through four
    relations cost more than the page's query."""
    return qs.values(
        "full_name",
        "full_name_latin",
        "category",
        "organisation_name",
        profile_slug=F("public_page__slug"),
        activity=in_language("main_activity__name"),
        sector=in_language("main_activity__sector__name"),
        bio_text=in_language("bio"),
        **{f"commune_{code}": F(f"commune__name_{code}") for code in PLACE_LANGUAGES},
        **{f"province_{code}": F(f"commune__province__name_{code}") for code in PLACE_LANGUAGES},
    )


def _with_places(card: dict) -> dict:
    """The commune's and the province's names in every language, as objects the `translated` tag reads: the
    card shows each in the page's language or, when missing, in another one marked with its language."""
    for place in ("commune", "province"):
        card[place] = SimpleNamespace(
            **{f"name_{code}": card.pop(f"{place}_{code}") for code in PLACE_LANGUAGES}
        )
    return card


def _page_number(raw: str | None) -> int:
    try:
        page = int(raw or 1)
    except ValueError:
        raise Http404 from None
    if not 1 <= page <= MAX_PAGE:
        raise Http404
    return page


def directory(request):
    sectors, provinces = _filter_choices()
    form = DirectoryFilterForm(request.GET or None, sectors=sectors, provinces=provinces)
    filters = form.cleaned_data if form.is_valid() else {}
    page = _page_number(request.GET.get("page"))
    qs = public_directory(
        query=filters.get("q") or None,
        sector=filters.get("sector") or None,
        province=filters.get("province") or None,
    )
    start = (page - 1) * PER_PAGE
    rows = list(_cards(qs)[start : start + PER_PAGE + 1])
    has_next = len(rows) > PER_PAGE
    artisans = [_with_places(row) for row in rows[:PER_PAGE]]
    if page > 1 and not artisans:
        raise Http404
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/directory.html",
        {
            "master": Artisan.Category.MASTER,
            "master_label": Artisan.Category.MASTER.label,
            "filters": filters,
            "sector_options": _options(sectors, filters.get("sector")),
            "province_options": _options(provinces, filters.get("province")),
            "artisans": artisans,
            "page": page,
            "has_next": has_next,
            "has_previous": page > 1,
            "next_page": page + 1,
            "previous_page": page - 1,
            "query_string": params.urlencode(),
            "filtered": any(filters.values()) if filters else False,
        },
    )
