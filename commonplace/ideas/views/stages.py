"""The stage editor: a community's leaders shape the trip its ideas take
(add, rename, reorder and delete stages) and choose how long an idea may
wait for a move before they hear of it.

The editor's first opening makes the default trip, so there are rows to
edit. Every change posts a form of its own and comes back to the editor;
a refusal (a taken name, a stage still holding ideas) comes back with the
form as sent and the reason beside it, with the service's status.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.errors import CommonplaceError, InvalidInput
from commonplace.ideas import selectors, services
from commonplace.ideas.forms import (
    AddStageForm,
    RenameStageForm,
    StageActionForm,
    WaitingDaysForm,
)
from commonplace.ideas.models import Stage
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, signed_in

TEMPLATE = "ideas/stages.html"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def stages(request: HttpRequest, slug: str) -> HttpResponse:
    """The editor; its forms add a stage (`action=add`) or set the days an
    idea may wait (`action=waiting`)."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    permissions.require(viewer, "community.edit_stages", community)
    if request.method != "POST":
        return _editor(request, viewer, community)
    action = request.POST.get("action")
    if action == "waiting":
        return _set_waiting_days(request, viewer, community)
    if action == "add":
        return _add_stage(request, viewer, community)
    raise InvalidInput(_("Choose to add a stage or to set the days to wait."))


def _add_stage(
    request: HttpRequest, viewer: User, community: Community
) -> HttpResponse:
    form = AddStageForm(request.POST, auto_id="new-stage-%s")
    try:
        added = services.add_stage(
            community=community, added_by=viewer, **form.checked()
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        return _editor(
            request, viewer, community, status=error.status_code, add_form=form
        )
    messages.success(request, _("“%(name)s” is added.") % {"name": added.name})
    return _back(community, added.pk)


def _set_waiting_days(
    request: HttpRequest, viewer: User, community: Community
) -> HttpResponse:
    form = WaitingDaysForm(request.POST, auto_id="waiting-%s")
    try:
        days = form.checked()["waiting_days"]
        services.set_waiting_days(community=community, changed_by=viewer, days=days)
    except InvalidInput as error:
        add_service_errors(form, error)
        return _editor(
            request, viewer, community, status=error.status_code, waiting_form=form
        )
    messages.success(request, _("The days an idea may wait are saved."))
    return redirect("ideas:stages", slug=community.slug)


@require_POST
@login_required
def stage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Rename a stage, move it one place up or down, or delete it; a stage
    still holding ideas is not deleted (409, with how many)."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    permissions.require(viewer, "community.edit_stages", community)
    chosen = selectors.access_stage(community, pk)
    form = RenameStageForm(request.POST, current=chosen)
    try:
        done, anchor = _change_stage(viewer, chosen, form)
    except CommonplaceError as error:
        add_service_errors(form, error)
        return _editor(
            request,
            viewer,
            community,
            status=error.status_code,
            stage_form=(chosen.pk, form),
        )
    messages.success(request, done)
    return _back(community, anchor)


def _change_stage(
    viewer: User, chosen: Stage, form: RenameStageForm
) -> tuple[str, int | None]:
    """Do what the stage's form asked: what was done, in words, and the
    stage to show (none once deleted)."""
    action = StageActionForm(form.data).checked()["action"]
    if action == "delete":
        services.delete_stage(stage=chosen, deleted_by=viewer)
        return _("“%(name)s” is deleted.") % {"name": chosen.name}, None
    if action == "rename":
        before = chosen.name
        name = form.checked()["name"]
        renamed = services.rename_stage(stage=chosen, renamed_by=viewer, name=name)
        message = _("“%(before)s” is now “%(name)s”.") % {
            "before": before,
            "name": renamed.name,
        }
        return message, chosen.pk
    offset = -1 if action == "up" else 1
    services.move_stage(stage=chosen, moved_by=viewer, offset=offset)
    return _("“%(name)s” is moved.") % {"name": chosen.name}, chosen.pk


def _back(community: Community, stage_id: int | None) -> HttpResponse:
    """The editor, scrolled to the stage just changed."""
    url = reverse("ideas:stages", kwargs={"slug": community.slug})
    return redirect(f"{url}#stage-{stage_id}" if stage_id else url)


def _editor(
    request: HttpRequest,
    viewer: User,
    community: Community,
    *,
    status: int = 200,
    add_form: AddStageForm | None = None,
    waiting_form: WaitingDaysForm | None = None,
    stage_form: tuple[int, RenameStageForm] | None = None,
) -> HttpResponse:
    """The stages in order, each with its form (the refused one as sent)."""
    trip = selectors.stages_of(community) or services.prepare_stages(
        community=community, prepared_by=viewer
    )
    refused_id, refused = stage_form or (None, None)
    for each in trip:
        each.form = (  # type: ignore[attr-defined]
            refused
            if each.pk == refused_id
            else RenameStageForm(initial={"name": each.name}, current=each)
        )
    context = {
        "community": community,
        "stages": trip,
        "add_form": add_form or AddStageForm(auto_id="new-stage-%s"),
        "waiting_form": waiting_form
        or WaitingDaysForm(
            initial={"waiting_days": selectors.waiting_days(community)},
            auto_id="waiting-%s",
        ),
    }
    return render(request, TEMPLATE, context, status=status)
