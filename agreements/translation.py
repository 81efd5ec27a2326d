"""modeltranslation registration: titles, names and objectives in ar (default), fr and en."""

from modeltranslation.translator import TranslationOptions, register

from agreements.models import Agreement, AgreementDocument, Clause, Partner, Project


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "objective", "programme")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title",)


@register(Clause)
class ClauseTranslation(TranslationOptions):
    fields = ("summary",)


@register(AgreementDocument)
class AgreementDocumentTranslation(TranslationOptions):
    fields = ("title",)
