"""Revision history: every version of a text, who wrote it and when, and
what changed from the version before, line by line.

The difference is computed here as plain lines and shown by the template
with autoescaping, so no text a person wrote ever becomes markup.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from commonplace import permissions
from commonplace.knowledge import selectors
from commonplace.knowledge.models import Revision
from commonplace.knowledge.views.common import Item, kind_of, post_of
from commonplace.web.viewing import page_cursor, signed_in

# What a diff line is: added, removed or unchanged.
MARKS = {"+ ": "added", "- ": "removed", "  ": "same"}


@dataclass(frozen=True)
class Line:
    change: str
    text: str


@dataclass(frozen=True)
class Version:
    revision: Revision
    title_changed: bool
    summary_changed: bool
    lines: list[Line]
    is_first: bool


def diff_lines(before: str, after: str) -> list[Line]:
    """The lines of `after`, each marked as added or kept, with the removed
    lines of `before` where they were."""
    lines = []
    for raw in difflib.ndiff(before.splitlines(), after.splitlines()):
        change = MARKS.get(raw[:2])
        if change is not None:
            lines.append(Line(change, raw[2:]))
    return lines


def versions(revisions: list[Revision]) -> list[Version]:
    """Each revision (newest first) beside the one before it."""
    result = []
    for index, revision in enumerate(revisions):
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        before = older.body_source if older else ""
        result.append(
            Version(
                revision=revision,
                title_changed=older is not None and older.title != revision.title,
                summary_changed=older is not None and older.summary != revision.summary,
                lines=diff_lines(before, revision.body_source),
                is_first=older is None,
            )
        )
    return result


def _history(request: HttpRequest, item: Item) -> HttpResponse:
    viewer = signed_in(request)
    page = selectors.revisions_of(viewer, item, cursor=page_cursor(request))
    context = {
        "item": item,
        "kind": kind_of(item),
        "post": post_of(item),
        "page": page,
        "versions": versions(page.items),
        # Removed text stays out of sight, except for moderators.
        "shows_text": not item.is_removed
        or permissions.can(viewer, "community.moderate", post_of(item).community),
    }
    return render(request, "knowledge/history.html", context)


@require_safe
@login_required
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    return _history(request, selectors.access_post(signed_in(request), pk))


@require_safe
@login_required
def answer_history(request: HttpRequest, pk: int) -> HttpResponse:
    return _history(request, selectors.access_answer(signed_in(request), pk))


@require_safe
@login_required
def comment_history(request: HttpRequest, pk: int) -> HttpResponse:
    return _history(request, selectors.access_comment(signed_in(request), pk))
