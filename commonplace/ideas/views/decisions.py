"""Decision records on the pages: a community's decisions, newest first,
by outcome, and each record with the idea it decided and its discussion.

A recorded decision teaches the next one, so it has an address of its
own, as a post has; a viewer who may not read its community finds none.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commonplace.communities import selectors as community_selectors
from commonplace.core.errors import InvalidInput
from commonplace.ideas import selectors
from commonplace.ideas.forms import DecisionFilterForm
from commonplace.web.viewing import add_service_errors, is_htmx, page_cursor, signed_in

LIST = "ideas/decision_list.html"


@require_safe
@login_required
def decision_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's decision records, of one outcome or all; a bad
    outcome or page link answers 400 with the filter kept."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    form = DecisionFilterForm(request.GET)
    status = 200
    page = None
    try:
        page = selectors.decisions_of(
            community,
            outcome=form.checked()["outcome"],
            cursor=page_cursor(request),
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        status = error.status_code
    if page is not None and is_htmx(request):
        return render(request, f"{LIST}#decision-page", {"page": page})
    context = {"community": community, "form": form, "page": page}
    return render(request, LIST, context, status=status)


@require_safe
@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One decision: what, why, what else was weighed, who decided, when
    to look again, and where it is discussed."""
    record = selectors.access_decision(signed_in(request), pk)
    context = {"record": record, "idea": record.idea, "community": record.community}
    return render(request, "ideas/decision_detail.html", context)
