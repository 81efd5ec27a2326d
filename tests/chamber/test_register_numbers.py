"""Register numbers (decisions per year, professional cards, the outgoing-mail register): gapless and race-free.

Each number comes from a django-sequences counter locked in the numbering transaction, never from MAX()+1: many
clerks at once get distinct consecutive numbers, and a transaction that fails gives its number back.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections, transaction
from django.urls import reverse

from artisans import services as artisan_services
from artisans.models import ProfessionalCard
from chamber.models import OutgoingMail
from chamber.services import outgoing_reference_next, register_next_number
from meetings import services as meeting_services
from meetings.models import Decision
from tests.artisans.factories import ArtisanFactory
from tests.meetings.factories import AgendaItemFactory, assembly, held_session

CLERKS = 20


def _all_at_once(work, count: int) -> tuple[list, list[BaseException]]:
    """Run work(i) in `count` threads released together, each on its own database connection."""
    start = threading.Barrier(count, timeout=30)
    results, errors, lock = [], [], threading.Lock()

    def clerk(index: int) -> None:
        try:
            start.wait()
            value = work(index)
            with lock:
                results.append(value)
        except BaseException as error:  # a unique-constraint error is exactly what this test looks for
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


# serialized_rollback: the flush after the test must give back the geography and roles that migrations load.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_clerks_numbering_decisions_at_once_get_twenty_consecutive_numbers(profile):
    session = held_session(assembly(9))
    items = [AgendaItemFactory(session=session) for _ in range(CLERKS)]

    numbers, errors = _all_at_once(
        lambda i: meeting_services.decision_record(item=items[i], votes_for=9).number, CLERKS
    )

    assert errors == []
    assert sorted(numbers) == list(range(1, CLERKS + 1))
    assert sorted(Decision.objects.filter(year=2024).values_list("number", flat=True)) == list(
        range(1, CLERKS + 1)
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_clerks_issuing_cards_at_once_get_twenty_consecutive_numbers(profile):
    artisans = [ArtisanFactory() for _ in range(CLERKS)]

    numbers, errors = _all_at_once(
        lambda i: artisan_services.card_issue(artisan=artisans[i], issued_on=dt.date(2025, 3, 1)).number,
        CLERKS,
    )

    assert errors == []
    assert sorted(numbers) == [f"2025-{n:06d}" for n in range(1, CLERKS + 1)]
    assert ProfessionalCard.objects.count() == CLERKS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_letters_registered_at_once_get_twenty_consecutive_numbers(db):
    entries, errors = _all_at_once(
        lambda i: outgoing_reference_next(sent_on=dt.date(2026, 5, 4), subject=f"استدعاء {i}").reference,
        CLERKS,
    )

    assert errors == []
    assert sorted(entries, key=lambda r: int(r.split("/")[0])) == [f"{n}/2026" for n in range(1, CLERKS + 1)]


def test_a_decision_that_fails_gives_its_number_back(profile):
    session = held_session(assembly(9))
    first = meeting_services.decision_record(item=AgendaItemFactory(session=session), votes_for=9)

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        meeting_services.decision_record(item=AgendaItemFactory(session=session), votes_for=9)
        raise Refused

    after = meeting_services.decision_record(item=AgendaItemFactory(session=session), votes_for=9)
    assert (first.reference, after.reference) == ("1/2024", "2/2024")


def test_the_outgoing_register_restarts_each_year(db):
    numbers = [
        outgoing_reference_next(sent_on=day).reference
        for day in (dt.date(2025, 12, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 2))
    ]
    assert numbers == ["1/2025", "2/2025", "1/2026"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_number_is_never_taken_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        register_next_number(register="chamber.outgoing_mail", year=2026)


def test_the_outgoing_register_reads_in_arabic_and_cannot_be_edited_in_the_admin(client, secretary):
    entry = outgoing_reference_next(sent_on=dt.date(2026, 5, 4), addressee="عمالة فاس", subject="استدعاء")
    client.force_login(secretary)

    listing = client.get(reverse("admin:chamber_outgoingmail_changelist"), HTTP_ACCEPT_LANGUAGE="ar")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "سجل الصادر" in page and "1/2026" in page and "عمالة فاس" in page
    assert client.get(reverse("admin:chamber_outgoingmail_add")).status_code == 403
    assert OutgoingMail.objects.get() == entry


@pytest.mark.slow
def test_a_database_numbered_before_the_counters_goes_on_where_its_registers_stop(profile):
    """Upgrading: the counters start after the decisions and cards numbered the old way, so nothing collides."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from sequences.models import Sequence

    def migrate(targets):
        executor = MigrationExecutor(connection)
        connection.check_constraints()
        executor.migrate(targets)

    # Numbers given the old way, written with today's models (whatever fields later migrations add), and no counters.
    session = held_session(assembly(9))
    for number in (1, 2, 7):
        Decision.objects.create(
            item=AgendaItemFactory(session=session), session=session, year=2024, number=number, votes_for=9,
            outcome=Decision.Outcome.ADOPTED, wording="صادقت", decided_on=dt.date(2024, 6, 20),
        )  # fmt: skip
    ProfessionalCard.objects.create(
        artisan=ArtisanFactory(), number="2025-000012", issued_on=dt.date(2025, 1, 2),
        expires_on=dt.date(2030, 1, 2), signed_by="الرئيس",
    )  # fmt: skip
    Sequence.objects.all().delete()
    # Back to the state just before the counters (the preferred-language fields come before them), then upgrade.
    migrate([("meetings", "0006_preferred_language"), ("artisans", "0010_preferred_language")])
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    decision = meeting_services.decision_record(item=AgendaItemFactory(session=session), votes_for=9)
    card = artisan_services.card_issue(artisan=ArtisanFactory(), issued_on=dt.date(2025, 2, 1))
    assert (decision.reference, card.number) == ("8/2024", "2025-000013")
