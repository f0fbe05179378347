"""Writes: asking people for help with a question, and the rules for it.

A question reaches people three ways: its asker (or a moderator) asks
colleagues by name, asks a community (its members most likely to help
are asked), or the community's routing rule asks the people most likely
to help once the question has waited N minutes without an answer. All
three go through `availability.unavailable`, with the people's rows
locked first, so two workers routing at once cannot both take a
person's last request of the week; the (question, person) constraint
keeps anyone from being asked twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonplace import permissions
from commonplace.communities.models import Community, Membership
from commonplace.core.audit import record_change
from commonplace.core.errors import Conflict, InvalidInput, NotFound
from commonplace.expertise.availability import local_today, unavailable
from commonplace.expertise.models import (
    HelpRequest,
    RoutedQuestion,
    RoutingPreference,
    RoutingRule,
)
from commonplace.expertise.ranker import Question, suggest_people
from commonplace.knowledge.models import Answer, Post, PostKind
from commonplace.people.models import User

MAX_AT_ONCE = 10
# People ranked per place to fill: enough that the unavailable are replaced.
SPARE = 4
BODY_READ = 2000
MAX_WAIT_MINUTES = 7 * 24 * 60
MAX_AWAY = timedelta(days=366)


def question_of(post: Post) -> Question:
    """What the ranker knows of a posted question."""
    return Question(
        title=post.title,
        body=post.body_source[:BODY_READ],
        topics=list(post.topics.all()),
        community=post.community,
    )


@transaction.atomic
def request_help(
    *, asker: User, post: Post, people: Sequence[User], now: datetime | None = None
) -> list[HelpRequest]:
    """Ask these people to help with `post`; all of them, or none.

    Every reason a person may not be asked is given at once, by name, so
    the asker can change the choice in one go.
    """
    _require_askable(asker, post)
    if not people:
        raise InvalidInput(fields={"people": [_("Choose at least one person to ask.")]})
    if len(people) > MAX_AT_ONCE:
        raise InvalidInput(
            fields={
                "people": [
                    _("Ask at most %(count)d people at once.") % {"count": MAX_AT_ONCE}
                ]
            }
        )
    moment = now or timezone.now()
    locked = _locked([person.pk for person in people])
    reasons = unavailable(locked, community=post.community, post=post, now=moment)
    reasons.update(_not_themselves(locked, asker, post))
    if reasons:
        raise InvalidInput(fields={"people": list(reasons.values())})
    return _ask(post, locked, asker=asker, source=HelpRequest.Source.PERSON, now=moment)


@transaction.atomic
def ask_community(
    *,
    asker: User,
    post: Post,
    community: Community,
    now: datetime | None = None,
) -> list[HelpRequest]:
    """Ask the members of `community` most likely to help with `post`:
    as many as its routing rule notifies (3 unless its leaders chose)."""
    _require_askable(asker, post)
    permissions.require(asker, "community.read", community, hide=True)
    moment = now or timezone.now()
    members = Q(pk__in=Membership.objects.filter(community=community).values("person"))
    chosen = _pick(asker, post, rule_of(community).top, among=members, now=moment)
    if not chosen:
        raise InvalidInput(
            _(
                "Nobody in %(community)s can be asked about this question now: "
                "those who know its subject are away, already asked, or asked "
                "enough this week."
            )
            % {"community": community.name}
        )
    return _ask(
        post,
        chosen,
        asker=asker,
        source=HelpRequest.Source.COMMUNITY,
        via=community,
        now=moment,
    )


def _require_askable(asker: User, post: Post) -> None:
    permissions.require(asker, "community.read", post.community, hide=True)
    if post.kind != PostKind.QUESTION or post.is_removed:
        raise NotFound()
    permissions.require(asker, "question.request_help", post)
    if post.accepted_answer_id is not None:
        raise Conflict(_("This question has an accepted answer already."))


def _not_themselves(people: Sequence[User], asker: User, post: Post) -> dict[int, str]:
    reasons = {}
    for person in people:
        if person.pk == asker.pk:
            reasons[person.pk] = _("You cannot ask yourself.")
        elif person.pk == post.author_id:
            reasons[person.pk] = _("%(name)s asked this question.") % {
                "name": person.display_name
            }
    return reasons


def _locked(ids: Sequence[int]) -> list[User]:
    """These people, their rows locked until the transaction ends, in
    one order so that two workers never wait on each other in a cycle."""
    return list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _pick(
    viewer: User, post: Post, top: int, *, among: Q | None, now: datetime
) -> list[User]:
    """The `top` people most likely to help who may be asked now, best
    first; ranked by what `viewer` may see."""
    question = question_of(post)
    ranked = suggest_people(viewer, question, size=top * SPARE, now=now, among=among)
    candidates = [s.person.pk for s in ranked if s.person.pk != post.author_id]
    by_pk = {person.pk: person for person in _locked(candidates)}
    people = [by_pk[pk] for pk in candidates if pk in by_pk]
    reasons = unavailable(people, community=post.community, post=post, now=now)
    return [person for person in people if person.pk not in reasons][:top]


def _ask(
    post: Post,
    people: Sequence[User],
    *,
    asker: User | None,
    source: str,
    now: datetime,
    via: Community | None = None,
) -> list[HelpRequest]:
    from commonplace.expertise.tasks import tell_help_requested

    requests = HelpRequest.objects.bulk_create(
        HelpRequest(
            post=post,
            person=person,
            asked_by=asker,
            via_community=via,
            source=source,
            created_at=now,
        )
        for person in people
    )
    for request in requests:
        tell_help_requested.enqueue(request_id=request.pk)
    return requests


@transaction.atomic
def decline(*, person: User, request_id: int, reason: str) -> HelpRequest:
    """Say no to a request made of you. "Not my area" also lowers your
    place for questions like it; "no time" only answers this one."""
    request = (
        HelpRequest.objects.select_for_update()
        .filter(pk=request_id, person_id=person.pk)
        .first()
    )
    if request is None:
        raise NotFound()
    if reason not in HelpRequest.Decline.values:
        raise InvalidInput(fields={"reason": [_("Choose “Not my area” or “No time”.")]})
    request.declined = reason
    request.declined_at = timezone.now()
    request.save(update_fields=["declined", "declined_at"])
    return request


@transaction.atomic
def set_preferences(
    *,
    person: User,
    opted_out: bool,
    weekly_limit: int,
    away_until: date | None,
) -> RoutingPreference:
    """What a person lets routing ask of them."""
    errors: dict[str, list[str]] = {}
    if not 1 <= weekly_limit <= RoutingPreference.MAX_WEEKLY:
        errors["weekly_limit"] = [
            _("Choose between 1 and %(most)d requests a week.")
            % {"most": RoutingPreference.MAX_WEEKLY}
        ]
    today = local_today(person, timezone.now())
    if away_until is not None and not today <= away_until <= today + MAX_AWAY:
        errors["away_until"] = [_("Choose a day from today to a year from now.")]
    if errors:
        raise InvalidInput(fields=errors)
    preference, _created = RoutingPreference.objects.update_or_create(
        person=person,
        defaults={
            "opted_out": opted_out,
            "weekly_limit": weekly_limit,
            "away_until": away_until,
        },
    )
    return preference


def rule_of(community: Community) -> RoutingRule:
    """The community's rule; "suggest only" when its leaders chose none."""
    return RoutingRule.objects.filter(community=community).first() or RoutingRule(
        community=community
    )


@transaction.atomic
def set_rule(
    *, leader: User, community: Community, mode: str, top: int, after_minutes: int
) -> RoutingRule:
    """Choose how the community's questions reach people after posting."""
    permissions.require(leader, "community.read", community, hide=True)
    permissions.require(leader, "community.set_routing", community)
    _check_rule(mode, top, after_minutes)
    rule = rule_of(community)
    before = {"mode": rule.mode, "top": rule.top, "after_minutes": rule.after_minutes}
    if mode == RoutingRule.Mode.NOTIFY and rule.mode != mode:
        rule.notifying_since = timezone.now()
    elif mode != RoutingRule.Mode.NOTIFY:
        rule.notifying_since = None
    rule.mode, rule.top, rule.after_minutes = mode, top, after_minutes
    rule.updated_by = leader
    rule.save()
    record_change(
        actor=leader,
        action="routing.set_rule",
        target=rule,
        before=before,
        after={"mode": mode, "top": top, "after_minutes": after_minutes},
        scope=community,
    )
    return rule


def _check_rule(mode: str, top: int, after_minutes: int) -> None:
    errors: dict[str, list[str]] = {}
    if mode not in RoutingRule.Mode.values:
        errors["mode"] = [_("Choose off, suggest only, or notify.")]
    if not 1 <= top <= RoutingRule.MAX_TOP:
        errors["top"] = [
            _("Notify between 1 and %(most)d people.") % {"most": RoutingRule.MAX_TOP}
        ]
    if not 1 <= after_minutes <= MAX_WAIT_MINUTES:
        errors["after_minutes"] = [
            ngettext(
                "Wait between 1 minute and %(days)d day.",
                "Wait between 1 minute and %(days)d days.",
                MAX_WAIT_MINUTES // (24 * 60),
            )
            % {"days": MAX_WAIT_MINUTES // (24 * 60)}
        ]
    if errors:
        raise InvalidInput(fields=errors)


def schedule_routing(post: Post) -> None:
    """For a new question in a community that notifies: route it once it
    has waited the rule's minutes (the task finds out whether it still
    needs anyone)."""
    from commonplace.expertise.tasks import route_question

    if post.kind != PostKind.QUESTION:
        return
    rule = RoutingRule.objects.filter(
        community_id=post.community_id, mode=RoutingRule.Mode.NOTIFY
    ).first()
    if rule is not None:
        wait = timedelta(minutes=rule.after_minutes)
        route_question.using(run_after=post.created_at + wait).enqueue(post_id=post.pk)


@transaction.atomic
def route(post_id: int, now: datetime | None = None) -> RoutedQuestion | None:
    """Ask the people most likely to help with a question still waiting.

    Runs once per question: the RoutedQuestion row is written first, so a
    second run, or a second worker at the same moment, asks nobody.
    """
    moment = now or timezone.now()
    post = (
        Post.objects.select_related("community", "author")
        .filter(pk=post_id, kind=PostKind.QUESTION)
        .first()
    )
    if post is None:
        return None
    try:
        with transaction.atomic():
            routed = RoutedQuestion.objects.create(post=post, routed_at=moment)
    except IntegrityError:
        return None
    routed.skipped = _why_not_route(post)
    if not routed.skipped and post.author is not None:
        rule = rule_of(post.community)
        chosen = _pick(post.author, post, rule.top, among=None, now=moment)
        _ask(post, chosen, asker=None, source=HelpRequest.Source.ROUTING, now=moment)
        routed.asked = len(chosen)
    routed.save(update_fields=["skipped", "asked"])
    return routed


def _why_not_route(post: Post) -> str:
    if post.is_removed:
        return "removed"
    if rule_of(post.community).mode != RoutingRule.Mode.NOTIFY:
        return "rule"
    answered = Answer.objects.filter(
        post=post, deleted_at__isnull=True, hidden_at__isnull=True
    )
    if post.accepted_answer_id is not None or answered.exists():
        return "answered"
    if post.author is None or not post.author.is_active:
        return "asker left"
    return ""
