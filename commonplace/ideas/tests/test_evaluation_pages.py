"""The evaluation pages, through the test client: the criteria editor,
asking evaluators for an idea or a stage, scoring, what the idea's page
shows of it, and the board, whose queries do not grow with its ideas."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commonplace.communities.models import Visibility
from commonplace.ideas import services
from commonplace.ideas.models import Criterion, EvaluatorAssignment, Score, Stage
from commonplace.ideas.services import CriterionDraft
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Whatever the number of ideas: the session, the viewer, the community
# (with its topics and leaders), the stages, the board's rows, the
# criteria, and the header's unread count.
BOARD_QUERIES = 9


def _url(name, **kwargs):
    return reverse(f"ideas:{name}", kwargs=kwargs)


def _html(response):
    return response.content.decode()


@pytest.fixture
def scale():
    """A goal community weighing impact 3 and effort 1, and an idea."""
    community, leader = goal_community()
    impact = services.add_criterion(
        community=community, added_by=leader, draft=CriterionDraft("Impact", 3)
    )
    effort = services.add_criterion(
        community=community, added_by=leader, draft=CriterionDraft("Effort", 1)
    )
    idea = IdeaFactory(community=community, title="Release on Tuesdays")
    return community, leader, impact, effort, idea


def _asked(idea, leader, **fields):
    person = member_of(idea.community, **fields)
    services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    return person


def _scores(impact, effort, values=(5, 3), comments=("Big.", "Small.")):
    return {
        f"criterion_{impact.pk}": values[0],
        f"comment_{impact.pk}": comments[0],
        f"criterion_{effort.pk}": values[1],
        f"comment_{effort.pk}": comments[1],
    }


# --- Criteria -------------------------------------------------------------------------


def test_a_leader_adds_a_criterion_and_it_is_listed(client):
    community, leader = goal_community()
    client.force_login(leader)

    response = client.post(
        _url("criteria", slug=community.slug),
        {"name": "Impact", "weight": 3, "description": "What changes for people."},
    )
    listed = client.get(_url("criteria", slug=community.slug))

    criterion = Criterion.objects.get(community=community)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#criterion-{criterion.pk}")
    assert (criterion.weight, criterion.description) == (3, "What changes for people.")
    assert [each.name for each, _form in listed.context["criteria"]] == ["Impact"]


def test_weights_all_zero_are_refused_on_the_weight_with_the_input_kept(client):
    community, leader = goal_community()
    client.force_login(leader)

    response = client.post(
        _url("criteria", slug=community.slug), {"name": "Impact", "weight": 0}
    )

    form = response.context["add_form"]
    assert response.status_code == 400
    assert "weight above zero" in form.errors["weight"][0]
    assert 'value="Impact"' in _html(response)
    assert not Criterion.objects.exists()


@pytest.mark.parametrize("weight", ["11", "-1", "heavy"])
def test_a_weight_off_its_range_is_refused_on_its_field(client, weight):
    community, leader = goal_community()
    client.force_login(leader)

    response = client.post(
        _url("criteria", slug=community.slug), {"name": "Impact", "weight": weight}
    )

    assert response.status_code == 400
    assert "from 0 to 10" in response.context["add_form"].errors["weight"][0]
    assert not Criterion.objects.exists()


def test_a_leader_edits_a_criterion(client, scale):
    community, leader, impact, _effort, _idea = scale
    client.force_login(leader)

    response = client.post(
        _url("criterion", slug=community.slug, pk=impact.pk),
        {"action": "save", "name": "Reach", "weight": 5, "description": "Who gains."},
    )

    impact.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#criterion-{impact.pk}")
    assert (impact.name, impact.weight) == ("Reach", 5)
    assert impact.description == "Who gains."


def test_setting_the_last_weight_to_zero_comes_back_on_that_criterion(client, scale):
    community, leader, impact, effort, _idea = scale
    services.edit_criterion(
        criterion=effort, edited_by=leader, draft=CriterionDraft("Effort", 0)
    )
    client.force_login(leader)

    response = client.post(
        _url("criterion", slug=community.slug, pk=impact.pk),
        {"action": "save", "name": "Impact, for people", "weight": 0},
    )

    refused = dict(response.context["criteria"])[impact]
    impact.refresh_from_db()
    assert response.status_code == 400
    assert "weight above zero" in refused.errors["weight"][0]
    assert 'value="Impact, for people"' in _html(response)
    assert (impact.name, impact.weight) == ("Impact", 3)


def test_deleting_the_only_weighted_criterion_is_refused(client, scale):
    community, leader, impact, effort, _idea = scale
    services.edit_criterion(
        criterion=effort, edited_by=leader, draft=CriterionDraft("Effort", 0)
    )
    client.force_login(leader)

    response = client.post(
        _url("criterion", slug=community.slug, pk=impact.pk),
        {"action": "delete", "name": "Impact", "weight": 3},
    )

    refused = dict(response.context["criteria"])[impact]
    assert response.status_code == 400
    assert "weight above zero" in refused.errors["weight"][0]
    assert Criterion.objects.filter(pk=impact.pk).exists()


def test_a_leader_deletes_a_criterion_and_its_scores(client, scale):
    community, leader, impact, effort, idea = scale
    person = _asked(idea, leader)
    client.force_login(person)
    client.post(_url("score", pk=idea.pk), _scores(impact, effort))
    client.force_login(leader)

    response = client.post(
        _url("criterion", slug=community.slug, pk=effort.pk), {"action": "delete"}
    )

    idea.refresh_from_db()
    assert response.status_code == 302
    assert list(Criterion.objects.filter(community=community)) == [impact]
    assert list(Score.objects.values_list("value", flat=True)) == [5]
    assert idea.evaluation_score == pytest.approx(5)


def test_an_unknown_change_to_a_criterion_answers_400(client, scale):
    community, leader, impact, _effort, _idea = scale
    client.force_login(leader)

    response = client.post(
        _url("criterion", slug=community.slug, pk=impact.pk),
        {"action": "double", "name": "Impact", "weight": 3},
    )

    assert response.status_code == 400
    assert "save the criterion or to delete it" in _html(response)


def test_members_may_not_edit_criteria(client, scale):
    community, _leader, impact, _effort, _idea = scale
    client.force_login(member_of(community))

    shown = client.get(_url("criteria", slug=community.slug))
    posted = client.post(
        _url("criterion", slug=community.slug, pk=impact.pk),
        {"action": "delete"},
    )

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert Criterion.objects.filter(pk=impact.pk).exists()


def test_a_criterion_of_another_community_is_not_found(client, scale):
    community, leader, _impact, _effort, _idea = scale
    other, other_leader = goal_community()
    theirs = services.add_criterion(
        community=other, added_by=other_leader, draft=CriterionDraft("Reach", 2)
    )
    client.force_login(leader)

    response = client.post(
        _url("criterion", slug=community.slug, pk=theirs.pk), {"action": "delete"}
    )

    assert response.status_code == 404
    assert Criterion.objects.filter(pk=theirs.pk).exists()


# --- Evaluators -----------------------------------------------------------------------


def test_a_leader_asks_someone_by_handle(client, scale):
    _community, leader, _impact, _effort, idea = scale
    person = member_of(idea.community, handle="ana", display_name="Ana Evaluator")
    client.force_login(leader)
    url = _url("evaluators", pk=idea.pk)

    response = client.post(url, {"action": "assign", "person": "@Ana"})
    shown = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == url
    assert EvaluatorAssignment.objects.get(idea=idea).person == person
    assert [each.person for each in shown.context["asking"].removable] == [person]
    assert "Ana Evaluator" in _html(shown)


def test_asking_the_same_person_twice_answers_409_with_the_reason(client, scale):
    _community, leader, _impact, _effort, idea = scale
    _asked(idea, leader, handle="ana", display_name="Ana Evaluator")
    client.force_login(leader)

    response = client.post(
        _url("evaluators", pk=idea.pk), {"action": "assign", "person": "@ana"}
    )

    assert response.status_code == 409
    assert "evaluates it already" in response.context["form"].errors["person"][0]
    assert 'value="@ana"' in _html(response)
    assert EvaluatorAssignment.objects.count() == 1


def test_someone_who_cannot_read_the_community_is_refused_on_the_field(client):
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    UserFactory(handle="out", display_name="Otto Outside")
    client.force_login(leader)

    response = client.post(
        _url("evaluators", pk=idea.pk), {"action": "assign", "person": "@out"}
    )

    assert response.status_code == 400
    assert "cannot read this community" in response.context["form"].errors["person"][0]
    assert not EvaluatorAssignment.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("@nobody", "@nobody"), ("@ana @bo", "one person at a time"), ("", "handle")],
)
def test_a_handle_naming_nobody_or_several_is_refused(client, scale, typed, message):
    _community, leader, _impact, _effort, idea = scale
    member_of(idea.community, handle="ana")
    member_of(idea.community, handle="bo")
    client.force_login(leader)

    response = client.post(
        _url("evaluators", pk=idea.pk), {"action": "assign", "person": typed}
    )

    assert response.status_code == 400
    assert message in response.context["form"].errors["person"][0]
    assert not EvaluatorAssignment.objects.exists()


def test_a_leader_stops_asking_and_the_scores_given_stay(client, scale):
    _community, leader, impact, effort, idea = scale
    person = _asked(idea, leader)
    services.score_idea(
        idea=idea, evaluator=person, values={impact.pk: (4, ""), effort.pk: (4, "")}
    )
    assignment = EvaluatorAssignment.objects.get()
    client.force_login(leader)

    response = client.post(
        _url("evaluators", pk=idea.pk),
        {"action": "unassign", "assignment": assignment.pk},
    )

    assert response.status_code == 302
    assert not EvaluatorAssignment.objects.exists()
    assert Score.objects.filter(evaluator=person).count() == 2


def test_stopping_an_assignment_made_elsewhere_is_refused(client, scale):
    _community, leader, _impact, _effort, idea = scale
    other = IdeaFactory(community=idea.community)
    _asked(other, leader)
    elsewhere = EvaluatorAssignment.objects.get()
    client.force_login(leader)

    response = client.post(
        _url("evaluators", pk=idea.pk),
        {"action": "unassign", "assignment": elsewhere.pk},
    )

    assert response.status_code == 400
    assert "one of the people asked here" in _html(response)
    assert EvaluatorAssignment.objects.filter(pk=elsewhere.pk).exists()


def test_a_leader_asks_someone_for_every_idea_in_a_stage(client, scale):
    community, leader, _impact, _effort, idea = scale
    person = member_of(community, handle="ana", display_name="Ana Evaluator")
    client.force_login(leader)
    url = _url("stage-evaluators", slug=community.slug, pk=idea.stage_id)

    response = client.post(url, {"action": "assign", "person": "@ana"})
    idea_evaluators = client.get(_url("evaluators", pk=idea.pk))
    client.force_login(person)
    idea_page = client.get(_url("idea", pk=idea.pk))

    assert response.status_code == 302
    assert EvaluatorAssignment.objects.get(stage=idea.stage_id).person == person
    assert [a.person for a in idea_evaluators.context["asking"].through_stage] == [
        person
    ]
    assert _url("score", pk=idea.pk) in _html(idea_page)


def test_a_leader_stops_asking_for_a_stage(client, scale):
    community, leader, _impact, _effort, idea = scale
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, stage=idea.stage)
    assignment = EvaluatorAssignment.objects.get()
    client.force_login(leader)

    response = client.post(
        _url("stage-evaluators", slug=community.slug, pk=idea.stage_id),
        {"action": "unassign", "assignment": assignment.pk},
    )

    assert response.status_code == 302
    assert not EvaluatorAssignment.objects.exists()


def test_a_stage_of_another_community_is_refused_for_evaluators(client, scale):
    community, leader, _impact, _effort, _idea = scale
    other = IdeaFactory()
    client.force_login(leader)

    response = client.get(
        _url("stage-evaluators", slug=community.slug, pk=other.stage_id)
    )

    assert response.status_code == 400


def test_the_stage_editor_links_to_each_stage_s_evaluators(client, scale):
    community, leader, _impact, _effort, _idea = scale
    client.force_login(leader)

    response = client.get(_url("stages", slug=community.slug))

    for stage in Stage.objects.filter(community=community):
        assert _url("stage-evaluators", slug=community.slug, pk=stage.pk) in _html(
            response
        )


def test_members_may_not_ask_evaluators(client, scale):
    community, _leader, _impact, _effort, idea = scale
    member = member_of(community, handle="ana")
    client.force_login(member)

    shown = client.get(_url("evaluators", pk=idea.pk))
    posted = client.post(
        _url("stage-evaluators", slug=community.slug, pk=idea.stage_id),
        {"action": "assign", "person": "@ana"},
    )

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert not EvaluatorAssignment.objects.exists()


# --- Scoring --------------------------------------------------------------------------


def test_an_evaluator_scores_and_the_idea_page_shows_the_scores(client, scale):
    community, leader, impact, effort, idea = scale
    person = _asked(idea, leader, display_name="Ana Evaluator")
    client.force_login(person)

    response = client.post(_url("score", pk=idea.pk), _scores(impact, effort))
    client.force_login(member_of(community))
    shown = client.get(_url("idea", pk=idea.pk))

    idea.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _url("idea", pk=idea.pk) + "#evaluation"
    # Impact 5 weighs 3, effort 3 weighs 1: 18 over 4.
    assert idea.evaluation_score == pytest.approx(4.5)
    assert "Weighted score 4.5 of 5, from 1 evaluator." in _html(shown)
    assert "Ana Evaluator" in _html(shown)
    assert "Big." in _html(shown)


def test_the_score_form_starts_with_the_evaluator_s_earlier_scores(client, scale):
    _community, leader, impact, effort, idea = scale
    person = _asked(idea, leader)
    services.score_idea(
        idea=idea,
        evaluator=person,
        values={impact.pk: (2, "Modest."), effort.pk: (4, "")},
    )
    client.force_login(person)

    response = client.get(_url("score", pk=idea.pk))

    form = response.context["form"]
    assert response.status_code == 200
    assert form[f"criterion_{impact.pk}"].value() == 2
    assert form[f"comment_{impact.pk}"].value() == "Modest."
    assert form[f"criterion_{effort.pk}"].value() == 4


def test_scoring_again_replaces_the_earlier_scores(client, scale):
    _community, leader, impact, effort, idea = scale
    person = _asked(idea, leader)
    client.force_login(person)

    client.post(_url("score", pk=idea.pk), _scores(impact, effort, (1, 1)))
    client.post(_url("score", pk=idea.pk), _scores(impact, effort, (3, 3)))

    assert sorted(Score.objects.values_list("value", flat=True)) == [3, 3]


@pytest.mark.parametrize("value", ["6", "0", "high"])
def test_a_score_off_the_scale_comes_back_on_its_field(client, scale, value):
    _community, leader, impact, effort, idea = scale
    client.force_login(_asked(idea, leader))

    response = client.post(
        _url("score", pk=idea.pk),
        {**_scores(impact, effort), f"criterion_{impact.pk}": value},
    )

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert "from 1 to 5" in errors[f"criterion_{impact.pk}"][0]
    assert f"criterion_{effort.pk}" not in errors
    assert "Small." in _html(response)
    assert not Score.objects.exists()


def test_a_criterion_left_unscored_is_refused_on_its_field(client, scale):
    _community, leader, impact, effort, idea = scale
    client.force_login(_asked(idea, leader))

    response = client.post(
        _url("score", pk=idea.pk),
        {**_scores(impact, effort), f"criterion_{effort.pk}": ""},
    )

    assert response.status_code == 400
    assert (
        "Score Effort too"
        in response.context["form"].errors[f"criterion_{effort.pk}"][0]
    )
    assert 'aria-invalid="true"' in _html(response)
    assert not Score.objects.exists()


def test_a_comment_too_long_is_refused_on_its_criterion(client, scale):
    _community, leader, impact, effort, idea = scale
    client.force_login(_asked(idea, leader))

    response = client.post(
        _url("score", pk=idea.pk), _scores(impact, effort, comments=("x" * 2001, ""))
    )

    assert response.status_code == 400
    assert (
        "at most 2000" in response.context["form"].errors[f"criterion_{impact.pk}"][0]
    )
    assert not Score.objects.exists()


def test_scoring_without_criteria_says_so(client):
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    client.force_login(_asked(idea, leader))

    shown = client.get(_url("score", pk=idea.pk))
    posted = client.post(_url("score", pk=idea.pk), {})

    assert shown.status_code == 200
    assert "no criteria to score on yet" in _html(shown)
    assert posted.status_code == 400


def test_someone_not_asked_may_not_score(client, scale):
    community, _leader, impact, effort, idea = scale
    client.force_login(member_of(community))

    shown = client.get(_url("score", pk=idea.pk))
    posted = client.post(_url("score", pk=idea.pk), _scores(impact, effort))

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert not Score.objects.exists()


def test_a_reader_outside_a_private_community_finds_no_score_form(client):
    community, _leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    client.force_login(UserFactory())

    assert client.get(_url("score", pk=idea.pk)).status_code == 404


def test_the_idea_page_names_who_is_asked_and_offers_scoring_to_them(client, scale):
    community, leader, _impact, _effort, idea = scale
    person = _asked(idea, leader, display_name="Ana Evaluator")

    client.force_login(person)
    as_evaluator = _html(client.get(_url("idea", pk=idea.pk)))
    client.force_login(member_of(community))
    as_member = _html(client.get(_url("idea", pk=idea.pk)))
    client.force_login(leader)
    as_leader = _html(client.get(_url("idea", pk=idea.pk)))

    assert "Ana Evaluator" in as_member
    assert _url("score", pk=idea.pk) in as_evaluator
    assert _url("score", pk=idea.pk) not in as_member
    assert _url("evaluators", pk=idea.pk) in as_leader
    assert _url("evaluators", pk=idea.pk) not in as_member


# --- The board ------------------------------------------------------------------------


def _scored(idea, leader, impact, effort, values):
    person = _asked(idea, leader)
    services.score_idea(
        idea=idea,
        evaluator=person,
        values={impact.pk: (values[0], ""), effort.pk: (values[1], "")},
    )


def test_the_board_ranks_a_stage_s_ideas_by_weighted_score(client, scale):
    community, leader, impact, effort, middling = scale
    best = IdeaFactory(community=community, title="Pair on releases")
    unscored = IdeaFactory(community=community, title="Release daily")
    _scored(middling, leader, impact, effort, (3, 5))
    _scored(best, leader, impact, effort, (5, 5))
    client.force_login(member_of(community))

    response = client.get(_url("board", slug=community.slug))

    assert response.status_code == 200
    assert response.context["page"].items == [best, middling, unscored]
    # Impact 3 weighs 3, effort 5 weighs 1: 14 over 4.
    assert "<td>3.5</td>" in _html(response)
    assert "<td>5.0</td>" in _html(response)
    assert "not scored yet" in _html(response)


def test_the_board_opens_on_the_first_stage_holding_ideas(client, scale):
    community, leader, _impact, _effort, idea = scale
    later = Stage.objects.filter(community=community)[1]
    services.move_idea(idea=idea, to_stage=later, moved_by=leader, message="On.")
    client.force_login(leader)

    response = client.get(_url("board", slug=community.slug))

    assert response.context["shown"] == later
    assert response.context["form"]["stage"].value() == str(later.pk)
    assert response.context["page"].items == [idea]


def test_the_board_shows_the_stage_asked_for(client, scale):
    community, _leader, _impact, _effort, _idea = scale
    empty = Stage.objects.filter(community=community)[1]
    client.force_login(member_of(community))

    response = client.get(_url("board", slug=community.slug), {"stage": empty.pk})

    assert response.context["shown"] == empty
    assert "No idea is in this stage." in _html(response)


@pytest.mark.parametrize("stage", ["other", "first"])
def test_the_board_refuses_a_stage_it_does_not_have(client, scale, stage):
    community, _leader, _impact, _effort, _idea = scale
    other = IdeaFactory()
    asked = {"other": str(other.stage_id), "first": "first"}[stage]
    client.force_login(member_of(community))

    response = client.get(_url("board", slug=community.slug), {"stage": asked})

    assert response.status_code == 400
    assert "this community's stages" in response.context["form"].errors["stage"][0]
    assert "<select" in _html(response)


def test_the_board_of_a_community_without_ideas_says_so(client):
    community, leader = goal_community()
    client.force_login(leader)

    response = client.get(_url("board", slug=community.slug))

    assert response.status_code == 200
    assert "No ideas to rank yet" in _html(response)


def test_the_board_loads_its_next_rows_in_place(client, scale):
    community, _leader, _impact, _effort, idea = scale
    client.force_login(member_of(community))

    response = client.get(
        _url("board", slug=community.slug),
        {"stage": idea.stage_id},
        headers={"HX-Request": "true"},
    )

    assert "<tr hx-disable>" in _html(response)
    assert "<table" not in _html(response)


def test_a_reader_outside_a_private_community_finds_no_board(client):
    community, _leader = goal_community(visibility=Visibility.PRIVATE)
    IdeaFactory(community=community)
    client.force_login(UserFactory())

    assert client.get(_url("board", slug=community.slug)).status_code == 404


def test_the_ideas_page_links_to_the_board_and_for_leaders_to_the_criteria(
    client, scale
):
    community, leader, _impact, _effort, _idea = scale

    client.force_login(member_of(community))
    as_member = _html(client.get(_url("list", slug=community.slug)))
    client.force_login(leader)
    as_leader = _html(client.get(_url("list", slug=community.slug)))

    assert _url("board", slug=community.slug) in as_member
    assert _url("criteria", slug=community.slug) not in as_member
    assert _url("criteria", slug=community.slug) in as_leader


@pytest.mark.parametrize("count", [2, 12])
def test_the_board_costs_the_same_queries_for_2_or_12_ideas(
    client, django_assert_max_num_queries, scale, count
):
    community, leader, impact, effort, first = scale
    ideas = [first] + [IdeaFactory(community=community) for _ in range(count - 1)]
    for number, idea in enumerate(ideas):
        _scored(idea, leader, impact, effort, (1 + number % 5, 3))
    client.force_login(member_of(community))

    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(_url("board", slug=community.slug))

    assert len(response.context["page"].items) == count
