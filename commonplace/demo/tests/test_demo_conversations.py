"""The demo organisation starts with conversations people can join."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from commonplace.communities.models import Membership, Role
from commonplace.knowledge.models import Answer, Post, PostKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("demo", "--people", "40", stdout=StringIO())


def test_communities_with_writers_have_questions_and_a_note(demo):
    kinds = Post.objects.values("community").annotate(
        questions=Count("pk", filter=Q(kind=PostKind.QUESTION)),
        notes=Count("pk", filter=Q(kind=PostKind.NOTE)),
    )

    assert kinds
    assert {(row["questions"], row["notes"]) for row in kinds} == {(3, 1)}


def test_every_post_is_written_by_a_member_who_may_start_threads(demo):
    for post in Post.objects.select_related("community", "author"):
        role = Membership.objects.get(community=post.community, person=post.author).role
        assert role != Role.GUEST


def test_answers_counts_and_acceptance_are_consistent(demo):
    for question in Post.objects.filter(kind=PostKind.QUESTION):
        assert question.answer_count == Answer.objects.filter(post=question).count()
        assert (
            question.accepted_answer is None
            or question.accepted_answer.post == question
        )
    assert Post.objects.filter(accepted_answer__isnull=False).exists()


def test_answers_never_come_before_their_question(demo):
    for answer in Answer.objects.select_related("post"):
        assert answer.created_at > answer.post.created_at
