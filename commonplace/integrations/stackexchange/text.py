"""Turning a dump's texts into Commonplace's: Markdown, rendered once.

Post bodies are HTML in a dump; they become Markdown (so imported posts
edit like native ones) and are then rendered and sanitised like any post.
Comments are already short Markdown-like text. Profiles' "about me" is
HTML; a profile's text is plain, so only its words are kept. These are
pure functions, so a pool of processes can run them.
"""

from __future__ import annotations

import html
import re

import nh3

from commonplace.integrations.markdown_from_html import markdown_from_html
from commonplace.knowledge.markdown import render
from commonplace.knowledge.models import (
    MAX_BODY_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_TITLE_LENGTH,
)

SPACES = re.compile(r"\s+")


def _readable(text: str) -> str:
    return text.replace("\x00", "\ufffd")


def body(html_text: str) -> tuple[str, str]:
    """A post's Markdown and HTML, made from the dump's HTML body."""
    source = markdown_from_html(_readable(html_text)).strip()[:MAX_BODY_LENGTH]
    return source, render(source)


def comment(text: str) -> tuple[str, str]:
    source = _readable(text).strip()[:MAX_COMMENT_LENGTH]
    return source, render(source)


def plain(html_text: str, limit: int) -> str:
    """The words of a bit of HTML, on one line, cut to `limit`."""
    words = html.unescape(nh3.clean(_readable(html_text), tags=set()))
    return SPACES.sub(" ", words).strip()[:limit]


def title(text: str) -> str:
    return SPACES.sub(" ", _readable(text)).strip()[:MAX_TITLE_LENGTH]


def bodies(items: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key, Markdown, HTML) for each (key, HTML body): a pool's unit of work."""
    return [(key, *body(text)) for key, text in items]


def comments(items: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    return [(key, *comment(text)) for key, text in items]
