"""Markdown in, safe HTML out: the only way user text becomes markup.

CommonMark plus tables (markdown-it-py), then an allow-list sanitiser
(nh3). It runs when text is written, and the HTML is stored beside the
source. What can come out: formatting, lists, tables, code, quotes, links
(http, https, mailto; always rel="nofollow ugc noopener") and images served
by Commonplace itself. An image from anywhere else becomes a link, so a
reader's browser never calls a third-party host. No attribute can carry
script, style or htmx behaviour: attributes are allow-listed per tag.
"""

from __future__ import annotations

import re
from typing import Any

import nh3
from markdown_it import MarkdownIt

LOCAL_IMAGE = re.compile(r"^/uploads/\d+/$")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "del", "s", "code", "pre", "blockquote", "kbd", "sup", "sub",
    "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _renderer() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    parser.enable("strikethrough")
    parser.add_render_rule("image", _render_image)
    parser.add_render_rule("link_open", _render_link_open)
    parser.add_render_rule("link_close", _render_link_close)
    for cell in ("th_open", "td_open"):
        parser.add_render_rule(cell, _render_cell_open)
    return parser


def _render_link_open(
    self: Any, tokens: list[Any], index: int, options: Any, env: Any
) -> str:
    env["links_open"] = env.get("links_open", 0) + 1
    return str(self.renderToken(tokens, index, options, env))


def _render_link_close(
    self: Any, tokens: list[Any], index: int, options: Any, env: Any
) -> str:
    env["links_open"] = env.get("links_open", 1) - 1
    return str(self.renderToken(tokens, index, options, env))


def _render_image(
    self: Any, tokens: list[Any], index: int, options: Any, env: Any
) -> str:
    """Images from Commonplace stay images; any other becomes a link, or,
    inside a link already, just its text (a link cannot hold a link)."""
    token = tokens[index]
    source = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if LOCAL_IMAGE.match(source):
        return f'<img src="{_escape(source)}" alt="{_escape(alt)}">'
    if env.get("links_open", 0) > 0:
        return _escape(alt or source)
    return f'<a href="{_escape(source)}">{_escape(alt or source)}</a>'


def _render_cell_open(
    self: Any, tokens: list[Any], index: int, options: Any, env: Any
) -> str:
    """Table alignment as the `align` attribute: styles never survive."""
    token = tokens[index]
    style = str(token.attrGet("style") or "")
    align = style.removeprefix("text-align:") if style.startswith("text-align:") else ""
    tag = token.tag
    return (
        f'<{tag} align="{align}">'
        if align in ("left", "right", "center")
        else f"<{tag}>"
    )


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


_PARSER = _renderer()


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if LOCAL_IMAGE.match(value) else None
    if tag == "code" and attribute == "class":
        return value if re.fullmatch(r"language-[\w+#.-]{1,30}", value) else None
    return value


def sanitise(html: str) -> str:
    """Keep only allow-listed tags and attributes; make every link safe."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def render(source: str) -> str:
    """The safe HTML for Markdown `source`."""
    return sanitise(_PARSER.render(source))
