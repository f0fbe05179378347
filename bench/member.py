"""The person the HTTP bench signs in as, and the pages it loads.

Run inside Commonplace (`python -m commonplace shell -c`), on the bench's
database: picks a member with the median number of communities, signs them
in, finds a community of theirs, its busiest question (closest to 50
answers) and prints, as one JSON line, the session cookie and each
scenario's path with the number of queries it makes (measured here, once,
with the test client).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonplace.communities.models import Community
from commonplace.knowledge.models import Post, PostKind
from commonplace.people.models import User

QUESTION_ANSWERS = 50


def member() -> User:
    people = (
        User.objects.filter(is_active=True, is_staff=False)
        .annotate(communities=Count("memberships"))
        .filter(communities__gt=0)
        .order_by("communities", "pk")
    )
    return people[people.count() // 2]


def scenarios(person: User) -> dict[str, str]:
    community = (
        Community.objects.filter(memberships__person=person)
        .annotate(written=Count("posts"))
        .order_by("-written", "pk")
        .first()
    )
    if community is None:
        raise SystemExit(f"{person} belongs to no community with posts")
    questions = Post.objects.filter(community=community, kind=PostKind.QUESTION)
    question = min(
        questions.order_by("-answer_count")[:200],
        key=lambda post: abs(post.answer_count - QUESTION_ANSWERS),
    )
    return {
        "home feed": reverse("feeds:home"),
        "community feed": reverse("communities:detail", args=[community.slug]),
        "question page": reverse("knowledge:post", args=[question.pk]),
        "JSON list": reverse("api:community-posts", args=[community.slug]),
        "JSON object": reverse("api:post", args=[question.pk]),
        "notification poll": reverse("notifications:badge"),
    }


def main() -> None:
    person = member()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person)
    paths = scenarios(person)
    queries = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{name} ({path}) answered {status} to the member")
        queries[name] = len(captured.captured_queries)
    print(
        json.dumps(
            {
                "cookie": f"{settings.SESSION_COOKIE_NAME}="
                f"{client.cookies[settings.SESSION_COOKIE_NAME].value}",
                "paths": paths,
                "queries": queries,
            }
        )
    )
