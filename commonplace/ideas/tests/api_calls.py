"""Calling the ideas API in tests: its addresses, the one error shape of
its refusals, and a person of the community signed in."""

from __future__ import annotations

from django.urls import reverse

from commonplace.communities.models import Role
from commonplace.ideas.tests.factories import member_of

JSON = "application/json"


def api_url(name, *args):
    return reverse(f"api:ideas-{name}", args=args)


def refused(response, status, field=None):
    """The answer is `status` in the one error shape, naming `field`."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "fields"}, body
    assert isinstance(body["detail"], str)
    if field is not None:
        assert field in body["fields"], body
    return body


def signed_in(client, community, role=Role.MEMBER):
    person = member_of(community, role)
    client.force_login(person)
    return person
