"""The corpus: every kind of document the chamber prints, rendered from the demo data, read back with pdftotext
and compared word by word with the HTML it was rendered from, normalised only for whitespace (and the invisible
bidi controls): a bracket or a colon on the wrong side of a word is a wrong word. A failure lists the wrong words."""

import datetime as dt

from chamber import pdf as pipeline
from tests.conftest import require_tool
from tests.pdftools import wrong_words


def _render_corpus() -> dict[str, list[tuple[str, bytes]]]:
    """Each document kind, with the (HTML, PDF) pairs its renderer produced."""
    from django.contrib.admin.sites import site
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from agreements.documents import agreement_fact_sheet_pdf
    from agreements.models import Agreement
    from artisans.documents import card_pdf, card_sheet_pdf, statistics_pdf
    from artisans.models import Artisan, ProfessionalCard
    from exhibitions.documents import evaluation_report_pdf
    from meetings import demo as meetings_demo
    from meetings.documents import attendance_sheet_pdf, convocation_pdf, minutes_pdf
    from meetings.models import Member, Session
    from meetings.selectors import sitting_members
    from programmes.documents import delivery_receipt_pdf, distribution_report_pdf
    from programmes.models import Allocation, Distribution

    approved = Session.objects.get(label_ar=meetings_demo.JUNE_2023)
    draft = Session.objects.exclude(status=Session.Status.MINUTES_APPROVED).order_by("starts_at").first()
    member = sitting_members().first()
    # The printed admin lists are rendered as a registry clerk would get them, through the admin's own view code.
    clerk = get_user_model().objects.create_superuser(
        "corpus-clerk", "corpus@example.invalid", "x-unused-9f2"
    )

    def admin_list(model, **filters):
        request = RequestFactory().get("/", filters)
        request.user, request.session = clerk, {}
        return site._registry[model].print_list_pdf(request)

    renderers = {
        "minutes (final)": lambda: minutes_pdf(session=approved, final=True),
        "minutes (draft)": lambda: minutes_pdf(session=draft),
        "convocation": lambda: convocation_pdf(session=draft, member=member),
        "attendance sheet": lambda: attendance_sheet_pdf(session=approved),
        "card": lambda: card_pdf(card=ProfessionalCard.objects.order_by("number").first()),
        "card sheet": lambda: card_sheet_pdf(cards=list(ProfessionalCard.objects.order_by("number")[:10])),
        "agreement fact sheet": lambda: agreement_fact_sheet_pdf(
            agreement=Agreement.objects.get(reference="TAO-2016")
        ),
        # Arabic titles with a Latin name and Arabic in brackets («غرفة Ziguinchor (السنغال)»); the draft minutes
        # (June 2025) name «… المهنية (VAEP)» on their agenda.
        "agreement fact sheet (brackets)": lambda: agreement_fact_sheet_pdf(
            agreement=Agreement.objects.get(reference="FM-2023-SN")
        ),
        "evaluation report": lambda: evaluation_report_pdf(
            start=dt.date(2023, 1, 1), end=dt.date(2023, 5, 31)
        ),
        "distribution report": lambda: distribution_report_pdf(
            distribution=Distribution.objects.order_by("pk").first()
        ),
        "delivery receipt": lambda: delivery_receipt_pdf(
            allocation=Allocation.objects.order_by("pk").first()
        ),
        "list of artisans": lambda: admin_list(Artisan, sex__exact="female", category__exact="master"),
        "list of members": lambda: admin_list(Member),
        "statistics": lambda: statistics_pdf(),
    }
    rendered: dict[str, list[tuple[str, bytes]]] = {}
    original = pipeline.html_to_pdf

    for kind, render in renderers.items():
        pairs: list[tuple[str, bytes]] = []

        def recording(html, pairs=pairs, **options):
            pdf = original(html, **options)
            pairs.append((html, pdf))
            return pdf

        pipeline.html_to_pdf = recording
        try:
            render()
        finally:
            pipeline.html_to_pdf = original
        rendered[kind] = pairs
    return rendered


def test_every_document_gives_back_every_word_it_shows(db):
    require_tool("pdftotext")
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    corpus = _render_corpus()
    report = {}
    for kind, pairs in corpus.items():
        assert pairs, f"{kind}: nothing was rendered"
        wrong = [word for html, pdf in pairs for word in wrong_words(html, pdf, exact=True)]
        if wrong:
            report[kind] = f"{len(wrong)} wrong: {' '.join(wrong)}"
    assert not report, "\n".join(f"{kind}: {line}" for kind, line in report.items())
