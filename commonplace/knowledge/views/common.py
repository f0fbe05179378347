"""What the conversation pages share: the signed-in viewer, errors on forms,
and what the viewer may do to each post, answer and comment on a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from commonplace import permissions
from commonplace.core.errors import CommonplaceError, NotFound
from commonplace.knowledge import selectors
from commonplace.knowledge.models import Answer, Comment, Post, ReactionKind
from commonplace.people.models import User
from commonplace.web.viewing import add_service_errors

Item = Post | Answer | Comment
# The first part of a reaction's or a report's address names what it is about.
TARGETS = {"posts": "post", "answers": "answer", "comments": "comment"}
REACTION_LABELS = {
    ReactionKind.HELPFUL: _("Helpful"),
    ReactionKind.INSIGHTFUL: _("Insightful"),
    ReactionKind.THANKS: _("Thanks"),
}
# A service's field name, when the form calls it something else.
FIELD_ALIASES = {"file": "image"}


def add_errors(form: forms.Form, error: CommonplaceError) -> None:
    """Put a service's refusal onto the form's fields, once each."""
    add_service_errors(form, error, FIELD_ALIASES)


def access_item(viewer: User, target: str, pk: int) -> Item:
    """The post, answer or comment an address names; NotFound if unreadable."""
    kind = TARGETS.get(target)
    if kind == "post":
        return selectors.access_post(viewer, pk)
    if kind == "answer":
        return selectors.access_answer(viewer, pk)
    if kind == "comment":
        return selectors.access_comment(viewer, pk)
    raise NotFound


def kind_of(item: Item) -> str:
    return type(item).__name__.lower()


def plural_of(item: Item) -> str:
    return f"{kind_of(item)}s"


def post_of(item: Item) -> Post:
    return item if isinstance(item, Post) else item.post


def written(request: HttpRequest, viewer: User, item: Item) -> HttpResponse:
    """After a write: say who it mentions but cannot read the community
    (they were not told), then show the item in its thread."""
    community = permissions.community_of(item)
    for person in selectors.mention_problems(viewer, community, item.body_source):
        messages.warning(
            request,
            _("%(name)s cannot see this community, so they were not told.")
            % {"name": person.display_name},
        )
    return back_to(item)


def back_to(item: Item) -> HttpResponse:
    """The post page, scrolled to the item."""
    post = post_of(item)
    response = redirect("knowledge:post", pk=post.pk)
    if not isinstance(item, Post):
        response["Location"] += f"#{kind_of(item)}-{item.pk}"
    return response


@dataclass(frozen=True)
class ReactionButton:
    kind: str
    label: Any
    count: int
    pressed: bool


def reaction_buttons(item: Item, mine: selectors.MyReactions) -> list[ReactionButton]:
    counts = {
        ReactionKind.HELPFUL: item.helpful_total,
        ReactionKind.INSIGHTFUL: item.insightful_count,
        ReactionKind.THANKS: item.thanks_count,
    }
    return [
        ReactionButton(kind, label, counts[kind], mine.has(item, kind))
        for kind, label in REACTION_LABELS.items()
    ]


def decorate(
    viewer: User, item: Item, mine: selectors.MyReactions, moderates: bool
) -> Item:
    """Attach what the page shows about the item for this viewer."""
    item.target = plural_of(item)  # type: ignore[union-attr]
    item.buttons = reaction_buttons(item, mine)  # type: ignore[union-attr]
    item.shows_body = not item.is_removed or moderates  # type: ignore[union-attr]
    item.may_edit = not item.is_removed and permissions.can(  # type: ignore[union-attr]
        viewer, "contribution.edit", item
    )
    item.may_delete = item.deleted_at is None and permissions.can(  # type: ignore[union-attr]
        viewer, "contribution.delete", item
    )
    item.may_react = not item.is_removed  # type: ignore[union-attr]
    return item
