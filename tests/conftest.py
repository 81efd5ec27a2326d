"""Shared fixtures: the chamber's profile, personas (registry clerk, secretary, manager, artisan), and a helper
that pins SQL query counts and prints the queries when the count is off."""

from __future__ import annotations

import contextlib
import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from chamber import roles, sms
from tests import csp, mailbackends


@pytest.fixture(autouse=True)
def _clean_cache_and_media(settings, tmp_path):
    """Each test starts with an empty cache and its own media folder.

    Tests use a local-memory cache: the shared database cache would add a query to every cached read and break
    the pinned query counts; tests/chamber/test_shared_cache.py covers the database cache itself."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    settings.AXES_ENABLED = True
    # A request leaves its language active in the thread (LocaleMiddleware does not reset it): start each test
    # in the default language, whatever the previous test on this worker asked for.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language. A request through LocaleMiddleware leaves its language active in
    the thread after the response, so a service test running after a French page would otherwise speak French."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_by_copy(django_db_setup, django_db_blocker):
    """serialized_rollback puts the rows migrations wrote back with COPY (tests/dbsnapshot.py) instead of the ORM.

    Django reloads them after every transactional test's flush, object by object: a third of a second each time.
    The first reload is Django's own; later ones copy back the rows it left, when the tables Django flushes are as
    empty as they were then (otherwise Django's reload runs again). The worker starts from such a reload, so that
    its first test finds the rows every later one does (a many-to-many table's keys differ otherwise), and a state
    recorded on top of them (the demo's) is put back for every later test too."""
    from django.core.management import call_command
    from django.db.backends.postgresql.creation import DatabaseCreation

    from tests import dbsnapshot

    original = DatabaseCreation.deserialize_db_from_string

    def deserialize_db_from_string(self, data):
        if self.connection.alias != "default":
            return original(self, data)
        dbsnapshot.built("migrated", lambda: original(self, data), key=(len(data), hash(data)))

    DatabaseCreation.deserialize_db_from_string = deserialize_db_from_string
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            call_command(
                "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
            )
            connection.creation.deserialize_db_from_string(contents)
    yield
    DatabaseCreation.deserialize_db_from_string = original


@pytest.fixture(scope="session", autouse=True)
def _no_stray_sessions_at_the_end(django_db_setup, django_db_blocker):
    """Close any session left open on the test database before it is dropped: PostgreSQL waits five seconds for
    them before refusing the DROP (a worker thread's connection, say), and the run ends that much later."""
    yield
    if not connection.settings_dict["NAME"].startswith("test_"):
        return  # no test used the database, so none was created: never the real one's sessions
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def refusing(settings):
    """A mail server that refuses the addresses the test adds to the set it yields (tests/mailbackends.py)."""
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingBackend"
    mailbackends.REFUSED.clear()
    yield mailbackends.REFUSED
    mailbackends.REFUSED.clear()


@pytest.fixture
def profile(db):
    from chamber import demo

    return demo.seed()


def _staff(django_user_model, username: str, *groups: str):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.invalid",
        password="correct horse battery 9",
        is_staff=True,
    )
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def registry_clerk(db, django_user_model):
    return _staff(django_user_model, "registry.clerk", roles.REGISTRY)


@pytest.fixture
def secretary(db, django_user_model):
    return _staff(django_user_model, "secretary", roles.SECRETARIAT)


@pytest.fixture
def partnerships_officer(db, django_user_model):
    return _staff(django_user_model, "partnerships", roles.PARTNERSHIPS)


@pytest.fixture
def exhibitions_officer(db, django_user_model):
    return _staff(django_user_model, "exhibitions", roles.EXHIBITIONS)


@pytest.fixture
def manager(db, django_user_model):
    return _staff(django_user_model, "manager", roles.MANAGEMENT)


@pytest.fixture
def artisan_user(db, django_user_model):
    """A portal user with no staff rights. Apps link it to a register record in their own fixtures."""
    return django_user_model.objects.create_user(
        username="artisan", email="artisan@example.invalid", password="correct horse battery 9"
    )


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="it.admin", email="it@example.invalid", password="correct horse battery 9"
    )


class QueryCounter:
    def __init__(self):
        self.context = CaptureQueriesContext(connection)

    @contextlib.contextmanager
    def exactly(self, expected: int):
        with self.context as ctx:
            yield ctx
        self._check(ctx, lambda n: n == expected, f"exactly {expected}")

    @contextlib.contextmanager
    def at_most(self, limit: int):
        with self.context as ctx:
            yield ctx
        self._check(ctx, lambda n: n <= limit, f"at most {limit}")

    @staticmethod
    def _check(ctx, ok, wanted: str):
        count = len(ctx.captured_queries)
        if not ok(count):
            listing = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(ctx.captured_queries, 1))
            pytest.fail(f"expected {wanted} queries, ran {count}:\n{listing}")


@pytest.fixture
def queries():
    """`with queries.exactly(5): client.get(url)` fails with the SQL listed when the count differs."""
    return QueryCounter()


def tool_available(name: str) -> bool:
    return shutil.which(name) is not None


def require_tool(name: str):
    """Skip (with the reason) when a system tool is missing, except in CI where it must be there."""
    if tool_available(name):
        return
    if os.environ.get("CHAMBER_REQUIRE_TOOLS"):
        pytest.fail(f"{name} is required in CI but is not installed")
    pytest.skip(f"{name} is not installed on this machine")


def pytest_configure(config):
    """whitenoise warns when STATIC_ROOT does not exist yet (before collectstatic); tests do not need it filled.

    Passwords are hashed with a fast hasher, as Django's documentation advises for tests: PBKDF2's full cost (a
    quarter of a second a hash here) was paid for every staff user a fixture creates and every login, about a
    sixth of the suite's time. The hasher is not under test; production keeps Django's default."""
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Modules of long tests besides the browser ones, started early like those (pytest_collection_modifyitems).
LONG_MODULES = ("test_prepare_demo.py", "test_scale.py", "test_random_input.py", "test_pdf_corpus.py")


def _database_group(item) -> int:
    """pytest-django's order: tests in a rolled-back transaction (0), transactional ones (1), the rest (2)."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    transactional = bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Within each of pytest-django's groups, the browser tests and the few long modules first.

    A third of the suite's time is in them, and pytest-django runs the transactional tests (the browser ones among
    them) last: one worker was left finishing a 50-second test while the other waited. Started first in their
    group, the two workers share them. The order of pytest-django's groups, of the tests within a module and of
    the modules among themselves, is kept; if the groups are not in pytest-django's order, nothing moves."""
    groups = [_database_group(item) for item in items]
    if groups != sorted(groups):
        return

    def long(item) -> bool:
        return bool(item.get_closest_marker("browser")) or item.path.name in LONG_MODULES

    order = {id(item): (group, not long(item)) for item, group in zip(items, groups, strict=True)}
    items.sort(key=lambda item: order[id(item)])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last of a run of browser tests: give back the rows migrations load, and the async-safety check, to the tests that follow.

    A transactional test ends with a flush; Django reloads its serialized snapshot only when the next
    serialized_rollback test starts, so an ordinary test running next on the same worker would find no geography
    and no role groups. The browser fixtures also allow sync ORM calls inside Playwright's loop through the
    environment, which a later `manage.py check --deploy` subprocess would inherit.
    """
    yield
    if item.get_closest_marker("browser") is None:
        return
    if nextitem is None:
        # The run is over: the teardown just finished also destroyed the test database, and the connection points at
        # the real one again, which must never receive the snapshot.
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        return
    if nextitem.get_closest_marker("browser") is not None:
        return  # the browser and its event loop live on (module fixtures); the next one restores its own data
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    marker = item.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback")):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for conn in connections.all():
            contents = getattr(conn, "_test_serialized_contents", None)
            if contents and conn.settings_dict["NAME"].startswith("test_"):  # never the real database
                conn.creation.deserialize_db_from_string(contents)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def chromium(django_db_setup):
    """Debian's Chromium through Playwright, for browser tests (shared by every browser test module)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CHAMBER_REQUIRE_BROWSER"):
            pytest.fail(f"chromium is required (CHAMBER_REQUIRE_BROWSER is set) but {CHROMIUM} is missing")
        pytest.skip(f"chromium not installed: {CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's connections are context-local, and Playwright's greenlet gives the test a fresh context whose
    # connection lacks the database snapshot that serialized_rollback restores after the test: carry it over.
    snapshot = {
        c.alias: c._test_serialized_contents
        for c in connections.all()
        if hasattr(c, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in snapshot.items():
            connections[alias]._test_serialized_contents = contents
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield csp.WatchedBrowser(instance)
        csp.pump()
        instance.close()


@pytest.fixture(autouse=True)
def _no_csp_violations():
    """Any page a browser test opened that the Content-Security-Policy blocked something on fails the test."""
    csp.VIOLATIONS.clear()
    yield
    csp.pump()
    found, csp.VIOLATIONS[:] = list(csp.VIOLATIONS), []
    if found:
        pytest.fail("CSP violations on the pages this test opened:\n" + "\n".join(found), pytrace=False)
