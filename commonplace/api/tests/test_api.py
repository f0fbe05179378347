import json
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from ninja import Router, Schema
from ninja.testing import TestClient

from commonplace.api.errors import install_error_handlers
from commonplace.api.management.commands.openapi import openapi_document
from commonplace.core.errors import InvalidInput, NotAllowed

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"

pytestmark = pytest.mark.django_db


class EchoIn(Schema):
    name: str
    size: int


def _probe_client():
    """A throwaway API with the project's error handlers, to probe them."""
    from ninja import NinjaAPI

    probe = NinjaAPI(urls_namespace="probe")
    install_error_handlers(probe)
    router = Router()

    @router.post("/echo")
    def echo(request, payload: EchoIn):
        return {"name": payload.name}

    @router.get("/invalid")
    def invalid(request):
        raise InvalidInput("That name is taken.", fields={"name": ["Choose another."]})

    @router.get("/forbidden")
    def forbidden(request):
        raise NotAllowed

    probe.add_router("/", router)
    return TestClient(probe)


def test_health_answers_ok_with_the_version(client):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_health_answers_503_when_the_database_is_unreachable(client):
    with mock.patch(
        "commonplace.api.system.connection.ensure_connection",
        side_effect=OperationalError("down"),
    ):
        response = client.get("/api/v1/health")

    assert response.status_code == 503
    assert response.json() == {
        "detail": "The database cannot be reached.",
        "fields": {},
    }


def test_a_malformed_body_answers_422_with_a_message_per_field():
    response = _probe_client().post("/echo", json={"name": "x", "size": "many"})

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Some of the values are not valid."
    assert list(body["fields"]) == ["size"]


def test_a_body_that_is_not_json_answers_4xx_in_the_error_shape():
    response = _probe_client().post(
        "/echo", data="{not json", content_type="application/json"
    )

    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"detail", "fields"}


@pytest.mark.parametrize(
    ("url", "status", "detail", "fields"),
    [
        ("/invalid", 400, "That name is taken.", {"name": ["Choose another."]}),
        ("/forbidden", 403, "You are not allowed to do that.", {}),
    ],
)
def test_domain_errors_answer_their_status_in_the_error_shape(
    url, status, detail, fields
):
    response = _probe_client().get(url)

    assert response.status_code == status
    assert response.json() == {"detail": detail, "fields": fields}


def test_the_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Commonplace API"


def test_the_committed_openapi_snapshot_matches_the_api():
    """A change to the API must come with `make openapi` and a reviewed diff."""
    assert json.loads(SNAPSHOT.read_text()) == json.loads(openapi_document()), (
        "The API changed: run `make openapi` and commit docs/openapi.json"
    )
