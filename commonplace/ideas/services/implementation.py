"""Carrying out a decided idea, and recording what it changed.

A decided idea gets owners (chosen by the leaders) and a plan: steps, each
with an owner and a due day no earlier than the decision. Progress is the
share of steps done. Owners post status updates, which are replies in the
idea's thread, so the people following the discussion read them there.
Once the idea is done, its owners record the measured result beside the
impact it expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.ideas.models import (
    MAX_OWNERS,
    MAX_STEP_TITLE_LENGTH,
    MAX_STEPS,
    MAX_TEXT_LENGTH,
    MAX_UNIT_LENGTH,
    PLANNED_KINDS,
    Idea,
    ImpactRecord,
    PlanStep,
    StageKind,
    StatusUpdate,
)
from commonplace.knowledge import services as knowledge_services
from commonplace.knowledge.markdown import render
from commonplace.knowledge.services.common import invalid, readable
from commonplace.people.models import User

# ImpactRecord.value holds 16 digits, 4 of them after the point; a larger
# number would fail in the database instead of being refused here.
VALUE_WHOLE_DIGITS = 12
VALUE_STEP = Decimal("0.0001")


def _readers(idea: Idea, people: Sequence[User], field: str) -> list[User]:
    refused = [
        person.display_name
        for person in people
        if not permissions.can(person, "community.read", idea.community)
    ]
    if refused:
        message = _("%(names)s cannot read this community.") % {
            "names": ", ".join(refused)
        }
        raise invalid(field, message)
    return list(people)


@transaction.atomic
def set_owners(*, idea: Idea, owners: Sequence[User], set_by: User) -> list[User]:
    """Who carries the idea out: people who read its community."""
    permissions.require(set_by, "idea.move", idea)
    chosen = list({person.pk: person for person in owners}.values())
    if len(chosen) > MAX_OWNERS:
        message = _("Name at most %(max)d owners.") % {"max": MAX_OWNERS}
        raise invalid("owners", message)
    idea.owners.set(_readers(idea, chosen, "owners"))
    return chosen


def decided_on(idea: Idea) -> date | None:
    """The day the idea was last decided, if its latest decision was yes."""
    latest = idea.decisions.order_by("-created_at", "-pk").first()
    if latest is None or latest.outcome != StageKind.DECIDED:
        return None
    return timezone.localdate(latest.created_at)


def _require_decided(idea: Idea) -> date:
    day = decided_on(idea)
    if day is None or idea.stage.kind not in PLANNED_KINDS:
        raise Conflict(_("Only a decided idea has a plan: decide it first."))
    return day


@dataclass(frozen=True)
class StepDraft:
    title: str
    due_on: date | None
    owner: User | None = None


class _CleanStep(NamedTuple):
    title: str
    due_on: date
    owner: User | None


def _clean_step(idea: Idea, draft: StepDraft, decided: date) -> _CleanStep:
    errors: dict[str, list[str]] = {}
    title = " ".join(readable(draft.title).split())
    if not title:
        errors["title"] = [_("Say what the step is.")]
    elif len(title) > MAX_STEP_TITLE_LENGTH:
        message = _("At most %(max)d characters.")
        errors["title"] = [message % {"max": MAX_STEP_TITLE_LENGTH}]
    if draft.due_on is None:
        errors["due_on"] = [_("Choose the day it is due.")]
    elif draft.due_on < decided:
        errors["due_on"] = [
            _("A step cannot be due before the idea was decided (%(day)s).")
            % {"day": decided.isoformat()}
        ]
    if draft.owner is not None and not permissions.can(
        draft.owner, "community.read", idea.community
    ):
        errors["owner"] = [
            _("%(name)s cannot read this community.")
            % {"name": draft.owner.display_name}
        ]
    if errors or draft.due_on is None:
        raise InvalidInput(_("The step could not be saved."), fields=errors)
    return _CleanStep(title, draft.due_on, draft.owner)


@transaction.atomic
def add_step(*, idea: Idea, added_by: User, draft: StepDraft) -> PlanStep:
    permissions.require(added_by, "idea.implement", idea)
    locked = Idea.objects.select_for_update().select_related("stage").get(pk=idea.pk)
    clean = _clean_step(locked, draft, _require_decided(locked))
    steps = PlanStep.objects.filter(idea=locked)
    if steps.count() >= MAX_STEPS:
        raise InvalidInput(_("A plan has at most %(max)d steps.") % {"max": MAX_STEPS})
    last = steps.aggregate(last=Max("position"))["last"]
    return PlanStep.objects.create(
        idea=locked,
        title=clean.title,
        due_on=clean.due_on,
        owner=clean.owner,
        position=(last or 0) + 1,
    )


@transaction.atomic
def edit_step(*, step: PlanStep, edited_by: User, draft: StepDraft) -> PlanStep:
    idea = step.idea
    permissions.require(edited_by, "idea.implement", idea)
    clean = _clean_step(idea, draft, _require_decided(idea))
    step.title, step.due_on, step.owner = clean.title, clean.due_on, clean.owner
    step.save(update_fields=["title", "due_on", "owner"])
    return step


@transaction.atomic
def complete_step(*, step: PlanStep, by: User, done: bool = True) -> PlanStep:
    """Mark a step done (or not done again)."""
    permissions.require(by, "idea.implement", step.idea)
    step.done_at = timezone.now() if done else None
    step.done_by = by if done else None
    step.save(update_fields=["done_at", "done_by"])
    return step


@transaction.atomic
def delete_step(*, step: PlanStep, deleted_by: User) -> None:
    permissions.require(deleted_by, "idea.implement", step.idea)
    step.delete()


@transaction.atomic
def post_status_update(*, idea: Idea, author: User, text: str) -> StatusUpdate:
    """An owner's update, as a reply in the idea's thread."""
    permissions.require(author, "idea.implement", idea)
    _require_decided(idea)
    if idea.thread is None:
        raise Conflict(_("This idea's discussion was removed; it takes no updates."))
    comment = knowledge_services.add_comment(
        post=idea.thread, author=author, body=_status_text(text)
    )
    return StatusUpdate.objects.create(idea=idea, comment=comment)


def _status_text(text: str) -> str:
    text = readable(text).strip()
    if not text:
        raise invalid("body", _("Write the update first."))
    return _("**Status update:** %(text)s") % {"text": text}


@dataclass(frozen=True)
class ImpactDraft:
    measured: str
    value: Decimal | None = None
    unit: str = ""
    period_start: date | None = None
    period_end: date | None = None


def _clean_impact(draft: ImpactDraft) -> ImpactDraft:
    errors: dict[str, list[str]] = {}
    measured = readable(draft.measured).strip()
    if not measured:
        errors["measured"] = [_("Say what changed, and how it was measured.")]
    elif len(measured) > MAX_TEXT_LENGTH:
        errors["measured"] = [
            _("At most %(max)d characters.") % {"max": MAX_TEXT_LENGTH}
        ]
    unit = " ".join(readable(draft.unit).split())
    if draft.value is not None and not unit:
        errors["unit"] = [_("Give the number's unit, e.g. % or days.")]
    if len(unit) > MAX_UNIT_LENGTH:
        errors["unit"] = [_("At most %(max)d characters.") % {"max": MAX_UNIT_LENGTH}]
    value = draft.value
    if value is not None and not value.is_finite():
        errors["value"] = [_("Enter a number.")]
    elif value is not None and abs(value) >= 10**VALUE_WHOLE_DIGITS:
        message = _("Enter at most %(max)d digits before the point.")
        errors["value"] = [message % {"max": VALUE_WHOLE_DIGITS}]
    elif value is not None:
        # The column keeps four places: the record says what it reads back.
        value = value.quantize(VALUE_STEP)
    start, end = draft.period_start, draft.period_end
    if (start is None) != (end is None):
        errors["period_end"] = [_("Give both ends of the period, or neither.")]
    elif start is not None and end is not None and end < start:
        errors["period_end"] = [_("The period ends after it starts.")]
    if errors:
        raise InvalidInput(_("The impact could not be recorded."), fields=errors)
    return ImpactDraft(measured, value, unit, start, end)


@transaction.atomic
def record_impact(*, idea: Idea, recorded_by: User, draft: ImpactDraft) -> ImpactRecord:
    """The measured result of a done idea; recording again replaces it."""
    permissions.require(recorded_by, "idea.implement", idea)
    if idea.stage.kind != StageKind.DONE:
        raise Conflict(_("Impact is recorded once the idea is done."))
    draft = _clean_impact(draft)
    record, _created = ImpactRecord.objects.update_or_create(
        idea=idea,
        defaults={
            "measured_source": draft.measured,
            "measured_html": render(draft.measured),
            "value": draft.value,
            "unit": draft.unit,
            "period_start": draft.period_start,
            "period_end": draft.period_end,
            "recorded_by": recorded_by,
            "recorded_at": timezone.now(),
        },
    )
    return record
