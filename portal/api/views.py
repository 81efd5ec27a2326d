"""The open-data API (/api/v1/): one NinjaAPI, a list, a CSV and a JSON download per collection.

Each collection is a selector of its app, a filter schema and a serialiser that copies public fields one by one
(an allow-list: a field added to a model is never published by accident). Lists are ordered by id and paged
with a cursor (`cursor` = the last id seen, `next` gives the URL of the next page). Conditional GETs (ETag and
304), CORS and the per-client rate limit are in portal/api/http.py.

No `from __future__ import annotations` here: django-ninja reads the filter schemas from the endpoints'
signatures, which are built in a loop."""

import csv
import datetime as dt
import io
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Literal
from urllib.parse import urlencode

from django.http import StreamingHttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer
from pydantic import Field

from agreements import selectors as agreements_selectors
from artisans import selectors as artisans_selectors
from chamber import selectors as chamber_selectors
from chamber.spreadsheets import neutralise
from exhibitions import selectors as exhibitions_selectors
from meetings import selectors as meetings_selectors
from portal.api import schemas as s
from portal.api.http import RateLimit

DOWNLOAD_CHUNK_ROWS = 500  # rows read from the database, and CSV rows sent, at a time


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Arabic as itself, not \\u escapes


api = NinjaAPI(
    title="Chamber of traditional industry: open data",
    version="1.0.0",
    description=(
        "Read-only, public data of the chamber (Law 31-13 on the right of access to information): the general "
        "assembly's sessions and decisions, partnership agreements with their parties, contributions (MAD, "
        "as decimal strings) and projects per commune, exhibitions with their published results, the directory "
        "of artisans who consented to appear in it (public fields only), the geography and the crafts "
        "nomenclature.\n\nEvery list is ordered by `id` and paged with a cursor: follow `next`. Each collection "
        "also downloads whole, with the same filters, as CSV (UTF-8 with BOM) or JSON, streamed as it is read. "
        "Pages carry an ETag: send it back in If-None-Match to get 304 Not Modified (downloads carry none). CORS is open for GET. Each client may make "
        f"{RateLimit.limit()} requests per {RateLimit.window()} seconds; over that, 429 with Retry-After."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    throttle=[RateLimit()],
    renderer=Renderer(),
)


class PageParams(Schema):
    cursor: str | None = Field(
        None, pattern=r"^[0-9]{1,18}$", description="From the previous page's `next_cursor`."
    )
    limit: int = Field(50, ge=1, le=500, description="Items per page, at most 500.")


Year = Field(None, ge=1990, le=2100, description="A calendar year, e.g. 2023.")
UpdatedSince = Field(
    None, description="Only what changed at or after this date or time (ISO 8601, Morocco time if no offset)."
)
Code = Field(None, max_length=20, pattern=r"^[A-Za-z0-9_.-]+$")


def _moment(value: dt.datetime) -> dt.datetime:
    """An updated_since as an aware UTC datetime (Morocco time when it has no offset); a moment PostgreSQL cannot
    hold (year 9999 at +23:59) is a 422, not a 500."""
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value = value.astimezone(dt.UTC)
    except (OverflowError, ValueError) as exc:
        raise HttpError(422, "updated_since is out of range") from exc
    if not dt.datetime(1900, 1, 1, tzinfo=dt.UTC) <= value <= dt.datetime(9000, 1, 1, tzinfo=dt.UTC):
        raise HttpError(422, "updated_since is out of range")
    return value


def _money(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)):.2f}"


def _date(value) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


# --- Serialisers: every public field, copied one by one -----------------------------------------------------


def _names(obj, field: str = "name", langs: tuple[str, ...] = ("ar", "fr", "en")) -> dict:
    return {f"{field}_{lang}": getattr(obj, f"{field}_{lang}", None) or "" for lang in langs}


def region_out(region) -> dict:
    return {"code": region.code, **_names(region)}


def province_out(province) -> dict:
    return {"code": province.code, "region": province.region.code, "kind": province.kind, **_names(province)}


def commune_out(commune) -> dict:
    return {"code": commune.code, "province": commune.province.code, **_names(commune)}


def activity_out(activity, sector_code: str | None = None) -> dict:
    return {"code": activity.code, "sector": sector_code or activity.sector.code, **_names(activity)}


def sector_out(sector) -> dict:
    return {
        "code": sector.code,
        "kind": sector.kind,
        **_names(sector),
        "activities": [activity_out(a, sector.code) for a in sector.activities.all()],
    }


def decision_out(decision, session=None) -> dict:
    session = session or decision.session
    return {
        "id": decision.pk,
        "reference": decision.reference,
        "year": decision.year,
        "number": decision.number,
        "session_id": session.pk,
        **_names(decision.item, "title"),
        "wording": decision.wording,
        "outcome": decision.outcome,
        "votes_for": decision.votes_for,
        "votes_against": decision.votes_against,
        "abstentions": decision.abstentions,
        "unanimous": decision.unanimous,
        "decided_on": decision.decided_on,
        "posted_by": meetings_selectors.posting_deadline(session),
    }


def session_out(session) -> dict:
    return {
        "id": session.pk,
        **_names(session, "label"),
        "kind": session.kind,
        "status": session.status,
        "starts_at": session.starts_at,
        **_names(session, "venue"),
        "convening": session.convening,
        "members_present": session.present_count,
        "members_sitting": session.sitting_count,
        "quorum_met": session.quorum_met,
        "minutes_approved_on": _date(session.minutes_approved_at),
        "decisions": [decision_out(d, session) for d in session.decisions.all()],
        "updated_at": session.updated_at,
    }


def agreement_out(agreement) -> dict:
    parties = list(agreement.parties.all())
    return {
        "id": agreement.pk,
        "reference": agreement.reference,
        **_names(agreement, "title"),
        "kind": agreement.kind,
        "status": agreement.status,
        **_names(agreement, "programme", ("ar", "fr")),
        "approved_on": agreement.approved_on,
        "signature_date": agreement.signature_date,
        "start_date": agreement.start_date,
        "end_date": agreement.end_date,
        "declared_budget": None if agreement.declared_budget is None else _money(agreement.declared_budget),
        "contributions_total": _money(sum((p.contribution or Decimal(0) for p in parties), Decimal(0))),
        "parties": [
            {
                **_names(p.partner),
                "acronym": p.partner.acronym,
                "kind": p.partner.kind,
                "country": p.partner.country,
                "role": p.role,
                "contribution": _money(p.contribution),
                "contribution_kind": p.contribution_kind,
            }
            for p in parties
        ],
        "projects": [
            {
                **_names(project, "title"),
                "status": project.status,
                "budget": _money(project.budget),
                "progress": _money(project.progress),
                "beneficiaries": project.beneficiaries_total,
                "beneficiaries_women": project.beneficiaries_women,
                "communes": [
                    {"code": c.code, "province": c.province.code, **_names(c, "name", ("ar", "fr"))}
                    for c in project.communes.all()
                ],
                "contributions": [
                    {
                        "party_ar": c.party.partner.name_ar or "",
                        "party_fr": c.party.partner.name_fr or "",
                        "amount": _money(c.amount),
                    }
                    for c in project.contributions.all()
                ],
            }
            for project in agreement.projects.all()
        ],
        "updated_at": agreement.updated_at,
    }


def exhibition_out(exhibition) -> dict:
    published = exhibition.results_published and exhibition.status in exhibitions_selectors.HELD
    return {
        "id": exhibition.pk,
        **_names(exhibition, "title"),
        "scope": exhibition.scope,
        "status": exhibition.status,
        **_names(exhibition, "city", ("ar", "fr")),
        **_names(exhibition, "venue", ("ar", "fr")),
        "country": exhibition.country,
        "province": exhibition.province.code if exhibition.province_id else None,
        "start_date": exhibition.start_date,
        "end_date": exhibition.end_date,
        "call_closes_on": exhibition.call_closes_on,
        "call_open": exhibition.is_call_open,
        "results": {
            "participants": exhibition.participants,
            "artisans": exhibition.artisans_count,
            "women": exhibition.women_count,
            "visitors": exhibition.total_visitors,
            "sales": _money(exhibition.total_sales),
        }
        if published
        else None,
        "updated_at": exhibition.updated_at,
    }


def artisan_out(artisan) -> dict:
    activity = artisan.main_activity
    commune = artisan.commune
    return {
        "id": artisan.pk,
        "full_name": artisan.full_name,
        "full_name_latin": artisan.full_name_latin,
        "category": artisan.category,
        "activity": activity.code,
        **{f"activity_{lang}": getattr(activity, f"name_{lang}") or "" for lang in ("ar", "fr")},
        "sector": activity.sector.code,
        "commune": commune.code,
        **{f"commune_{lang}": getattr(commune, f"name_{lang}") or "" for lang in ("ar", "fr")},
        "province": commune.province.code,
        "organisation": artisan.organisation_name or "",
        **_names(artisan, "bio"),
    }


# --- Filters ------------------------------------------------------------------------------------------------

SessionStatus = Literal["held", "minutes_drafted", "minutes_approved"]
AgreementStatus = Literal["signed", "in_execution", "completed", "expired"]
ExhibitionStatus = Literal["planned", "call_open", "selection", "confirmed", "held", "evaluated"]


class ProvinceFilters(Schema):
    region: str | None = Field(None, max_length=20, pattern=r"^[A-Za-z0-9_.-]+$", description="e.g. MA-03")


class CommuneFilters(Schema):
    province: str | None = Code


class ActivityFilters(Schema):
    sector: str | None = Code


class SessionFilters(Schema):
    year: int | None = Year
    status: SessionStatus | None = None
    updated_since: dt.datetime | None = UpdatedSince


class DecisionFilters(Schema):
    year: int | None = Year
    outcome: Literal["adopted", "rejected"] | None = None


class AgreementFilters(Schema):
    year: int | None = Field(None, ge=1990, le=2100, description="Year of signature.")
    status: AgreementStatus | None = None
    province: str | None = Field(
        None, max_length=20, pattern=r"^[A-Za-z0-9_.-]+$", description="A province's code: projects there."
    )
    updated_since: dt.datetime | None = UpdatedSince


class ExhibitionFilters(Schema):
    year: int | None = Field(None, ge=1990, le=2100, description="Year of the first day.")
    status: ExhibitionStatus | None = None
    scope: Literal["international", "national", "regional", "local"] | None = None
    upcoming: bool = Field(False, description="Only those not over yet (as on the portal's pages).")
    province: str | None = Field(
        None,
        max_length=20,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="A province's code: exhibitions held there.",
    )
    updated_since: dt.datetime | None = UpdatedSince


class ArtisanFilters(Schema):
    province: str | None = Code
    sector: str | None = Code
    updated_since: dt.datetime | None = UpdatedSince


# --- Lists, pages and downloads ------------------------------------------------------------------------------


def _filters(filters: Schema) -> dict:
    values = filters.dict(exclude_none=True)
    if "updated_since" in values:
        values["updated_since"] = _moment(values["updated_since"])
    return values


def _next_url(request, cursor: str) -> str:
    params = {k: v for k, v in request.GET.items() if k != "cursor"}
    params["cursor"] = cursor
    return request.build_absolute_uri(request.path) + "?" + urlencode(params)


def _page(request, queryset, page: PageParams, serialise: Callable) -> dict:
    queryset = queryset.order_by("pk")
    if page.cursor:
        queryset = queryset.filter(pk__gt=int(page.cursor))
    rows = list(queryset[: page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    cursor = str(rows[-1].pk) if more else None
    return {
        "results": [serialise(row) for row in rows],
        "next": _next_url(request, cursor) if cursor else None,
        "next_cursor": cursor,
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " | ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return " / ".join(_cell(v) for v in value.values() if v not in (None, "", []))
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def _csv_columns(item_schema: type[Schema]) -> tuple[list[str], dict[str, list[str]]]:
    """The CSV header for an item schema: nested objects become `<field>_<subfield>` columns."""
    header: list[str] = []
    nested: dict[str, list[str]] = {}
    for field, info in item_schema.model_fields.items():
        annotation = info.annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            sub = inner[0] if len(inner) == 1 else None
        else:
            sub = annotation
        if isinstance(sub, type) and issubclass(sub, Schema):
            nested[field] = list(sub.model_fields)
            header.extend(f"{field}_{f}" for f in sub.model_fields)
        else:
            header.append(field)
    return header, nested


def _items(queryset, serialise: Callable) -> Iterator[dict]:
    """The whole filtered collection, read from the database in chunks (prefetches done per chunk), so a
    download holds one chunk in memory however long the collection is."""
    for row in queryset.order_by("pk").iterator(chunk_size=DOWNLOAD_CHUNK_ROWS):
        yield serialise(row)


def _download(chunks: Iterator[bytes], content_type: str, filename: str) -> StreamingHttpResponse:
    """A streamed download. Its body is not known before it is sent, so it carries no ETag (the middleware
    gives one to pages only) and `no-cache`: a client never gets a 304 for a body that may have changed."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-cache"
    return response


def csv_response(items: Iterable[dict], item_schema: type[Schema], name: str) -> StreamingHttpResponse:
    """UTF-8 with a BOM (so a spreadsheet opens the Arabic intact), one row per item, streamed as it is read;
    nested objects become `<field>_<subfield>` columns, nested lists one cell with ` | ` between entries."""
    header, nested = _csv_columns(item_schema)
    fields = list(item_schema.model_fields)

    def chunks() -> Iterator[bytes]:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        out.write("\ufeff")
        writer.writerow(header)
        for count, item in enumerate(items, start=1):
            row = []
            for field in fields:
                if field in nested:
                    value = item.get(field) or {}
                    row.extend(_cell(value.get(f)) for f in nested[field])
                else:
                    row.append(_cell(item.get(field)))
            writer.writerow(row)
            if count % DOWNLOAD_CHUNK_ROWS == 0:
                yield out.getvalue().encode("utf-8")
                out.seek(0)
                out.truncate()
        yield out.getvalue().encode("utf-8")

    return _download(chunks(), "text/csv; charset=utf-8", f"{name}.csv")


def json_response(items: Iterable[dict], item_schema: type[Schema], name: str) -> StreamingHttpResponse:
    """The items exactly as the pages give them (validated by the same schema, encoded by the same renderer's
    encoder), as one JSON array streamed item by item."""
    encoder = api.renderer.encoder_class(**Renderer.json_dumps_params)

    def chunks() -> Iterator[bytes]:
        yield b"["
        for count, item in enumerate(items):
            data = item_schema.model_validate(item).model_dump()
            yield (("," if count else "") + encoder.encode(data)).encode("utf-8")
        yield b"]"

    return _download(chunks(), "application/json; charset=utf-8", f"{name}.json")


PROBLEM = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _download_doc(media_type: str, what: str) -> dict:
    return {
        "responses": {
            200: {
                "description": what,
                "content": {media_type: {"schema": {"type": "string"} if media_type == "text/csv" else {}}},
            },
            400: {"description": "A request the portal cannot hold (a NUL byte)", "content": PROBLEM},
            422: {"description": "A filter is not valid", "content": PROBLEM},
            429: {"description": "Too many requests: see Retry-After", "content": PROBLEM},
        }
    }


def collection(
    name: str,
    *,
    summary: str,
    tag: str,
    page_schema: type[Schema],
    item_schema: type[Schema],
    filters_schema: type[Schema] | None,
    fetch: Callable,
    serialise: Callable,
) -> None:
    """Register GET /<name>/ (a page), /<name>.csv and /<name>.json (the whole filtered collection)."""

    def rows(filters) -> Iterator[dict]:
        return _items(fetch(**_filters(filters)), serialise)

    if filters_schema is None:  # django-ninja refuses an empty query schema: these take no filter

        def page_view(request, page: Query[PageParams]):
            return _page(request, fetch(), page, serialise)

        def csv_view(request):
            return csv_response(_items(fetch(), serialise), item_schema, name)

        def json_view(request):
            return json_response(_items(fetch(), serialise), item_schema, name)

    else:

        def page_view(request, filters: Query[filters_schema], page: Query[PageParams]):
            return _page(request, fetch(**_filters(filters)), page, serialise)

        def csv_view(request, filters: Query[filters_schema]):
            return csv_response(rows(filters), item_schema, name)

        def json_view(request, filters: Query[filters_schema]):
            return json_response(rows(filters), item_schema, name)

    api.get(
        f"/{name}/",
        response={200: page_schema, 400: s.Problem, 422: s.Problem, 429: s.Problem},
        summary=summary,
        tags=[tag],
        operation_id=f"{name}_list".replace("/", "_"),
    )(page_view)
    api.get(
        f"/{name}.csv",
        summary=f"{summary} (CSV download)",
        tags=[tag],
        operation_id=f"{name}_csv".replace("/", "_"),
        openapi_extra=_download_doc("text/csv", "CSV, UTF-8 with BOM, one row per item"),
    )(csv_view)
    api.get(
        f"/{name}.json",
        summary=f"{summary} (JSON download)",
        tags=[tag],
        operation_id=f"{name}_json".replace("/", "_"),
        openapi_extra=_download_doc("application/json", "JSON array of every item"),
    )(json_view)


collection(
    "sessions",
    summary="Sessions of the general assembly, with their decisions",
    tag="assembly",
    page_schema=s.SessionPage,
    item_schema=s.SessionOut,
    filters_schema=SessionFilters,
    fetch=meetings_selectors.open_data_sessions,
    serialise=session_out,
)
collection(
    "decisions",
    summary="Decisions of the general assembly (the decisions register)",
    tag="assembly",
    page_schema=s.DecisionPage,
    item_schema=s.DecisionOut,
    filters_schema=DecisionFilters,
    fetch=meetings_selectors.open_data_decisions,
    serialise=decision_out,
)
collection(
    "agreements",
    summary="Partnership agreements: parties, roles, contributions, projects per commune",
    tag="agreements",
    page_schema=s.AgreementPage,
    item_schema=s.AgreementOut,
    filters_schema=AgreementFilters,
    fetch=agreements_selectors.open_data_agreements,
    serialise=agreement_out,
)
collection(
    "exhibitions",
    summary="Exhibitions, with their headline results once published",
    tag="exhibitions",
    page_schema=s.ExhibitionPage,
    item_schema=s.ExhibitionOut,
    filters_schema=ExhibitionFilters,
    fetch=exhibitions_selectors.open_data_exhibitions,
    serialise=exhibition_out,
)
collection(
    "artisans",
    summary="Directory of the artisans who consented to appear in it (public fields only)",
    tag="directory",
    page_schema=s.ArtisanPage,
    item_schema=s.ArtisanOut,
    filters_schema=ArtisanFilters,
    fetch=artisans_selectors.open_data_directory,
    serialise=artisan_out,
)
collection(
    "geography/regions",
    summary="Regions (ISO 3166-2)",
    tag="reference data",
    page_schema=s.RegionPage,
    item_schema=s.RegionOut,
    filters_schema=None,
    fetch=chamber_selectors.open_data_regions,
    serialise=region_out,
)
collection(
    "geography/provinces",
    summary="Prefectures and provinces",
    tag="reference data",
    page_schema=s.ProvincePage,
    item_schema=s.ProvinceOut,
    filters_schema=ProvinceFilters,
    fetch=chamber_selectors.open_data_provinces,
    serialise=province_out,
)
collection(
    "geography/communes",
    summary="Communes",
    tag="reference data",
    page_schema=s.CommunePage,
    item_schema=s.CommuneOut,
    filters_schema=CommuneFilters,
    fetch=chamber_selectors.open_data_communes,
    serialise=commune_out,
)
collection(
    "crafts/sectors",
    summary="Crafts nomenclature: the sectors with their activities (decree 2.21.991)",
    tag="reference data",
    page_schema=s.SectorPage,
    item_schema=s.SectorOut,
    filters_schema=None,
    fetch=artisans_selectors.open_data_sectors,
    serialise=sector_out,
)
collection(
    "crafts/activities",
    summary="Crafts nomenclature: the activities",
    tag="reference data",
    page_schema=s.ActivityPage,
    item_schema=s.ActivityOut,
    filters_schema=ActivityFilters,
    fetch=artisans_selectors.open_data_activities,
    serialise=activity_out,
)
