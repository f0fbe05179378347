import re
from datetime import UTC, datetime

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import Client, override_settings
from django.urls import include, path
from django.utils import timezone

from commonplace.core.errors import Conflict, NotFound
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _raises(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    path("crash/", _raises(RuntimeError("boom")), name="crash"),
    path("conflict/", _raises(Conflict()), name="conflict"),
    path("missing/", _raises(NotFound()), name="missing"),
    path("zone/", lambda request: HttpResponse(timezone.get_current_timezone_name())),
    path("", include("commonplace.config.urls")),
]
handler500 = "commonplace.web.views.server_error"


def test_the_home_page_introduces_commonplace(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Learn by working together" in response.text


def test_pages_carry_the_security_headers(client):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_handlers(client):
    html = client.get("/").text

    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert re.search(r"\son[a-z]+=", html) is None


def test_an_unknown_page_answers_a_styled_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'href="/static/web/css/app.css"' in response.text


def test_an_unknown_api_url_answers_json_404(client):
    response = client.get("/api/v1/no/such/thing")

    assert response.status_code == 404
    assert response.json()["detail"]


@override_settings(ROOT_URLCONF=__name__)
def test_an_unexpected_error_answers_a_styled_500():
    client = Client(raise_request_exception=False)

    response = client.get("/crash/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/conflict/", 409, "changed in the meantime"),
        ("/missing/", 404, "Page not found"),
    ],
)
def test_a_domain_error_from_a_view_answers_its_4xx_page(client, url, status, words):
    response = client.get(url)

    assert response.status_code == status
    assert words in response.text


@override_settings(ROOT_URLCONF=__name__)
def test_a_domain_error_in_an_htmx_request_answers_a_fragment(client):
    response = client.get("/conflict/", headers={"HX-Request": "true"})

    assert response.status_code == 409
    assert "<html" not in response.text
    assert "changed in the meantime" in response.text


def test_no_get_request_changes_state_on_the_home_page(client):
    response = client.post("/")

    assert response.status_code == 405


@override_settings(ROOT_URLCONF=__name__, TIME_ZONE="Europe/Lisbon")
def test_pages_work_in_the_signed_in_persons_time_zone(client):
    client.force_login(UserFactory(time_zone="Asia/Tokyo"))

    assert client.get("/zone/").text == "Asia/Tokyo"


@override_settings(ROOT_URLCONF=__name__, TIME_ZONE="Europe/Lisbon")
def test_anonymous_pages_use_the_organisations_time_zone(client):
    assert client.get("/zone/").text == "Europe/Lisbon"


def test_a_timestamp_is_a_time_element_with_the_exact_instant():
    template = Template("{% load commonplace %}{% timestamp moment %}")
    moment = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)

    with timezone.override("Asia/Tokyo"):
        html = template.render(Context({"moment": moment}))

    assert html.startswith('<time datetime="2026-11-23T23:30:00Z"')
    assert "Nov. 24, 2026" in html
    assert "JST" in html


def test_every_id_an_input_is_described_by_is_on_the_page_once():
    """Django points an invalid input at `<id>_error` (and at its help
    text): the shared field template must give its errors that id, once,
    so a screen reader reads the error with the input."""
    from django import forms

    class Form(forms.Form):
        name = forms.CharField(help_text="What people call you.")
        code = forms.IntegerField()

    html = Template(
        '{% for field in form %}{% include "web/field.html" %}{% endfor %}'
    ).render(Context({"form": Form({"code": "x"})}))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert len(described) == 2
    for ids in described:
        for each in ids.split():
            assert html.count(f'id="{each}"') == 1, each
