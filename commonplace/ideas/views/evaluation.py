"""Evaluation on the pages: a community's criteria, the people asked to
evaluate an idea or every idea in a stage, an evaluator's scores, the
board of a stage's ideas by weighted score, and what an idea's page shows
of its evaluation.

Leaders edit the criteria and ask the evaluators; the people asked score;
every reader of the community sees the scores and the board. As on the
other idea pages, every form posts to a page of its own, and a refusal
comes back with the form as sent, the reason beside its field and the
service's status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed
from commonplace.core.pagination import Page
from commonplace.ideas import selectors, services
from commonplace.ideas.forms_evaluation import (
    AssignmentActionForm,
    BoardForm,
    CriterionActionForm,
    CriterionForm,
    EvaluatorForm,
    ScoreForm,
)
from commonplace.ideas.models import (
    MAX_CRITERIA,
    Criterion,
    EvaluatorAssignment,
    Idea,
    Stage,
)
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, is_htmx, page_cursor, signed_in

CRITERIA = "ideas/criteria.html"
EVALUATORS = "ideas/evaluators.html"
SCORE = "ideas/score.html"
BOARD = "ideas/board.html"


def evaluation_context(viewer: permissions.Viewer, idea: Idea) -> dict[str, Any]:
    """The idea's criteria, every evaluator's scores, who is asked to
    evaluate it, and whether the viewer may score it or ask others."""
    return {
        "criteria": selectors.criteria_of(idea.community),
        "evaluations": selectors.evaluations_of(idea),
        "asked": selectors.assignments_of(idea),
        "may_score": selectors.may_score(viewer, idea),
        "may_ask": permissions.can(viewer, "community.edit_criteria", idea.community),
    }


# --- Criteria ------------------------------------------------------------------------


def _criteria_community(viewer: User, slug: str) -> Community:
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    permissions.require(viewer, "community.edit_criteria", community)
    return community


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def criteria(request: HttpRequest, slug: str) -> HttpResponse:
    """The leaders' list of criteria, each with its form, and a form to add
    one; an added criterion counts in every idea's score at once."""
    viewer = signed_in(request)
    community = _criteria_community(viewer, slug)
    if request.method != "POST":
        return _criteria_page(request, community)
    form = CriterionForm(request.POST)
    try:
        added = services.add_criterion(
            community=community, added_by=viewer, draft=form.draft()
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        return _criteria_page(
            request, community, status=error.status_code, add_form=form
        )
    messages.success(request, _("“%(name)s” is added.") % {"name": added.name})
    return _back_to_criteria(community, added.pk)


@require_POST
@login_required
def criterion(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Save a criterion's name, weight and description, or delete it (and
    its scores); leaving every weight at zero is refused on the weight."""
    viewer = signed_in(request)
    community = _criteria_community(viewer, slug)
    chosen = selectors.access_criterion(community, pk)
    # Deleting clears the instance's pk, even when the deletion is undone.
    chosen_id = chosen.pk
    form = CriterionForm(request.POST, current=chosen)
    try:
        done, anchor = _change_criterion(viewer, chosen, form)
    except InvalidInput as error:
        add_service_errors(form, error)
        return _criteria_page(
            request, community, status=error.status_code, refused=(chosen_id, form)
        )
    messages.success(request, done)
    return _back_to_criteria(community, anchor)


def _change_criterion(
    viewer: User, chosen: Criterion, form: CriterionForm
) -> tuple[str, int | None]:
    """Do what the criterion's form asked: what was done, in words, and the
    criterion to show (none once deleted)."""
    action = CriterionActionForm(form.data).checked()["action"]
    if action == "delete":
        name = chosen.name
        services.delete_criterion(criterion=chosen, deleted_by=viewer)
        return _("“%(name)s” is deleted.") % {"name": name}, None
    saved = services.edit_criterion(
        criterion=chosen, edited_by=viewer, draft=form.draft()
    )
    return _("“%(name)s” is saved.") % {"name": saved.name}, saved.pk


def _back_to_criteria(community: Community, criterion_id: int | None) -> HttpResponse:
    """The criteria page, scrolled to the criterion just changed."""
    url = reverse("ideas:criteria", kwargs={"slug": community.slug})
    return redirect(f"{url}#criterion-{criterion_id}" if criterion_id else url)


def _criteria_page(
    request: HttpRequest,
    community: Community,
    *,
    status: int = 200,
    add_form: CriterionForm | None = None,
    refused: tuple[int, CriterionForm] | None = None,
) -> HttpResponse:
    """The criteria in order, each with its form (the refused one as sent)."""
    refused_id, refused_form = refused or (None, None)
    rows = [
        (each, refused_form if each.pk == refused_id else CriterionForm.of(each))
        for each in selectors.criteria_of(community)
    ]
    context = {
        "community": community,
        "criteria": rows,
        "add_form": add_form or CriterionForm(),
        "max_criteria": MAX_CRITERIA,
    }
    return render(request, CRITERIA, context, status=status)


# --- Evaluators ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Asking:
    """What an evaluators page asks people for: one idea, or every idea in
    one stage; the assignments it may stop, and (for an idea) those made
    for its stage, shown with a link to the stage's page."""

    community: Community
    idea: Idea | None
    stage: Stage | None
    removable: list[EvaluatorAssignment]
    through_stage: list[EvaluatorAssignment]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def evaluators(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is asked to evaluate the idea: the leaders ask someone by
    handle, or stop asking them (the scores they gave stay)."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    permissions.require(viewer, "community.edit_criteria", idea.community)
    asked = selectors.assignments_of(idea)
    asking = _Asking(
        community=idea.community,
        idea=idea,
        stage=None,
        removable=[each for each in asked if each.idea_id == idea.pk],
        through_stage=[each for each in asked if each.idea_id is None],
    )
    return _ask_or_stop(request, viewer, asking)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def stage_evaluators(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Who is asked to evaluate every idea in the stage, now and later."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    permissions.require(viewer, "community.edit_criteria", community)
    stage = selectors.access_stage(community, pk)
    asking = _Asking(
        community=community,
        idea=None,
        stage=stage,
        removable=selectors.stage_assignments(stage),
        through_stage=[],
    )
    return _ask_or_stop(request, viewer, asking)


def _ask_or_stop(request: HttpRequest, viewer: User, asking: _Asking) -> HttpResponse:
    """The page, or what its form asked (`action` assign or unassign); asking
    someone twice answers 409 and someone who cannot read the community
    400, each with the reason on the person's field."""
    form = EvaluatorForm(viewer=viewer)
    if request.method != "POST":
        return _evaluators_page(request, asking, form)
    actions = AssignmentActionForm(request.POST, removable=asking.removable)
    try:
        if actions.chosen_action() == "unassign":
            done = _stop_asking(viewer, actions.chosen_assignment())
        else:
            form = EvaluatorForm(request.POST, viewer=viewer)
            done = _ask(viewer, asking, form.checked()["person"])
    except (Conflict, InvalidInput) as error:
        return _refused(request, asking, form, error)
    messages.success(request, done)
    return redirect(request.path)


def _refused(
    request: HttpRequest,
    asking: _Asking,
    form: EvaluatorForm,
    error: Conflict | InvalidInput,
) -> HttpResponse:
    """The page again with the reason: beside the person's field when
    someone was being asked (a repeat too, since it is about that person),
    above the list when stopping or the action itself was refused."""
    refusal = ""
    if not form.is_bound:
        refusal = str(error.message)
    elif isinstance(error, Conflict):
        form.add_error("person", str(error.message))
    else:
        add_service_errors(form, error)
    return _evaluators_page(
        request, asking, form, status=error.status_code, refusal=refusal
    )


def _ask(viewer: User, asking: _Asking, person: User) -> str:
    services.assign_evaluator(
        person=person, assigned_by=viewer, idea=asking.idea, stage=asking.stage
    )
    return _("%(name)s is asked to evaluate, and told so.") % {
        "name": person.display_name
    }


def _stop_asking(viewer: User, assignment: EvaluatorAssignment) -> str:
    services.unassign_evaluator(assignment=assignment, removed_by=viewer)
    return _("%(name)s is no longer asked; the scores they gave stay.") % {
        "name": assignment.person.display_name
    }


def _evaluators_page(
    request: HttpRequest,
    asking: _Asking,
    form: EvaluatorForm,
    *,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    context = {
        "asking": asking,
        "community": asking.community,
        "form": form,
        "refusal": refusal,
    }
    return render(request, EVALUATORS, context, status=status)


# --- Scoring -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """An evaluator's scores of the idea on every criterion, with a comment
    each: their earlier scores fill the form, and saving replaces them.
    Readers not asked to evaluate it get 403."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    if not selectors.may_score(viewer, idea):
        raise NotAllowed(_("Only the people asked to evaluate this idea score it."))
    criteria = selectors.criteria_of(idea.community)
    if request.method != "POST":
        earlier = selectors.own_scores(viewer, idea)
        return _score_page(request, idea, ScoreForm(criteria=criteria, earlier=earlier))
    form = ScoreForm(request.POST, criteria=criteria)
    try:
        services.score_idea(idea=idea, evaluator=viewer, values=form.values())
    except InvalidInput as error:
        add_service_errors(form, error)
        return _score_page(request, idea, form, status=error.status_code)
    messages.success(request, _("Your scores are saved."))
    return redirect(reverse("ideas:idea", kwargs={"pk": idea.pk}) + "#evaluation")


def _score_page(
    request: HttpRequest, idea: Idea, form: ScoreForm, *, status: int = 200
) -> HttpResponse:
    context = {"idea": idea, "community": idea.community, "form": form}
    return render(request, SCORE, context, status=status)


# --- The board -----------------------------------------------------------------------


@require_safe
@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    """A stage's ideas ranked by weighted score, each with how many
    evaluators scored it and how many support it, for every reader; the
    stage is `?stage=`, else the first stage that holds ideas."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    form = BoardForm(request.GET, stages=selectors.stages_of(community))
    status = 200
    shown: Stage | None = None
    page: Page[Idea] | None = None
    try:
        shown = form.chosen_stage()
        if shown is not None:
            page = selectors.board(shown, cursor=page_cursor(request))
    except InvalidInput as error:
        add_service_errors(form, error)
        status = error.status_code
    if page is not None and is_htmx(request):
        return render(request, f"{BOARD}#board-rows", {"page": page, "shown": shown})
    context = {
        "community": community,
        "form": form,
        "shown": shown,
        "page": page,
        "criteria": selectors.criteria_of(community),
        "may_edit_criteria": permissions.can(
            viewer, "community.edit_criteria", community
        ),
    }
    return render(request, BOARD, context, status=status)
