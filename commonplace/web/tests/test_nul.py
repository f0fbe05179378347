"""No text with a NUL character gets past the front door."""

import json

import pytest

from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory())
    return client


def test_a_nul_in_the_query_string_answers_400(signed_in):
    response = signed_in.get("/people/", {"q": "a\x00b"})

    assert response.status_code == 400
    assert "not allowed" in response.text


def test_a_nul_in_an_api_path_answers_400_in_the_error_shape(signed_in):
    response = signed_in.get("/api/v1/topics/a%00b")

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "fields"}


def test_an_escaped_nul_in_a_json_body_answers_400(signed_in):
    body = json.dumps({"display_name": "Ana\x00"})

    response = signed_in.patch("/api/v1/me", body, content_type="application/json")

    assert response.status_code == 400


def test_text_that_only_mentions_the_escape_is_accepted(signed_in):
    body = json.dumps({"bio": "Strings end with \\u0000 in C."})

    response = signed_in.patch("/api/v1/me", body, content_type="application/json")

    assert response.status_code == 200


def test_a_nul_in_a_form_field_answers_400(signed_in):
    response = signed_in.post("/profile/", {"display_name": "Ana\x00"})

    assert response.status_code == 400
