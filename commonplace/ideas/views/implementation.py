"""Implementation on the pages: what an idea's page shows of its plan and
its measured impact, and the pages that change them.

Leaders name an idea's owners; owners and leaders plan its steps, mark
them done, post status updates into its thread and, once it is done,
record what it measurably changed. Every form posts to a page of its own
and comes back to the idea's plan; a refusal comes back with the form as
sent and the reason beside its field, with the service's status (400 for
a bad value, 409 for an idea not yet decided or not yet done).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonplace import permissions
from commonplace.core.errors import CommonplaceError
from commonplace.ideas import selectors, services
from commonplace.ideas.forms_implementation import (
    ImpactForm,
    OwnersForm,
    StatusUpdateForm,
    StepActionForm,
    StepForm,
)
from commonplace.ideas.models import (
    PLANNED_KINDS,
    Idea,
    ImpactRecord,
    PlanStep,
    StageKind,
)
from commonplace.ideas.selectors import Plan
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, signed_in

NEW_STEP = "new-step-%s"
NEW_UPDATE = "update-%s"


def implementation_context(viewer: permissions.Viewer, idea: Idea) -> dict[str, Any]:
    """The plan with its progress once the idea is decided, its impact, and
    the forms of those who may carry it out. Its cost does not grow with
    the steps: the plan is three queries, the viewer's right one at most."""
    planned = idea.stage.kind in PLANNED_KINDS
    plan = selectors.plan_of(idea) if planned else None
    may_implement = planned and permissions.can(viewer, "idea.implement", idea)
    return {
        "plan": plan,
        "overdue": _overdue(plan),
        "impact": selectors.impact_of(idea),
        "impact_due": idea.stage.kind == StageKind.DONE,
        "may_implement": may_implement,
        "may_name_owners": planned and permissions.can(viewer, "idea.move", idea),
        "step_form": StepForm(viewer=viewer, auto_id=NEW_STEP)
        if may_implement
        else None,
        "update_form": StatusUpdateForm(auto_id=NEW_UPDATE) if may_implement else None,
    }


def _overdue(plan: Plan | None) -> set[int]:
    """The steps past their day and not done, as the owners are told of
    them: due before today."""
    if plan is None:
        return set()
    today = timezone.localdate()
    return {step.pk for step in plan.steps if not step.is_done and step.due_on < today}


def _idea_url(idea: Idea, anchor: str) -> str:
    return reverse("ideas:idea", kwargs={"pk": idea.pk}) + f"#{anchor}"


def _implementer(request: HttpRequest, pk: int) -> tuple[User, Idea]:
    """The viewer and the idea, once the viewer may carry it out: 404 for
    those who may not read it, 403 for its other readers."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    permissions.require(viewer, "idea.implement", idea)
    return viewer, idea


# --- Owners -----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def owners(request: HttpRequest, pk: int) -> HttpResponse:
    """The leaders name who carries the idea out, by their handles; someone
    who cannot read the community is refused on the field."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    permissions.require(viewer, "idea.move", idea)
    if request.method != "POST":
        current = selectors.owners_of(idea)
        typed = ", ".join(f"@{person.handle}" for person in current)
        form = OwnersForm(initial={"owners": typed}, viewer=viewer)
        return _owners_page(request, idea, form)
    form = OwnersForm(request.POST, viewer=viewer)
    try:
        chosen = services.set_owners(
            idea=idea, owners=form.checked()["owners"], set_by=viewer
        )
    except CommonplaceError as error:
        add_service_errors(form, error)
        return _owners_page(request, idea, form, status=error.status_code)
    if chosen:
        messages.success(request, _("The owners are saved."))
    else:
        messages.success(request, _("The idea has no owners now."))
    return redirect(_idea_url(idea, "plan"))


def _owners_page(
    request: HttpRequest, idea: Idea, form: OwnersForm, *, status: int = 200
) -> HttpResponse:
    context = {"idea": idea, "community": idea.community, "form": form}
    return render(request, "ideas/owners.html", context, status=status)


# --- Steps ------------------------------------------------------------------------


@require_POST
@login_required
def steps(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a step to the plan; one due before the decision, or on an idea
    not decided, comes back on the step's own page with the reason."""
    viewer, idea = _implementer(request, pk)
    form = StepForm(request.POST, viewer=viewer, auto_id=NEW_STEP)
    try:
        added = services.add_step(idea=idea, added_by=viewer, draft=form.draft())
    except CommonplaceError as error:
        add_service_errors(form, error)
        return _step_page(request, idea, form, None, status=error.status_code)
    messages.success(request, _("“%(title)s” is added.") % {"title": added.title})
    return redirect(_idea_url(idea, f"step-{added.pk}"))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def step(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """A step's form (GET); its changes (POST): `action` is save, done,
    reopen or delete."""
    viewer, idea = _implementer(request, pk)
    chosen = selectors.access_step(idea, step_pk)
    if request.method != "POST":
        form = StepForm(initial=_step_values(chosen), viewer=viewer)
        return _step_page(request, idea, form, chosen)
    action = StepActionForm(request.POST).checked()["action"]
    form = StepForm(request.POST, viewer=viewer)
    try:
        done, anchor = _change_step(viewer, chosen, form, action)
    except CommonplaceError as error:
        add_service_errors(form, error)
        return _step_page(request, idea, form, chosen, status=error.status_code)
    messages.success(request, done)
    return redirect(_idea_url(idea, anchor))


def _change_step(
    viewer: User, chosen: PlanStep, form: StepForm, action: str
) -> tuple[str, str]:
    """Do what the step's form asked: what was done, in words, and where
    on the idea's page to show it."""
    values = {"title": chosen.title}
    if action == "delete":
        services.delete_step(step=chosen, deleted_by=viewer)
        return _("“%(title)s” is deleted.") % values, "plan"
    if action in ("done", "reopen"):
        services.complete_step(step=chosen, by=viewer, done=action == "done")
        if action == "done":
            return _("“%(title)s” is done.") % values, f"step-{chosen.pk}"
        return _("“%(title)s” is open again.") % values, f"step-{chosen.pk}"
    saved = services.edit_step(step=chosen, edited_by=viewer, draft=form.draft())
    return _("“%(title)s” is saved.") % {"title": saved.title}, f"step-{chosen.pk}"


def _step_values(chosen: PlanStep) -> dict[str, Any]:
    return {
        "title": chosen.title,
        "owner": f"@{chosen.owner.handle}" if chosen.owner else "",
        "due_on": chosen.due_on,
    }


def _step_page(
    request: HttpRequest,
    idea: Idea,
    form: StepForm,
    chosen: PlanStep | None,
    *,
    status: int = 200,
) -> HttpResponse:
    """A step's form: a new one (`chosen` None) or one of the plan's."""
    context = {"idea": idea, "community": idea.community, "form": form, "step": chosen}
    return render(request, "ideas/step.html", context, status=status)


# --- Status updates -----------------------------------------------------------------


@require_POST
@login_required
def update(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a status update: a reply in the idea's thread, listed with the
    plan. Refused, it comes back on a page of its own with the words kept."""
    viewer, idea = _implementer(request, pk)
    form = StatusUpdateForm(request.POST, auto_id=NEW_UPDATE)
    try:
        services.post_status_update(
            idea=idea, author=viewer, text=form.checked()["body"]
        )
    except CommonplaceError as error:
        add_service_errors(form, error)
        context = {"idea": idea, "community": idea.community, "form": form}
        return render(request, "ideas/update.html", context, status=error.status_code)
    messages.success(request, _("Your update is posted in the idea's discussion."))
    return redirect(_idea_url(idea, "updates"))


# --- Impact -----------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def impact(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what the done idea measurably changed, beside what it
    expected; recording again replaces the record."""
    viewer, idea = _implementer(request, pk)
    if request.method != "POST":
        record = selectors.impact_of(idea)
        form = ImpactForm(initial=_impact_values(record))
        return _impact_page(request, idea, form)
    form = ImpactForm(request.POST)
    try:
        services.record_impact(idea=idea, recorded_by=viewer, draft=form.draft())
    except CommonplaceError as error:
        add_service_errors(form, error)
        return _impact_page(request, idea, form, status=error.status_code)
    messages.success(request, _("The measured impact is recorded."))
    return redirect(_idea_url(idea, "impact"))


def _impact_values(record: ImpactRecord | None) -> dict[str, Any]:
    if record is None:
        return {}
    return {
        "measured": record.measured_source,
        # 12.5000 as 12.5, and 10 not as 1E+1.
        "value": format(record.value.normalize(), "f")
        if record.value is not None
        else None,
        "unit": record.unit,
        "period_start": record.period_start,
        "period_end": record.period_end,
    }


def _impact_page(
    request: HttpRequest, idea: Idea, form: ImpactForm, *, status: int = 200
) -> HttpResponse:
    context = {"idea": idea, "community": idea.community, "form": form}
    return render(request, "ideas/impact.html", context, status=status)
