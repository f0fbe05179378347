"""The evaluation API: criteria, evaluators, scores and the board, their
bad input, who may act, and query counts."""

from __future__ import annotations

import pytest

from commonplace.communities.models import Role, Visibility
from commonplace.ideas import services
from commonplace.ideas.models import Criterion, EvaluatorAssignment, Score, Stage
from commonplace.ideas.tests.api_calls import JSON, api_url, refused, signed_in
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Queries per request, whatever the number of rows: the session and the
# person, then the community with the caller's role (or the idea with its
# community, stage, author and the caller's role), then the rows. The
# scores also read the criteria and whether the caller is asked, for the
# idea and for its stage; the board reads its stage.
QUERIES = {
    "criteria": 4,
    "evaluators": 4,
    "stage_evaluators": 5,
    "scores": 7,
    "board": 5,
}


@pytest.fixture
def evaluated():
    """A goal community with Impact (weight 3) and Effort (weight 1), its
    leader, and an idea in its first stage; returns (idea, leader,
    impact, effort)."""
    community, leader = goal_community()
    impact, effort = (
        services.add_criterion(
            community=community,
            added_by=leader,
            draft=services.CriterionDraft(name, weight),
        )
        for name, weight in (("Impact", 3), ("Effort", 1))
    )
    return IdeaFactory(community=community), leader, impact, effort


def _asked(idea, leader, role=Role.MEMBER):
    person = member_of(idea.community, role)
    services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    return person


def _scored(idea, person, criteria, values, comment=""):
    services.score_idea(
        idea=idea,
        evaluator=person,
        values={c.pk: (v, comment) for c, v in zip(criteria, values, strict=True)},
    )


def _scores_body(*pairs):
    return {
        "scores": [
            {"criterion": criterion.pk, "score": score, "comment": "Clear."}
            for criterion, score in pairs
        ]
    }


# --- Criteria -------------------------------------------------------------------------


def test_readers_see_the_criteria_in_order_with_their_weights(client, evaluated):
    idea, _leader, impact, effort = evaluated
    signed_in(client, idea.community, Role.GUEST)

    response = client.get(api_url("criteria", idea.community.slug))

    assert response.status_code == 200
    [first, second] = response.json()["items"]
    assert (first["id"], first["name"], first["weight"]) == (impact.pk, "Impact", 3)
    assert (second["id"], second["weight"]) == (effort.pk, 1)
    assert {"description", "position"} <= set(first)


def test_a_leader_adds_changes_and_deletes_a_criterion(client, evaluated):
    idea, leader, impact, _effort = evaluated
    client.force_login(leader)
    slug = idea.community.slug

    added = client.post(
        api_url("criteria", slug),
        {"name": "Reach", "weight": 2, "description": "How many it helps."},
        content_type=JSON,
    )
    changed = client.patch(
        api_url("criterion", slug, impact.pk), {"weight": 5}, content_type=JSON
    )
    deleted = client.delete(api_url("criterion", slug, added.json()["id"]))

    assert added.status_code == 201
    assert added.json()["description"] == "How many it helps."
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["weight"]) == ("Impact", 5)
    assert deleted.status_code == 204
    assert [c.name for c in Criterion.objects.filter(community=idea.community)] == [
        "Impact",
        "Effort",
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "Impact"}, "name"),
        ({"name": "Reach", "weight": 11}, "weight"),
        ({"name": "Reach", "weight": -1}, "weight"),
    ],
)
def test_a_bad_criterion_is_refused_and_nothing_is_written(
    client, evaluated, body, field
):
    idea, leader, _impact, _effort = evaluated
    client.force_login(leader)

    response = client.post(
        api_url("criteria", idea.community.slug), body, content_type=JSON
    )

    refused(response, 400, field)
    assert Criterion.objects.filter(community=idea.community).count() == 2


def test_weights_all_zero_are_refused_and_the_weight_stays(client, evaluated):
    idea, leader, impact, effort = evaluated
    client.force_login(leader)
    slug = idea.community.slug
    client.patch(
        api_url("criterion", slug, impact.pk), {"weight": 0}, content_type=JSON
    )

    response = client.patch(
        api_url("criterion", slug, effort.pk), {"weight": 0}, content_type=JSON
    )

    refused(response, 400, "weight")
    effort.refresh_from_db()
    assert effort.weight == 1


def test_only_leaders_change_criteria(client, evaluated):
    idea, _leader, impact, _effort = evaluated
    signed_in(client, idea.community, Role.MODERATOR)
    slug = idea.community.slug

    refused(
        client.post(api_url("criteria", slug), {"name": "Fit"}, content_type=JSON), 403
    )
    refused(
        client.patch(api_url("criterion", slug, 999_999), {}, content_type=JSON), 403
    )
    refused(client.delete(api_url("criterion", slug, impact.pk)), 403)
    assert Criterion.objects.filter(community=idea.community).count() == 2


def test_a_criterion_of_another_community_is_not_found(client, evaluated):
    idea, leader, _impact, _effort = evaluated
    other, other_leader = goal_community()
    theirs = services.add_criterion(
        community=other, added_by=other_leader, draft=services.CriterionDraft("Fit")
    )
    client.force_login(leader)

    response = client.delete(api_url("criterion", idea.community.slug, theirs.pk))

    refused(response, 404)
    assert Criterion.objects.filter(pk=theirs.pk).exists()


# --- Evaluators -----------------------------------------------------------------------


def test_a_leader_asks_evaluators_for_an_idea_and_for_its_stage(client, evaluated):
    idea, leader, _impact, _effort = evaluated
    ana = member_of(idea.community, display_name="Ana")
    bo = member_of(idea.community, display_name="Bo")
    client.force_login(leader)
    stage_url = api_url("stage-evaluators", idea.community.slug, idea.stage_id)

    for_idea = client.post(
        api_url("evaluators", idea.pk), {"person": ana.pk}, content_type=JSON
    )
    for_stage = client.post(stage_url, {"person": bo.pk}, content_type=JSON)
    asked = client.get(api_url("evaluators", idea.pk)).json()["items"]
    asked_for_stage = client.get(stage_url).json()["items"]

    assert for_idea.status_code == for_stage.status_code == 201
    assert for_idea.json()["person"] == {"id": ana.pk, "display_name": "Ana"}
    assert [(a["person"]["id"], a["scope"]) for a in asked] == [
        (ana.pk, "idea"),
        (bo.pk, "stage"),
    ]
    assert [a["person"]["id"] for a in asked_for_stage] == [bo.pk]


def test_asking_twice_is_a_conflict_and_unknown_people_are_bad_input(client):
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    asked = _asked(idea, leader)
    client.force_login(leader)
    url = api_url("evaluators", idea.pk)

    refused(client.post(url, {"person": asked.pk}, content_type=JSON), 409)
    refused(client.post(url, {"person": 999_999}, content_type=JSON), 400, "person")
    outsider = UserFactory()
    refused(client.post(url, {"person": outsider.pk}, content_type=JSON), 400, "person")
    assert EvaluatorAssignment.objects.count() == 1


def test_stopping_asking_keeps_the_scores_given(client, evaluated):
    idea, leader, impact, effort = evaluated
    person = _asked(idea, leader)
    _scored(idea, person, (impact, effort), (4, 2))
    client.force_login(leader)
    url = api_url("evaluator", idea.pk, person.pk)

    assert client.delete(url).status_code == 204
    refused(client.delete(url), 404)
    assert not EvaluatorAssignment.objects.exists()
    assert Score.objects.filter(evaluator=person).count() == 2


def test_someone_asked_through_the_stage_is_stopped_there(client, evaluated):
    idea, leader, _impact, _effort = evaluated
    person = member_of(idea.community)
    stage = Stage.objects.get(pk=idea.stage_id)
    services.assign_evaluator(person=person, assigned_by=leader, stage=stage)
    client.force_login(leader)
    slug = idea.community.slug

    refused(client.delete(api_url("evaluator", idea.pk, person.pk)), 404)
    stopped = client.delete(api_url("stage-evaluator", slug, stage.pk, person.pk))

    assert stopped.status_code == 204
    assert not EvaluatorAssignment.objects.exists()


def test_a_stage_of_another_community_in_the_address_is_not_found(client, evaluated):
    idea, leader, _impact, _effort = evaluated
    elsewhere = IdeaFactory()
    client.force_login(leader)
    url = api_url("stage-evaluators", idea.community.slug, elsewhere.stage_id)

    refused(client.get(url), 404)
    refused(client.post(url, {"person": leader.pk}, content_type=JSON), 404)


def test_only_leaders_ask_evaluators(client, evaluated):
    idea, leader, _impact, _effort = evaluated
    person = _asked(idea, leader)
    signed_in(client, idea.community, Role.MODERATOR)
    slug = idea.community.slug

    refused(
        client.post(
            api_url("evaluators", idea.pk), {"person": person.pk}, content_type=JSON
        ),
        403,
    )
    refused(client.delete(api_url("evaluator", idea.pk, person.pk)), 403)
    refused(
        client.post(
            api_url("stage-evaluators", slug, idea.stage_id),
            {"person": person.pk},
            content_type=JSON,
        ),
        403,
    )
    assert EvaluatorAssignment.objects.count() == 1


# --- Scores ---------------------------------------------------------------------------


def test_an_evaluator_scores_and_every_reader_sees_the_scores(client, evaluated):
    idea, leader, impact, effort = evaluated
    person = _asked(idea, leader)
    client.force_login(person)

    saved = client.put(
        api_url("scores", idea.pk),
        _scores_body((impact, 5), (effort, 1)),
        content_type=JSON,
    )
    signed_in(client, idea.community, Role.GUEST)
    shown = client.get(api_url("scores", idea.pk)).json()

    assert saved.status_code == 200
    assert saved.json()["may_score"] is True
    # Impact 5 weighs 3, effort 1 weighs 1: 16 over 4.
    assert shown["weighted_score"] == pytest.approx(4.0)
    assert shown["evaluator_count"] == 1
    assert shown["may_score"] is False
    [evaluation] = shown["evaluations"]
    assert evaluation["evaluator"]["id"] == person.pk
    assert [
        (s["criterion"]["id"], s["score"], s["comment"]) for s in evaluation["scores"]
    ] == [
        (impact.pk, 5, "Clear."),
        (effort.pk, 1, "Clear."),
    ]
    assert [c["name"] for c in shown["criteria"]] == ["Impact", "Effort"]


def test_scoring_again_replaces_the_earlier_scores(client, evaluated):
    idea, leader, impact, effort = evaluated
    person = _asked(idea, leader)
    _scored(idea, person, (impact, effort), (1, 1))
    client.force_login(person)

    response = client.put(
        api_url("scores", idea.pk),
        _scores_body((impact, 3), (effort, 3)),
        content_type=JSON,
    )

    assert response.json()["weighted_score"] == pytest.approx(3.0)
    assert Score.objects.filter(evaluator=person).count() == 2


@pytest.mark.parametrize(
    "case", ["zero", "six", "one missing", "unknown criterion", "sent twice"]
)
def test_bad_scores_are_refused_and_nothing_is_written(client, evaluated, case):
    idea, leader, impact, effort = evaluated
    person = _asked(idea, leader)
    client.force_login(person)
    pairs, field = {
        "zero": ([(impact, 0), (effort, 3)], impact),
        "six": ([(impact, 6), (effort, 3)], impact),
        "one missing": ([(impact, 4)], effort),
        "unknown criterion": (
            [(impact, 4), (effort, 4), (Criterion(pk=999_999), 4)],
            Criterion(pk=999_999),
        ),
        "sent twice": ([(impact, 4), (effort, 4), (effort, 2)], effort),
    }[case]

    response = client.put(
        api_url("scores", idea.pk), _scores_body(*pairs), content_type=JSON
    )

    refused(response, 400, f"criterion_{field.pk}")
    assert not Score.objects.exists()


def test_scoring_without_being_asked_is_forbidden(client, evaluated):
    idea, _leader, impact, effort = evaluated
    signed_in(client, idea.community, Role.LEADER)

    response = client.put(
        api_url("scores", idea.pk),
        _scores_body((impact, 4), (effort, 4)),
        content_type=JSON,
    )

    refused(response, 403)
    assert not Score.objects.exists()


def test_a_private_communitys_evaluation_is_not_found_by_outsiders(client):
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    criterion = services.add_criterion(
        community=community, added_by=leader, draft=services.CriterionDraft("Impact")
    )
    idea = IdeaFactory(community=community)
    _scored(idea, _asked(idea, leader), (criterion,), (5,), "Secret plans.")
    client.force_login(UserFactory())

    for url in (
        api_url("criteria", community.slug),
        api_url("evaluators", idea.pk),
        api_url("stage-evaluators", community.slug, idea.stage_id),
        api_url("scores", idea.pk),
    ):
        body = refused(client.get(url), 404)
        assert "Secret" not in str(body)
    refused(client.get(api_url("board", community.slug), {"stage": idea.stage_id}), 404)


# --- The board ------------------------------------------------------------------------


def test_the_board_ranks_a_stages_ideas_by_weighted_score(client, evaluated):
    idea, leader, impact, effort = evaluated
    better, unscored = (IdeaFactory(community=idea.community) for _ in range(2))
    first, second = _asked(idea, leader), _asked(idea, leader)
    stage = Stage.objects.get(pk=idea.stage_id)
    for person in (first, second):
        services.assign_evaluator(person=person, assigned_by=leader, stage=stage)
    _scored(idea, first, (impact, effort), (2, 2))
    _scored(better, first, (impact, effort), (5, 4))
    _scored(better, second, (impact, effort), (5, 4))
    signed_in(client, idea.community, Role.GUEST)

    body = client.get(api_url("board", idea.community.slug), {"stage": stage.pk}).json()

    assert body["stage"]["id"] == stage.pk
    assert [(i["id"], i["evaluator_count"]) for i in body["items"]] == [
        (better.pk, 2),
        (idea.pk, 1),
        (unscored.pk, 0),
    ]
    assert body["items"][0]["weighted_score"] == pytest.approx(4.75)
    assert body["next_cursor"] is None


def test_the_board_pages_with_a_cursor(client, evaluated):
    idea, leader, impact, effort = evaluated
    other = IdeaFactory(community=idea.community)
    person = _asked(idea, leader)
    services.assign_evaluator(person=person, assigned_by=leader, idea=other)
    _scored(other, person, (impact, effort), (3, 3))
    signed_in(client, idea.community)
    url = api_url("board", idea.community.slug)

    first = client.get(url, {"stage": idea.stage_id, "size": 1}).json()
    rest = client.get(
        url, {"stage": idea.stage_id, "size": 1, "cursor": first["next_cursor"]}
    ).json()

    assert [i["id"] for i in first["items"] + rest["items"]] == [other.pk, idea.pk]
    assert rest["next_cursor"] is None


def test_bad_board_parameters_are_refused_in_the_one_shape(client, evaluated):
    idea, _leader, _impact, _effort = evaluated
    elsewhere = IdeaFactory()
    signed_in(client, idea.community)
    url = api_url("board", idea.community.slug)

    refused(client.get(url), 400, "stage")
    refused(client.get(url, {"stage": elsewhere.stage_id}), 400, "stage")
    refused(client.get(url, {"stage": idea.stage_id, "cursor": "nope"}), 400, "cursor")


# --- Query counts ---------------------------------------------------------------------


def _criteria(community, leader, count):
    """`count` criteria (a community takes at most ten)."""
    return [
        services.add_criterion(
            community=community,
            added_by=leader,
            draft=services.CriterionDraft(f"Criterion {n}"),
        )
        for n in range(min(count, 10))
    ]


@pytest.mark.parametrize("count", [2, 12])
def test_the_criteria_cost_the_same_queries_for_2_and_12(
    client, django_assert_max_num_queries, count
):
    community, leader = goal_community()
    _criteria(community, leader, count)
    signed_in(client, community)

    with django_assert_max_num_queries(QUERIES["criteria"]):
        response = client.get(api_url("criteria", community.slug))

    assert len(response.json()["items"]) == min(count, 10)


@pytest.mark.parametrize("count", [2, 12])
def test_the_evaluators_cost_the_same_queries_for_2_and_12(
    client, evaluated, django_assert_max_num_queries, count
):
    idea, leader, _impact, _effort = evaluated
    stage = Stage.objects.get(pk=idea.stage_id)
    for _ in range(count):
        _asked(idea, leader)
        services.assign_evaluator(
            person=member_of(idea.community), assigned_by=leader, stage=stage
        )
    signed_in(client, idea.community)

    with django_assert_max_num_queries(QUERIES["evaluators"]):
        for_idea = client.get(api_url("evaluators", idea.pk))
    with django_assert_max_num_queries(QUERIES["stage_evaluators"]):
        for_stage = client.get(
            api_url("stage-evaluators", idea.community.slug, stage.pk)
        )

    assert len(for_idea.json()["items"]) == 2 * count
    assert len(for_stage.json()["items"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_scores_cost_the_same_queries_for_2_and_12(
    client, django_assert_max_num_queries, count
):
    """Evaluators, and criteria (at most ten)."""
    community, leader = goal_community()
    criteria = _criteria(community, leader, count)
    idea = IdeaFactory(community=community)
    for _ in range(count):
        _scored(idea, _asked(idea, leader), criteria, [4] * len(criteria), "Fine.")
    signed_in(client, community)

    with django_assert_max_num_queries(QUERIES["scores"]):
        response = client.get(api_url("scores", idea.pk))

    assert len(response.json()["evaluations"]) == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_board_costs_the_same_queries_for_2_and_12(
    client, evaluated, django_assert_max_num_queries, count
):
    idea, leader, impact, effort = evaluated
    person = member_of(idea.community)
    stage = Stage.objects.get(pk=idea.stage_id)
    services.assign_evaluator(person=person, assigned_by=leader, stage=stage)
    for _ in range(count - 1):
        _scored(IdeaFactory(community=idea.community), person, (impact, effort), (4, 3))
    signed_in(client, idea.community)

    with django_assert_max_num_queries(QUERIES["board"]):
        response = client.get(
            api_url("board", idea.community.slug), {"stage": stage.pk, "size": 100}
        )

    assert len(response.json()["items"]) == count
