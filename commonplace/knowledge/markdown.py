"""Markdown in, safe HTML out: the only way user text becomes markup.

CommonMark plus tables (markdown-it-py), then an allow-list sanitiser
(nh3). It runs when text is written, and the HTML is stored beside the
source. What can come out: formatting, lists, tables, code, quotes, links
(http, https, mailto; always rel="nofollow ugc noopener") and images served
by Commonplace itself. An image from anywhere else becomes a link, so a
reader's browser never calls a third-party host. No attribute can carry
script, style or htmx behaviour: attributes are allow-listed per tag.

@mentions of people become links to their profiles when the writer's
service passes the people it resolved; a mention in code or inside a link
stays text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from commonplace.people.handles import MENTION

LOCAL_IMAGE = re.compile(r"^/uploads/\d+/$")

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "del", "s", "code", "pre", "blockquote", "kbd", "sup", "sub",
    "ul", "ol", "li", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
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
    parser.core.ruler.push("mentions", _mark_mentions)
    return parser


def _plain_text_tokens(state: StateCore) -> list[tuple[list[Token], int]]:
    """(children, index) of every text token outside links: where a
    mention may stand. Code spans are tokens of their own, never text."""
    found = []
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        depth = 0
        for index, child in enumerate(block.children):
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type == "text" and depth == 0 and "@" in child.content:
                found.append((block.children, index))
    return found


def _mark_mentions(state: StateCore) -> None:
    """Collect the handles mentioned (env "handles"), and turn those the
    caller resolved (env "mentions": handle -> profile path) into links."""
    places = _plain_text_tokens(state)
    handles: dict[str, None] = {}
    for children, index in places:
        for match in MENTION.finditer(children[index].content):
            handles.setdefault(match.group(1).lower(), None)
    state.env["handles"] = list(handles)
    resolved: Mapping[str, str] = state.env.get("mentions") or {}
    if not resolved:
        return
    # Right to left, so replacing a token keeps the earlier indexes valid.
    for children, index in reversed(places):
        pieces = _linked_mentions(children[index].content, resolved)
        if pieces is not None:
            children[index : index + 1] = pieces


def _linked_mentions(text: str, resolved: Mapping[str, str]) -> list[Token] | None:
    """The text as tokens with each resolved mention a link; None if none."""
    pieces, last = [], 0
    for match in MENTION.finditer(text):
        path = resolved.get(match.group(1).lower())
        if path is None:
            continue
        pieces.append(_text(text[last : match.start()]))
        link = Token("link_open", "a", 1, attrs={"href": path, "class": "mention"})
        pieces += [link, _text(match.group(0)), Token("link_close", "a", -1)]
        last = match.end()
    if not pieces:
        return None
    pieces.append(_text(text[last:]))
    return [piece for piece in pieces if piece.type != "text" or piece.content]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


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
    if tag == "a" and attribute == "class":
        return value if value == "mention" else None
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


def render(source: str, mentions: Mapping[str, str] | None = None) -> str:
    """The safe HTML for Markdown `source`; `mentions` maps the handles
    that name real people to their profile paths."""
    return sanitise(_PARSER.render(source, {"mentions": mentions or {}}))


def mentioned_handles(source: str) -> list[str]:
    """The distinct handles @mentioned in `source` (not in code or links),
    lower-cased, in the order they first appear."""
    env: dict[str, Any] = {}
    _PARSER.parse(source, env)
    return list(env.get("handles", []))
