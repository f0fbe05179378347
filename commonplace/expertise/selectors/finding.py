"""Reading who knows what, narrowed to what the viewer may see.

Expertise is kept per community (`TopicExpertise`), and every read here
sums only the rows of the communities the viewer reads: neither a
person's place in the directory, nor a topic on their page, nor the
evidence beside either reveals a contribution the viewer could not open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import ngettext

from commonplace import permissions
from commonplace.communities.selectors import readable_communities
from commonplace.core.pagination import DEFAULT_PAGE_SIZE, Page, bad_cursor, check_size
from commonplace.expertise.decay import as_of
from commonplace.expertise.models import TopicExpertise
from commonplace.expertise.ranker import (
    MAX_SUGGESTIONS,
    Question,
    Suggestion,
    suggest_people,
)
from commonplace.people.models import User
from commonplace.topics.models import Topic

KNOWN_TOPICS = 5
STRONGEST_TOPICS = 10
CURSOR_SALT = "commonplace.expertise.directory"
# A page link ranks as of the moment the first page was shown, so walking
# the pages meets everyone once; after this long it starts over.
CURSOR_MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class About:
    """What the directory is asked: words, the topics they name, and the
    people to consider (a team, a location)."""

    words: str
    topics: tuple[Topic, ...] = ()
    among: Q | None = None


@dataclass(frozen=True)
class KnownTopic:
    """One topic a person has shown they know, summed over the
    communities the viewer reads; `weight` is as of now."""

    topic: Topic
    weight: float
    answers: int
    accepted: int
    writings: int

    @property
    def evidence(self) -> list[str]:
        """What they did on it, in words: "14 answers, 6 accepted"."""
        said = []
        if self.answers:
            said.append(
                ngettext(
                    "%(count)d answer, %(accepted)d accepted",
                    "%(count)d answers, %(accepted)d accepted",
                    self.answers,
                )
                % {"count": self.answers, "accepted": self.accepted}
            )
        if self.writings:
            said.append(
                ngettext(
                    "%(count)d article or note",
                    "%(count)d articles or notes",
                    self.writings,
                )
                % {"count": self.writings}
            )
        return said


def people_who_know(
    viewer: permissions.Viewer,
    about: About,
    *,
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> Page[Suggestion]:
    """A page of the people who know most about `about`, best first, each
    with the evidence for it, as the ranker finds them.

    The ranking is computed, not stored, so the cursor holds the moment
    the first page ranked as of and the place reached, signed: the next
    page ranks as of the same moment, and a reader cannot choose another.
    A cursor not made here, or older than a day, raises InvalidInput.
    The viewer is not listed, as the ranker never suggests the asker.
    """
    permissions.require(viewer, "browse_directory", hide=True)
    check_size(size)
    moment, start = _read_cursor(cursor) if cursor else (timezone.now(), 0)
    question = Question(title=about.words, topics=about.topics)
    ranked = suggest_people(
        viewer,
        question,
        size=min(start + size + 1, MAX_SUGGESTIONS),
        now=moment,
        among=about.among,
    )
    end = start + size
    more = len(ranked) > end
    return Page(
        items=ranked[start:end], next_cursor=_cursor(moment, end) if more else None
    )


def _cursor(moment: datetime, start: int) -> str:
    return signing.dumps([moment.isoformat(), start], salt=CURSOR_SALT)


def _read_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        values: Any = signing.loads(cursor, salt=CURSOR_SALT, max_age=CURSOR_MAX_AGE)
        stamp, start = values
        moment = parse_datetime(stamp)
    except (signing.BadSignature, TypeError, ValueError):
        raise bad_cursor() from None
    if moment is None or not isinstance(start, int) or start < 0:
        raise bad_cursor()
    return moment, start


def known_topics(
    viewer: permissions.Viewer, person: User, *, size: int = KNOWN_TOPICS
) -> list[KnownTopic]:
    """`person`'s strongest topics, from their contributions in the
    communities `viewer` reads only, strongest first: one query."""
    rows = _by_topic(
        TopicExpertise.objects.filter(
            person=person, community__in=readable_communities(viewer)
        )
    ).annotate(
        answer_total=Sum("answers"),
        accepted_total=Sum("accepted"),
        writing_total=Sum("writings"),
    )[:size]
    now = timezone.now()
    return [
        KnownTopic(
            topic=_topic(row),
            weight=as_of(row["strength"], now),
            answers=row["answer_total"],
            accepted=row["accepted_total"],
            writings=row["writing_total"],
        )
        for row in rows
    ]


def strongest_topics(
    viewer: permissions.Viewer, *, size: int = STRONGEST_TOPICS
) -> list[Topic]:
    """The topics most known in the communities `viewer` reads, for a
    directory asked nothing yet: what there is to ask about."""
    if not permissions.can(viewer, "browse_directory"):
        return []
    rows = _by_topic(
        TopicExpertise.objects.filter(community__in=readable_communities(viewer))
    )
    return [_topic(row) for row in rows[:size]]


def _by_topic(rows: QuerySet[TopicExpertise]) -> QuerySet[TopicExpertise, Any]:
    """`rows` summed per topic, strongest first. Stored weights are grown
    by one factor for every row (`decay`), so their sums order topics as
    they stand now."""
    return (
        rows.values("topic_id", "topic__name", "topic__slug")
        .annotate(strength=Sum("weight"))
        .order_by("-strength", "topic_id")
    )


def _topic(row: dict[str, Any]) -> Topic:
    """The topic of a summed row, from the columns read with it."""
    return Topic(pk=row["topic_id"], name=row["topic__name"], slug=row["topic__slug"])
