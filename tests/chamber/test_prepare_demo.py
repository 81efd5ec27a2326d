"""`make run` prepares the database in one process and seeds the demo only into an empty database."""

from unittest import mock

import pytest

from chamber.management.commands import prepare_demo


def _run():
    with mock.patch.object(prepare_demo, "call_command") as call:
        prepare_demo.Command().handle()
    return [c.args[0] for c in call.call_args_list]


@pytest.mark.django_db
def test_an_empty_database_gets_the_demo_data():
    assert _run() == ["compile_catalogues", "migrate", "collectstatic", "seed_demo", "demo_staff"]


def test_a_seeded_database_is_left_as_it_is(profile):
    assert _run() == ["compile_catalogues", "migrate", "collectstatic", "demo_staff"]
