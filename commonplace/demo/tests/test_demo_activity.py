"""The demo's year of conversations: believable, and consistent with what
the services would have written."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from commonplace import permissions
from commonplace.communities.models import Community, Membership, Role
from commonplace.demo.activity import DAYS
from commonplace.expertise.models import HelpRequest, RoutingRule
from commonplace.knowledge.markdown import render
from commonplace.knowledge.models import (
    Answer,
    Comment,
    Mention,
    Post,
    PostKind,
    Reaction,
)
from commonplace.knowledge.services.common import TRENDING_DAYS
from commonplace.notifications.models import Notification, NotificationEvent
from commonplace.notifications.selectors import visible_notifications
from commonplace.people.models import User

pytestmark = pytest.mark.django_db

SMALL = 40
POSTS = 600


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """One small demo organisation for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--people", str(SMALL), stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _paths(item):
    return {
        mention.person.handle: f"/people/{mention.person_id}/"
        for mention in item.mentions.select_related("person")
    }


def test_posts_are_spread_over_the_past_year_in_every_kind(year):
    now = timezone.now()
    posts = Post.objects.all()

    # Besides the conversations, each idea and decision has a thread.
    assert posts.filter(idea=None, decision=None).count() == 2400
    assert not posts.filter(created_at__lt=now - timedelta(days=DAYS + 1)).exists()
    assert not posts.filter(created_at__gt=now).exists()
    assert set(posts.values_list("kind", flat=True)) == set(PostKind.values)


def test_posts_start_after_their_community_did(year):
    started_later = Community.objects.filter(
        pk=OuterRef("community"), created_at__gt=OuterRef("created_at")
    )

    assert not Post.objects.filter(Exists(started_later)).exists()


def test_every_post_is_by_a_member_who_may_start_threads(year):
    writers = Membership.objects.filter(
        community=OuterRef("community"),
        person=OuterRef("author"),
        role__in=[Role.OWNER, Role.LEADER, Role.MODERATOR, Role.MEMBER],
    )

    assert not Post.objects.exclude(Exists(writers)).exists()


def test_every_answer_and_comment_is_by_a_member_and_comes_after_its_parent(year):
    members = Membership.objects.filter(
        community=OuterRef("post__community"), person=OuterRef("author")
    )

    assert not Answer.objects.exclude(Exists(members)).exists()
    assert not Comment.objects.exclude(Exists(members)).exists()
    assert not [
        answer
        for answer in Answer.objects.select_related("post")
        if answer.created_at < answer.post.created_at
    ]
    assert not [
        comment
        for comment in Comment.objects.select_related("post", "answer")
        if comment.created_at < (comment.answer or comment.post).created_at
    ]


def test_counters_match_the_rows_as_the_services_keep_them(year):
    posts = Post.objects.annotate(
        counted_answers=Count("answers", distinct=True),
        counted_comments=Count("comments", distinct=True),
        counted_helpful=Count(
            "reactions", filter=Q(reactions__kind="helpful"), distinct=True
        ),
    )
    for post in posts:
        assert (post.answer_count, post.comment_count, post.helpful_count) == (
            post.counted_answers,
            post.counted_comments,
            post.counted_helpful,
        )
    for answer in Answer.objects.annotate(helpful=Count("reactions")):
        assert answer.helpful_count == answer.helpful


def test_questions_are_resolved_exactly_when_accepted_or_found_helpful(year):
    helped = Answer.objects.filter(post=OuterRef("pk"), helpful_count__gt=0)
    questions = Post.objects.filter(kind=PostKind.QUESTION).annotate(
        helped=Exists(helped)
    )

    for question in questions:
        expected = question.accepted_answer_id is not None or question.helped
        assert question.is_resolved == expected
    assert questions.filter(is_resolved=False).exists()
    assert questions.filter(accepted_answer__isnull=False).exists()
    assert (
        not Post.objects.exclude(kind=PostKind.QUESTION)
        .filter(Q(answer_count__gt=0) | Q(accepted_answer__isnull=False))
        .exists()
    )


def test_accepted_answers_belong_to_their_question_and_the_asker_accepted(year):
    for question in Post.objects.filter(accepted_answer__isnull=False).select_related(
        "accepted_answer"
    ):
        assert question.accepted_answer.post_id == question.pk
        assert question.accepted_by_id == question.author_id
        assert question.accepted_answer.author_id != question.author_id


def test_only_this_weeks_posts_have_a_score(year):
    week_ago = timezone.now() - timedelta(days=TRENDING_DAYS)

    assert Post.objects.filter(created_at__gte=week_ago, trending_score__gt=0).exists()
    assert not Post.objects.filter(created_at__lt=week_ago, trending_score__gt=0)
    assert not Post.objects.filter(created_at__gte=week_ago, trending_score=0)


def test_html_is_what_rendering_the_text_gives(year):
    """The generator renders templates once; the result must equal
    rendering each whole text, mentions included."""
    items = [
        *Post.objects.prefetch_related("mentions__person")[:300],
        *Answer.objects.prefetch_related("mentions__person")[:300],
        *Comment.objects.prefetch_related("mentions__person")[:300],
        *Post.objects.filter(mentions__isnull=False).distinct(),
        *Post.objects.filter(kind=PostKind.ARTICLE)[:50],
    ]

    for item in items:
        assert item.body_html == render(item.body_source, _paths(item)), item.pk


def test_mentions_name_members_who_can_read_and_are_linked(year):
    mentions = Mention.objects.select_related("person", "post__community")

    assert mentions.exists()
    for mention in mentions.filter(post__isnull=False):
        assert f"@{mention.person.handle}" in mention.post.body_source
        assert f'href="/people/{mention.person_id}/"' in mention.post.body_html
        assert permissions.can(mention.person, "community.read", mention.post.community)


def _states(person_id, topic_ids, skills):
    return bool(skills.get(person_id, set()) & topic_ids)


def test_people_who_state_a_topic_answer_it_more_than_chance(year):
    skills = {}
    for user_id, topic_id in User.skills.through.objects.values_list(
        "user_id", "topic_id"
    ):
        skills.setdefault(user_id, set()).add(topic_id)
    members = {}
    for community_id, person_id in Membership.objects.values_list(
        "community_id", "person_id"
    ):
        members.setdefault(community_id, []).append(person_id)
    by_experts, by_chance, answers = 0, 0.0, 0
    for answer in Answer.objects.select_related("post").prefetch_related(
        "post__topics"
    ):
        topic_ids = {topic.pk for topic in answer.post.topics.all()}
        people = members[answer.post.community_id]
        by_experts += _states(answer.author_id, topic_ids, skills)
        by_chance += sum(_states(p, topic_ids, skills) for p in people) / len(people)
        answers += 1

    assert by_experts / answers > by_chance / answers + 0.05


def test_the_same_people_keep_answering_the_same_topics(year):
    """In each community, a topic's three busiest answerers give a large
    share of its answers: expertise shows in who answers."""
    first_topic = {}
    for post_id, topic_id in Post.topics.through.objects.order_by("id").values_list(
        "post_id", "topic_id"
    ):
        first_topic.setdefault(post_id, topic_id)
    answerers = {}
    for post_id, author_id, community_id in Answer.objects.values_list(
        "post_id", "author_id", "post__community_id"
    ):
        key = (community_id, first_topic[post_id])
        answerers.setdefault(key, Counter())[author_id] += 1
    busy = [counts for counts in answerers.values() if counts.total() >= 20]
    shares = [
        sum(n for _person, n in counts.most_common(3)) / counts.total()
        for counts in busy
    ]

    assert busy
    assert sum(shares) / len(shares) > 0.4


def test_notifications_are_recent_consistent_and_visible(year):
    now = timezone.now()
    notifications = Notification.objects.annotate(
        people=Count("events__actor", distinct=True)
    )

    assert notifications.exists()
    assert not notifications.filter(updated_at__lt=now - timedelta(days=61))
    assert not NotificationEvent.objects.filter(actor=F("recipient")).exists()
    for notification in notifications.select_related("recipient"):
        assert notification.actor_count == notification.people
        assert (
            visible_notifications(notification.recipient)
            .filter(pk=notification.pk)
            .exists()
        )
    assert not Notification.objects.filter(
        read_at__isnull=True, updated_at__lt=now - timedelta(days=4)
    ).exists()
    assert NotificationEvent.objects.count() >= Notification.objects.count()


def test_nobody_reacts_to_what_they_wrote(year):
    assert Reaction.objects.exists()
    assert not Reaction.objects.filter(post__author=F("person")).exists()
    assert not Reaction.objects.filter(answer__author=F("person")).exists()


def test_the_busiest_communities_route_their_waiting_questions(year):
    notifying = RoutingRule.objects.filter(mode="notify")
    requests = HelpRequest.objects.select_related("post")

    assert notifying.count() == 2
    assert requests.exists()
    for request in requests:
        assert request.post.community_id in {rule.community_id for rule in notifying}
        assert request.person_id != request.post.author_id
        assert request.source == "routing"
