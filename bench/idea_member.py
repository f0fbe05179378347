"""The person the ideas bench signs in as, and the pages it reads.

Run inside Commonplace (`python -m commonplace shell -c`), on the bench's
copy of an organisation bench.idea_seed filled: the member bench.member
signs in as (the median number of communities), in the community holding
the ideas. Prints, as one JSON line in bench.member's shape, the cookies
and each scenario's path with the number of queries it makes (measured
here, once, with the test client, after one request that fills the
caches a served page finds filled): the funnel page, the evaluation
board of the evaluation stage (the one with the scores), and the ideas
page, newest first.

`profile(NAME)` runs one scenario's request in-process under cProfile,
as bench.member's does.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from bench import member as bench_member
from commonplace.communities.models import Community
from commonplace.ideas.models import (
    DecisionRecord,
    Idea,
    Score,
    Stage,
    StageMove,
    Support,
)

EVALUATED = "Being evaluated"


def ideas_community() -> Community:
    community = (
        Community.objects.annotate(held=Count("ideas"))
        .filter(held__gt=0)
        .order_by("-held", "pk")
        .first()
    )
    if community is None:
        raise SystemExit("No community holds ideas: run bench.idea_seed first.")
    return community


def pages(community: Community) -> dict[str, str]:
    """Each scenario's path in the community holding the ideas."""
    evaluated = Stage.objects.get(community=community, name=EVALUATED)
    slug = [community.slug]
    return {
        "funnel page": reverse("ideas:funnel", args=slug),
        "evaluation board": reverse("ideas:board", args=slug)
        + f"?stage={evaluated.pk}",
        "ideas page": reverse("ideas:list", args=slug),
    }


def held(community: Community) -> dict[str, int]:
    """How much the community holds, for the figures' heading."""
    ideas = Idea.objects.filter(community=community)
    return {
        "ideas": ideas.count(),
        "moves": StageMove.objects.filter(idea__community=community).count(),
        "decisions": DecisionRecord.objects.filter(community=community).count(),
        "supports": Support.objects.filter(idea__community=community).count(),
        "scores": Score.objects.filter(idea__community=community).count(),
        "evaluated": ideas.filter(stage__name=EVALUATED).count(),
    }


def main() -> None:
    _person, client, _token = bench_member.signed_in()
    community = ideas_community()
    paths = pages(community)
    for path in paths.values():
        bench_member.request(client, path)
    queries = {
        name: bench_member.count_queries(client, path) for name, path in paths.items()
    }
    cookies = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    print(
        json.dumps(
            {
                "cookie": "; ".join(
                    f"{name}={client.cookies[name].value}" for name in cookies
                ),
                "paths": paths,
                "queries": queries,
                "facts": held(community),
            }
        )
    )


def profile(name: str, repeat: int = 5, top: int = 40, focus: str = "") -> None:
    """Where the time of one scenario's request goes (bench.member's
    `profile_request`)."""
    _person, client, _token = bench_member.signed_in()
    path = pages(ideas_community())[name]
    bench_member.profile_request(
        client, name, path, repeat=repeat, top=top, focus=focus
    )
