"""Relevance of similar questions on the shared Stack Exchange dumps.

Whatever the database, our suggestions must find at least as many of the
questions Stack Exchange linked as an independent BM25 (bm25s) finds on the
same queries; docs/quality.md has the figures and the protocol.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from commonplace.communities.models import Community
from commonplace.communities.tests.factories import CommunityFactory
from commonplace.integrations.tests.dumps import (
    dump_params,
    import_dump,
    need,
    small_dump,
)
from commonplace.knowledge.models import Post
from commonplace.people.models import User
from commonplace.people.tests.factories import UserFactory
from commonplace.search import evaluation
from commonplace.search.evaluation import Bm25s, Question, ndcg, recall
from commonplace.search.services import reindex


@pytest.mark.parametrize("dump", dump_params())
@pytest.mark.django_db
def test_similar_questions_recall_at_10_is_at_least_bm25s(dump):
    need(dump)
    community = CommunityFactory(slug=f"relevance-{dump.name}")
    import_dump(dump, community)
    reindex(["post"])

    results = evaluation.evaluate(UserFactory(), community)

    assert results, f"{dump.name} has no pair of linked questions"
    figures = {
        r.link_kind: {m: f.recall for m, f in r.figures.items()} for r in results
    }
    for kind, recalls in figures.items():
        assert recalls["commonplace"] >= recalls["bm25s"], (kind, figures)


def test_ndcg_is_one_when_the_relevant_questions_lead():
    assert ndcg([3, 5, 9], frozenset({3, 5})) == 1.0
    assert ndcg([9, 3], frozenset({3})) == pytest.approx(1 / 1.584962500721156)
    assert ndcg([], frozenset({3})) == 0.0


def test_recall_counts_only_the_first_ten():
    ranked = list(range(20))

    assert recall(ranked, frozenset({2, 15})) == 0.5


def test_the_baseline_keeps_only_older_questions_that_share_a_word():
    now = timezone.now()
    baseline = Bm25s(
        [
            (1, now - timedelta(days=2), "Rotating keys by hand\nWe rotate keys."),
            (2, now - timedelta(days=1), "Painting fences\nWhich brush?"),
            (3, now + timedelta(days=1), "Rotating keys again\nLater."),
        ]
    )

    assert baseline.ranking(Question(9, "How do I rotate my keys?", now)) == [1]
    assert baseline.ranking(Question(9, "What is the", now)) == []


@pytest.mark.django_db
def test_an_evaluation_refuses_to_run_in_a_database_with_tables(tmp_path):
    with pytest.raises(CommandError, match="has tables"):
        call_command(
            "eval", "related", str(small_dump(tmp_path)), "--in-throwaway-database"
        )

    assert not Post.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_imports_into_a_throwaway_database_only(tmp_path):
    (tmp_path / "throwaway-check").mkdir()
    dump = small_dump(tmp_path / "throwaway-check")

    call_command("eval", "related", str(dump), "--workers", "0")

    assert not Community.objects.filter(slug="throwaway-check").exists()
    assert not Post.objects.filter(title="How do I rotate keys?").exists()
    assert not User.objects.filter(display_name__startswith="Evaluation ").exists()
