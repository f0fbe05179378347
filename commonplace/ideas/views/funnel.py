"""A community's funnel on the pages: how many ideas reached each stage,
how many went on, how long they stayed, and the ideas waiting longest;
for the community's readers, filtered by stage, topic and author.

The figures show twice: as a chart drawn on the server (an inline SVG of
horizontal bars, one per stage, read at a glance and named for assistive
technology) and as a table with every number. The same figures download
as CSV, with every cell a spreadsheet would take for a formula escaped.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from commonplace.communities import selectors as community_selectors
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput
from commonplace.ideas import selectors
from commonplace.ideas.forms_implementation import FunnelFilterForm
from commonplace.ideas.selectors import Funnel, StageFigures
from commonplace.web.viewing import signed_in

TEMPLATE = "ideas/funnel.html"
FILTERS = ("stage", "topic", "author")
# The chart's drawing units: each stage a row of its name over its bar,
# the longest bar leaving room for its number after it.
CHART_WIDTH = 640
ROW_HEIGHT = 48
LONGEST_BAR = 560
# A spreadsheet reads a cell starting with one of these as a formula (tab
# and carriage return hide one): such cells are written as text instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    """One stage's figures as the page shows them, with its bar."""

    figures: StageFigures
    # Conversion from the step before, in per cent (None where it has none).
    percent: float | None
    top: int
    bar_width: float

    @property
    def label_y(self) -> int:
        return self.top + 16

    @property
    def bar_y(self) -> int:
        return self.top + 22

    @property
    def count_x(self) -> float:
        return self.bar_width + 8

    @property
    def count_y(self) -> int:
        return self.top + 36


def _percent(conversion: float | None) -> float | None:
    return None if conversion is None else round(100 * conversion, 1)


def _rows(funnel: Funnel) -> list[Row]:
    """Each stage with a bar as long as its share of the most reached."""
    most = max((row.reached for row in funnel.stages), default=0) or 1
    return [
        Row(
            figures=row,
            percent=_percent(row.conversion),
            top=index * ROW_HEIGHT,
            bar_width=round(LONGEST_BAR * row.reached / most, 1),
        )
        for index, row in enumerate(funnel.stages)
    ]


def _filtered(
    request: HttpRequest, slug: str
) -> tuple[Community, FunnelFilterForm, Funnel | None]:
    """The community (for its readers only), the filters as typed, and its
    funnel under them; None when a filter names nothing."""
    viewer = signed_in(request)
    community = community_selectors.access_readable_community(
        viewer, slug, details=False
    )
    stages = selectors.stages_of(community)
    form = FunnelFilterForm(request.GET, stages=stages, viewer=viewer)
    try:
        return community, form, selectors.funnel(community, form.filters())
    except InvalidInput:
        return community, form, None


@require_safe
@login_required
def funnel_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The funnel as a chart and a table, the ideas waiting longest, and a
    link to the same figures as CSV."""
    return _page(request, *_filtered(request, slug))


def _page(
    request: HttpRequest,
    community: Community,
    form: FunnelFilterForm,
    funnel: Funnel | None,
) -> HttpResponse:
    """The page; without a funnel (a filter naming nothing) it answers 400
    with the form as typed and the reason beside the field."""
    typed = {name: request.GET[name] for name in FILTERS if request.GET.get(name)}
    context = {
        "community": community,
        "form": form,
        "funnel": funnel,
        "rows": _rows(funnel) if funnel is not None else [],
        "chart_width": CHART_WIDTH,
        "chart_height": ROW_HEIGHT * len(funnel.stages) if funnel is not None else 0,
        "csv_query": urlencode(typed),
        "waiting": selectors.waiting_longest(community),
    }
    status = 200 if funnel is not None else 400
    return render(request, TEMPLATE, context, status=status)


@require_safe
@login_required
def funnel_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The funnel's table as CSV, named for the community; bad filters
    answer as the page does."""
    community, form, funnel = _filtered(request, slug)
    if funnel is None:
        return _page(request, community, form, None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"funnel-{community.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("stage"),
            _("kind"),
            _("reached"),
            _("in it now"),
            _("conversion (%)"),
            _("median days"),
        ]
    )
    for row in funnel.stages:
        cells = (
            row.name,
            row.kind,
            row.reached,
            row.current,
            _percent(row.conversion),
            row.median_days,
        )
        writer.writerow([_cell(value) for value in cells])
    return response


def _cell(value: object) -> str:
    """The value as text a spreadsheet shows as it is: one that would start
    a formula gets a single quote before it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
