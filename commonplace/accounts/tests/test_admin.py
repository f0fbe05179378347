import pytest

from commonplace.accounts.models import Invitation, SignupPolicy
from commonplace.core.models import AuditEntry
from commonplace.people.tests.factories import AdministratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory())
    return client


def test_an_administrator_invites_someone_and_the_mail_goes_out(
    admin_client, mailoutbox, run_tasks
):
    response = admin_client.post(
        "/admin/accounts/invitation/add/", {"email": "Guest@Partner.net"}
    )
    run_tasks()

    assert response.status_code == 302
    assert Invitation.objects.get().email == "guest@partner.net"
    assert mailoutbox[0].to == ["guest@partner.net"]
    assert "/accounts/invitation/" in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="invitation.create").exists()


def test_inviting_a_malformed_address_shows_the_problem_by_the_field(admin_client):
    response = admin_client.post(
        "/admin/accounts/invitation/add/", {"email": "not an address"}
    )

    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert not Invitation.objects.exists()


def test_choosing_the_domain_mode_needs_a_domain(admin_client):
    response = admin_client.post(
        "/admin/accounts/signuppolicy/add/", {"mode": "domains", "allowed_domains": ""}
    )

    assert response.status_code == 200
    assert "List domains like example.com" in response.text
    assert not SignupPolicy.objects.exists()


def test_changing_the_signup_policy_is_audited(admin_client):
    admin_client.post(
        "/admin/accounts/signuppolicy/add/",
        {"mode": "domains", "allowed_domains": "example.org"},
    )

    assert SignupPolicy.objects.get().domains == ["example.org"]
    entry = AuditEntry.objects.get(action="signup_policy.change")
    assert entry.after == {"mode": "domains", "allowed_domains": "example.org"}
