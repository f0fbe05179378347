"""Asking for help, on the pages: the help panel under a question, the
requests a person received and made (and what they let routing ask of
them), and each community's routing rule with how it went.

Every form posts to a page of its own, so it works without JavaScript;
with htmx the panel under a question reloads in place. A refusal comes
back with the form as it was sent and every reason in words.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from commonplace import permissions
from commonplace.communities import selectors as community_selectors
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.expertise import selectors, services
from commonplace.expertise.availability import preference_of
from commonplace.expertise.forms import (
    AskCommunityForm,
    AskForm,
    DeclineForm,
    PreferencesForm,
    RuleForm,
)
from commonplace.expertise.models import RoutingRule
from commonplace.knowledge import selectors as knowledge_selectors
from commonplace.knowledge.models import Post, PostKind
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors, is_htmx, page_cursor, signed_in

PANEL = "expertise/_help_panel.html"


def _open_question(viewer: User, pk: int) -> Post:
    post = knowledge_selectors.access_post(viewer, pk)
    if post.kind != PostKind.QUESTION:
        raise NotFound
    return post


def _panel(
    request: HttpRequest,
    viewer: User,
    post: Post,
    *,
    ask_form: AskForm | None = None,
    community_form: AskCommunityForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The help panel, alone for htmx or on a page of its own."""
    chosen = ask_form.cleaned_data.get("ask_for_help", []) if ask_form else []
    suggesting = services.rule_of(post.community).mode != RoutingRule.Mode.OFF
    question = services.question_of(post) if suggesting else None
    context = {
        "post": post,
        "suggesting": suggesting,
        "asked": selectors.asked_about(viewer, post),
        "offers": selectors.offers(viewer, question, chosen=chosen, post=post),
        "ask_form": ask_form or AskForm(),
        "community_form": community_form or AskCommunityForm(viewer=viewer),
        "communities": community_selectors.readable_communities(viewer),
    }
    template = PANEL if is_htmx(request) else "expertise/help.html"
    return render(request, template, context, status=status)


@require_safe
@login_required
def help_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """Who was asked about a question, and who else could be: for its
    asker and the community's moderators, while it is open."""
    viewer = signed_in(request)
    post = _open_question(viewer, pk)
    permissions.require(viewer, "question.request_help", post)
    return _panel(request, viewer, post)


@require_POST
@login_required
def request_help(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    post = _open_question(viewer, pk)
    form = AskForm(request.POST)
    try:
        ids = form.checked()["ask_for_help"]
        people = selectors.people_to_ask(viewer, ids)
        done = services.request_help(asker=viewer, post=post, people=people)
    except InvalidInput as error:
        add_service_errors(form, error, {"people": "ask_for_help"})
        return _panel(request, viewer, post, ask_form=form, status=error.status_code)
    return _asked(request, viewer, post, len(done))


@require_POST
@login_required
def ask_community(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    post = _open_question(viewer, pk)
    form = AskCommunityForm(request.POST, viewer=viewer)
    try:
        community = form.checked()["community"]
        done = services.ask_community(asker=viewer, post=post, community=community)
    except InvalidInput as error:
        add_service_errors(form, error)
        return _panel(
            request, viewer, post, community_form=form, status=error.status_code
        )
    return _asked(request, viewer, post, len(done))


def _asked(request: HttpRequest, viewer: User, post: Post, count: int) -> HttpResponse:
    messages.success(
        request,
        ngettext(
            "%(count)d person was asked for help.",
            "%(count)d people were asked for help.",
            count,
        )
        % {"count": count},
    )
    if is_htmx(request):
        return _panel(request, viewer, post)
    return redirect("knowledge:post", pk=post.pk)


@require_POST
@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Say no to a request with one click, then go back where it was. A
    reason that is not one of the two answers 400; someone else's
    request, 404."""
    viewer = signed_in(request)
    reason = DeclineForm(request.POST).checked()["reason"]
    services.decline(person=viewer, request_id=pk, reason=reason)
    messages.success(request, _("Thank you for saying so; the asker will see it."))
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("expertise:requests")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def requests_page(request: HttpRequest) -> HttpResponse:
    """Requests for help made of you (or by you, `?made=1`), and what you
    let routing ask of you."""
    viewer = signed_in(request)
    status = 200
    if request.method == "POST":
        form, status = _save_preferences(request, viewer)
        if status == 302:
            return redirect("expertise:requests")
    else:
        form = PreferencesForm(initial=_preference_values(viewer))
    made = request.GET.get("made") == "1"
    read = selectors.sent if made else selectors.received
    context: dict[str, Any] = {
        "made": made,
        "page": read(viewer, cursor=page_cursor(request)),
        "form": form,
        "reasons": DeclineForm.base_fields["reason"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "expertise/requests.html", context, status=status)


def _preference_values(viewer: User) -> dict[str, Any]:
    preference = preference_of(viewer)
    return {
        "opted_out": preference.opted_out,
        "weekly_limit": preference.weekly_limit,
        "away_until": preference.away_until,
    }


def _save_preferences(
    request: HttpRequest, viewer: User
) -> tuple[PreferencesForm, int]:
    form = PreferencesForm(request.POST)
    try:
        services.set_preferences(person=viewer, **form.checked())
    except InvalidInput as error:
        add_service_errors(form, error)
        return form, error.status_code
    messages.success(request, _("Your choices are saved."))
    return form, 302


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def routing(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's routing rule and how routing went: its leaders only."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(viewer, slug)
    rule = selectors.rule_for(viewer, community)
    status = 200
    form = RuleForm(
        initial={
            "mode": rule.mode,
            "top": rule.top,
            "after_minutes": rule.after_minutes,
        }
    )
    if request.method == "POST":
        form = RuleForm(request.POST)
        try:
            services.set_rule(leader=viewer, community=community, **form.checked())
        except InvalidInput as error:
            add_service_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, _("The routing rule is saved."))
            return redirect("expertise:routing", slug=community.slug)
    context = {
        "community": community,
        "form": form,
        "figures": selectors.figures(viewer, community),
    }
    return render(request, "expertise/routing.html", context, status=status)
