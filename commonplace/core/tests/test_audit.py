import pytest

from commonplace.core.audit import record_change
from commonplace.core.models import AuditEntry
from commonplace.people.tests.factories import AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_entry_records_who_did_what_to_what_with_before_and_after():
    actor, person = AdministratorFactory(), UserFactory(display_name="Ana")

    entry = record_change(
        actor=actor,
        action="person.deactivate",
        target=person,
        before={"a": 1},
        after={"a": 2},
    )

    assert (entry.actor, entry.target_type, entry.target_id) == (
        actor,
        "people.user",
        str(person.pk),
    )
    assert (entry.target_label, entry.before, entry.after) == (
        "Ana",
        {"a": 1},
        {"a": 2},
    )


def test_the_audit_log_cannot_be_changed_or_deleted():
    entry = record_change(actor=None, action="x", target=UserFactory())

    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(action="y")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


def test_administrators_can_read_the_log_but_not_change_it(client):
    entry = record_change(actor=None, action="person.deactivate", target=UserFactory())
    client.force_login(AdministratorFactory())

    listing = client.get("/admin/core/auditentry/")
    change = client.post(
        f"/admin/core/auditentry/{entry.pk}/change/", {"action": "forged"}
    )

    assert listing.status_code == 200
    assert "person.deactivate" in listing.text
    assert change.status_code == 403
