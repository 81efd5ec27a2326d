"""modeltranslation registration: names, labels and texts of the assembly's record in ar/fr/en."""

from modeltranslation.translator import TranslationOptions, register

from meetings.models import AgendaItem, Committee, Guest, Member, Recommendation, Session


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name",)


@register(Committee)
class CommitteeTranslation(TranslationOptions):
    fields = ("name", "remit")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("label", "venue", "opening_summary")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "subject", "summary")


@register(Guest)
class GuestTranslation(TranslationOptions):
    fields = ("title",)


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text",)
