"""The members the mixed workload signs in, and what each reads and writes.

Run inside Commonplace (`python -m commonplace shell -c`), on the bench's
database and with its REDIS_URL (sessions live in Redis there): takes the
first `size` members who may post in a community with a question, signs
each in (a session of their own) and gives each a personal access token,
and prints, as one JSON line, per member: the session cookie, the token,
the pages and API objects they read, and the API paths they write to.
Writes use the token, as scripts do, so they need no CSRF token.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.test import Client
from django.urls import reverse

from commonplace.accounts.services import create_access_token
from commonplace.communities.models import Membership, Role
from commonplace.knowledge.models import Post, PostKind

ROWS_PER_PERSON = 50
POSTING_ROLES = [Role.OWNER, Role.LEADER, Role.MODERATOR, Role.MEMBER]


def memberships(size: int) -> list[Membership]:
    """One membership each for the first `size` members who may post in a
    community that holds a question."""
    with_questions = list(
        Post.objects.filter(kind=PostKind.QUESTION)
        .values_list("community_id", flat=True)
        .distinct()
    )
    # Nobody belongs to more than a few dozen communities: enough rows for
    # `size` people, without scanning every membership.
    candidates = (
        Membership.objects.filter(
            role__in=POSTING_ROLES,
            person__is_active=True,
            person__is_staff=False,
            community_id__in=with_questions,
        )
        .select_related("person", "community")
        .order_by("person_id", "pk")[: size * ROWS_PER_PERSON]
    )
    chosen: dict[int, Membership] = {}
    for membership in candidates:
        chosen.setdefault(membership.person_id, membership)
    return list(chosen.values())[:size]


def member(membership: Membership) -> dict[str, object]:
    person, community = membership.person, membership.community
    question = (
        Post.objects.filter(community=community, kind=PostKind.QUESTION)
        .order_by("-answer_count", "pk")
        .first()
    )
    if question is None:  # memberships() chose communities with one
        raise SystemExit(f"{community} has no question")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    _, token = create_access_token(
        person=person, created_by=person, name="mixed bench", expires_in_days=7
    )
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}="
        f"{client.cookies[settings.SESSION_COOKIE_NAME].value}",
        "token": token,
        "reads": [
            reverse("feeds:home"),
            reverse("communities:detail", args=[community.slug]),
            reverse("knowledge:post", args=[question.pk]),
            reverse("api:community-posts", args=[community.slug]),
            reverse("api:post", args=[question.pk]),
            reverse("notifications:badge"),
        ],
        "writes": {
            "answer": reverse("api:post-answers", args=[question.pk]),
            "comment": reverse("api:post-comments", args=[question.pk]),
            "post": reverse("api:community-posts", args=[community.slug]),
        },
    }


def main(size: int) -> None:
    crowd = [member(membership) for membership in memberships(size)]
    if len(crowd) < size:
        raise SystemExit(f"only {len(crowd)} members may post; {size} wanted")
    print(json.dumps({"crowd": crowd}))
