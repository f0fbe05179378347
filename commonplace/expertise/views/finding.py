"""People who can likely help, shown beside a question as it is written,
and the directory of who knows about what.

The fragment is for htmx, asked with POST because it reads the body being
typed, which does not fit in an address; it changes nothing. A visitor
whose session ended gets nothing (204), as the other fragments of the
question form do, so no sign-in page is swapped into the form. The
directory is a page for the organisation's members, as the people
directory is.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe

from commonplace import permissions
from commonplace.core.errors import InvalidInput
from commonplace.expertise import selectors
from commonplace.expertise.forms import AskForm, DirectoryForm, HelpForm
from commonplace.knowledge.models import PostKind
from commonplace.web.viewing import page_cursor, signed_in

TEMPLATE = "expertise/_suggestions.html"
DIRECTORY_TEMPLATE = "expertise/directory.html"


@require_POST
def suggestions(request: HttpRequest) -> HttpResponse:
    if not permissions.is_signed_in(request.user):
        return HttpResponse(status=204)
    form = HelpForm(request.POST, viewer=request.user)
    try:
        question = form.question()
    except InvalidInput as error:
        return render(request, TEMPLATE, {"error": error.message}, status=400)
    if request.POST.get("kind", PostKind.QUESTION) != PostKind.QUESTION:
        return render(request, TEMPLATE, {"offers": []})
    chosen = AskForm(request.POST)
    found = selectors.offers(
        request.user,
        question,
        size=form.how_many(),
        chosen=chosen.cleaned_data["ask_for_help"] if chosen.is_valid() else [],
    )
    return render(request, TEMPLATE, {"offers": found})


@require_safe
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """Who knows about a topic or a few words, best first, with why.

    Nothing asked yet shows the topics most known in the communities the
    viewer reads; a bad value or page link answers 400 with the form kept
    and the reason on it.
    """
    viewer = signed_in(request)
    form = DirectoryForm(request.GET, viewer=viewer)
    context: dict[str, Any] = {"form": form, "about": None, "page": None}
    try:
        about = form.about()
        context["about"] = about
        if about is not None:
            context["page"] = selectors.people_who_know(
                viewer, about, cursor=page_cursor(request)
            )
    except InvalidInput as error:
        if not form.errors:
            form.add_error(None, str(error.message))
        return render(request, DIRECTORY_TEMPLATE, context, status=error.status_code)
    if context["about"] is None and not form.note:
        context["topics"] = selectors.strongest_topics(viewer)
    return render(request, DIRECTORY_TEMPLATE, context)
