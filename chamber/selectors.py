"""Reads of the shared reference data: the chamber's profile (cached) and the geography."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chamber.models import ChamberProfile, Commune, Province, Region

PROFILE_CACHE_KEY = "chamber:profile:v1"


def in_language(path: str) -> Coalesce:
    """The translated column at `path` (e.g. "commune__province__name") in the active language, falling back as
    modeltranslation's settings say. modeltranslation rewrites values() only on the queried model's own fields; across
    a relation it would give the untranslated column, which holds the Arabic."""
    lang = get_language() or settings.LANGUAGE_CODE
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [lang, *(code for code in fallbacks.get(lang, fallbacks["default"]) if code != lang)]
    columns = (NullIf(F(f"{path}_{code}"), Value("")) for code in order)
    return Coalesce(*columns, Value(""), output_field=TextField())


@dataclass(frozen=True)
class LetterheadSide:
    """One side of the letterhead: the kingdom, the Tifinagh line on the Arabic side, the chamber's name."""

    lang: str
    rtl: bool
    kingdom: str
    tifinagh: str
    name: str


@dataclass(frozen=True)
class Letterhead:
    """What every document's letterhead and the portal's header and footer show, from the chamber's profile:
    `start` in the page's language, `end` in the other official language (French beside Arabic, Arabic beside
    French or English), the logo, and one contact line that names the seat once."""

    start: LetterheadSide
    end: LetterheadSide
    logo: object  # the profile's ImageFieldFile; a document takes its file, a page its URL
    contact: str
    phone: str


def letterhead(*, lang: str | None = None) -> Letterhead:
    profile = chamber_profile()
    lang = (lang or get_language() or settings.LANGUAGE_CODE)[:2]
    other = "fr" if lang == "ar" else "ar"

    def side(code: str) -> LetterheadSide:
        with translation.override(code):
            return LetterheadSide(
                lang=code,
                rtl=code == "ar",
                kingdom=_("Kingdom of Morocco"),
                tifinagh=profile.tifinagh_line if code == "ar" else "",
                name=str(profile.name or ""),
            )

    with translation.override(lang):
        address, seat = str(profile.address or ""), str(profile.seat or "")
        if address and seat and seat not in address:
            contact = f"{address}{'، ' if lang == 'ar' else ', '}{seat}"
        else:
            contact = address or seat
    return Letterhead(
        start=side(lang), end=side(other), logo=profile.logo, contact=contact, phone=profile.phone
    )


def chamber_profile() -> ChamberProfile:
    """The chamber's profile, cached so that letterheads and page layouts cost no query.

    Before the demo data or an administrator creates it, an unsaved placeholder keeps pages rendering.
    """
    profile = cache.get(PROFILE_CACHE_KEY)
    if profile is None:
        profile = ChamberProfile.objects.select_related("region").order_by("pk").first()
        if profile is None:
            return ChamberProfile(name="غرفة الصناعة التقليدية", president_name="", seat="")
        cache.set(PROFILE_CACHE_KEY, profile, 300)
    return profile


def is_demo_data() -> bool:
    """Whether this database holds the demo data (seed_demo's profile), read fresh rather than from the cache."""
    return ChamberProfile.objects.filter(is_demo=True).exists()


@receiver([post_save, post_delete], sender=ChamberProfile, dispatch_uid="chamber.profile_cache")
def _forget_profile(**kwargs) -> None:
    cache.delete(PROFILE_CACHE_KEY)


def provinces_of_chamber_region():
    """The prefectures and provinces of the chamber's own region, for filters and forms."""
    profile = chamber_profile()
    qs = Province.objects.order_by("name")
    return qs.filter(region_id=profile.region_id) if profile.region_id else qs


def province_by_code(*, code: str) -> Province | None:
    return Province.objects.filter(code=code).first()


def communes_of(*, province: Province):
    return Commune.objects.filter(province=province).order_by("name")


def role_recipients(*, role: str) -> list[str]:
    """The e-mail addresses of the active staff of an office (a role's group), for reminders addressed to it."""
    users = get_user_model().objects.filter(is_active=True, groups__name=role).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


# --- the Registry's card on the staff home (chamber.staff_home) ---------------------------------------------------

RECENT_IMPORT_DAYS = 7


def card_recent_imports(*, today):
    import datetime as dt

    from django.utils.translation import gettext as _

    from chamber.models import ImportBatch
    from chamber.staff_home import Card

    since = today - dt.timedelta(days=RECENT_IMPORT_DAYS)
    return Card(
        title=_("Imports of the last %(days)s days") % {"days": RECENT_IMPORT_DAYS},
        count=ImportBatch.objects.filter(started_at__date__gte=since).count(),
        url_name="admin:chamber_importbatch_changelist",
        query={"started_at__date__gte": since.isoformat()},
    )


# --- Open data (portal/api): the geography, every region with its provinces and communes ---------------------


def open_data_regions() -> QuerySet[Region]:
    return Region.objects.order_by("code")


def open_data_provinces(*, region: str | None = None) -> QuerySet[Province]:
    qs = Province.objects.select_related("region").order_by("code")
    return qs.filter(region__code=region) if region else qs


def open_data_communes(*, province: str | None = None) -> QuerySet[Commune]:
    qs = Commune.objects.select_related("province").order_by("code")
    return qs.filter(province__code=province) if province else qs
