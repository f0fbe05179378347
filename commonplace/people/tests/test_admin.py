"""Administrators change people and teams only through the services."""

import pytest
from django.test import Client
from django.urls import reverse

from commonplace.core.models import AuditEntry
from commonplace.people.models import Team
from commonplace.people.tests.factories import (
    AdministratorFactory,
    DepartmentFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory())
    return client


def _organisation(person, **changes):
    data = {
        "team": person.team_id or "",
        "manager": person.manager_id or "",
        "organisation": person.organisation,
    }
    data.update(changes)
    if data.pop("is_external", person.is_external):
        data["is_external"] = "on"
    return data


def test_setting_a_persons_team_and_manager_is_audited(admin_client):
    person, manager, team = UserFactory(), UserFactory(), TeamFactory()

    response = admin_client.post(
        reverse("admin:people_user_change", args=[person.pk]),
        _organisation(person, team=team.pk, manager=manager.pk),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.team, person.manager) == (team, manager)
    entry = AuditEntry.objects.get(action="person.organisation")
    assert entry.after["manager"] == manager.pk


def test_a_manager_loop_is_refused_by_the_field(admin_client):
    boss = UserFactory()
    report = UserFactory(manager=boss)

    response = admin_client.post(
        reverse("admin:people_user_change", args=[boss.pk]),
        _organisation(boss, manager=report.pk),
    )

    assert response.status_code == 200
    assert "loop of managers" in response.text
    boss.refresh_from_db()
    assert boss.manager is None


def test_deactivating_ends_access_on_the_next_request_and_is_audited(admin_client):
    person = UserFactory()
    their_browser = Client()
    their_browser.force_login(person)

    admin_client.post(
        reverse("admin:people_user_changelist"),
        {"action": "deactivate", "_selected_action": [person.pk]},
    )

    assert their_browser.get(reverse("accounts:password-change")).status_code == 302
    assert AuditEntry.objects.filter(
        action="person.deactivate", target_id=str(person.pk)
    ).exists()


def test_reactivating_restores_access(admin_client):
    person = UserFactory(is_active=False)

    admin_client.post(
        reverse("admin:people_user_changelist"),
        {"action": "reactivate", "_selected_action": [person.pk]},
    )

    person.refresh_from_db()
    assert person.is_active


def test_people_cannot_be_added_or_deleted_in_the_admin(admin_client):
    person = UserFactory()

    assert admin_client.get(reverse("admin:people_user_add")).status_code == 403
    assert (
        admin_client.get(
            reverse("admin:people_user_delete", args=[person.pk])
        ).status_code
        == 403
    )


def test_a_team_cannot_become_part_of_its_own_sub_team(admin_client):
    department = DepartmentFactory()
    team = TeamFactory(parent=department)

    response = admin_client.post(
        reverse("admin:people_team_change", args=[department.pk]),
        {
            "name": department.name,
            "slug": department.slug,
            "kind": "department",
            "parent": team.pk,
        },
    )

    assert response.status_code == 200
    assert "cannot be part of itself" in response.text
    department.refresh_from_db()
    assert department.parent is None


def test_creating_a_team_is_audited(admin_client):
    admin_client.post(
        reverse("admin:people_team_add"),
        {"name": "Data", "slug": "data", "kind": "team"},
    )

    team = Team.objects.get(slug="data")
    assert AuditEntry.objects.filter(
        action="team.create", target_id=str(team.pk)
    ).exists()
