"""The API's output: pydantic schemas (django-ninja's Schema), one allow-list of public fields per resource.

Money is a string of a Decimal with two places, in MAD ("2160000.00"), so no client rounds it through a float.
Translated texts come as `<field>_ar`, `<field>_fr` and `<field>_en` (empty when not translated)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

MONEY = Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["2160000.00"])


class Page(Schema):
    next: str | None = Field(description="The URL of the next page, or null on the last one.")
    next_cursor: str | None = Field(description="The cursor of the next page (pass it as `cursor`).")


# --- Geography and crafts -----------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str = Field(examples=["MA-03"])
    name_ar: str
    name_fr: str
    name_en: str


class ProvinceOut(Schema):
    code: str
    region: str = Field(description="The region's ISO 3166-2 code.")
    kind: str = Field(description="prefecture or province")
    name_ar: str
    name_fr: str
    name_en: str


class CommuneOut(Schema):
    code: str
    province: str = Field(description="The province's code.")
    name_ar: str
    name_fr: str
    name_en: str


class ActivityOut(Schema):
    code: str
    sector: str = Field(description="The sector's code.")
    name_ar: str
    name_fr: str
    name_en: str


class SectorOut(Schema):
    code: str
    kind: str = Field(description="production or service")
    name_ar: str
    name_fr: str
    name_en: str
    activities: list[ActivityOut]


# --- Sessions and decisions ---------------------------------------------------------------------------------


class DecisionOut(Schema):
    id: int
    reference: str = Field(description="number/year in the decisions register", examples=["7/2023"])
    year: int
    number: int
    session_id: int
    title_ar: str
    title_fr: str
    title_en: str
    wording: str = Field(description="The decision as recorded (Arabic).")
    outcome: str = Field(description="adopted or rejected")
    votes_for: int
    votes_against: int
    abstentions: int
    unanimous: bool
    decided_on: dt.date
    posted_by: dt.date = Field(description="Decisions are posted at the chamber's seat by this date.")


class SessionOut(Schema):
    id: int
    label_ar: str
    label_fr: str
    label_en: str
    kind: str = Field(description="ordinary or extraordinary")
    status: str
    starts_at: dt.datetime
    venue_ar: str
    venue_fr: str
    venue_en: str
    convening: str = Field(description="first or second convening")
    members_present: int | None
    members_sitting: int | None
    quorum_met: bool | None
    minutes_approved_on: dt.date | None
    decisions: list[DecisionOut]
    updated_at: dt.datetime = Field(description="When the session or one of its decisions last changed.")


# --- Agreements ---------------------------------------------------------------------------------------------


class PartyOut(Schema):
    name_ar: str
    name_fr: str
    name_en: str
    acronym: str
    kind: str
    country: str
    role: str
    contribution: str = MONEY
    contribution_kind: str = Field(description="cash or in_kind")


class ProjectCommuneOut(Schema):
    code: str
    province: str
    name_ar: str
    name_fr: str


class ProjectContributionOut(Schema):
    party_ar: str
    party_fr: str
    amount: str = MONEY


class ProjectOut(Schema):
    title_ar: str
    title_fr: str
    title_en: str
    status: str
    budget: str = MONEY
    progress: str = Field(description="Physical progress in %", examples=["45.00"])
    beneficiaries: int
    beneficiaries_women: int | None = Field(description="null when not known")
    communes: list[ProjectCommuneOut]
    contributions: list[ProjectContributionOut]


class AgreementOut(Schema):
    id: int
    reference: str
    title_ar: str
    title_fr: str
    title_en: str
    kind: str
    status: str
    programme_ar: str
    programme_fr: str
    approved_on: dt.date | None
    signature_date: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    declared_budget: str | None = Field(default=None, pattern=r"^[0-9]+\.[0-9]{2}$")
    contributions_total: str = MONEY
    parties: list[PartyOut]
    projects: list[ProjectOut]
    updated_at: dt.datetime


# --- Exhibitions --------------------------------------------------------------------------------------------


class ResultsOut(Schema):
    participants: int
    artisans: int
    women: int
    visitors: int
    sales: str = MONEY


class ExhibitionOut(Schema):
    id: int
    title_ar: str
    title_fr: str
    title_en: str
    scope: str = Field(description="international, national, regional or local")
    status: str
    city_ar: str
    city_fr: str
    venue_ar: str
    venue_fr: str
    country: str
    province: str | None = Field(
        description="The code of the province where it is held in Morocco, if known."
    )
    start_date: dt.date
    end_date: dt.date
    call_closes_on: dt.date | None
    call_open: bool
    results: ResultsOut | None = Field(description="Headline results, once the chamber has published them.")
    updated_at: dt.datetime


# --- Directory ----------------------------------------------------------------------------------------------


class ArtisanOut(Schema):
    id: int
    full_name: str
    full_name_latin: str
    category: str = Field(description="artisan or master")
    activity: str = Field(description="The main activity's code.")
    activity_ar: str
    activity_fr: str
    sector: str
    commune: str
    commune_ar: str
    commune_fr: str
    province: str
    organisation: str
    bio_ar: str
    bio_fr: str
    bio_en: str


class RegionPage(Page):
    results: list[RegionOut]


class ProvincePage(Page):
    results: list[ProvinceOut]


class CommunePage(Page):
    results: list[CommuneOut]


class SectorPage(Page):
    results: list[SectorOut]


class ActivityPage(Page):
    results: list[ActivityOut]


class SessionPage(Page):
    results: list[SessionOut]


class DecisionPage(Page):
    results: list[DecisionOut]


class AgreementPage(Page):
    results: list[AgreementOut]


class ExhibitionPage(Page):
    results: list[ExhibitionOut]


class ArtisanPage(Page):
    results: list[ArtisanOut]


class Problem(Schema):
    detail: str | list
