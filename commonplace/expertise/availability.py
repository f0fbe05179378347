"""Who may be asked for help now, and when not, why in words.

One answer for every way of asking (a person choosing colleagues, a
request to a community, the routing rule), so the load rules hold the
same everywhere: nobody is asked about a question they may not read,
nor twice about one question, nor while away or opted out, nor more
often in a week (their own week, in their time zone) than their limit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.clock import week_window, zone_named
from commonplace.expertise.models import HelpRequest, RoutingPreference
from commonplace.knowledge.models import Post
from commonplace.people.models import User

# Long enough to hold any person's current week, whatever their zone.
WEEK_REACH = timedelta(days=8)


def preferences_of(people: Iterable[int]) -> dict[int, RoutingPreference]:
    """Each person's routing preference; the default for those without one."""
    wanted = list(people)
    stored = RoutingPreference.objects.filter(person_id__in=wanted).in_bulk()
    return {pk: stored.get(pk) or RoutingPreference(person_id=pk) for pk in wanted}


def preference_of(person: User) -> RoutingPreference:
    return preferences_of([person.pk])[person.pk]


def local_today(person: User, now: datetime) -> date:
    return now.astimezone(zone_named(person.time_zone)).date()


def asked_this_week(people: Sequence[User], now: datetime) -> dict[int, int]:
    """How many requests each person had in their own current week."""
    weeks = {
        person.pk: week_window(now, zone_named(person.time_zone)) for person in people
    }
    counts: dict[int, int] = defaultdict(int)
    recent = HelpRequest.objects.filter(
        person_id__in=list(weeks), created_at__gte=now - WEEK_REACH
    ).values_list("person_id", "created_at")
    for person_id, created_at in recent:
        start, end = weeks[person_id]
        if start <= created_at < end:
            counts[person_id] += 1
    return counts


def unavailable(
    people: Sequence[User],
    *,
    community: Community | None,
    post: Post | None,
    now: datetime,
    readers: Iterable[int] = (),
) -> dict[int, str]:
    """Why each person may not be asked now; those who may are absent.

    `community` is where the question is (its readers may be asked),
    `post` the question once it exists (nobody is asked twice about it);
    `readers` are people already known to read the community (the
    ranker's, which suggests nobody else), not looked up again.
    """
    ids = [person.pk for person in people]
    known = set(readers)
    found = _readers([pk for pk in ids if pk not in known], community)
    reading = None if found is None else found | known
    asked = _asked_about(ids, post)
    preferences = preferences_of(ids)
    counts = asked_this_week(people, now)
    reasons = {}
    for person in people:
        reason = _reason(
            person,
            community=community,
            reads=reading is None or person.pk in reading,
            asked=person.pk in asked,
            preference=preferences[person.pk],
            count=counts.get(person.pk, 0),
            now=now,
        )
        if reason:
            reasons[person.pk] = reason
    return reasons


def _readers(ids: list[int], community: Community | None) -> set[int] | None:
    if community is None:
        return None
    if not ids:
        return set()
    readers = User.objects.filter(
        permissions.community_readers_filter(community), pk__in=ids
    )
    return set(readers.values_list("pk", flat=True))


def _asked_about(ids: list[int], post: Post | None) -> set[int]:
    if post is None or post.pk is None:
        return set()
    asked = HelpRequest.objects.filter(post=post, person_id__in=ids)
    return set(asked.values_list("person_id", flat=True))


def _reason(
    person: User,
    *,
    community: Community | None,
    reads: bool,
    asked: bool,
    preference: RoutingPreference,
    count: int,
    now: datetime,
) -> str:
    """The first rule that keeps `person` from being asked, in words."""
    name = {"name": person.display_name}
    away = preference.away_until
    checks = (
        (not person.is_active, _("%(name)s is no longer active here.") % name),
        (
            not reads and community is not None,
            _(
                "%(name)s cannot see %(community)s, so cannot be asked about "
                "a question in it."
            )
            % {**name, "community": community.name if community else ""},
        ),
        (preference.opted_out, _("%(name)s does not take requests for help.") % name),
        (
            away is not None and away >= local_today(person, now),
            _("%(name)s is away until %(date)s.")
            % {**name, "date": date_format(away, "DATE_FORMAT") if away else ""},
        ),
        (asked, _("%(name)s has already been asked about this question.") % name),
        (
            count >= preference.weekly_limit,
            _("%(name)s has been asked enough this week; ask someone else.") % name,
        ),
    )
    return next((message for failed, message in checks if failed), "")
