"""Moving ideas between stages, and the decisions that come back.

Every move records who made it, when and with what message, and tells the
idea's authors, supporters and followers. A move to a decision stage
(decided, declined, parked) needs a decision record: the decision, its
reasons, the alternatives weighed and who decided; a parked idea also
needs the day to look at it again, when a deferred task brings it back to
the community's leaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.ideas import tasks
from commonplace.ideas.models import (
    MAX_DECIDERS_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_TEXT_LENGTH,
    DecisionRecord,
    Idea,
    Stage,
    StageKind,
    StageMove,
)
from commonplace.ideas.services.ideas import thread_title
from commonplace.ideas.services.stages import count_into, trip_changed
from commonplace.knowledge import services as knowledge_services
from commonplace.knowledge.markdown import render
from commonplace.knowledge.models import PostKind
from commonplace.knowledge.services.common import invalid, readable
from commonplace.people.models import User
from commonplace.search.services import schedule_indexing

# When, on its day, a parked idea comes back to the leaders.
REVIEW_HOUR = time(8, 0)


@dataclass(frozen=True)
class DecisionDraft:
    """What leaders write when they decide."""

    decision: str
    reasons: str
    deciders: str
    alternatives: str = ""
    review_on: date | None = None


def _required(field: str, text: str, message: str, errors: dict[str, list[str]]) -> str:
    text = readable(text).strip()
    if not text:
        errors[field] = [message]
    elif len(text) > MAX_TEXT_LENGTH:
        errors[field] = [_("At most %(max)d characters.") % {"max": MAX_TEXT_LENGTH}]
    return text


def _clean_decision(
    stage: Stage, draft: DecisionDraft | None, today: date
) -> DecisionDraft:
    if draft is None:
        message = _("Moving an idea to “%(stage)s” needs a decision record.") % {
            "stage": stage.name
        }
        raise invalid("decision", message)
    errors: dict[str, list[str]] = {}
    decision = _required("decision", draft.decision, _("Say what was decided."), errors)
    reasons = _required("reasons", draft.reasons, _("Give the reasons."), errors)
    deciders = " ".join(readable(draft.deciders).split())
    if not deciders:
        errors["deciders"] = [_("Say who decided: people or a group.")]
    elif len(deciders) > MAX_DECIDERS_LENGTH:
        message = _("At most %(max)d characters.") % {"max": MAX_DECIDERS_LENGTH}
        errors["deciders"] = [message]
    alternatives = readable(draft.alternatives).strip()
    if len(alternatives) > MAX_TEXT_LENGTH:
        message = _("At most %(max)d characters.") % {"max": MAX_TEXT_LENGTH}
        errors["alternatives"] = [message]
    review_on = draft.review_on
    if stage.kind == StageKind.PARKED:
        if review_on is None:
            errors["review_on"] = [_("Choose the day to look at this idea again.")]
        elif review_on <= today:
            errors["review_on"] = [_("Choose a day after today.")]
    else:
        review_on = None
    if errors:
        raise InvalidInput(_("The decision could not be recorded."), fields=errors)
    return DecisionDraft(decision, reasons, deciders, alternatives, review_on)


def _clean_message(message: str) -> str:
    message = readable(message).strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        text = _("At most %(max)d characters.") % {"max": MAX_MESSAGE_LENGTH}
        raise invalid("message", text)
    return message


def _record(idea: Idea, stage: Stage, draft: DecisionDraft, by: User) -> DecisionRecord:
    record = DecisionRecord.objects.create(
        idea=idea,
        community_id=idea.community_id,
        outcome=stage.kind,
        stage_name=stage.name,
        decision_source=draft.decision,
        decision_html=render(draft.decision),
        reasons_source=draft.reasons,
        reasons_html=render(draft.reasons),
        alternatives_source=draft.alternatives,
        alternatives_html=render(draft.alternatives) if draft.alternatives else "",
        deciders=draft.deciders,
        recorded_by=by,
        review_on=draft.review_on,
    )
    _start_discussion(record, by)
    schedule_indexing(kind="decision", ids=[record.pk])
    if record.review_on is not None:
        tasks.review_parked_idea.using(
            run_after=review_moment(record.review_on)
        ).enqueue(decision_id=record.pk)
    return record


def review_moment(day: date) -> datetime:
    """The morning of the day to look again, in the organisation's time."""
    return timezone.make_aware(datetime.combine(day, REVIEW_HOUR))


def _start_discussion(record: DecisionRecord, by: User) -> None:
    url = reverse("ideas:decision", kwargs={"pk": record.pk})
    body = _("This thread discusses the decision [on “%(title)s”](%(url)s).") % {
        "title": record.idea.title,
        "url": url,
    }
    record.thread = knowledge_services.create_post(
        community=record.idea.community,
        author=by,
        kind=PostKind.DISCUSSION,
        title=thread_title(_("Decision"), record.idea.title),
        body=body,
    )
    record.save(update_fields=["thread"])


@transaction.atomic
def move_idea(
    *,
    idea: Idea,
    to_stage: Stage,
    moved_by: User,
    message: str = "",
    decision: DecisionDraft | None = None,
) -> StageMove:
    """Move an idea to another stage of its community, with a record when
    the stage decides; everyone the idea concerns is told."""
    permissions.require(moved_by, "community.read", idea.community, hide=True)
    permissions.require(moved_by, "idea.move", idea)
    locked = (
        Idea.objects.select_for_update()
        .select_related("stage", "community")
        .get(pk=idea.pk)
    )
    if to_stage.community_id != locked.community_id:
        text = _("Choose one of this community's stages.")
        raise invalid("stage", text)
    if to_stage.pk == locked.stage_id:
        raise Conflict(_("The idea is in this stage already."))
    record = None
    if to_stage.needs_decision:
        record = _record(
            locked,
            to_stage,
            _clean_decision(to_stage, decision, timezone.localdate()),
            moved_by,
        )
    elif decision is not None:
        text = _("Only a decision stage takes a decision record.")
        raise invalid("decision", text)
    move = StageMove.objects.create(
        idea=locked,
        from_stage=locked.stage,
        to_stage=to_stage,
        from_name=locked.stage.name,
        to_name=to_stage.name,
        moved_by=moved_by,
        message=_clean_message(message),
        decision=record,
    )
    count_into(locked.stage_id, -1)
    count_into(to_stage.pk, 1)
    trip_changed(locked.community_id)
    Idea.objects.filter(pk=locked.pk).update(
        stage=to_stage, stage_entered_at=move.created_at
    )
    tasks.tell_idea_moved.enqueue(move_id=move.pk)
    return move
