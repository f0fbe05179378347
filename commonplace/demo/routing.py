"""The demo's routing of questions: its two busiest communities notify
the people most likely to help, and their newest questions still waiting
were routed, so the requests page, the help panel and the leaders'
figures have something to show from the first sign-in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import Count, Q

from commonplace.communities.models import Community
from commonplace.expertise import services
from commonplace.expertise.models import RoutingRule
from commonplace.knowledge.models import Post, PostKind

ROUTED_COMMUNITIES = 2
ROUTED_QUESTIONS = 12
# Notifying began a while ago, so the figures compare a before and after.
NOTIFYING_FOR = timedelta(days=60)


def route_waiting_questions(communities: Sequence[Community], now: datetime) -> int:
    """Turn notifying on where most is asked and route the newest
    questions without an answer; returns how many people were asked."""
    busiest = (
        Community.objects.filter(pk__in=[community.pk for community in communities])
        .annotate(questions=Count("posts", filter=Q(posts__kind=PostKind.QUESTION)))
        .order_by("-questions", "pk")[:ROUTED_COMMUNITIES]
    )
    for community in busiest:
        RoutingRule.objects.update_or_create(
            community=community,
            defaults={
                "mode": RoutingRule.Mode.NOTIFY,
                "notifying_since": now - NOTIFYING_FOR,
            },
        )
    waiting = Post.objects.filter(
        community__in=list(busiest),
        kind=PostKind.QUESTION,
        answer_count=0,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    ).order_by("-created_at", "-pk")[:ROUTED_QUESTIONS]
    asked = 0
    for question in waiting:
        routed = services.route(question.pk, now=now)
        asked += routed.asked if routed else 0
    return asked
