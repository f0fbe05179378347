"""Every route is declared, and answers each kind of viewer as declared."""

import json
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from commonplace.core.access import VIEWERS
from tests.privacy.routes import api_operations, declared_routes, url_names
from tests.privacy.world import build_world


def test_every_url_pattern_is_declared_in_an_access_module():
    routes = declared_routes()

    undeclared = [
        name for name in url_names() if not any(r.covers(name) for r in routes)
    ]

    assert undeclared == [], "Declare these in the app's access.py"


def test_every_api_operation_is_declared_with_its_method():
    declared = {(route.method, route.name) for route in declared_routes()}

    undeclared = [op for op in api_operations() if op not in declared]

    assert undeclared == [], "Declare these operations in the app's access.py"


def test_no_declaration_names_a_route_that_does_not_exist():
    names = url_names()

    stale = [r.name for r in declared_routes() if not any(r.covers(n) for n in names)]

    assert stale == []


def _cases():
    """(route, visibility) pairs: community routes once per visibility."""
    return [
        pytest.param(
            route, visibility, id=" ".join(filter(None, [route.describe(), visibility]))
        )
        for route in declared_routes()
        for visibility in route.visibilities
    ]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for the whole module, built once inside a transaction.

    Each test runs in a savepoint of it (pytest-django's own), so whatever a
    request changes is undone before the next; the world itself is rolled
    back when the module ends.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("route", "visibility"), _cases())
def test_each_viewer_gets_the_declared_answer(shared_world, route, visibility, viewer):
    world = shared_world.focused(visibility)
    client = Client()
    person = world.viewer(viewer)
    if person is not None:
        client.force_login(person)
    url = reverse(route.url_name, kwargs=route.kwargs(world) if route.kwargs else None)
    data = route.data(world) if route.data else None

    response = _request(client, route, url, data)

    assert response.status_code == route.expected(viewer, visibility)


def _request(client, route, url, data):
    """GET data goes in the query string; other methods send a body."""
    if route.method == "GET":
        return client.get(url, data)
    if route.content_type == "application/json":
        return client.generic(
            route.method, url, json.dumps(data or {}), "application/json"
        )
    return client.generic(
        route.method, url, urlencode(data or {}, doseq=True), route.content_type
    )
