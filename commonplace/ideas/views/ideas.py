"""Ideas on the pages: a community's ideas, proposing one, an idea with
its trip, supporting, following and editing it, who backs it and the
versions they backed.

Every form posts to a page of its own, so it works without JavaScript;
with htmx, ideas like the one being written show under the form, and
lists load their next page in place. A refusal comes back with the form
as it was sent and every reason beside its field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.ideas import selectors, services
from commonplace.ideas.forms import (
    FollowForm,
    IdeaFilterForm,
    IdeaForm,
    SupportForm,
    similar_text,
)
from commonplace.ideas.models import Idea
from commonplace.ideas.views.evaluation import evaluation_context
from commonplace.ideas.views.implementation import implementation_context
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, is_htmx, page_cursor, signed_in

LIST = "ideas/idea_list.html"
FORM = "ideas/idea_form.html"
DETAIL = "ideas/idea_detail.html"


@require_safe
@login_required
def idea_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's ideas, of one stage or all, newest, most supported or
    waiting longest; beside them the stages with their counts and the
    ideas waiting longest for a move, so none is forgotten."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    stages = selectors.stages_of(community)
    form = IdeaFilterForm(request.GET, stages=stages)
    status = 200
    page = None
    try:
        page = selectors.ideas_of(
            viewer,
            community,
            stage=form.chosen_stage(),
            order=form.chosen_order(),
            cursor=page_cursor(request),
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        status = error.status_code
    if page is not None and is_htmx(request):
        return render(request, f"{LIST}#idea-page", {"page": page})
    context = {
        "community": community,
        "form": form,
        "page": page,
        "stages": stages,
        "waiting": selectors.waiting_longest(community),
        "waiting_days": selectors.waiting_days(community),
        "may_propose": permissions.can(viewer, "idea.propose", community),
        "may_edit_stages": permissions.can(viewer, "community.edit_stages", community),
    }
    return render(request, LIST, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    """Propose an idea: members and above; guests support and discuss."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    permissions.require(viewer, "idea.propose", community)
    form = IdeaForm(viewer=viewer)
    status = 200
    if request.method == "POST":
        form = IdeaForm(request.POST, viewer=viewer)
        try:
            idea = services.propose_idea(
                community=community,
                author=viewer,
                draft=form.draft(),
                topics=form.topic_names(),
                coauthors=form.checked()["coauthors"],
            )
        except InvalidInput as error:
            add_service_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, _("Your idea is proposed. You follow it."))
            return redirect("ideas:idea", pk=idea.pk)
    return _form_page(request, community, form, None, status)


def _form_page(
    request: HttpRequest,
    community: Community,
    form: IdeaForm,
    idea: Idea | None,
    status: int,
) -> HttpResponse:
    context = {"community": community, "form": form, "idea": idea}
    return render(request, FORM, context, status=status)


@require_POST
def similar(request: HttpRequest, slug: str) -> HttpResponse:
    """Ideas like the one being written, so its author can join one instead
    of starting another. Asked with POST because it reads the problem being
    typed; it changes nothing. A visitor whose session ended gets nothing
    (204), so no sign-in page is swapped into the form."""
    if not permissions.is_signed_in(request.user):
        return HttpResponse(status=204)
    community = community_selectors.access_readable_community(
        request.user, slug, details=False
    )
    text = similar_text(request.POST)
    hits = selectors.similar_ideas(request.user, community, text) if text else []
    return render(request, f"{FORM}#similar", {"similar": hits})


@require_safe
@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    return _idea_page(request, viewer, selectors.access_idea(viewer, pk))


def _idea_page(
    request: HttpRequest,
    viewer: User,
    idea: Idea,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    """The idea, its trip with every move and decision, and what the viewer
    may do; a refused support or follow comes back here with its reason."""
    page = selectors.idea_page(viewer, idea)
    context = {
        "idea": idea,
        "community": idea.community,
        "page": page,
        "versions": selectors.versions_of(idea) if idea.version > 1 else [],
        "changed_since_supported": page.supported_version is not None
        and page.supported_version < idea.version,
        "may": _what_viewer_may(viewer, idea),
        "error": error,
        **evaluation_context(viewer, idea),
        **implementation_context(viewer, idea),
    }
    return render(request, DETAIL, context, status=status)


def _what_viewer_may(viewer: User, idea: Idea) -> dict[str, bool]:
    return {
        action: permissions.can(viewer, f"idea.{action}", idea)
        for action in ("support", "follow", "edit", "move")
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an idea: its authors, and moderators to fix it. Changed words
    make a new version, and its supporters are told."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    permissions.require(viewer, "idea.edit", idea)
    if request.method != "POST":
        form = IdeaForm(initial=_current_values(idea), viewer=viewer)
        return _form_page(request, idea.community, form, idea, 200)
    form = IdeaForm(request.POST, viewer=viewer)
    try:
        edited = services.edit_idea(
            idea=idea,
            edited_by=viewer,
            draft=form.draft(),
            topics=form.topic_names(),
            coauthors=form.checked()["coauthors"],
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        return _form_page(request, idea.community, form, idea, error.status_code)
    messages.success(request, _edited_message(idea, edited))
    return redirect("ideas:idea", pk=idea.pk)


def _current_values(idea: Idea) -> dict[str, Any]:
    return {
        "title": idea.title,
        "problem": idea.problem_source,
        "proposal": idea.proposal_source,
        "impact": idea.impact_source,
        "topics": ", ".join(topic.name for topic in idea.topics.all()),
        "coauthors": ", ".join(f"@{person.handle}" for person in idea.coauthors.all()),
    }


def _edited_message(before: Idea, after: Idea) -> str:
    if after.version == before.version:
        return _("The idea is saved.")
    if after.support_count:
        return _(
            "The idea is saved as version %(version)d. Its supporters are told "
            "it changed."
        ) % {"version": after.version}
    return _("The idea is saved as version %(version)d.") % {"version": after.version}


@require_POST
@login_required
def support(request: HttpRequest, pk: int) -> HttpResponse:
    """Back the idea as it reads now, or take one's support back; doing
    either twice answers 409 on the idea's page, with the reason."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    action = SupportForm(request.POST).checked()["action"]
    try:
        if action == "withdraw":
            services.withdraw_support(idea=idea, person=viewer)
            messages.success(request, _("You no longer support this idea."))
        else:
            services.support_idea(idea=idea, person=viewer)
            messages.success(request, _("You support this idea, as it reads now."))
    except Conflict as error:
        return _idea_page(
            request, viewer, idea, status=error.status_code, error=str(error.message)
        )
    return redirect("ideas:idea", pk=idea.pk)


@require_POST
@login_required
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Hear of every move of the idea, or stop; twice changes nothing."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    if FollowForm(request.POST).checked()["action"] == "unfollow":
        services.unfollow_idea(follower=viewer, idea=idea)
        messages.success(request, _("You no longer follow this idea."))
    else:
        services.follow_idea(follower=viewer, idea=idea)
        messages.success(request, _("You follow this idea: you hear of every move."))
    return redirect("ideas:idea", pk=idea.pk)


@require_safe
@login_required
def supporter_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Who backs the idea, newest first, with the version each backed."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    page = selectors.supporters(idea, cursor=page_cursor(request))
    template = "ideas/supporters.html"
    if is_htmx(request):
        template += "#supporter-page"
    return render(request, template, {"idea": idea, "page": page})


@require_safe
@login_required
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """An idea as one version read: what its supporters then backed."""
    viewer = signed_in(request)
    idea = selectors.access_idea(viewer, pk)
    context = {
        "idea": idea,
        "shown": selectors.version_of(idea, number),
        "versions": selectors.versions_of(idea),
    }
    return render(request, "ideas/version.html", context)
