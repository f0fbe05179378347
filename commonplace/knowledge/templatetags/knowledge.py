"""Template tags of conversations: post cards, rendered once per version."""

from __future__ import annotations

from collections.abc import Hashable

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from commonplace.knowledge.models import Post
from commonplace.web.fragments import Fragments

register = template.Library()
# A few thousand cards of about a kilobyte each, per process.
_CARDS = Fragments(size=4096)


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
