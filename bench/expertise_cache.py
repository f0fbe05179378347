"""Cached organisations' expertise, brought up to date once, and timed.

Organisations cached before expertise existed hold none, and one whose
rebuild was interrupted holds it for some communities only (a rebuild
does one community per transaction, so each is either done or not).
`main`, run inside Commonplace on the cached database itself (`python -m
commonplace shell -c`), prints as one JSON line the communities with
answers but no expertise; bench.databases then runs `commonplace
rebuild_expertise` on those (all of them: a full rebuild) and `record`s
how long it took. The generator computes expertise as it finishes, so an
organisation it makes has none missing.
"""

from __future__ import annotations

import json

from bench.figures_log import BENCH_VAR, FiguresLog

_LOG = FiguresLog(BENCH_VAR / "expertise.json")
recorded = _LOG.recorded
record = _LOG.record


def main() -> None:
    """Print the slugs of the communities whose live answers have no
    expertise computed, how many communities there are, and in how many
    it was computed (none: the organisation predates expertise)."""
    from django.db.models import Exists, OuterRef

    from commonplace.communities.models import Community
    from commonplace.expertise.models import AnswerHabit
    from commonplace.knowledge.models import Answer, PostKind

    # Every live answer on a live question gives its author a habit row in
    # the community (expertise.services), so a community with such an
    # answer and no habit row was never computed.
    answered = Answer.objects.filter(
        post__community=OuterRef("pk"),
        post__kind=PostKind.QUESTION,
        post__deleted_at__isnull=True,
        post__hidden_at__isnull=True,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    )
    computed = AnswerHabit.objects.filter(community=OuterRef("pk"))
    missing = (
        Community.objects.filter(Exists(answered))
        .exclude(Exists(computed))
        .order_by("pk")
        .values_list("slug", flat=True)
    )
    print(
        json.dumps(
            {
                "missing": list(missing),
                "communities": Community.objects.count(),
                "computed": AnswerHabit.objects.values("community").distinct().count(),
            }
        )
    )


def counts() -> None:
    """Print what a rebuild reads and writes here, as one JSON line."""
    from commonplace.expertise.models import AnswerHabit, TopicExpertise
    from commonplace.knowledge.models import Answer, Post

    print(
        json.dumps(
            {
                "posts": Post.objects.count(),
                "answers": Answer.objects.count(),
                "topic_rows": TopicExpertise.objects.count(),
                "habit_rows": AnswerHabit.objects.count(),
            }
        )
    )
