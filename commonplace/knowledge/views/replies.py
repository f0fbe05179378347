"""Answers, comments, reactions, accepting, editing, removing and reporting.

Each change goes through a service; a refused answer or comment comes back
on the post page with what was typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonplace import permissions
from commonplace.core.errors import Conflict, InvalidInput
from commonplace.knowledge import selectors, services
from commonplace.knowledge.forms import (
    AnswerForm,
    CommentForm,
    DeleteForm,
    EditTextForm,
    ReactionForm,
    ReportForm,
)
from commonplace.knowledge.models import Answer, Comment
from commonplace.knowledge.views.common import (
    Item,
    access_item,
    add_errors,
    back_to,
    kind_of,
    plural_of,
    post_of,
    reaction_buttons,
    written,
)
from commonplace.knowledge.views.posts import post_page
from commonplace.web.viewing import is_htmx, signed_in


@require_POST
@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    post = selectors.access_post(viewer, pk)
    form = AnswerForm(request.POST, auto_id="answer-%s")
    form.is_valid()
    try:
        created = services.post_answer(
            question=post, author=viewer, body=form.cleaned_data.get("body", "")
        )
    except (InvalidInput, Conflict) as error:
        add_errors(form, error)
        return post_page(
            request, viewer, post, status=error.status_code, answer_form=form
        )
    return written(request, viewer, created)


@require_POST
@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on the post, or on one of its answers (`answer` in the form)."""
    viewer = signed_in(request)
    post = selectors.access_post(viewer, pk)
    answer_id = request.POST.get("answer") or ""
    prefix = f"answer-{answer_id}" if answer_id else f"post-{post.pk}"
    form = CommentForm(request.POST, auto_id=f"comment-{prefix}-%s")
    if not form.is_valid():
        return post_page(request, viewer, post, status=400, comment_form=form)
    on_answer: Answer | None = None
    if form.cleaned_data["answer"]:
        on_answer = selectors.access_answer(viewer, form.cleaned_data["answer"])
    try:
        created = services.add_comment(
            post=post, author=viewer, body=form.cleaned_data["body"], answer=on_answer
        )
    except (InvalidInput, Conflict) as error:
        add_errors(form, error)
        return post_page(
            request, viewer, post, status=error.status_code, comment_form=form
        )
    return written(request, viewer, created)


@require_POST
@login_required
def accept(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    viewer = signed_in(request)
    post = selectors.access_post(viewer, pk)
    chosen = selectors.access_answer(viewer, answer_id)
    services.accept_answer(question=post, answer=chosen, accepted_by=viewer)
    return back_to(chosen)


@require_POST
@login_required
def unaccept(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    post = selectors.access_post(viewer, pk)
    services.unaccept_answer(question=post, changed_by=viewer)
    return back_to(post)


@require_POST
@login_required
def react(request: HttpRequest, target: str, pk: str) -> HttpResponse:
    """Toggle one reaction; htmx gets the item's reaction bar back."""
    viewer = signed_in(request)
    item = access_item(viewer, target, int(pk))
    form = ReactionForm(request.POST)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    services.toggle_reaction(item=item, person=viewer, kind=kind)
    if not is_htmx(request):
        return back_to(item)
    item = access_item(viewer, target, int(pk))
    post = post_of(item)
    mine = selectors.my_reactions(
        viewer,
        post,
        [item] if isinstance(item, Answer) else [],
        [item] if isinstance(item, Comment) else [],
    )
    item.target = plural_of(item)  # type: ignore[union-attr]
    item.buttons = reaction_buttons(item, mine)  # type: ignore[union-attr]
    item.may_react = True  # type: ignore[union-attr]
    return render(request, "knowledge/_reactions.html", {"item": item})


def _editable(viewer, item: Item) -> None:
    permissions.require(viewer, "contribution.edit", item)


def _edit_text(request: HttpRequest, item: Answer | Comment) -> HttpResponse:
    viewer = signed_in(request)
    _editable(viewer, item)
    status = 200
    if request.method == "POST":
        form = EditTextForm(request.POST)
        form.is_valid()
        body = form.cleaned_data.get("body", "")
        try:
            if isinstance(item, Answer):
                services.edit_answer(answer=item, edited_by=viewer, body=body)
            else:
                services.edit_comment(comment=item, edited_by=viewer, body=body)
        except (InvalidInput, Conflict) as error:
            add_errors(form, error)
            status = error.status_code
        else:
            return written(request, viewer, item)
    else:
        form = EditTextForm(initial={"body": item.body_source})
    context = {"form": form, "item": item, "post": item.post, "kind": kind_of(item)}
    return render(request, "knowledge/text_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_text(request, selectors.access_answer(signed_in(request), pk))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_text(request, selectors.access_comment(signed_in(request), pk))


def _delete(request: HttpRequest, item: Item) -> HttpResponse:
    """Confirm, then remove with a reason; a marker stays where it was."""
    viewer = signed_in(request)
    permissions.require(viewer, "contribution.delete", item)
    status = 200
    form = DeleteForm()
    if request.method == "POST":
        form = DeleteForm(request.POST)
        form.is_valid()
        try:
            services.delete_contribution(
                item=item, deleted_by=viewer, reason=form.cleaned_data.get("reason", "")
            )
        except InvalidInput as error:
            add_errors(form, error)
            status = error.status_code
        else:
            messages.success(request, _("It is removed."))
            return back_to(item)
    context = {"form": form, "item": item, "post": post_of(item), "kind": kind_of(item)}
    return render(request, "knowledge/delete.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete_post(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, selectors.access_post(signed_in(request), pk))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, selectors.access_answer(signed_in(request), pk))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, selectors.access_comment(signed_in(request), pk))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report(request: HttpRequest, target: str, pk: str) -> HttpResponse:
    """Ask the community's moderators to look at a post, answer or comment."""
    viewer = signed_in(request)
    item = access_item(viewer, target, int(pk))
    permissions.require(viewer, "contribution.report", item)
    status = 200
    form = ReportForm()
    if request.method == "POST":
        form = ReportForm(request.POST)
        form.is_valid()
        try:
            services.report(
                item=item,
                reported_by=viewer,
                reason=form.cleaned_data.get("reason", ""),
            )
        except InvalidInput as error:
            add_errors(form, error)
            status = error.status_code
        else:
            messages.success(
                request, _("Thank you. The community's moderators will look at it.")
            )
            return back_to(item)
    context = {"form": form, "item": item, "post": post_of(item), "kind": kind_of(item)}
    return render(request, "knowledge/report.html", context, status=status)
