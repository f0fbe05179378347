"""Moving an idea to another stage of its community: the leaders' page.

A move to a decision stage carries the decision record, so the form asks
for it when the chosen stage decides (and for a parked one, the day to
look again); with htmx, choosing a stage shows only the fields it needs.
Without JavaScript every field shows, and the service takes the record
only for a decision stage.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commonplace import permissions
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.ideas import selectors, services
from commonplace.ideas.forms import MoveForm
from commonplace.ideas.models import Idea
from commonplace.web.viewing import add_service_errors, is_htmx, signed_in

TEMPLATE = "ideas/move.html"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the idea, with a message and, for a decision stage, the record;
    a refused move writes nothing and comes back with every reason."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    permissions.require(viewer, "idea.move", idea)
    stages = selectors.stages_of(idea.community)
    if request.method != "POST":
        # htmx sends the values typed so far, so a new choice keeps them.
        initial = {"deciders": viewer.display_name, **request.GET.dict()}
        form = MoveForm(initial=initial, stages=stages, current=idea.stage)
        return _page(request, idea, form)
    form = MoveForm(request.POST, stages=stages, current=idea.stage)
    try:
        done = services.move_idea(
            idea=idea,
            to_stage=form.chosen_stage(),
            moved_by=viewer,
            message=form.checked()["message"],
            decision=form.decision_draft(),
        )
    except (InvalidInput, Conflict) as error:
        add_service_errors(form, error)
        return _page(request, idea, form, status=error.status_code)
    messages.success(
        request, _("The idea is in “%(stage)s” now.") % {"stage": done.to_name}
    )
    return redirect(reverse("ideas:idea", kwargs={"pk": idea.pk}) + f"#move-{done.pk}")


def _page(
    request: HttpRequest, idea: Idea, form: MoveForm, *, status: int = 200
) -> HttpResponse:
    """The move form; for htmx only the decision fields of the stage chosen."""
    shown = form.shown_stage()
    context = {"idea": idea, "form": form, "shown": shown}
    template = f"{TEMPLATE}#decision-fields" if is_htmx(request) else TEMPLATE
    return render(request, template, context, status=status)
