"""People who can likely help, shown beside a question as it is written.

A fragment for htmx, asked with POST because it reads the body being
typed, which does not fit in an address; it changes nothing. A visitor
whose session ended gets nothing (204), as the other fragments of the
question form do, so no sign-in page is swapped into the form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from commonplace import permissions
from commonplace.core.errors import InvalidInput
from commonplace.expertise.forms import HelpForm
from commonplace.expertise.ranker import suggest_people
from commonplace.knowledge.models import PostKind

TEMPLATE = "expertise/_suggestions.html"


@require_POST
def suggestions(request: HttpRequest) -> HttpResponse:
    if not permissions.is_signed_in(request.user):
        return HttpResponse(status=204)
    form = HelpForm(request.POST, viewer=request.user)
    try:
        question = form.question()
    except InvalidInput as error:
        return render(request, TEMPLATE, {"error": error.message}, status=400)
    found = []
    asking = request.POST.get("kind", PostKind.QUESTION) == PostKind.QUESTION
    if question is not None and asking:
        found = suggest_people(request.user, question, size=form.how_many())
    return render(request, TEMPLATE, {"suggestions": found})
