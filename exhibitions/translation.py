"""modeltranslation registration: titles and places in Arabic, French and English."""

from modeltranslation.translator import TranslationOptions, register

from exhibitions.models import AnnualProgramme, Exhibition


@register(AnnualProgramme)
class AnnualProgrammeTranslation(TranslationOptions):
    fields = ("title",)


@register(Exhibition)
class ExhibitionTranslation(TranslationOptions):
    fields = ("title", "city", "venue")
