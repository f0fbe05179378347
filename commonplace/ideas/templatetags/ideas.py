"""Template tags of ideas: cards and board rows, rendered once per version
of what they show (see commonplace.web.fragments)."""

from __future__ import annotations

from collections.abc import Hashable

from django import template
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from commonplace.ideas.models import Idea
from commonplace.web.fragments import Fragments

register = template.Library()
# A few thousand cards and rows of well under a kilobyte each, per process.
_CARDS = Fragments(size=4096)
_ROWS = Fragments(size=4096)
# A community's figures under each filter in use; a few kilobytes each.
_FIGURES = Fragments(size=512)
FIGURES_CONTEXT = ("community", "funnel", "rows", "chart_width", "chart_height")


def _rendered(name: str, idea: Idea) -> SafeString:
    return SafeString(render_to_string(name, {"idea": idea}))


@register.simple_tag
def idea_card(idea: Idea) -> SafeString:
    """The card of `idea` in a list (ideas/_idea_card.html)."""
    return _CARDS.get_or_render(
        card_key(idea), lambda: _rendered("ideas/_idea_card.html", idea)
    )


@register.simple_tag
def board_row(idea: Idea) -> SafeString:
    """The row of `idea` on the evaluation board (ideas/_board_row.html)."""
    return _ROWS.get_or_render(
        row_key(idea), lambda: _rendered("ideas/_board_row.html", idea)
    )


def card_key(idea: Idea) -> Hashable:
    """Everything the card shows: when one of them changes, so does the key."""
    author = idea.author
    return (
        idea.pk,
        idea.title,
        idea.stage.name,
        bool(getattr(idea, "viewer_supports", False)),
        (author.pk, author.display_name) if author else None,
        idea.created_at,
        idea.support_count,
    )


def row_key(idea: Idea) -> Hashable:
    """Everything the board row shows."""
    return (
        idea.pk,
        idea.title,
        idea.evaluation_score,
        idea.evaluator_count,
        idea.support_count,
    )


@register.simple_tag(takes_context=True)
def funnel_figures(context: Context) -> SafeString:
    """The funnel page's chart and table (ideas/_funnel_figures.html),
    rendered once per community, figures and filters."""
    values = {name: context[name] for name in FIGURES_CONTEXT}
    values["csv_query"] = context["csv_query"]
    funnel = values["funnel"]
    key = (
        values["community"].slug,
        funnel.ideas,
        tuple(funnel.stages),
        values["csv_query"],
    )
    return _FIGURES.get_or_render(
        key,
        lambda: SafeString(render_to_string("ideas/_funnel_figures.html", values)),
    )
