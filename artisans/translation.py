"""modeltranslation registration: names of sectors, activities and organisations, and the public bio (ar/fr/en)."""

from modeltranslation.translator import TranslationOptions, register

from artisans.models import Activity, Artisan, Organisation, Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("name",)


@register(Artisan)
class ArtisanTranslation(TranslationOptions):
    fields = ("bio",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)
