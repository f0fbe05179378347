"""The moderators' queue: open reports, each hidden, restored or dismissed.

Only the community's moderators, leaders and owners reach it; to everyone
else it is the same 404 as a community that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from commonplace.communities import selectors as community_selectors
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.knowledge import selectors, services
from commonplace.knowledge.forms import DecisionForm
from commonplace.knowledge.models import Report
from commonplace.knowledge.views.common import kind_of, post_of
from commonplace.web.viewing import page_cursor, signed_in

DECIDED = {
    "hide": gettext_lazy("It is hidden. You can restore it below."),
    "restore": gettext_lazy("It is restored."),
    "dismiss": gettext_lazy("The report is dismissed."),
}


def _described(report: Report) -> Report:
    target = report.target
    report.target_kind = kind_of(target)  # type: ignore[attr-defined]
    report.target_post = post_of(target)  # type: ignore[attr-defined]
    report.is_hidden = target.hidden_at is not None  # type: ignore[attr-defined]
    return report


@require_safe
@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = signed_in(request)
    community = community_selectors.access_community(viewer, slug)
    page = selectors.moderation_queue(viewer, community, cursor=page_cursor(request))
    decided = None
    decided_id = request.GET.get("decided", "")
    if decided_id.isdigit():
        try:
            decided = _described(selectors.access_report(viewer, int(decided_id)))
        except NotFound:
            decided = None
    hidden = selectors.hidden_reports(viewer, community)
    context = {
        "community": community,
        "page": page,
        "reports": [_described(report) for report in page.items],
        "hidden": [_described(report) for report in hidden.items],
        # The report just decided, so a hidden item can be restored at once.
        "decided": decided
        if decided and decided.community_id == community.pk
        else None,
    }
    return render(request, "knowledge/moderation.html", context)


@require_POST
@login_required
def decide_report(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = signed_in(request)
    report_ = selectors.access_report(viewer, pk)
    form = DecisionForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else ""
    if not decision:
        raise InvalidInput(_("Choose hide, restore or dismiss."))
    services.moderate(report_=report_, moderator=viewer, decision=decision)
    messages.success(request, DECIDED[decision])
    response = redirect("knowledge:moderation", slug=report_.community.slug)
    response["Location"] += f"?decided={report_.pk}"
    return response
