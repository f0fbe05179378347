"""The site header, kept rendered per person and page: what each viewer
sees is still theirs, and its sign-out form carries this request's token."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from commonplace.people.tests.factories import AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def header_of(client: Client, path: str) -> str:
    page = client.get(path).content.decode()
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_each_person_sees_their_own_name_and_links():
    ana, admin = UserFactory(display_name="Ana Lima"), AdministratorFactory()
    client = Client()
    client.force_login(ana)
    mine = header_of(client, reverse("feeds:home"))
    client.force_login(admin)
    theirs = header_of(client, reverse("feeds:home"))
    assert "Ana Lima" in mine
    assert "Ana Lima" not in theirs
    assert admin.display_name in theirs
    assert reverse("admin:index") in theirs
    assert reverse("admin:index") not in mine


def test_the_current_page_is_marked_on_each_page():
    client = Client()
    client.force_login(UserFactory())
    communities = header_of(client, reverse("communities:directory"))
    people = header_of(client, reverse("people:directory"))
    current = re.compile(r'href="([^"]+)" aria-current="page"')
    assert current.findall(communities) == [reverse("communities:directory")]
    assert current.findall(people) == [reverse("people:directory")]


def test_the_sign_out_form_carries_this_requests_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    first = TOKEN.findall(header_of(client, reverse("feeds:home")))
    second = TOKEN.findall(header_of(client, reverse("feeds:home")))
    assert len(first) == len(second) == 1
    # Masked afresh for each response, as Django's own tag does.
    assert first != second
    signed_out = client.post(
        reverse("accounts:logout"), {"csrfmiddlewaretoken": second[0]}
    )
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_searched_words_show_only_on_the_results_page():
    client = Client()
    client.force_login(UserFactory())
    results = header_of(client, reverse("search:results") + "?q=kiosk+rollout")
    home = header_of(client, reverse("feeds:home") + "?q=kiosk+rollout")
    assert 'value="kiosk rollout"' in results
    assert "kiosk rollout" not in home


def test_a_page_rendered_outside_a_request_still_has_its_header():
    page = render_to_string("base.html", {"user": AnonymousUser()})
    assert '<header class="site-header">' in page
    assert reverse("accounts:login") in page
