"""The implementation API: owners, the plan and its steps, status updates,
impact and the funnel, their bad input, who may act, and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.ideas import services
from commonplace.ideas.models import (
    Idea,
    ImpactRecord,
    PlanStep,
    Stage,
    StageKind,
    StatusUpdate,
)
from commonplace.ideas.tests.api_calls import JSON, api_url, refused, signed_in
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.knowledge.models import Comment
from commonplace.people.tests.factories import UserFactory
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

# Queries per request, whatever the number of rows: the session and the
# person, then the idea with its community, stage, author and the
# caller's role (or the community with the caller's role), then the rows.
# The plan reads its steps, owners, updates and the latest decision; the
# funnel, while cached, what changes when an idea moves, and once computed
# its ideas, moves and stages.
QUERIES = {"owners": 4, "plan": 7, "updates": 4, "funnel": 8}


def _day(days):
    return timezone.localdate() + timedelta(days=days)


def _stage(community, kind):
    return Stage.objects.filter(community=community, kind=kind).first()


def _moved(idea, leader, kind, decision=None):
    """The idea, moved to the first stage of `kind`, as read again."""
    services.move_idea(
        idea=Idea.objects.select_related("stage").get(pk=idea.pk),
        to_stage=_stage(idea.community, kind),
        moved_by=leader,
        decision=decision,
    )
    return Idea.objects.select_related("stage", "community").get(pk=idea.pk)


def _decided(idea, leader):
    yes = services.DecisionDraft("Yes.", "It helps.", "The leaders")
    return _moved(idea, leader, StageKind.DECIDED, yes)


def _done(idea, leader):
    return _moved(idea, leader, StageKind.DONE)


@pytest.fixture
def decided():
    """A decided idea with an owner; returns (idea, leader, owner)."""
    community, leader = goal_community()
    idea = _decided(IdeaFactory(community=community), leader)
    owner = member_of(community, display_name="Olu")
    services.set_owners(idea=idea, owners=[owner], set_by=leader)
    return idea, leader, owner


def _step(idea, by, title="Write the runbook", days=7, owner=None):
    return services.add_step(
        idea=idea, added_by=by, draft=services.StepDraft(title, _day(days), owner)
    )


# --- Owners ---------------------------------------------------------------------------


def test_a_leader_chooses_the_owners_and_readers_see_them(client, decided):
    idea, leader, owner = decided
    second = member_of(idea.community, display_name="Ada")
    client.force_login(leader)

    chosen = client.put(
        api_url("owners", idea.pk),
        {"owners": [owner.pk, second.pk, owner.pk]},
        content_type=JSON,
    )
    signed_in(client, idea.community, Role.GUEST)
    shown = client.get(api_url("owners", idea.pk)).json()

    assert chosen.status_code == 200
    assert [p["display_name"] for p in shown["items"]] == ["Ada", "Olu"]


@pytest.mark.parametrize("case", ["unknown", "cannot read", "six"])
def test_bad_owners_are_refused_and_the_owners_stay(client, case):
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    owners = {
        "unknown": [999_999],
        "cannot read": [UserFactory().pk],
        "six": [member_of(community).pk for _ in range(6)],
    }[case]
    client.force_login(leader)

    response = client.put(
        api_url("owners", idea.pk), {"owners": owners}, content_type=JSON
    )

    refused(response, 400, "owners")
    assert not idea.owners.exists()


def test_only_leaders_choose_the_owners(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.put(api_url("owners", idea.pk), {"owners": []}, content_type=JSON)

    refused(response, 403)
    assert list(idea.owners.all()) == [owner]


# --- The plan -------------------------------------------------------------------------


def test_an_owner_plans_and_progress_follows_the_steps_done(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)
    url = api_url("steps", idea.pk)

    added = client.post(
        url,
        {"title": "Write the runbook", "owner": owner.pk, "due_on": str(_day(7))},
        content_type=JSON,
    )
    client.post(
        url, {"title": "Train the team", "due_on": str(_day(14))}, content_type=JSON
    )
    ticked = client.patch(
        api_url("step", idea.pk, added.json()["id"]), {"done": True}, content_type=JSON
    )
    plan = client.get(url).json()

    assert added.status_code == 201
    assert added.json()["owner"] == {"id": owner.pk, "display_name": "Olu"}
    assert ticked.json()["done"] is True
    assert ticked.json()["done_by"]["id"] == owner.pk
    assert [s["title"] for s in plan["steps"]] == [
        "Write the runbook",
        "Train the team",
    ]
    assert (plan["done"], plan["progress"]) == (1, 50)
    assert plan["decided_on"] == str(timezone.localdate())
    assert [p["id"] for p in plan["owners"]] == [owner.pk]


def test_a_step_is_changed_its_owner_taken_off_reopened_and_deleted(client, decided):
    idea, leader, owner = decided
    step = _step(idea, leader, owner=owner)
    services.complete_step(step=step, by=owner)
    client.force_login(leader)
    url = api_url("step", idea.pk, step.pk)

    changed = client.patch(
        url,
        {"title": "Write the new runbook", "owner": None, "done": False},
        content_type=JSON,
    )
    kept = client.patch(url, {"due_on": str(_day(3))}, content_type=JSON)
    deleted = client.delete(url)

    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["owner"]) == (
        "Write the new runbook",
        None,
    )
    assert changed.json()["done"] is False
    assert (kept.json()["title"], kept.json()["due_on"]) == (
        "Write the new runbook",
        str(_day(3)),
    )
    assert deleted.status_code == 204
    assert not PlanStep.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": " ", "due_on": "DAY"}, "title"),
        ({"title": "Train the team"}, "due_on"),
        ({"title": "Train the team", "due_on": "YESTERDAY"}, "due_on"),
        ({"title": "Train the team", "due_on": "DAY", "owner": 999_999}, "owner"),
    ],
)
def test_a_bad_step_is_refused_and_nothing_is_written(client, decided, body, field):
    idea, _leader, owner = decided
    client.force_login(owner)
    days = {"DAY": str(_day(7)), "YESTERDAY": str(_day(-1))}
    body = {**body, **{k: days[v] for k, v in body.items() if v in days}}

    response = client.post(api_url("steps", idea.pk), body, content_type=JSON)

    refused(response, 400, field)
    assert not PlanStep.objects.exists()


def test_a_change_refused_is_not_half_written(client, decided):
    """Ticking a step in the same change as a day before the decision
    ticks nothing."""
    idea, _leader, owner = decided
    step = _step(idea, owner)
    client.force_login(owner)

    response = client.patch(
        api_url("step", idea.pk, step.pk),
        {"due_on": str(_day(-1)), "done": True},
        content_type=JSON,
    )

    refused(response, 400, "due_on")
    step.refresh_from_db()
    assert (step.due_on, step.done_at) == (_day(7), None)


def test_an_undecided_idea_takes_no_plan_nor_updates(client):
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    client.force_login(leader)

    steps = client.post(
        api_url("steps", idea.pk),
        {"title": "Write the runbook", "due_on": str(_day(7))},
        content_type=JSON,
    )
    update = client.post(
        api_url("updates", idea.pk), {"body": "Started."}, content_type=JSON
    )

    refused(steps, 409)
    refused(update, 409)
    assert not PlanStep.objects.exists()
    assert not StatusUpdate.objects.exists()


def test_only_owners_and_leaders_keep_the_plan(client, decided):
    idea, leader, _owner = decided
    step = _step(idea, leader)
    signed_in(client, idea.community, Role.MODERATOR)

    refused(
        client.post(
            api_url("steps", idea.pk),
            {"title": "Mine", "due_on": str(_day(7))},
            content_type=JSON,
        ),
        403,
    )
    refused(
        client.patch(
            api_url("step", idea.pk, step.pk), {"done": True}, content_type=JSON
        ),
        403,
    )
    refused(client.delete(api_url("step", idea.pk, step.pk)), 403)
    refused(
        client.post(api_url("updates", idea.pk), {"body": "Hi."}, content_type=JSON),
        403,
    )
    assert PlanStep.objects.get().done_at is None


def test_a_step_of_another_idea_is_not_found(client, decided):
    idea, leader, _owner = decided
    other = _decided(IdeaFactory(community=idea.community), leader)
    theirs = _step(other, leader)
    client.force_login(leader)

    refused(client.delete(api_url("step", idea.pk, theirs.pk)), 404)
    assert PlanStep.objects.filter(pk=theirs.pk).exists()


# --- Status updates -------------------------------------------------------------------


def test_an_owner_posts_updates_into_the_ideas_thread(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)
    url = api_url("updates", idea.pk)

    first = client.post(url, {"body": "The runbook is *drafted*."}, content_type=JSON)
    client.post(url, {"body": "Training is booked."}, content_type=JSON)
    listed = client.get(url).json()["items"]

    assert first.status_code == 201
    comment = Comment.objects.get(
        pk=StatusUpdate.objects.get(pk=first.json()["id"]).comment_id
    )
    assert comment.post_id == idea.thread_id
    assert first.json()["url"] == f"/posts/{idea.thread_id}/#comment-{comment.pk}"
    assert "<em>drafted</em>" in first.json()["body_html"]
    assert first.json()["author"]["id"] == owner.pk
    assert [u["id"] for u in listed][-1] == first.json()["id"]
    assert len(listed) == 2


def test_a_blank_update_is_refused(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.post(
        api_url("updates", idea.pk), {"body": "  "}, content_type=JSON
    )

    refused(response, 400, "body")
    assert not StatusUpdate.objects.exists()


# --- Impact ---------------------------------------------------------------------------


def test_impact_is_null_until_recorded_then_shown_beside_the_expected(client, decided):
    idea, leader, owner = decided
    idea = _done(idea, leader)
    client.force_login(owner)
    url = api_url("impact", idea.pk)

    before = client.get(url)
    recorded = client.put(
        url,
        {
            "measured": "Broken builds **halved**.",
            "value": "-48.5",
            "unit": "%",
            "period_start": str(_day(-30)),
            "period_end": str(_day(0)),
        },
        content_type=JSON,
    )
    signed_in(client, idea.community, Role.GUEST)
    after = client.get(url).json()

    assert before.status_code == 200
    assert before.json() is None
    assert recorded.status_code == 200
    assert after["expected_source"] == "Half as many broken builds."
    assert "<strong>halved</strong>" in after["measured_html"]
    assert (after["value"], after["unit"]) == (-48.5, "%")
    assert (after["period_start"], after["period_end"]) == (
        str(_day(-30)),
        str(_day(0)),
    )
    assert after["recorded_by"]["id"] == owner.pk


def test_impact_on_an_idea_not_done_is_a_conflict(client, decided):
    idea, _leader, owner = decided
    client.force_login(owner)

    response = client.put(
        api_url("impact", idea.pk), {"measured": "Too soon."}, content_type=JSON
    )

    refused(response, 409)
    assert not ImpactRecord.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"measured": " "}, "measured"),
        ({"measured": "Fewer.", "value": 12}, "unit"),
        ({"measured": "Fewer.", "value": "1e13", "unit": "builds"}, "value"),
        ({"measured": "Fewer.", "period_start": "2030-01-02"}, "period_end"),
        (
            {
                "measured": "Fewer.",
                "period_start": "2030-01-02",
                "period_end": "2030-01-01",
            },
            "period_end",
        ),
    ],
)
def test_bad_impact_is_refused_and_nothing_is_written(client, decided, body, field):
    idea, leader, owner = decided
    idea = _done(idea, leader)
    client.force_login(owner)

    response = client.put(api_url("impact", idea.pk), body, content_type=JSON)

    refused(response, 400, field)
    assert not ImpactRecord.objects.exists()


def test_a_private_communitys_plan_impact_and_funnel_are_not_found_by_outsiders(
    client,
):
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    idea = _decided(IdeaFactory(community=community), leader)
    _step(idea, leader, title="Secret step")
    idea = _done(idea, leader)
    services.record_impact(
        idea=idea, recorded_by=leader, draft=services.ImpactDraft("Secret gains.")
    )
    client.force_login(UserFactory())

    for url in (
        api_url("owners", idea.pk),
        api_url("steps", idea.pk),
        api_url("updates", idea.pk),
        api_url("impact", idea.pk),
        api_url("funnel", community.slug),
    ):
        body = refused(client.get(url), 404)
        assert "Secret" not in str(body)


# --- The funnel -----------------------------------------------------------------------


def test_the_funnel_counts_each_stage_and_the_conversion(client):
    community, leader = goal_community()
    ideas = [IdeaFactory(community=community) for _ in range(4)]
    discussion = Stage.objects.filter(community=community, kind=StageKind.STEP)[1]
    for idea in ideas[:2]:
        services.move_idea(idea=idea, to_stage=discussion, moved_by=leader)
    signed_in(client, community, Role.GUEST)

    body = client.get(api_url("funnel", community.slug)).json()

    rows = {row["name"]: row for row in body["stages"]}
    assert body["ideas"] == 4
    assert (rows["Proposed"]["reached"], rows["Proposed"]["current"]) == (4, 2)
    assert rows["Proposed"]["conversion"] is None
    assert rows["Under discussion"]["conversion"] == pytest.approx(0.5)
    assert rows["Declined"]["conversion"] is None
    assert {"stage_id", "kind", "median_days"} <= set(rows["Proposed"])


def test_the_funnel_keeps_the_ideas_of_a_stage_topic_or_author(client):
    community, leader = goal_community()
    author = member_of(community)
    topic = TopicFactory(name="Releases")
    mine = services.propose_idea(
        community=community,
        author=author,
        draft=services.IdeaDraft(title="Mine", problem="Builds break."),
        topics=["Releases"],
    )
    IdeaFactory(community=community)
    discussion = Stage.objects.filter(community=community, kind=StageKind.STEP)[1]
    services.move_idea(idea=mine, to_stage=discussion, moved_by=leader)
    signed_in(client, community)
    url = api_url("funnel", community.slug)

    def ideas(**query):
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        return response.json()["ideas"]

    assert ideas() == 2
    assert ideas(stage=discussion.pk) == 1
    assert ideas(author=author.pk) == 1
    assert ideas(topic=topic.slug) == 1


def test_bad_funnel_filters_are_refused_in_the_one_shape(client):
    community, _leader = goal_community()
    elsewhere = IdeaFactory()
    signed_in(client, community)
    url = api_url("funnel", community.slug)

    refused(client.get(url, {"stage": elsewhere.stage_id}), 400, "stage")
    refused(client.get(url, {"topic": "No such topic"}), 400, "topic")
    refused(client.get(url, {"author": 999_999}), 400, "author")


# --- Query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_the_owners_cost_the_same_queries_for_2_and_12(
    client, decided, django_assert_max_num_queries, count
):
    """Owners (at most five)."""
    idea, leader, _owner = decided
    owners = [member_of(idea.community) for _ in range(min(count, 5))]
    services.set_owners(idea=idea, owners=owners, set_by=leader)
    signed_in(client, idea.community)

    with django_assert_max_num_queries(QUERIES["owners"]):
        response = client.get(api_url("owners", idea.pk))

    assert len(response.json()["items"]) == min(count, 5)


@pytest.mark.parametrize("count", [2, 12])
def test_the_plan_costs_the_same_queries_for_2_and_12(
    client, decided, django_assert_max_num_queries, count
):
    """Steps, each with an owner and done by someone, and owners."""
    idea, leader, owner = decided
    for number in range(count):
        step = _step(idea, leader, f"Step {number}", owner=member_of(idea.community))
        services.complete_step(step=step, by=owner)
    signed_in(client, idea.community)

    with django_assert_max_num_queries(QUERIES["plan"]):
        response = client.get(api_url("steps", idea.pk))

    assert len(response.json()["steps"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_updates_cost_the_same_queries_for_2_and_12(
    client, decided, django_assert_max_num_queries, count
):
    """Updates by several people (five shown)."""
    idea, leader, owner = decided
    for number in range(count):
        services.post_status_update(
            idea=idea, author=(owner, leader)[number % 2], text=f"Update {number}."
        )
    signed_in(client, idea.community)

    with django_assert_max_num_queries(QUERIES["updates"]):
        response = client.get(api_url("updates", idea.pk))

    assert len(response.json()["items"]) == min(count, 5)


@pytest.mark.parametrize("count", [2, 12])
def test_the_funnel_costs_the_same_queries_for_2_and_12(
    client, django_assert_max_num_queries, count
):
    community, leader = goal_community()
    ideas = [IdeaFactory(community=community) for _ in range(count)]
    discussion = Stage.objects.filter(community=community, kind=StageKind.STEP)[1]
    for idea in ideas:
        services.move_idea(idea=idea, to_stage=discussion, moved_by=leader)
    signed_in(client, community)

    with django_assert_max_num_queries(QUERIES["funnel"]):
        response = client.get(api_url("funnel", community.slug))

    assert response.json()["ideas"] == count
