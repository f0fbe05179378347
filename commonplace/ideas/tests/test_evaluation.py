"""Evaluating ideas: criteria with weights, evaluators asked for an idea
or a stage, scores on the 1-5 scale, and the board's weighted order."""

from __future__ import annotations

import pytest

from commonplace.communities.models import Role, Visibility
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed
from commonplace.ideas import selectors, services
from commonplace.ideas.models import Idea, Score, Stage
from commonplace.ideas.services.evaluation import CriterionDraft
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of
from commonplace.notifications.selectors import notification_page
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """A community with impact (weight 3) and effort (weight 1), and an idea."""
    community, leader = goal_community()
    impact = services.add_criterion(
        community=community, added_by=leader, draft=CriterionDraft("Impact", 3)
    )
    effort = services.add_criterion(
        community=community, added_by=leader, draft=CriterionDraft("Effort", 1)
    )
    idea = IdeaFactory(community=community)
    return community, leader, impact, effort, idea


def scored(idea, person, impact, effort, values):
    return services.score_idea(
        idea=idea,
        evaluator=person,
        values={impact.pk: (values[0], "Big."), effort.pk: (values[1], "")},
    )


def test_the_weighted_score_and_evaluator_count(setup):
    community, leader, impact, effort, idea = setup
    ana, bo = member_of(community), member_of(community)
    for person in (ana, bo):
        services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    scored(idea, ana, impact, effort, (5, 1))
    scored(idea, bo, impact, effort, (3, 3))
    idea.refresh_from_db()
    # impact mean 4 weighs 3, effort mean 2 weighs 1: 14 over 4.
    assert idea.evaluation_score == pytest.approx(3.5)
    assert idea.evaluator_count == 2
    scored(idea, bo, impact, effort, (5, 5))
    idea.refresh_from_db()
    assert idea.evaluation_score == pytest.approx((5 * 3 + 3 * 1) / 4)
    assert Score.objects.filter(idea=idea).count() == 4


def test_a_stage_assignment_lets_one_score_every_idea_in_it(setup):
    community, leader, impact, effort, idea = setup
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, stage=idea.stage)
    scored(idea, person, impact, effort, (4, 4))
    with pytest.raises(Conflict):
        services.assign_evaluator(person=person, assigned_by=leader, stage=idea.stage)


def test_scoring_without_an_assignment_is_refused(setup):
    community, _leader, impact, effort, idea = setup
    with pytest.raises(NotAllowed):
        scored(idea, member_of(community), impact, effort, (4, 4))
    with pytest.raises(NotAllowed):
        scored(idea, UserFactory(), impact, effort, (4, 4))


@pytest.mark.parametrize("values", [(0, 3), (6, 3)])
def test_a_score_off_the_scale_is_refused_and_nothing_is_written(setup, values):
    community, leader, impact, effort, idea = setup
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    with pytest.raises(InvalidInput) as refused:
        scored(idea, person, impact, effort, values)
    assert f"criterion_{impact.pk}" in refused.value.fields
    assert not Score.objects.exists()


def test_every_criterion_is_scored_at_once(setup):
    community, leader, impact, _effort, idea = setup
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    with pytest.raises(InvalidInput):
        services.score_idea(idea=idea, evaluator=person, values={impact.pk: (4, "")})


def test_weights_that_are_all_zero_are_refused(setup):
    _community, leader, impact, effort, _idea = setup
    services.edit_criterion(
        criterion=impact, edited_by=leader, draft=CriterionDraft("Impact", 0)
    )
    with pytest.raises(InvalidInput) as refused:
        services.edit_criterion(
            criterion=effort, edited_by=leader, draft=CriterionDraft("Effort", 0)
        )
    assert "weight" in refused.value.fields
    effort.refresh_from_db()
    assert effort.weight == 1


def test_changing_a_weight_rescores_the_ideas(setup):
    community, leader, impact, effort, idea = setup
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    scored(idea, person, impact, effort, (5, 1))
    services.edit_criterion(
        criterion=effort, edited_by=leader, draft=CriterionDraft("Effort", 3)
    )
    idea.refresh_from_db()
    assert idea.evaluation_score == pytest.approx(3.0)


def test_only_leaders_set_criteria_and_assign(setup):
    community, _leader, _impact, _effort, idea = setup
    moderator = member_of(community, Role.MODERATOR)
    with pytest.raises(NotAllowed):
        services.add_criterion(
            community=community, added_by=moderator, draft=CriterionDraft("Fit")
        )
    with pytest.raises(NotAllowed):
        services.assign_evaluator(person=moderator, assigned_by=moderator, idea=idea)


def test_an_evaluator_must_read_the_community():
    community, leader = goal_community(visibility=Visibility.PRIVATE)
    idea = IdeaFactory(community=community)
    with pytest.raises(InvalidInput):
        services.assign_evaluator(person=UserFactory(), assigned_by=leader, idea=idea)


def test_the_board_ranks_a_stages_ideas_by_weighted_score(setup):
    community, leader, impact, effort, idea = setup
    better, unscored = (
        IdeaFactory(community=community),
        IdeaFactory(community=community),
    )
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, stage=idea.stage)
    scored(idea, person, impact, effort, (2, 2))
    scored(better, person, impact, effort, (5, 4))
    page = selectors.board(Stage.objects.get(pk=idea.stage_id))
    assert [each.pk for each in page.items] == [better.pk, idea.pk, unscored.pk]
    assert [each.evaluator_count for each in page.items] == [1, 1, 0]


def test_the_evaluator_is_told(setup, run_tasks):
    community, leader, _impact, _effort, idea = setup
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    run_tasks()
    [shown] = notification_page(person).items
    assert shown.text == f"{leader.display_name} asked you to evaluate “{idea.title}”"


def test_members_see_every_evaluators_scores(setup):
    community, leader, impact, effort, idea = setup
    person = member_of(community)
    services.assign_evaluator(person=person, assigned_by=leader, idea=idea)
    scored(idea, person, impact, effort, (5, 2))
    [evaluation] = selectors.evaluations_of(Idea.objects.get(pk=idea.pk))
    assert evaluation.evaluator == person
    assert [(s.criterion.name, s.value, s.comment) for s in evaluation.scores] == [
        ("Impact", 5, "Big."),
        ("Effort", 2, ""),
    ]
