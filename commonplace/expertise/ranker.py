"""Who can likely help with a question: the ranker.

Given a question (title, body, topics) and the person asking, it scores
people by what they demonstrably did, as far as the asker may see:

- **similar questions** (from search) whose accepted answer, or whose
  helpful answer when none was accepted, they wrote; a question counts by
  how alike it is (its score over the best one's, squared, so near
  matches dominate) and by how recent the answer is;
- **topic expertise** (`TopicExpertise`) on the question's topics;
- a **stated topic** (a skill on their profile), a weak prior that lets
  a newcomer who says they know something appear at all;
- how **active** they are now (their answers, each halving every four
  weeks, kept on their answer habits; as a share of the most active of
  the 50 who know most, at most 1), which scales the sum: someone who
  left a year ago cannot help today;
- how **soon** they usually answer, a small bonus;
- their **load** (open questions they were asked to help with or
  @mentioned in this week, in communities the asker reads), which
  divides the score so requests spread instead of falling on the same
  few people;
- a **"not my area"** they gave when asked about a similar question,
  which divides it too, by how alike that question was.

One rule then spreads requests further: when the third person (routing
asks the top 3) was already asked this week, the best of the next five
who was not takes that place, if their score is at least a tenth of
theirs (`_given_way`).

Knowledge is measured for every candidate; the rest (activity, habits,
load) only for the best by knowledge, in at most two rounds: the
multipliers are bounded, so after the first round only those who could
still reach the last place taken are measured, and the result is
exactly that of scoring everyone.

Every figure comes only from communities the asker may read, so neither a
suggestion's rank nor its evidence reveals a contribution they could not
see. The constants were chosen on a chronological validation slice of the
shared dumps, never on their test split (docs/quality.md, routing).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import cast

from django.db.models import F, Q
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.communities.selectors import readable_communities
from commonplace.core.lookups import Ids
from commonplace.expertise.decay import RECENT_HALF_LIFE, remaining
from commonplace.expertise.decay import as_of as decayed
from commonplace.expertise.models import (
    AnswerHabit,
    HelpRequest,
    RoutingRule,
    TopicExpertise,
)
from commonplace.knowledge.models import Answer, Mention, PostKind
from commonplace.people.models import User
from commonplace.search.selectors import scored_questions
from commonplace.topics.models import Topic

SIMILAR_QUESTIONS = 100
SIMILARITY_POWER = 2.0
TOPIC_SHARE = 1.0  # topic expertise beside similar questions (each scaled to 1)
STATED_PRIOR = 0.05
TOPIC_ROWS = 2000  # the strongest topic rows read per question
ACTIVITY_FLOOR = 0.3
ACTIVITY_POWER = 2.0
RESPONSE_BONUS = 0.2
LOAD_PENALTY = 1.5
LOAD_WINDOW = timedelta(days=7)
DECLINE_PENALTY = 2.0
MAX_SUGGESTIONS = 1000
# A busy last asked place gives way to someone free (`_given_way`).
ASKED_PLACES = RoutingRule.DEFAULT_TOP  # those routing asks by default
GIVE_WAY_DEPTH = 8
GIVE_WAY_SHARE = 0.1
# Candidates measured first (or 4 per place wanted); activity is read as
# a share of the most active of the first FIRST_ROUND by knowledge, the
# same whatever the number of people asked for.
FIRST_ROUND = 50
# The most activity, response time, load and declines can multiply
# knowledge by: what bounds a candidate not measured yet.
BEST_MULTIPLIER = (ACTIVITY_FLOOR + 1) ** ACTIVITY_POWER * (1 + RESPONSE_BONUS)
WORD = re.compile(r"\w+")


@dataclass
class Suggestion:
    """One person who can likely help, and why, in words."""

    person: User
    score: float
    evidence: list[str]


@dataclass
class _TopicTotal:
    """One person's contributions on one topic, over the communities read."""

    topic: Topic
    weight: float = 0.0
    answers: int = 0
    accepted: int = 0
    writings: int = 0


@dataclass
class _Habit:
    last_answer_at: datetime
    typical_response: timedelta


@dataclass
class _Candidate:
    similar: float = 0.0
    similar_answered: int = 0
    similar_accepted: int = 0
    topic: float = 0.0
    best_topic: _TopicTotal | None = None
    best_topic_weight: float = 0.0
    stated: Topic | None = None
    activity: float = 0.0
    habit: _Habit | None = None
    load: int = 0
    declined: float = 0.0  # how alike the questions they said were not theirs


@dataclass(frozen=True)
class Question:
    """What is known of the question being asked (it may not exist yet)."""

    title: str
    body: str = ""
    topics: Sequence[Topic] = ()
    community: Community | None = None


def suggest_people(
    viewer: permissions.Viewer,
    question: Question,
    *,
    size: int = 5,
    now: datetime | None = None,
    load: Mapping[int, int] | None = None,
    among: Q | None = None,
) -> list[Suggestion]:
    """The `size` people most likely to answer well, best first.

    `now` is the moment asked at (the evaluation replays history); `load`
    replaces the open requests counted from mentions, for a replay that
    keeps its own; `among` narrows the people considered (a team, a
    community's members). The asker, deactivated people, people the asker
    may not see and, for a question in a community, people who may not
    read it never appear.
    """
    if not permissions.is_signed_in(viewer):
        return []
    moment = now or timezone.now()
    # Read once as plain ids: every read below filters by them, and a
    # list of ids costs less to send than the rule to compile, each time.
    readable = Ids(readable_communities(viewer).order_by().values_list("pk", flat=True))
    candidates: dict[int, _Candidate] = defaultdict(_Candidate)
    alike = _similar(viewer, question, moment, candidates)
    _topics(question.topics, readable, moment, candidates)
    _stated(question.topics, candidates)
    allowed = _allowed(viewer, question.community, candidates, among)
    for pk in list(candidates):
        if pk not in allowed:
            del candidates[pk]
    _declined(alike, candidates)
    wanted = min(max(size, GIVE_WAY_DEPTH), MAX_SUGGESTIONS)
    scores = _ranked(
        candidates, wanted, lambda batch: _measure(readable, moment, batch, load)
    )
    order = _given_way(list(scores), scores, candidates)[:size]
    people = _people(order)
    return [
        Suggestion(people[pk], scores[pk], _evidence(candidates[pk], moment))
        for pk in order
    ]


def _given_way(
    order: list[int], scores: Mapping[int, float], candidates: Mapping[int, _Candidate]
) -> list[int]:
    """`order`, with a busy last asked place given to someone free: when
    the person at place ASKED_PLACES (those routing asks) was already asked
    about an open question this week, the best of the next places up to
    GIVE_WAY_DEPTH who was not takes it, if their score is at least
    GIVE_WAY_SHARE of theirs. The load penalty alone leaves the busiest
    experts on top when they know many times more than the next."""
    if len(order) <= ASKED_PLACES or not candidates[order[ASKED_PLACES - 1]].load:
        return order
    busy = order[ASKED_PLACES - 1]
    for pk in order[ASKED_PLACES:GIVE_WAY_DEPTH]:
        if not candidates[pk].load and scores[pk] >= GIVE_WAY_SHARE * scores[busy]:
            order.remove(pk)
            order.insert(ASKED_PLACES - 1, pk)
            break
    return order


def _ranked(
    candidates: dict[int, _Candidate],
    wanted: int,
    measure: Callable[[dict[int, _Candidate]], None],
) -> dict[int, float]:
    """The `wanted` best scores, best first, measuring as few as exactness
    allows: the best by knowledge first, then only those of the rest whose
    best possible score reaches the last place already taken (a later
    round can only raise it, so nobody left out could have entered)."""
    knowledge = _knowledge(candidates)
    order = sorted(candidates, key=lambda pk: (-knowledge[pk], pk))
    first = order[: max(FIRST_ROUND, 4 * wanted)]
    measure({pk: candidates[pk] for pk in first})
    most_active = max(
        (candidates[pk].activity for pk in order[:FIRST_ROUND]), default=0
    )
    rate = partial(_score, knowledge=knowledge, most_active=most_active or 1)
    scores = {pk: rate(pk, candidates[pk]) for pk in first}
    bar = _last_place(scores, wanted)
    # `order` is by knowledge, so those who could still enter come first.
    rest = list(
        itertools.takewhile(
            lambda pk: knowledge[pk] * BEST_MULTIPLIER >= bar, order[len(first) :]
        )
    )
    if rest:
        measure({pk: candidates[pk] for pk in rest})
        scores.update({pk: rate(pk, candidates[pk]) for pk in rest})
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:wanted]
    return {pk: scores[pk] for pk in best}


def _last_place(scores: Mapping[int, float], wanted: int) -> float:
    """The score to reach to be among the `wanted` best so far (any, while
    fewer have been scored); a tie can enter, as ties go by pk."""
    if len(scores) < wanted:
        return -math.inf
    return sorted(scores.values(), reverse=True)[wanted - 1]


def _measure(
    readable: Ids,
    moment: datetime,
    batch: dict[int, _Candidate],
    load: Mapping[int, int] | None,
) -> None:
    _habits(readable, moment, batch)
    _load(readable, moment, batch, load)


def _query_text(question: Question) -> str:
    """Title first (the search keeps the first words), then the topics and
    the body, as plain words: quotes and dashes in a body are not search
    syntax here."""
    names = " ".join(topic.name for topic in question.topics)
    text = f"{question.title} {names} {question.body}"
    return " ".join(WORD.findall(text))


def _similar(
    viewer: permissions.Viewer,
    question: Question,
    moment: datetime,
    candidates: dict[int, _Candidate],
) -> dict[int, float]:
    """Credit whoever solved the similar questions; return how alike each
    similar question is (1 for the nearest)."""
    found = scored_questions(
        viewer, _query_text(question), before=moment, size=SIMILAR_QUESTIONS
    )
    if not found:
        return {}
    best = max(score for _pk, score in found)
    if best <= 0:
        return {}
    alike = {pk: (max(score, 0) / best) ** SIMILARITY_POWER for pk, score in found}
    for author, post, created_at, accepted in _credited_answers(alike, moment):
        candidate = candidates[author]
        candidate.similar += alike[post] * remaining(created_at, moment)
        candidate.similar_answered += 1
        candidate.similar_accepted += int(accepted)
    return alike


def _declined(alike: Mapping[int, float], candidates: dict[int, _Candidate]) -> None:
    """Who said "not my area" when asked about one of the similar
    questions (all of which the asker may read)."""
    if not alike or not candidates:
        return
    rows = HelpRequest.objects.filter(
        post_id__in=list(alike), declined=HelpRequest.Decline.NOT_MY_AREA
    ).values_list("person_id", "post_id")
    for person, post in rows:
        if person in candidates:
            candidates[person].declined += alike[post]


def _credited_answers(
    alike: Mapping[int, float], moment: datetime
) -> Iterable[tuple[int, int, datetime, bool]]:
    """Who solved each question: its accepted answer's author, or, when
    none was accepted, the authors of its answers someone found helpful."""
    accepted = Q(post__accepted_answer=F("pk"))
    helpful = Q(post__accepted_answer__isnull=True) & (
        Q(helpful_count__gt=0) | Q(imported_helpful_count__gt=0)
    )
    rows = Answer.objects.filter(
        accepted | helpful,
        post_id__in=list(alike),
        created_at__lt=moment,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    ).values_list("author_id", "post_id", "created_at", "post__accepted_answer_id")
    for author, post, created_at, accepted_id in rows:
        yield author, post, created_at, accepted_id is not None


def _topics(
    topics: Sequence[Topic],
    readable: Ids,
    moment: datetime,
    candidates: dict[int, _Candidate],
) -> None:
    if not topics:
        return
    by_pk = {topic.pk: topic for topic in topics}
    rows = (
        TopicExpertise.objects.filter(
            topic__in=list(topics),
            community_id__any_of=readable,
            last_contributed_at__lt=moment,
        )
        .order_by("-weight", "pk")
        .values_list(
            "person_id", "topic_id", "weight", "answers", "accepted", "writings"
        )[:TOPIC_ROWS]
    )
    # One person's rows for one topic, summed over the communities read.
    summed: dict[tuple[int, int], _TopicTotal] = {}
    for person, topic, weight, answers, accepted, writings in rows:
        now_weight = decayed(weight, moment)
        candidates[person].topic += now_weight
        total = summed.setdefault((person, topic), _TopicTotal(by_pk[topic]))
        total.weight += now_weight
        total.answers += answers
        total.accepted += accepted
        total.writings += writings
    for (person, _topic), total in summed.items():
        candidate = candidates[person]
        if total.weight > candidate.best_topic_weight:
            candidate.best_topic, candidate.best_topic_weight = total, total.weight


def _stated(topics: Sequence[Topic], candidates: dict[int, _Candidate]) -> None:
    if not topics:
        return
    by_pk = {topic.pk: topic for topic in topics}
    stating = User.skills.through.objects.filter(topic_id__in=list(by_pk))
    for person, topic in stating.values_list("user_id", "topic_id")[:TOPIC_ROWS]:
        candidates[person].stated = by_pk[topic]


def _allowed(
    viewer: permissions.Viewer,
    community: Community | None,
    candidates: Mapping[int, _Candidate],
    among: Q | None,
) -> set[int]:
    """The candidates who may be suggested to this viewer."""
    people = User.objects.filter(
        permissions.visible_people_filter(viewer),
        pk__any_of=Ids(candidates),
        is_active=True,
    ).exclude(pk=cast("User", viewer).pk)
    if community is not None:
        people = people.filter(permissions.community_readers_filter(community))
    if among is not None:
        people = people.filter(among)
    return set(people.values_list("pk", flat=True))


def _people(pks: list[int]) -> dict[int, User]:
    return User.objects.select_related("team").in_bulk(pks)


def _habits(
    readable: Ids,
    moment: datetime,
    candidates: dict[int, _Candidate],
) -> None:
    """Each person's habit in the community where they answered most, with
    their last answer and their recent activity anywhere the asker reads.

    The communities are left out here rather than in SQL: a person's
    habits are few beside people times communities read, which both
    filters together would have the database probe one by one."""
    habits = (
        AnswerHabit.objects.filter(person_id__any_of=Ids(candidates))
        .order_by("person_id", "-answers", "pk")
        .values_list(
            "person_id", "community_id", "last_answer_at", "recent", "typical_response"
        )
    )
    read = set(readable.values)
    for person, community, last_answer_at, recent, typical in habits:
        if community not in read:
            continue
        candidate = candidates[person]
        candidate.activity += recent * remaining(
            last_answer_at, moment, RECENT_HALF_LIFE
        )
        if candidate.habit is None:
            candidate.habit = _Habit(last_answer_at, typical)
        elif last_answer_at > candidate.habit.last_answer_at:
            candidate.habit.last_answer_at = last_answer_at


def _load(
    readable: Ids,
    moment: datetime,
    candidates: dict[int, _Candidate],
    given: Mapping[int, int] | None,
) -> None:
    if given is None:
        given = _open_asks(readable, moment, list(candidates))
    for pk, candidate in candidates.items():
        candidate.load = given.get(pk, 0)


def _open_asks(readable: Ids, moment: datetime, people: list[int]) -> dict[int, int]:
    """How many open questions of the last week each person was asked to
    help with (and has not declined) or @mentioned in: what they have
    already been asked to look at."""
    still_open = Q(
        person_id__any_of=Ids(people),
        post__kind=PostKind.QUESTION,
        post__is_resolved=False,
        post__deleted_at__isnull=True,
        post__community_id__any_of=readable,
        created_at__gte=moment - LOAD_WINDOW,
    )
    mentioned = Mention.objects.filter(still_open).values_list("person_id", "post_id")
    asked = HelpRequest.objects.filter(still_open, declined="").values_list(
        "person_id", "post_id"
    )
    # UNION keeps one row per person and question, however they were asked.
    return Counter(person for person, _post in mentioned.union(asked))


def _knowledge(candidates: Mapping[int, _Candidate]) -> dict[int, float]:
    """Demonstrated knowledge: similar questions and topics, each as a
    share of the best candidate's, and the weak prior of a stated topic."""
    found = candidates.values()
    best_similar = max((c.similar for c in found), default=0) or 1
    best_topic = max((c.topic for c in found), default=0) or 1
    knowledge = {}
    for pk, candidate in candidates.items():
        known = candidate.similar / best_similar
        known += TOPIC_SHARE * candidate.topic / best_topic
        if candidate.stated is not None:
            known += STATED_PRIOR
        knowledge[pk] = known
    return knowledge


def _score(
    pk: int,
    candidate: _Candidate,
    *,
    knowledge: Mapping[int, float],
    most_active: float,
) -> float:
    """Knowledge, scaled by how active they are now and how soon they
    answer, divided by their load and by the similar questions they said
    were not theirs: at most BEST_MULTIPLIER times their knowledge."""
    active = ACTIVITY_FLOOR + min(candidate.activity / most_active, 1.0)
    soon = 1.0
    if candidate.habit is not None:
        hours = candidate.habit.typical_response.total_seconds() / 3600
        soon += RESPONSE_BONUS / (1 + hours / 24)
    load = 1 + LOAD_PENALTY * candidate.load
    refused = 1 + DECLINE_PENALTY * candidate.declined
    return knowledge[pk] * active**ACTIVITY_POWER * soon / (load * refused)


def _evidence(candidate: _Candidate, moment: datetime) -> list[str]:
    """Why this person, in words, from the same figures as their score."""
    said = []
    if candidate.similar_answered:
        said.append(
            ngettext(
                "answered %(count)d similar question, %(accepted)d accepted",
                "answered %(count)d similar questions, %(accepted)d accepted",
                candidate.similar_answered,
            )
            % {
                "count": candidate.similar_answered,
                "accepted": candidate.similar_accepted,
            }
        )
    said += _topic_evidence(candidate)
    habit = candidate.habit
    if habit is not None:
        said.append(
            _("last answer %(time)s ago")
            % {"time": timesince(habit.last_answer_at, moment)}
        )
        said.append(
            _("usually answers within %(time)s")
            % {"time": timesince(moment - habit.typical_response, moment)}
        )
    if candidate.load:
        said.append(
            ngettext(
                "already asked about %(count)d open question this week",
                "already asked about %(count)d open questions this week",
                candidate.load,
            )
            % {"count": candidate.load}
        )
    return said


def _topic_evidence(candidate: _Candidate) -> list[str]:
    best = candidate.best_topic
    said = []
    if best is not None and best.answers:
        said.append(
            ngettext(
                "answered %(count)d question on %(topic)s, %(accepted)d accepted",
                "answered %(count)d questions on %(topic)s, %(accepted)d accepted",
                best.answers,
            )
            % {
                "count": best.answers,
                "topic": best.topic.name,
                "accepted": best.accepted,
            }
        )
    if best is not None and best.writings:
        said.append(
            ngettext(
                "wrote %(count)d article or note on %(topic)s",
                "wrote %(count)d articles or notes on %(topic)s",
                best.writings,
            )
            % {"count": best.writings, "topic": best.topic.name}
        )
    if candidate.stated is not None:
        said.append(
            _("lists %(topic)s among their skills") % {"topic": candidate.stated.name}
        )
    return said
