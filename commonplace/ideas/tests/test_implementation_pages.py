"""The implementation pages, through the test client: leaders name an
idea's owners by handle; owners and leaders plan its steps, mark them
done, post status updates into its thread and record its measured
impact; the idea page shows the plan, the late steps and expected beside
measured, at a cost that does not grow with the steps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commonplace.communities.models import Role
from commonplace.ideas import services
from commonplace.ideas.models import ImpactRecord, PlanStep, Stage, StageKind
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.knowledge.models import Comment
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# For an owner, whatever the number of steps: the idea page's own queries
# (IDEA_QUERIES in test_pages.py, with the evaluation's), the plan's steps,
# owners and updates, whether the viewer owns the idea, and its impact.
PLAN_QUERIES = 22


def _url(name, **kwargs):
    return reverse(f"ideas:{name}", kwargs=kwargs)


def _html(response):
    return response.content.decode()


def _today():
    return timezone.localdate()


def _move(idea, leader, kind, **fields):
    stage = Stage.objects.filter(community=idea.community, kind=kind).first()
    services.move_idea(idea=idea, to_stage=stage, moved_by=leader, **fields)
    idea.refresh_from_db()


def _decide(idea, leader):
    decision = services.DecisionDraft("We do it.", "It helps.", "The leaders")
    _move(idea, leader, StageKind.DECIDED, decision=decision)


@pytest.fixture
def decided():
    """A decided idea owned by one member; returns (idea, leader, owner)."""
    community, leader = goal_community()
    idea = IdeaFactory(community=community, title="Release on Tuesdays")
    _decide(idea, leader)
    owner = member_of(community, display_name="Olu Owner", handle="olu")
    services.set_owners(idea=idea, owners=[owner], set_by=leader)
    return idea, leader, owner


def _add_step(idea, by, title="Write the runbook", days=7, owner=None):
    draft = services.StepDraft(title, _today() + timedelta(days=days), owner)
    return services.add_step(idea=idea, added_by=by, draft=draft)


def _step_form(**fields):
    return {
        "title": "Write the runbook",
        "owner": "@olu",
        "due_on": (_today() + timedelta(days=7)).isoformat(),
        **fields,
    }


# --- Owners -----------------------------------------------------------------------


def test_a_leader_names_the_owners_by_handle(client, decided):
    idea, leader, owner = decided
    other = member_of(idea.community, handle="bo")
    client.force_login(leader)

    response = client.post(_url("owners", pk=idea.pk), {"owners": "@olu, @bo"})

    assert response.status_code == 302
    assert response["Location"] == _url("idea", pk=idea.pk) + "#plan"
    assert set(idea.owners.all()) == {owner, other}


def test_the_owners_form_starts_with_the_owners(client, decided):
    idea, leader, _owner = decided
    client.force_login(leader)

    response = client.get(_url("owners", pk=idea.pk))

    assert 'value="@olu"' in _html(response)


def test_an_owner_who_cannot_read_the_community_is_refused_on_the_field(
    client, decided
):
    idea, leader, owner = decided
    idea.community.visibility = "private"
    idea.community.save()
    UserFactory(handle="stranger")
    client.force_login(leader)

    response = client.post(_url("owners", pk=idea.pk), {"owners": "@stranger"})

    assert response.status_code == 400
    assert "cannot read this community" in response.context["form"].errors["owners"][0]
    assert 'value="@stranger"' in _html(response)
    assert list(idea.owners.all()) == [owner]


def test_a_handle_naming_nobody_is_refused_on_the_field(client, decided):
    idea, leader, _owner = decided
    client.force_login(leader)

    response = client.post(_url("owners", pk=idea.pk), {"owners": "@nobody"})

    assert response.status_code == 400
    assert "@nobody" in response.context["form"].errors["owners"][0]


def test_owners_may_not_choose_the_owners(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.post(_url("owners", pk=idea.pk), {"owners": ""})

    assert response.status_code == 403
    assert list(idea.owners.all()) == [owner]


# --- Steps ------------------------------------------------------------------------


def test_an_owner_adds_a_step_and_lands_on_it(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.post(_url("steps", pk=idea.pk), _step_form())

    step = PlanStep.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("idea", pk=idea.pk) + f"#step-{step.pk}"
    assert (step.title, step.owner) == ("Write the runbook", owner)


def test_a_step_due_before_the_decision_comes_back_with_the_service_s_message(
    client, decided
):
    idea, _leader, owner = decided
    client.force_login(owner)
    yesterday = (_today() - timedelta(days=1)).isoformat()

    response = client.post(_url("steps", pk=idea.pk), _step_form(due_on=yesterday))

    [message] = response.context["form"].errors["due_on"]
    assert response.status_code == 400
    assert message.startswith("A step cannot be due before the idea was decided")
    assert 'value="Write the runbook"' in _html(response)
    assert 'aria-invalid="true"' in _html(response)
    assert not PlanStep.objects.exists()


def test_a_step_owner_who_cannot_read_the_community_is_refused(client, decided):
    idea, _leader, owner = decided
    idea.community.visibility = "private"
    idea.community.save()
    UserFactory(handle="stranger")
    client.force_login(owner)

    response = client.post(_url("steps", pk=idea.pk), _step_form(owner="@stranger"))

    assert response.status_code == 400
    assert "cannot read this community" in response.context["form"].errors["owner"][0]
    assert not PlanStep.objects.exists()


def test_a_step_names_one_owner(client, decided):
    idea, _leader, owner = decided
    member_of(idea.community, handle="bo")
    client.force_login(owner)

    response = client.post(_url("steps", pk=idea.pk), _step_form(owner="@olu @bo"))

    assert response.status_code == 400
    assert "one owner" in response.context["form"].errors["owner"][0]


def test_a_step_for_an_idea_not_decided_answers_409_with_the_reason(client):
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    client.force_login(leader)

    response = client.post(_url("steps", pk=idea.pk), _step_form(owner=""))

    assert response.status_code == 409
    assert "Only a decided idea has a plan" in _html(response)
    assert 'value="Write the runbook"' in _html(response)
    assert not PlanStep.objects.exists()


def test_readers_who_do_not_own_the_idea_may_not_plan(client, decided):
    idea, _leader, _owner = decided
    client.force_login(member_of(idea.community))

    response = client.post(_url("steps", pk=idea.pk), _step_form())

    assert response.status_code == 403
    assert not PlanStep.objects.exists()


def test_the_step_form_starts_with_the_step(client, decided):
    idea, _leader, owner = decided
    step = _add_step(idea, owner, owner=owner)
    client.force_login(owner)

    html = _html(client.get(_url("step", pk=idea.pk, step_pk=step.pk)))

    assert 'value="Write the runbook"' in html
    assert 'value="@olu"' in html
    assert f'value="{step.due_on.isoformat()}"' in html


def test_an_owner_changes_a_step(client, decided):
    idea, _leader, owner = decided
    step = _add_step(idea, owner)
    client.force_login(owner)
    later = (_today() + timedelta(days=30)).isoformat()

    response = client.post(
        _url("step", pk=idea.pk, step_pk=step.pk),
        _step_form(title="Train the team", due_on=later, action="save"),
    )

    step.refresh_from_db()
    assert response["Location"] == _url("idea", pk=idea.pk) + f"#step-{step.pk}"
    assert (step.title, step.due_on.isoformat(), step.owner) == (
        "Train the team",
        later,
        owner,
    )


def test_a_change_due_before_the_decision_keeps_the_step_as_it_was(client, decided):
    idea, _leader, owner = decided
    step = _add_step(idea, owner)
    client.force_login(owner)
    yesterday = (_today() - timedelta(days=1)).isoformat()

    response = client.post(
        _url("step", pk=idea.pk, step_pk=step.pk),
        _step_form(title="Train the team", due_on=yesterday, action="save"),
    )

    step.refresh_from_db()
    assert response.status_code == 400
    assert "due_on" in response.context["form"].errors
    assert 'value="Train the team"' in _html(response)
    assert step.title == "Write the runbook"


def test_an_owner_marks_a_step_done_and_opens_it_again(client, decided):
    idea, _leader, owner = decided
    step = _add_step(idea, owner)
    client.force_login(owner)
    url = _url("step", pk=idea.pk, step_pk=step.pk)

    client.post(url, {"action": "done"})
    step.refresh_from_db()
    done_by = step.done_by
    client.post(url, {"action": "reopen"})
    step.refresh_from_db()

    assert done_by == owner
    assert step.done_at is None


def test_an_owner_deletes_a_step(client, decided):
    idea, _leader, owner = decided
    step = _add_step(idea, owner)
    client.force_login(owner)

    response = client.post(
        _url("step", pk=idea.pk, step_pk=step.pk), {"action": "delete"}
    )

    assert response["Location"] == _url("idea", pk=idea.pk) + "#plan"
    assert not PlanStep.objects.exists()


def test_an_unknown_step_action_answers_400(client, decided):
    idea, _leader, owner = decided
    step = _add_step(idea, owner)
    client.force_login(owner)

    response = client.post(
        _url("step", pk=idea.pk, step_pk=step.pk), {"action": "launch"}
    )

    assert response.status_code == 400
    assert PlanStep.objects.get().title == "Write the runbook"


def test_a_step_of_another_idea_is_not_found(client, decided):
    idea, leader, owner = decided
    other = IdeaFactory(community=idea.community)
    _decide(other, leader)
    step = _add_step(other, leader)
    client.force_login(owner)

    response = client.get(_url("step", pk=idea.pk, step_pk=step.pk))

    assert response.status_code == 404


# --- The plan on the idea page ----------------------------------------------------


def test_the_idea_page_shows_each_step_with_its_owner_day_and_state(client, decided):
    idea, _leader, owner = decided
    done = _add_step(idea, owner, "Write the runbook", owner=owner)
    late = _add_step(idea, owner, "Train the team", days=0)
    _add_step(idea, owner, "Announce it", days=9)
    services.complete_step(step=done, by=owner)
    PlanStep.objects.filter(pk=late.pk).update(due_on=_today() - timedelta(days=2))
    client.force_login(member_of(idea.community))

    response = client.get(_url("idea", pk=idea.pk))

    html = _html(response)
    assert response.context["overdue"] == {late.pk}
    assert f'id="step-{late.pk}"' in html
    assert "Olu Owner" in html
    assert "Overdue" in html
    assert "Not done yet" in html
    assert 'value="33"' in html
    assert "Mark done" not in html
    assert _url("steps", pk=idea.pk) not in html


def test_the_idea_page_offers_the_plan_s_forms_to_its_owners(client, decided):
    idea, _leader, owner = decided
    step = _add_step(idea, owner)
    client.force_login(owner)

    html = _html(client.get(_url("idea", pk=idea.pk)))

    assert _url("steps", pk=idea.pk) in html
    assert _url("step", pk=idea.pk, step_pk=step.pk) in html
    assert _url("update", pk=idea.pk) in html
    assert _url("owners", pk=idea.pk) not in html


def test_the_idea_page_links_leaders_to_the_owners(client, decided):
    idea, leader, _owner = decided
    client.force_login(leader)

    html = _html(client.get(_url("idea", pk=idea.pk)))

    assert _url("owners", pk=idea.pk) in html


# --- Status updates ---------------------------------------------------------------


def test_an_owner_s_status_update_is_a_reply_listed_with_the_plan(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.post(_url("update", pk=idea.pk), {"body": "Half done."})
    html = _html(client.get(_url("idea", pk=idea.pk)))

    comment = Comment.objects.get()
    assert response["Location"] == _url("idea", pk=idea.pk) + "#updates"
    assert comment.post_id == idea.thread_id
    assert (
        reverse("knowledge:post", args=[idea.thread_id]) + (f"#comment-{comment.pk}")
        in html
    )
    assert "Half done." in html


def test_an_empty_status_update_comes_back_with_its_reason(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.post(_url("update", pk=idea.pk), {"body": "  "})

    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["Write the update first."]
    assert not Comment.objects.exists()


def test_a_status_update_on_an_idea_not_decided_answers_409(client):
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    client.force_login(leader)

    response = client.post(_url("update", pk=idea.pk), {"body": "Started."})

    assert response.status_code == 409
    assert "Started." in _html(response)
    assert not Comment.objects.exists()


# --- Impact -----------------------------------------------------------------------

IMPACT = {
    "measured": "Weekend incidents fell by *12%*.",
    "value": "-12",
    "unit": "%",
    "period_start": "2026-01-01",
    "period_end": "2026-03-31",
}


def test_impact_on_an_idea_not_done_answers_409_with_the_reason(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.post(_url("impact", pk=idea.pk), IMPACT)

    assert response.status_code == 409
    assert "Impact is recorded once the idea is done." in _html(response)
    assert "Weekend incidents fell by *12%*." in _html(response)
    assert not ImpactRecord.objects.exists()


def test_an_owner_records_the_impact_and_the_page_shows_it_beside_the_expected(
    client, decided
):
    idea, leader, owner = decided
    _move(idea, leader, StageKind.DONE)
    client.force_login(owner)

    response = client.post(_url("impact", pk=idea.pk), IMPACT)
    html = _html(client.get(_url("idea", pk=idea.pk)))

    assert response["Location"] == _url("idea", pk=idea.pk) + "#impact"
    assert "<dt>Expected</dt>" in html
    assert "Half as many broken builds." in html
    assert "<dt>Measured</dt>" in html
    assert "<em>12%</em>" in html
    assert "from 2026-01-01 to 2026-03-31" in html


def test_a_done_idea_invites_its_owners_to_record_the_impact(client, decided):
    idea, leader, owner = decided
    _move(idea, leader, StageKind.DONE)
    client.force_login(owner)

    html = _html(client.get(_url("idea", pk=idea.pk)))

    assert "Not measured yet." in html
    assert _url("impact", pk=idea.pk) in html


def test_the_impact_form_starts_with_the_record(client, decided):
    idea, leader, owner = decided
    _move(idea, leader, StageKind.DONE)
    client.force_login(owner)
    client.post(_url("impact", pk=idea.pk), {**IMPACT, "value": "12.5"})

    html = _html(client.get(_url("impact", pk=idea.pk)))

    assert "Weekend incidents fell by *12%*." in html
    assert 'value="12.5"' in html


@pytest.mark.parametrize(
    ("fields", "field", "kept"),
    [
        ({"measured": " "}, "measured", 'value="-12"'),
        ({"value": "a lot"}, "value", 'value="a lot"'),
        ({"value": "5", "unit": ""}, "unit", 'value="5"'),
        ({"period_end": ""}, "period_end", 'value="2026-01-01"'),
        ({"period_end": "2025-12-31"}, "period_end", 'value="2025-12-31"'),
        ({"period_start": "someday"}, "period_start", 'value="someday"'),
    ],
)
def test_bad_impact_is_refused_on_its_field_with_the_input_kept(
    client, decided, fields, field, kept
):
    idea, leader, owner = decided
    _move(idea, leader, StageKind.DONE)
    client.force_login(owner)

    response = client.post(_url("impact", pk=idea.pk), {**IMPACT, **fields})

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert kept in _html(response)
    assert not ImpactRecord.objects.exists()


def test_readers_who_do_not_own_a_done_idea_may_not_record_its_impact(client, decided):
    idea, leader, _owner = decided
    _move(idea, leader, StageKind.DONE)
    client.force_login(member_of(idea.community, role=Role.MODERATOR))

    response = client.post(_url("impact", pk=idea.pk), IMPACT)

    assert response.status_code == 403
    assert not ImpactRecord.objects.exists()


# --- Query counts -----------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_the_idea_page_costs_the_same_queries_for_2_or_12_steps(
    client, django_assert_max_num_queries, decided, count
):
    idea, _leader, owner = decided
    for number in range(count):
        step = _add_step(idea, owner, f"Step {number}", owner=owner)
        services.complete_step(step=step, by=owner)
        services.post_status_update(idea=idea, author=owner, text=f"Step {number}.")
    client.force_login(owner)

    with django_assert_max_num_queries(PLAN_QUERIES):
        response = client.get(_url("idea", pk=idea.pk))

    assert len(response.context["plan"].steps) == count
