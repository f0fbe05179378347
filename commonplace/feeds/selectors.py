"""The home feed and the unanswered questions a person could answer.

Both read posts through `knowledge.selectors.readable_posts`, so a post
from a community the viewer cannot read never shows and is never counted,
and one from a community they lost access to disappears at once. The feed
is pulled when it is read: what a person follows is a handful of ids,
and the posts are one keyset query over an index in either order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community, Membership
from commonplace.communities.selectors import suggested_communities
from commonplace.core.errors import InvalidInput
from commonplace.core.pagination import Branches, Page, paginate, paginate_merged
from commonplace.knowledge.models import Answer, Post, PostKind
from commonplace.knowledge.selectors import (
    feed_rows,
    live_posts_of,
    readable_community_ids,
    readable_posts,
)
from commonplace.people.models import Follow, User
from commonplace.people.selectors import suggested_people
from commonplace.topics.models import Topic
from commonplace.topics.selectors import suggested_topics

LATEST = "latest"
TOP = "top"
ORDERS = {LATEST: ("-created_at", "-id"), TOP: ("-trending_score", "-id")}
# "Topics I know": stated skills and the topics one answered most.
MAX_KNOWN_TOPICS = 50
POST_TOPICS = Post.topics.through


@dataclass(frozen=True)
class Sources:
    """What a person's feed is made of: ids of what they follow or joined."""

    communities: frozenset[int]
    people: frozenset[int]
    topics: frozenset[int]

    @property
    def empty(self) -> bool:
        return not (self.communities or self.people or self.topics)


def feed_sources(viewer: User) -> Sources:
    """The communities joined or followed, people and topics followed."""
    follows = Follow.objects.filter(follower=viewer).values_list(
        "person_id", "topic_id", "community_id"
    )
    people, topics, communities = set(), set(), set()
    for person_id, topic_id, community_id in follows:
        if person_id:
            people.add(person_id)
        elif topic_id:
            topics.add(topic_id)
        elif community_id:
            communities.add(community_id)
    communities |= set(
        Membership.objects.filter(person=viewer).values_list("community_id", flat=True)
    )
    return Sources(frozenset(communities), frozenset(people), frozenset(topics))


def _on_topics(topic_ids: frozenset[int]) -> Exists:
    return Exists(POST_TOPICS.objects.filter(post=OuterRef("pk"), topic__in=topic_ids))


def _check_order(order: str) -> tuple[str, ...]:
    if order not in ORDERS:
        message = _("Choose latest or top.")
        raise InvalidInput(message, fields={"order": [message]})
    return ORDERS[order]


def home_feed(
    viewer: permissions.Viewer,
    *,
    order: str = LATEST,
    cursor: str | None = None,
    size: int = 20,
) -> Page[Post]:
    """Posts from what the viewer follows, newest first or top this week.

    "Top this week" orders this week's posts by their stored score, so
    its pages are a keyset on (score, id) like any other list.
    """
    ordering = _check_order(order)
    if not permissions.is_signed_in(viewer):
        return Page(items=[], next_cursor=None)
    sources = feed_sources(viewer)
    if sources.empty:
        return Page(items=[], next_cursor=None)
    posts = readable_posts(viewer)
    communities = sorted(readable_community_ids(viewer, sources.communities))
    in_communities = live_posts_of(communities)
    if order == TOP:
        posts = posts.filter(trending_score__gt=0)
        in_communities = in_communities.filter(trending_score__gt=0)
    branches = [
        Branches(lambda pk: Q(community_id=pk), communities, within=in_communities),
        Branches(lambda pk: Q(author_id=pk), sorted(sources.people)),
        Branches(_on_topic, sorted(sources.topics)),
    ]
    return paginate_merged(
        feed_rows(posts), branches, ordering=ordering, cursor=cursor, size=size
    )


def _on_topic(topic_id: int) -> Q:
    """A topic's posts by the topic's links (an EXISTS per post would walk
    every readable post in date order)."""
    return Q(pk__in=POST_TOPICS.objects.filter(topic_id=topic_id).values("post_id"))


def known_topics(viewer: User) -> list[Topic]:
    """The topics the viewer states, and those of the questions they have
    answered most (up to 50 in all), by name."""
    answered = (
        POST_TOPICS.objects.filter(
            post__in=Answer.objects.filter(author=viewer).values("post")
        )
        .values("topic")
        .annotate(times=Count("post", distinct=True))
        .order_by("-times", "topic")[:MAX_KNOWN_TOPICS]
    )
    return list(
        Topic.objects.filter(
            Q(pk__in=viewer.skills.values("pk"))
            | Q(pk__in=[row["topic"] for row in answered])
        ).order_by("key", "id")[:MAX_KNOWN_TOPICS]
    )


def unanswered_for(
    viewer: permissions.Viewer,
    topics: list[Topic],
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[Post]:
    """Open questions on `topics`, across every community the viewer reads,
    newest first; their own questions are left out."""
    if not permissions.is_signed_in(viewer) or not topics:
        return Page(items=[], next_cursor=None)
    topic_ids = frozenset(topic.pk for topic in topics)
    questions = (
        readable_posts(viewer)
        .filter(kind=PostKind.QUESTION, is_resolved=False)
        .exclude(author=viewer)
        .filter(_on_topics(topic_ids))
    )
    return paginate(
        feed_rows(questions), ordering=ORDERS[LATEST], cursor=cursor, size=size
    )


@dataclass(frozen=True)
class Suggestions:
    """Where a new member could start: communities, topics, people."""

    communities: list[Community]
    topics: list[Topic]
    people: list[User]

    @property
    def any(self) -> bool:
        return bool(self.communities or self.topics or self.people)


def feed_suggestions(viewer: permissions.Viewer) -> Suggestions:
    return Suggestions(
        communities=suggested_communities(viewer),
        topics=suggested_topics(viewer),
        people=suggested_people(viewer),
    )
