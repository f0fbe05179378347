"""Template tags of conversations: post cards and answers, rendered once
per version of what they show (see commonplace.web.fragments)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django import template
from django.template.context import Context
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from commonplace.knowledge.models import Answer, Comment, Post
from commonplace.web.fragments import Fragments

register = template.Library()
# A few thousand cards and answers of a few kilobytes each, per process.
_CARDS = Fragments(size=4096)
_ANSWERS = Fragments(size=4096)
# Stands for the request's CSRF token in a kept answer: each page puts its
# own in when it shows one.
_CSRF_PLACEHOLDER = "csrf-token-of-this-request"


@register.simple_tag
def post_card(post: Post, show_community: bool = False) -> SafeString:
    """The card of `post` in a list (knowledge/_post_card.html)."""
    return _CARDS.get_or_render(
        card_key(post, show_community),
        lambda: SafeString(
            render_to_string(
                "knowledge/_post_card.html",
                {"post": post, "show_community": show_community},
            )
        ),
    )


def card_key(post: Post, show_community: bool) -> Hashable:
    """Everything the card shows: when one of them changes, so does the key."""
    author = post.author
    community = post.community if show_community else None
    return (
        post.pk,
        post.kind,
        post.title,
        post.summary,
        "" if post.title else post.body_source[:140],
        post.created_at,
        bool(post.accepted_answer_id),
        post.answer_count,
        post.comment_count,
        (author.pk, author.display_name) if author else None,
        (community.slug, community.name) if community else None,
        tuple(topic.name for topic in post.topics.all()),
    )


@register.simple_tag(takes_context=True)
def answer_block(context: Context, answer: Answer) -> SafeString:
    """One answer of the question page (knowledge/_answer.html).

    The same answer looks the same to every viewer with the same standing
    towards it (their reactions, whether they may edit, delete, accept,
    reply or read a hidden text): those are in the key, so two such
    viewers share one rendering, and a moderator's never reaches a member.
    An answer whose comment form comes back with errors is rendered anew.
    """
    values: dict[str, Any] = {
        name: context.get(name)
        for name in ("post", "community", "may_accept", "may_reply")
    }
    token = str(context.get("csrf_token", ""))

    def render() -> SafeString:
        blank_token = {**values, "answer": answer, "csrf_token": _CSRF_PLACEHOLDER}
        return SafeString(get_template("knowledge/_answer.html").render(blank_token))

    form = answer.comment_form  # type: ignore[attr-defined]
    if form.is_bound:
        rendered = render()
    else:
        rendered = _ANSWERS.get_or_render(answer_key(answer, **values), render)
    return mark_safe(rendered.replace(_CSRF_PLACEHOLDER, token))  # noqa: S308


def answer_key(
    answer: Answer, *, post: Post, community: Any, may_accept: bool, may_reply: bool
) -> Hashable:
    """Everything an answer shows, and every decision made for its viewer."""
    comments: list[Comment] = answer.comment_list  # type: ignore[attr-defined]
    accepted = answer.pk == post.accepted_answer_id
    accepted_by = post.accepted_by if accepted else None
    return (
        _item_key(answer),
        (accepted, accepted and post.accepted_at, accepted_by and accepted_by.pk),
        accepted_by and accepted_by.display_name,
        post.pk,
        community.slug,
        bool(may_accept),
        bool(may_reply),
        tuple(_item_key(comment) for comment in comments),
    )


def _item_key(item: Answer | Comment) -> Hashable:
    """An answer's or comment's own content, and the page's decorations of it
    for the viewer (knowledge.views.common.decorate)."""
    decorated: Any = item
    author = item.author
    return (
        item.pk,
        hash(item.body_html),
        item.created_at,
        item.edited_at,
        item.deleted_at,
        item.hidden_at,
        item.deletion_reason,
        (author.pk, author.display_name) if author else None,
        tuple(decorated.buttons),
        decorated.shows_body,
        decorated.may_edit,
        decorated.may_delete,
        decorated.may_react,
    )
