"""The notifications of the idea trip, and what each points at.

Each points at something inside a community (a move, an idea, a decision
record), visible while the recipient may read that community: losing
access takes the notification away. The weekly digest points at the
community's idea settings, visible to its leaders only.
"""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commonplace import permissions
from commonplace.communities.models import Role
from commonplace.communities.selectors import readable_communities
from commonplace.ideas.models import (
    DecisionRecord,
    EvaluatorAssignment,
    Idea,
    IdeaSettings,
    PlanStep,
    Stage,
    StageMove,
)
from commonplace.ideas.selectors import readable_decisions, readable_ideas
from commonplace.knowledge.notifying import who
from commonplace.notifications.models import Notification
from commonplace.notifications.registry import (
    Kind,
    Target,
    register_kind,
    register_target,
)

TITLE_LENGTH = 80


def _title(idea: Idea) -> str:
    return Truncator(idea.title).chars(TITLE_LENGTH)


def _idea_url(idea: Idea) -> str:
    return reverse("ideas:idea", kwargs={"pk": idea.pk})


def _moves(viewer: permissions.Viewer) -> QuerySet[StageMove]:
    return StageMove.objects.filter(idea__in=readable_ideas(viewer)).select_related(
        "idea", "decision"
    )


def _settings(viewer: permissions.Viewer) -> QuerySet[IdeaSettings]:
    """A community's idea settings, for the community's leaders only."""
    if not permissions.is_signed_in(viewer):
        return IdeaSettings.objects.none()
    return IdeaSettings.objects.filter(
        community__memberships__person=viewer,
        community__memberships__role__in=[Role.OWNER, Role.LEADER],
    ).select_related("community")


def _moved(notification: Notification, move: StageMove) -> str:
    values = {
        "who": who(notification),
        "title": _title(move.idea),
        "stage": move.to_name,
    }
    if move.decision is not None:
        return _("%(who)s decided on “%(title)s”: %(stage)s") % values
    return _("%(who)s moved “%(title)s” to %(stage)s") % values


def _edited(notification: Notification, idea: Idea) -> str:
    return _("%(who)s changed “%(title)s”, which you support") % {
        "who": who(notification),
        "title": _title(idea),
    }


def _review_due(notification: Notification, record: DecisionRecord) -> str:
    return _("“%(title)s” was parked until today: time to look at it again") % {
        "title": _title(record.idea)
    }


def _waiting(notification: Notification, settings: IdeaSettings) -> str:
    count = int(notification.detail or 0)
    return ngettext(
        "%(count)d idea in %(community)s has waited over %(days)d days for a move",
        "%(count)d ideas in %(community)s have waited over %(days)d days for a move",
        count,
    ) % {
        "count": count,
        "community": settings.community.name,
        "days": settings.waiting_days,
    }


def _waiting_url(settings: IdeaSettings) -> str:
    ideas = reverse("ideas:list", kwargs={"slug": settings.community.slug})
    return f"{ideas}?order=waiting"


register_target(
    Target(
        name="stagemove",
        visible=_moves,
        url=lambda move: f"{_idea_url(move.idea)}#move-{move.pk}",
    )
)
register_target(
    Target(
        name="idea",
        visible=lambda viewer: readable_ideas(viewer).select_related("community"),
        url=_idea_url,
    )
)
register_target(
    Target(
        name="decisionrecord",
        visible=lambda viewer: readable_decisions(viewer).select_related("idea"),
        url=lambda record: reverse("ideas:decision", kwargs={"pk": record.pk}),
    )
)
register_target(Target(name="ideasettings", visible=_settings, url=_waiting_url))
register_kind(
    Kind(
        name="idea_moved",
        label=gettext_lazy("An idea you proposed, support or follow moves on"),
        targets=("stagemove",),
        describe=_moved,
    )
)
register_kind(
    Kind(
        name="idea_edited",
        label=gettext_lazy("An idea you support is changed"),
        targets=("idea",),
        describe=_edited,
    )
)
register_kind(
    Kind(
        name="idea_review_due",
        label=gettext_lazy("A parked idea in a community you lead is due another look"),
        targets=("decisionrecord",),
        describe=_review_due,
    )
)
register_kind(
    Kind(
        name="ideas_waiting",
        label=gettext_lazy("Weekly: ideas waiting too long in a community you lead"),
        targets=("ideasettings",),
        describe=_waiting,
    )
)


def _assignments(viewer: permissions.Viewer) -> QuerySet[EvaluatorAssignment]:
    """One's own requests to evaluate, in communities one still reads."""
    if not permissions.is_signed_in(viewer):
        return EvaluatorAssignment.objects.none()
    return EvaluatorAssignment.objects.filter(
        person=viewer, community__in=readable_communities(viewer).values("pk")
    ).select_related("idea", "stage", "stage__community")


def _assignment_url(assignment: EvaluatorAssignment) -> str:
    if assignment.idea is not None:
        return f"{_idea_url(assignment.idea)}#evaluation"
    stage = cast(Stage, assignment.stage)  # an idea or a stage, by constraint
    board = reverse("ideas:board", kwargs={"slug": stage.community.slug})
    return f"{board}?stage={stage.pk}"


def _evaluate(notification: Notification, assignment: EvaluatorAssignment) -> str:
    if assignment.idea is not None:
        return _("%(who)s asked you to evaluate “%(title)s”") % {
            "who": who(notification),
            "title": _title(assignment.idea),
        }
    return _("%(who)s asked you to evaluate the ideas in “%(stage)s”") % {
        "who": who(notification),
        "stage": cast(Stage, assignment.stage).name,
    }


def _steps(viewer: permissions.Viewer) -> QuerySet[PlanStep]:
    return PlanStep.objects.filter(idea__in=readable_ideas(viewer)).select_related(
        "idea"
    )


def _overdue(notification: Notification, step: PlanStep) -> str:
    return _("“%(step)s” for “%(title)s” was due on %(day)s") % {
        "step": Truncator(step.title).chars(TITLE_LENGTH),
        "title": _title(step.idea),
        "day": step.due_on.isoformat(),
    }


register_target(
    Target(name="evaluatorassignment", visible=_assignments, url=_assignment_url)
)
register_target(
    Target(
        name="planstep",
        visible=_steps,
        url=lambda step: f"{_idea_url(step.idea)}#step-{step.pk}",
    )
)
register_kind(
    Kind(
        name="evaluation_requested",
        label=gettext_lazy("You are asked to evaluate ideas"),
        targets=("evaluatorassignment",),
        describe=_evaluate,
    )
)
register_kind(
    Kind(
        name="step_overdue",
        label=gettext_lazy("A step of a plan you own is overdue"),
        targets=("planstep",),
        describe=_overdue,
    )
)
