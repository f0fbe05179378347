"""Reads about asking for help, already narrowed to what the viewer may see.

What the asker is offered (the people likely to help, each marked with
why they cannot be asked now), the requests a person received and made,
who was asked about a question, and how routing went in a community.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.expertise.availability import unavailable
from commonplace.expertise.models import HelpRequest, RoutingRule
from commonplace.expertise.ranker import Question, Suggestion, suggest_people
from commonplace.knowledge.models import Answer, Post, PostKind
from commonplace.knowledge.selectors import readable_posts
from commonplace.people.models import User

NEWEST_FIRST = ("-created_at", "-pk")
# What anyone but the person asked learns of a decline: that it was one.
CANNOT_HELP = "cannot_help"
# The questions the leaders' figures look back over, before and after.
FIGURES_WINDOW = timedelta(days=90)
BUSIEST = 3


@dataclass
class Offer:
    """Someone the asker may ask, or why not now (`reason`)."""

    person: User
    evidence: list[str]
    reason: str = ""
    chosen: bool = False


def offers(
    viewer: permissions.Viewer,
    question: Question | None,
    *,
    size: int = 5,
    chosen: Sequence[int] = (),
    post: Post | None = None,
) -> list[Offer]:
    """The people likely to help, best first, and those already chosen
    (kept ticked while the question is edited), each with whether they
    may be asked now."""
    if not permissions.is_signed_in(viewer):
        return []
    found: list[Suggestion] = []
    if question is not None:
        found = suggest_people(viewer, question, size=size)
    shown = {suggestion.person.pk: suggestion for suggestion in found}
    extra = _chosen_people(viewer, [pk for pk in chosen if pk not in shown])
    people = [suggestion.person for suggestion in found] + extra
    reasons = unavailable(
        people,
        community=question.community if question else None,
        post=post,
        now=timezone.now(),
        readers=shown,
    )
    return [
        Offer(
            person=person,
            evidence=shown[person.pk].evidence if person.pk in shown else [],
            reason=reasons.get(person.pk, ""),
            chosen=person.pk in chosen,
        )
        for person in people
    ]


def _chosen_people(viewer: permissions.Viewer, ids: list[int]) -> list[User]:
    if not ids:
        return []
    return list(
        User.objects.filter(permissions.visible_people_filter(viewer), pk__in=ids)
        .select_related("team")
        .order_by("display_name", "pk")
    )


def people_to_ask(viewer: permissions.Viewer, ids: Iterable[int]) -> list[User]:
    """The people named by id, every one of whom the viewer may see; an id
    naming nobody they see is refused (InvalidInput), never dropped."""
    wanted = set(ids)
    people = list(
        User.objects.filter(
            permissions.visible_people_filter(viewer), pk__in=list(wanted)
        ).order_by("pk")
    )
    if len(people) < len(wanted):
        raise InvalidInput(fields={"people": [_("Choose people from the list.")]})
    return people


def _answered() -> Exists:
    return Exists(
        Answer.objects.filter(
            post=OuterRef("post"),
            author=OuterRef("person"),
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
    )


def _as_seen_by(
    viewer: permissions.Viewer, requests: list[HelpRequest]
) -> list[HelpRequest]:
    """Why someone declined is theirs to tell: anyone else sees only that
    they did."""
    for request in requests:
        if request.declined and request.person_id != getattr(viewer, "pk", None):
            request.declined = CANNOT_HELP
    return requests


def _shown(rows: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    return rows.annotate(answered=_answered()).select_related(
        "post", "post__community", "person", "asked_by", "via_community"
    )


def received(
    viewer: permissions.Viewer, *, cursor: str | None = None, size: int = 20
) -> Page[HelpRequest]:
    """Requests made of the viewer about questions they may still read."""
    if not permissions.is_signed_in(viewer):
        return Page(items=[], next_cursor=None)
    rows = HelpRequest.objects.filter(person=viewer, post__in=readable_posts(viewer))
    return paginate(_shown(rows), ordering=NEWEST_FIRST, cursor=cursor, size=size)


def received_one(viewer: permissions.Viewer, pk: int) -> HelpRequest:
    """One request made of the viewer, as the list shows it; else NotFound."""
    found = _shown(HelpRequest.objects.filter(pk=pk, person_id=viewer.pk)).first()
    if found is None:
        raise NotFound
    return found


def sent(
    viewer: permissions.Viewer, *, cursor: str | None = None, size: int = 20
) -> Page[HelpRequest]:
    """Requests the viewer made, about questions they may still read."""
    if not permissions.is_signed_in(viewer):
        return Page(items=[], next_cursor=None)
    rows = HelpRequest.objects.filter(asked_by=viewer, post__in=readable_posts(viewer))
    page = paginate(_shown(rows), ordering=NEWEST_FIRST, cursor=cursor, size=size)
    return Page(items=_as_seen_by(viewer, page.items), next_cursor=page.next_cursor)


def asked_about(viewer: permissions.Viewer, post: Post) -> list[HelpRequest]:
    """Who was asked about a question, for those who may ask for more."""
    if not permissions.can(viewer, "question.request_help", post):
        return []
    rows = HelpRequest.objects.filter(
        post=post,
        person__in=User.objects.filter(permissions.visible_people_filter(viewer)),
    )
    return _as_seen_by(viewer, list(_shown(rows).order_by("created_at", "pk")))


def request_of(viewer: permissions.Viewer, post: Post, pk: int) -> HelpRequest | None:
    """The viewer's own request about this question, if `pk` names one."""
    if not permissions.is_signed_in(viewer):
        return None
    return _shown(HelpRequest.objects.filter(pk=pk, person=viewer, post=post)).first()


def rule_for(viewer: permissions.Viewer, community: Community) -> RoutingRule:
    """The community's routing rule, for those who may set it."""
    permissions.require(viewer, "community.set_routing", community)
    return RoutingRule.objects.filter(community=community).first() or RoutingRule(
        community=community
    )


@dataclass(frozen=True)
class RoutingFigures:
    """How routing went in a community, for its leaders."""

    routed: int
    answered_after: int
    median_before: timedelta | None
    median_after: timedelta | None
    requests: int
    people_asked: int
    busiest_share: float  # of all requests, those of the BUSIEST people
    most_in_a_week: int


def figures(
    viewer: permissions.Viewer, community: Community, now: datetime | None = None
) -> RoutingFigures:
    """Questions routed and answered after it, the median time to a first
    answer before and after notifying began (90 days each side), and how
    evenly the requests fell."""
    rule = rule_for(viewer, community)
    moment = now or timezone.now()
    requests = HelpRequest.objects.filter(
        post__community=community, created_at__gte=moment - FIGURES_WINDOW
    )
    routed_posts = set(
        requests.filter(source=HelpRequest.Source.ROUTING).values_list(
            "post_id", flat=True
        )
    )
    since = rule.notifying_since
    before = after = None
    if since is not None:
        before = _median_first_answer(community, since - FIGURES_WINDOW, since)
        after = _median_first_answer(community, since, moment)
    per_person = list(
        requests.values("person_id")
        .annotate(asked=Count("pk"))
        .order_by("-asked")
        .values_list("asked", flat=True)
    )
    total = sum(per_person)
    busiest = sum(per_person[:BUSIEST])
    return RoutingFigures(
        routed=len(routed_posts),
        answered_after=_answered_after(routed_posts),
        median_before=before,
        median_after=after,
        requests=total,
        people_asked=len(per_person),
        busiest_share=busiest / total if total else 0.0,
        most_in_a_week=_most_in_a_week(requests),
    )


def _answered_after(posts: set[int]) -> int:
    """Routed questions that got an answer after their first request."""
    if not posts:
        return 0
    first_asked = (
        HelpRequest.objects.filter(post=OuterRef("post"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    answered = Answer.objects.filter(
        post_id__in=posts, deleted_at__isnull=True, hidden_at__isnull=True
    ).filter(created_at__gte=first_asked)
    return answered.values("post_id").distinct().count()


def _median_first_answer(
    community: Community, start: datetime, end: datetime
) -> timedelta | None:
    first = (
        Answer.objects.filter(
            post=OuterRef("pk"), deleted_at__isnull=True, hidden_at__isnull=True
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    rows = (
        Post.objects.filter(
            community=community,
            kind=PostKind.QUESTION,
            deleted_at__isnull=True,
            created_at__gte=start,
            created_at__lt=end,
        )
        .annotate(first_answer=first)
        .filter(first_answer__isnull=False)
        .values_list("created_at", "first_answer")
    )
    waits = [answered - asked for asked, answered in rows]
    return statistics.median(waits) if waits else None


def _most_in_a_week(requests: QuerySet[HelpRequest]) -> int:
    """The most requests one person had in one (UTC, ISO) week."""
    weeks: Counter[tuple[int, int, int]] = Counter()
    for person_id, created_at in requests.values_list("person_id", "created_at"):
        year, week, _day = created_at.isocalendar()
        weeks[(person_id, year, week)] += 1
    return max(weeks.values(), default=0)
