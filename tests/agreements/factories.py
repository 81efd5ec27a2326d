"""Factories for agreements tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementParty,
    Partner,
    Project,
    ProjectContribution,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_file(name: str = "scan.pdf", content: bytes = PDF_BYTES) -> ContentFile:
    return ContentFile(content, name=name)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"شريك {n}")
    name_ar = factory.SelfAttribute("name")
    kind = Partner.Kind.ASSOCIATION


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    reference = factory.Sequence(lambda n: f"T-{n:04d}")
    title = factory.Sequence(lambda n: f"اتفاقية {n}")
    title_ar = factory.SelfAttribute("title")
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2030, 12, 31)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    partner = factory.SubFactory(PartnerFactory)
    contribution = Decimal("100000.00")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"مشروع {n}")
    title_ar = factory.SelfAttribute("title")
    budget = Decimal("1000000.00")


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectContribution

    project = factory.SubFactory(ProjectFactory)
    party = factory.SubFactory(PartyFactory, agreement=factory.SelfAttribute("..project.agreement"))
    amount = Decimal("100000.00")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementDocument

    agreement = factory.SubFactory(AgreementFactory)
    title = "ملحق"
    title_ar = "ملحق"
    file = factory.LazyFunction(lambda: pdf_file("annex.pdf"))
