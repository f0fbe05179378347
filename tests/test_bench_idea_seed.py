"""The ideas bench's seed leaves what the services would: every count
kept, every decided idea recorded, the board ordered by real scores."""

from __future__ import annotations

import pytest
from django.db.models import Count

from bench.idea_seed import Seeder
from commonplace.ideas import selectors
from commonplace.ideas.models import (
    DECISION_KINDS,
    DecisionRecord,
    Idea,
    Stage,
    StageMove,
)
from commonplace.ideas.services.evaluation import weighted_scores
from commonplace.ideas.tests.factories import goal_community, member_of

pytestmark = pytest.mark.django_db
IDEAS = 120


@pytest.fixture
def seeded():
    community, _leader = goal_community()
    for _ in range(12):
        member_of(community)
    Seeder(community, IDEAS).write()
    return community


def test_every_count_is_what_the_rows_say(seeded):
    ideas = Idea.objects.filter(community=seeded)
    assert ideas.count() == IDEAS
    for stage in Stage.objects.filter(community=seeded):
        assert stage.idea_count == ideas.filter(stage=stage).count()
    for idea in ideas.annotate(backers=Count("supports")):
        assert idea.support_count == idea.backers
        assert idea.thread_id is not None
        assert idea.versions.count() == 1


def test_each_idea_moved_to_where_it_is_with_a_record_where_one_is_needed(seeded):
    for idea in Idea.objects.filter(community=seeded).select_related("stage"):
        moves = list(idea.moves.order_by("created_at", "pk"))
        assert (moves[-1].to_stage_id if moves else idea.started_in_id) == idea.stage_id
    decisive = StageMove.objects.filter(
        idea__community=seeded, to_stage__kind__in=DECISION_KINDS
    )
    assert decisive.exists()
    assert not decisive.filter(decision__isnull=True).exists()
    assert DecisionRecord.objects.filter(community=seeded).count() == decisive.count()


def test_the_board_ranks_by_the_scores_written(seeded):
    evaluated = Stage.objects.get(community=seeded, name="Being evaluated")
    page = selectors.board(evaluated, size=50)
    assert page.items
    figures = weighted_scores([idea.pk for idea in page.items])
    for idea in page.items:
        assert (idea.evaluation_score, idea.evaluator_count) == figures[idea.pk]
    scores = [idea.evaluation_score for idea in page.items]
    assert scores == sorted(scores, reverse=True)
    assert all(idea.evaluator_count >= 1 for idea in page.items)
