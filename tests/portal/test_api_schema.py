"""The API's OpenAPI document validates (openapi-spec-validator), and a property-based run over it
(schemathesis, a few examples per operation) finds no server error and no answer that breaks its schema."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from portal.api.views import api
from tests.exhibitions.factories import ExhibitionFactory
from tests.portal.factories import ArtisanFactory

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


def test_the_openapi_document_validates(client, db):
    document = json.loads(client.get("/api/v1/openapi.json").content)
    validate(document)
    assert len(document["paths"]) >= 30


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (the test client does not): keep the
    test's connection, and its transaction, open while schemathesis calls the application."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def some_data(profile, keep_the_test_connection):
    ArtisanFactory(public_profile=True)
    ExhibitionFactory()
    return profile


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_answers_as_its_openapi_document_says(case, some_data):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
