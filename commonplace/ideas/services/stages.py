"""A community's stages: the default trip, and the leaders' edits of it.

A community gets the default stages the first time anything needs them
(its first idea, or its leaders' first edit), so communities that never
hold an idea carry no rows. Every trip keeps at least one step to start
from and one stage of each decision kind, so no idea is ever left without
a way to be decided.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.audit import record_change
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.ideas.models import (
    MAX_STAGE_NAME_LENGTH,
    MAX_STAGES,
    IdeaSettings,
    Stage,
    StageKind,
)
from commonplace.knowledge.services.common import invalid, readable
from commonplace.people.models import User

# The default trip, in order: (name, kind, is_final). Names are stored in
# the organisation's language when the stages are made; leaders rename them.
DEFAULT_STAGES = (
    (gettext_noop("Proposed"), StageKind.STEP, False),
    (gettext_noop("Under discussion"), StageKind.STEP, False),
    (gettext_noop("Being evaluated"), StageKind.STEP, False),
    (gettext_noop("Decided"), StageKind.DECIDED, False),
    (gettext_noop("Being implemented"), StageKind.IMPLEMENTING, False),
    (gettext_noop("Done"), StageKind.DONE, False),
    (gettext_noop("Impact measured"), StageKind.DONE, True),
    (gettext_noop("Declined"), StageKind.DECLINED, False),
    (gettext_noop("Parked (not now)"), StageKind.PARKED, False),
)


def ensure_stages(community: Community) -> list[Stage]:
    """The community's stages, made from the default trip if it has none.

    Call inside a writing transaction; the community row is locked first,
    so two first ideas at once make one trip.
    """
    Community.objects.select_for_update().filter(pk=community.pk).first()
    stages = list(Stage.objects.filter(community=community))
    if stages:
        return stages
    trip_changed(community.pk)
    return Stage.objects.bulk_create(
        Stage(
            community=community,
            name=_(name),
            kind=kind,
            position=position,
            is_final=final,
        )
        for position, (name, kind, final) in enumerate(DEFAULT_STAGES)
    )


@transaction.atomic
def prepare_stages(*, community: Community, prepared_by: User) -> list[Stage]:
    """The trip its leaders are about to edit: the default one on the
    stage editor's first opening, so there are rows to rename and move."""
    permissions.require(prepared_by, "community.edit_stages", community)
    return ensure_stages(community)


def first_step(stages: list[Stage]) -> Stage:
    """Where a new idea starts: the first step of the trip."""
    return next(stage for stage in stages if stage.kind == StageKind.STEP)


def _clean_name(community: Community, name: str, *, exclude: int | None = None) -> str:
    name = " ".join(readable(name).split())
    if not name:
        raise invalid("name", _("Give the stage a name."))
    if len(name) > MAX_STAGE_NAME_LENGTH:
        message = _("A stage name has at most %(max)d characters.")
        raise invalid("name", message % {"max": MAX_STAGE_NAME_LENGTH})
    taken = Stage.objects.filter(community=community, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise invalid("name", _("This community already has a stage of that name."))
    return name


def _clean_kind(kind: str) -> str:
    if kind not in StageKind.values:
        raise invalid("kind", _("Choose one of the kinds of stage."))
    return kind


@transaction.atomic
def add_stage(
    *, community: Community, added_by: User, name: str, kind: str = StageKind.STEP
) -> Stage:
    """A new stage at the end of the trip; leaders move it into place."""
    permissions.require(added_by, "community.edit_stages", community)
    stages = ensure_stages(community)
    if len(stages) >= MAX_STAGES:
        message = _("A trip has at most %(max)d stages.") % {"max": MAX_STAGES}
        raise InvalidInput(message)
    last = Stage.objects.filter(community=community).aggregate(last=Max("position"))
    stage = Stage.objects.create(
        community=community,
        name=_clean_name(community, name),
        kind=_clean_kind(kind),
        position=(last["last"] or 0) + 1,
    )
    trip_changed(community.pk)
    record_change(
        actor=added_by,
        action="idea_stage.added",
        target=stage,
        after={"name": stage.name, "kind": stage.kind},
        scope=community,
    )
    return stage


@transaction.atomic
def rename_stage(*, stage: Stage, renamed_by: User, name: str) -> Stage:
    """A new name; ideas stay where they are, and past moves keep the old."""
    permissions.require(renamed_by, "community.edit_stages", stage.community)
    before = stage.name
    stage.name = _clean_name(stage.community, name, exclude=stage.pk)
    stage.save(update_fields=["name"])
    trip_changed(stage.community_id)
    record_change(
        actor=renamed_by,
        action="idea_stage.renamed",
        target=stage,
        before={"name": before},
        after={"name": stage.name},
        scope=stage.community,
    )
    return stage


@transaction.atomic
def move_stage(*, stage: Stage, moved_by: User, offset: int) -> list[Stage]:
    """One place earlier (-1) or later (+1) in the trip; the new order."""
    permissions.require(moved_by, "community.edit_stages", stage.community)
    if offset not in (-1, 1):
        raise invalid("offset", _("A stage moves one place up or down."))
    stages = list(Stage.objects.select_for_update().filter(community=stage.community))
    index = next(i for i, each in enumerate(stages) if each.pk == stage.pk)
    other = index + offset
    if 0 <= other < len(stages):
        stages[index], stages[other] = stages[other], stages[index]
        for position, each in enumerate(stages):
            each.position = position
        Stage.objects.bulk_update(stages, ["position"])
        trip_changed(stage.community_id)
    return stages


def _keeps_the_trip_whole(stage: Stage) -> None:
    """Refuse to remove the last step, or the last stage of a decision kind."""
    others = Stage.objects.filter(community=stage.community, kind=stage.kind)
    if others.exclude(pk=stage.pk).exists():
        return
    if stage.kind == StageKind.STEP:
        raise Conflict(_("A trip needs at least one step for new ideas to start in."))
    raise Conflict(
        _("Each trip keeps a stage of the kind “%(kind)s”, so ideas can be decided.")
        % {"kind": StageKind(stage.kind).label}
    )


@transaction.atomic
def delete_stage(*, stage: Stage, deleted_by: User) -> None:
    """Remove an empty stage; one that still holds ideas is refused."""
    permissions.require(deleted_by, "community.edit_stages", stage.community)
    locked = Stage.objects.select_for_update().get(pk=stage.pk)
    if locked.idea_count:
        raise Conflict(
            _(
                "This stage still holds %(count)d ideas: move them to another "
                "stage first."
            )
            % {"count": locked.idea_count}
        )
    _keeps_the_trip_whole(locked)
    record_change(
        actor=deleted_by,
        action="idea_stage.deleted",
        target=locked,
        before={"name": locked.name, "kind": locked.kind},
        scope=stage.community,
    )
    locked.delete()
    trip_changed(locked.community_id)


def count_into(stage_id: int, change: int) -> None:
    """Move a stage's idea count in the writing transaction."""
    Stage.objects.filter(pk=stage_id).update(idea_count=F("idea_count") + change)


def trip_changed(community_id: int) -> None:
    """Count one more change to the community's ideas or stages, in the
    writing transaction (IdeaSettings.revision): what the funnel showed
    before is computed again."""
    if _bump(community_id):
        return
    _settings, created = IdeaSettings.objects.get_or_create(
        community_id=community_id, defaults={"revision": 1}
    )
    if not created:  # made meanwhile, by another writer
        _bump(community_id)


def _bump(community_id: int) -> int:
    return IdeaSettings.objects.filter(community_id=community_id).update(
        revision=F("revision") + 1
    )


@transaction.atomic
def set_waiting_days(
    *, community: Community, changed_by: User, days: int
) -> IdeaSettings:
    """After how many days without a move an idea shows in the leaders'
    weekly digest (1 to 365)."""
    permissions.require(changed_by, "community.edit_stages", community)
    if not 1 <= days <= 365:
        raise invalid("waiting_days", _("Choose between 1 and 365 days."))
    settings, _created = IdeaSettings.objects.get_or_create(community=community)
    before = settings.waiting_days
    settings.waiting_days = days
    settings.save(update_fields=["waiting_days"])
    record_change(
        actor=changed_by,
        action="idea_settings.changed",
        target=settings,
        before={"waiting_days": before},
        after={"waiting_days": days},
        scope=community,
    )
    return settings
