"""modeltranslation registration for the shared reference data (ar is the default, fr and en follow)."""

from modeltranslation.translator import TranslationOptions, register

from chamber.models import ChamberProfile, Commune, Province, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Province)
class ProvinceTranslation(TranslationOptions):
    fields = ("name",)


@register(Commune)
class CommuneTranslation(TranslationOptions):
    fields = ("name",)


@register(ChamberProfile)
class ChamberProfileTranslation(TranslationOptions):
    fields = ("name", "short_name", "seat", "address", "president_name", "secretary_name", "director_name")
