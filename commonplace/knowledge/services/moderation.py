"""Removing things: deletion by authors and moderators, reports, and the
moderators' decisions on them. Every removal is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.audit import record_change
from commonplace.knowledge import tasks
from commonplace.knowledge.models import Answer, Report
from commonplace.knowledge.services.common import (
    Contribution,
    invalid,
    readable,
    refresh_standing,
    reindex_thread,
    target_field,
)
from commonplace.people.models import User

MAX_REASON_LENGTH = 300
MAX_REPORT_LENGTH = 500


def _refresh_thread(item: Contribution) -> None:
    """A removed or restored answer can change whether its question is
    resolved; a removed post leaves the lists by its own flags. Search
    stops finding removed text once the task reindexes the thread (and
    never shows it meanwhile: results check the live flags)."""
    reindex_thread(item)
    if isinstance(item, Answer):
        refresh_standing(item.post_id)


@transaction.atomic
def delete_contribution(
    *, item: Contribution, deleted_by: User, reason: str
) -> Contribution:
    """Remove a post, answer or comment, keeping a marker where it was.

    The author or a moderator may; a reason is required and the removal is
    audited, so the thread stays readable and accountable.
    """
    permissions.require(deleted_by, "contribution.delete", item)
    reason = readable(reason).strip()
    if not reason:
        raise invalid("reason", _("Say why it is removed."))
    if len(reason) > MAX_REASON_LENGTH:
        raise invalid(
            "reason", _("At most %(max)d characters.") % {"max": MAX_REASON_LENGTH}
        )
    if item.deleted_at is not None:
        return item
    item.deleted_at = timezone.now()
    item.deleted_by = deleted_by
    item.deletion_reason = reason
    item.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
    _refresh_thread(item)
    record_change(
        actor=deleted_by,
        action=f"{target_field(item)}.delete",
        target=item,
        after={"reason": reason},
        scope=permissions.community_of(item),
    )
    return item


@transaction.atomic
def report(*, item: Contribution, reported_by: User, reason: str) -> Report:
    """Ask the community's moderators to look at something."""
    community = permissions.community_of(item)
    permissions.require(reported_by, "community.read", community, hide=True)
    permissions.require(reported_by, "contribution.report", item)
    reason = readable(reason).strip()
    if not reason:
        raise invalid("reason", _("Say what is wrong with it."))
    if len(reason) > MAX_REPORT_LENGTH:
        raise invalid(
            "reason", _("At most %(max)d characters.") % {"max": MAX_REPORT_LENGTH}
        )
    filed = Report.objects.create(
        community=community,
        reporter=reported_by,
        reason=reason,
        **{target_field(item): item},
    )
    tasks.notify_report.enqueue(report_id=filed.pk)
    return filed


@transaction.atomic
def moderate(*, report_: Report, moderator: User, decision: str) -> Report:
    """Hide what a report is about, restore it, or dismiss the report.

    Hiding and restoring are audited; every open report about the same
    item is settled by the same decision.
    """
    report_ = Report.objects.select_for_update().get(pk=report_.pk)
    permissions.require(moderator, "community.moderate", report_.community)
    item = report_.target
    now = timezone.now()
    if decision == "hide":
        item.hidden_at, item.hidden_by = now, moderator
        status = Report.Status.HIDDEN
    elif decision == "restore":
        item.hidden_at, item.hidden_by = None, None
        status = Report.Status.RESTORED
    elif decision == "dismiss":
        status = Report.Status.DISMISSED
    else:
        raise invalid("decision", _("Choose hide, restore or dismiss."))
    if decision != "dismiss":
        item.save(update_fields=["hidden_at", "hidden_by"])
        _refresh_thread(item)
        record_change(
            actor=moderator,
            action=f"{target_field(item)}.{decision}",
            target=item,
            after={"report": report_.pk},
            scope=report_.community,
        )
    Report.objects.filter(
        **{target_field(item): item}, status__in=[Report.Status.OPEN, report_.status]
    ).update(status=status, decided_at=now, decided_by=moderator)
    report_.refresh_from_db()
    return report_
