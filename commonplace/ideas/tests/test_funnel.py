"""The funnel: ideas reaching each stage, conversion, time in stage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from commonplace.ideas import selectors, services
from commonplace.ideas.models import Stage, StageKind, StageMove
from commonplace.ideas.selectors import FunnelFilters
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of

pytestmark = pytest.mark.django_db


def steps(community):
    return list(Stage.objects.filter(community=community, kind=StageKind.STEP))


def figures(community, **filters):
    found = selectors.funnel(community, FunnelFilters(**filters))
    return found, {row.name: row for row in found.stages}


def test_reached_conversion_and_median_days():
    community, leader = goal_community()
    ideas = [IdeaFactory(community=community) for _ in range(4)]
    _proposed, discussed, evaluated = steps(community)
    for idea in ideas[:2]:
        services.move_idea(idea=idea, to_stage=discussed, moved_by=leader)
    services.move_idea(idea=ideas[0], to_stage=evaluated, moved_by=leader)
    # The first idea stayed 4 days in discussion, the second 2 days so far.
    move = StageMove.objects.filter(idea=ideas[0], to_stage=discussed).get()
    StageMove.objects.filter(pk=move.pk).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    found, rows = figures(community)
    assert found.ideas == 4
    assert rows["Proposed"].reached == 4
    assert rows["Under discussion"].reached == 2
    assert rows["Under discussion"].conversion == pytest.approx(0.5)
    assert rows["Being evaluated"].reached == 1
    assert rows["Under discussion"].median_days == pytest.approx(4.0, abs=0.1)
    assert rows["Proposed"].current == 2
    assert rows["Declined"].conversion is None


def test_filters_keep_the_ideas_of_an_author_or_that_reached_a_stage():
    community, leader = goal_community()
    author = member_of(community)
    mine = IdeaFactory(community=community, author=author)
    IdeaFactory(community=community)
    _proposed, discussed, _evaluated = steps(community)
    services.move_idea(idea=mine, to_stage=discussed, moved_by=leader)
    assert figures(community, author_id=author.pk)[0].ideas == 1
    assert figures(community, stage_id=discussed.pk)[0].ideas == 1


def test_a_new_move_shows_at_once():
    community, leader = goal_community()
    idea = IdeaFactory(community=community)
    _found, rows = figures(community)
    assert rows["Under discussion"].reached == 0
    services.move_idea(idea=idea, to_stage=steps(community)[1], moved_by=leader)
    _found, rows = figures(community)
    assert rows["Under discussion"].reached == 1


def test_a_renamed_or_added_stage_shows_at_once():
    community, leader = goal_community()
    IdeaFactory(community=community)
    figures(community)
    services.rename_stage(
        stage=steps(community)[1], renamed_by=leader, name="Talked over"
    )
    services.add_stage(community=community, added_by=leader, name="Piloted")
    _found, rows = figures(community)
    assert "Talked over" in rows
    assert "Under discussion" not in rows
    assert "Piloted" in rows


def test_an_idea_given_a_topic_counts_under_it_at_once():
    community, _leader = goal_community()
    idea = IdeaFactory(community=community)
    draft = services.IdeaDraft(title=idea.title, problem=idea.problem_source)
    services.edit_idea(idea=idea, edited_by=idea.author, draft=draft, topics=["kiosks"])
    topic = idea.topics.get()
    assert figures(community, topic_id=topic.pk)[0].ideas == 1
    services.edit_idea(idea=idea, edited_by=idea.author, draft=draft, topics=[])
    assert figures(community, topic_id=topic.pk)[0].ideas == 0


def test_the_funnel_costs_one_query_once_computed(django_assert_max_num_queries):
    community, _leader = goal_community()
    for _ in range(3):
        IdeaFactory(community=community)
    selectors.funnel(community)
    # The community's revision; the figures come from the shared cache (in
    # memory here, one query more where it lives in the database).
    with django_assert_max_num_queries(1):
        selectors.funnel(community)
