"""HTML in, Markdown out: imported posts become text people can edit.

Imported post bodies (Stack Exchange dumps hold HTML) are stored as Markdown,
so they edit like native posts and go through the one renderer,
`commonplace.knowledge.markdown.render`, like any other text. The Markdown
written here is CommonMark plus the two extensions that renderer enables
(GFM tables and strikethrough), and it renders to the structure and text
of the original: text is escaped wherever Markdown would read it as markup.

What has no Markdown form degrades to its text, never to raw HTML (the
renderer shows raw HTML as text): superscripts, subscripts, keys, spans,
unknown tags, block content inside a table cell or a heading, and emphasis
that CommonMark cannot delimit at that spot (as in `a<em>(b)</em>`, where
no `*` could open). Scripts and styles are dropped with their content.
Where Markdown has only an approximation, it is used: a list is loose
(every item's text a paragraph) when any item holds paragraphs, a table's
first row is its header, touching code spans become one.

The parser is the standard library's, fed the whole body at once; a body
of 800 characters converts in about a tenth of a millisecond. Malformed
HTML never raises: tags close the way browsers close them, near enough,
and anything the parser cannot take degrades to escaped plain text.
"""

from __future__ import annotations

import html as html_entities
import re
from html.parser import HTMLParser
from itertools import pairwise

from markdown_it.common.normalize_url import (
    normalizeLink,
    normalizeLinkText,
    validateLink,
)
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LIST_TAGS = {"ul", "ol", "menu", "dir"}
PRE_TAGS = {"pre", "listing", "xmp", "plaintext"}
TABLE_SECTIONS = {"thead", "tbody", "tfoot"}
TABLE_TAGS = {"table", "caption", "colgroup", "col", "tr", "td", "th"} | TABLE_SECTIONS
# Elements a browser lays out as blocks; the rest flow inline.
SECTIONING_TAGS = {
    "address", "article", "aside", "blockquote", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "header", "hgroup", "hr", "li", "main", "nav", "p", "section",
    "summary",
}  # fmt: skip
BLOCK_TAGS = SECTIONING_TAGS | set(HEADING_LEVELS) | LIST_TAGS | PRE_TAGS | TABLE_TAGS
# Starting one of these closes an open paragraph, as in the HTML standard.
CLOSES_PARAGRAPH = BLOCK_TAGS - TABLE_TAGS | {"table"}
PARAGRAPH_SCOPE = {"table", "td", "th", "caption", "button", "object", "template"}
ITEM_SCOPE = BLOCK_TAGS - {"address", "div", "p"}
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
    "meta", "param", "source", "track", "wbr",
}  # fmt: skip
DROPPED_TAGS = {"script", "style"}
DELIMITED = {
    "em": "em", "i": "em", "strong": "strong", "b": "strong",
    "del": "del", "s": "del", "strike": "del",
}  # fmt: skip
MARKS = {"em": ("*", "_"), "strong": ("**", "__"), "del": ("~~",)}
# Deeper nesting is flattened: no real post needs it, and it keeps the
# recursion of the writer bounded whatever the input.
MAX_DEPTH = 48

HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
ESCAPED = re.compile(
    r"[\\`*\[\]]"  # always markup
    r"|<(?! )"  # autolinks
    r"|&(?=#?[0-9A-Za-z]+;)"  # entity references
    r"|_(?:(?<![^\W_]_)|(?![^\W_]))"  # an underscore inside a word is text
    r"|(?<=~)~|~(?=~)"  # strikethrough takes two tildes
)
MAY_NEED_ESCAPING = re.compile(r"[\\`*\[\]<&_~]")
ENTITY_AMPERSAND = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
LINE_START = re.compile(
    r"^(?:#{1,6}(?=[ \t]|$)|>|[-+](?=[ \t]|$)|[-=|:](?=[-=|: \t]*$))", re.MULTILINE
)
LINE_START_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)", re.MULTILINE)
LINE_START_CHARS = frozenset("#>-+=|:0123456789")
# Normalising never adds letters to an address: without one of these words
# in it, markdown-it accepts it.
REFUSED_SCHEME_HINT = re.compile(r"(?i)vbscript|javascript|file|data")
NEEDS_ANGLE_BRACKETS = re.compile(r"[\x00-\x20()<>\\\x7f]")
AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20&]*")
BACKTICKS = re.compile(r"`+")
LANGUAGE = re.compile(r"[\w+#.-]{1,30}")
TAG = re.compile(r"<[^>]*>")
ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")

# Inline token kinds; PIECES is text still in pieces, joined once, and
# CODE the text of a code span.
TEXT, SPACE, BREAK, OPEN, CLOSE, ATOM, PIECES, CODE = range(8)
# Character classes, as CommonMark sees the neighbours of a delimiter.
WHITESPACE, PUNCTUATION, OTHER = range(3)


def markdown_from_html(html: str) -> str:
    """The Markdown for an HTML post body; never raises.

    `render()` of the result gives the structure and text of the HTML as
    sanitised (see the module docstring for what degrades to text).
    """
    if "\x00" in html:
        html = html.replace("\x00", "")
    if "\r" in html:
        html = html.replace("\r\n", "\n").replace("\r", "\n")
    try:
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
        blocks: list[_Block] = []
        _blocks(builder.root.children, blocks, "para")
        return "\n\n".join(block[1] for block in blocks)
    except Exception:
        # Millions of bodies go through here: one the parser or writer
        # cannot take must become plain text, not stop an import.
        return _plain_text(html)


def _plain_text(html: str) -> str:
    text = HTML_SPACE.sub(" ", html_entities.unescape(TAG.sub(" ", html))).strip()
    return ASCII_PUNCTUATION.sub(r"\\\g<0>", text)


class _Element:
    __slots__ = ("attrs", "children", "has_block", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []
        # An inline element holding blocks (`<a><p>…</p></a>`) is laid
        # out as a container of blocks.
        self.has_block = False


_Node = _Element | str


class _TreeBuilder(HTMLParser):
    """A document tree, closing elements roughly as the HTML standard does:
    a block closes an open paragraph, a list item the previous item, a
    cell the previous cell; stray end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("", {})
        self.stack = [self.root]
        self.dropping = ""
        self.after_pre = False
        # Text waits here until an element starts or ends, so text split
        # by comments or stray end tags is joined once, not piece by piece.
        self.text: list[str] = []

    def close(self) -> None:
        super().close()
        self._add_text()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.after_pre = False
        if self.dropping:
            return
        if tag in DROPPED_TAGS:
            self.dropping = tag
            return
        self._add_text()
        self._close_implied(tag)
        stack = self.stack
        element = _Element(tag, {name: value or "" for name, value in attrs})
        stack[-1].children.append(element)
        if tag in BLOCK_TAGS:
            for ancestor in reversed(stack):
                if ancestor.tag in BLOCK_TAGS or ancestor.has_block:
                    break
                ancestor.has_block = True
        if tag not in VOID_TAGS and len(stack) < MAX_DEPTH:
            stack.append(element)
            self.after_pre = tag in PRE_TAGS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<div/>` opens a div in HTML; only void elements close themselves.
        self.handle_starttag(tag, attrs)
        if self.dropping == tag:
            self.dropping = ""

    def handle_endtag(self, tag: str) -> None:
        self.after_pre = False
        if self.dropping:
            if tag == self.dropping:
                self.dropping = ""
            return
        if tag == "br":
            self.handle_starttag("br", [])
            return
        stack = self.stack
        boundary = () if tag in TABLE_TAGS else ("table", "td", "th", "caption")
        for index in range(len(stack) - 1, 0, -1):
            if stack[index].tag == tag:
                self._add_text()
                del stack[index:]
                return
            if stack[index].tag in boundary:
                return

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.after_pre:
            # A newline right after <pre> is not content, as in browsers.
            self.after_pre = False
            if data.startswith("\n"):
                data = data[1:]
                if not data:
                    return
        self.text.append(data)

    def _add_text(self) -> None:
        if self.text:
            self.stack[-1].children.append("".join(self.text))
            self.text.clear()

    def updatepos(self, i: int, j: int) -> int:
        # The parser counts lines for error positions, which are never
        # asked for here; skipping the count saves a tenth of the time.
        return j

    def parse_html_declaration(self, i: int) -> int:
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            # `<![` followed by junk: the parser gives up; browsers show it.
            self.handle_data("<!")
            return i + 2

    def _close_implied(self, tag: str) -> None:
        """Close what starting `tag` closes: a paragraph before a block,
        an item before the next, a cell or row before the next, a heading
        or link before another."""
        if tag in CLOSES_PARAGRAPH:
            self._close_within("p", PARAGRAPH_SCOPE)
        if tag == "li":
            self._close_item({"li"})
        elif tag in ("dd", "dt"):
            self._close_item({"dd", "dt"})
        elif tag in HEADING_LEVELS and self.stack[-1].tag in HEADING_LEVELS:
            self.stack.pop()
        elif tag == "a":
            self._close_within("a", set())
        elif tag in ("td", "th"):
            self._close_in_table({"td", "th"})
        elif tag == "tr":
            self._close_in_table({"tr"})
        elif tag in TABLE_SECTIONS:
            self._close_in_table(TABLE_SECTIONS)

    def _close_within(self, tag: str, scope: set[str]) -> None:
        stack = self.stack
        for index in range(len(stack) - 1, 0, -1):
            if stack[index].tag == tag:
                del stack[index:]
                return
            if stack[index].tag in scope:
                return

    def _close_item(self, tags: set[str]) -> None:
        stack = self.stack
        for index in range(len(stack) - 1, 0, -1):
            if stack[index].tag in tags:
                del stack[index:]
                return
            if stack[index].tag in ITEM_SCOPE:
                return

    def _close_in_table(self, tags: set[str]) -> None:
        stack = self.stack
        for index in range(len(stack) - 1, 0, -1):
            if stack[index].tag in tags:
                del stack[index:]
                return
            if stack[index].tag == "table":
                return


# A block of Markdown: (kind, text, list marker, can interrupt a paragraph).
_Block = tuple[str, str, str, bool]


def _blocks(children: list[_Node], out: list[_Block], kind: str) -> None:
    """Append the blocks of `children` to `out`; inline runs become blocks
    of `kind` ("p" for a paragraph element, "para" for bare text)."""
    run: list[_Node] = []
    for child in children:
        if isinstance(child, str) or (
            child.tag not in BLOCK_TAGS and not child.has_block
        ):
            run.append(child)
            continue
        if run:
            _paragraph(run, out, kind)
            run = []
        _block(child, out)
    if run:
        _paragraph(run, out, kind)


def _paragraph(run: list[_Node], out: list[_Block], kind: str) -> None:
    if len(run) == 1 and isinstance(run[0], str) and not run[0].strip(" \t\n\f"):
        return
    text = _inline(run, breaks=True)
    if not text:
        return
    if text[0] in LINE_START_CHARS or "\n" in text:
        text = LINE_START.sub(r"\\\g<0>", text)
        text = LINE_START_NUMBER.sub(r"\1\\\2", text)
    out.append((kind, text, "", False))


def _block(element: _Element, out: list[_Block]) -> None:
    tag = element.tag
    if tag == "p":
        _blocks(element.children, out, "p")
    elif tag in HEADING_LEVELS:
        text = _inline(element.children, breaks=False)
        if text.endswith("#"):
            # A trailing run of # would be read as the closing sequence.
            text = text[:-1] + "\\#"
        marker = "#" * HEADING_LEVELS[tag]
        out.append(("heading", f"{marker} {text}" if text else marker, "", False))
    elif tag in LIST_TAGS:
        _list(element, out)
    elif tag == "blockquote":
        inner: list[_Block] = []
        _blocks(element.children, inner, "para")
        body = "\n\n".join(block[1] for block in inner)
        quoted = "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
        out.append(("quote", quoted, "", False))
    elif tag in PRE_TAGS:
        out.append(("code", _code_block(element), "", False))
    elif tag == "hr":
        out.append(("hr", "---", "", False))
    elif tag == "table":
        _table(element, out)
    else:
        _blocks(element.children, out, "para")


def _list(element: _Element, out: list[_Block]) -> None:
    """A list, tight unless an item holds paragraphs (or blocks that only a
    blank line can separate); a list right after another gets the other
    marker, or the two would merge into one."""
    items: list[list[_Node]] = []
    for child in element.children:
        if isinstance(child, _Element) and child.tag == "li":
            items.append(list(child.children))
        elif isinstance(child, str) and not child.strip(" \t\n\f"):
            continue
        elif items:
            # Content between items (often a nested list written as a
            # sibling of the items) belongs to the item before it.
            items[-1].append(child)
        else:
            items.append([child])
    if not items:
        return
    ordered = element.tag == "ol"
    after = out[-1][2] if out and out[-1][0] == "list" else ""
    if ordered:
        start = _start(element.attrs.get("start", ""))
        delimiter = ")" if after == "." else "."
    else:
        start = 1
        delimiter = "*" if after == "-" else "-"
    rendered = []
    tight = True
    for children in items:
        blocks: list[_Block] = []
        _blocks(children, blocks, "para")
        # `---` under a line of text would make it a heading.
        blocks = [("hr", "___", "", False) if b[0] == "hr" else b for b in blocks]
        if any(block[0] == "p" for block in blocks) or not all(
            _joins_tightly(a, b) for a, b in pairwise(blocks)
        ):
            tight = False
        rendered.append(blocks)
    separator = "\n" if tight else "\n\n"
    texts = []
    for number, blocks in enumerate(rendered, start):
        marker = f"{min(number, 999_999_999)}{delimiter}" if ordered else delimiter
        body = separator.join(block[1] for block in blocks)
        if not body:
            texts.append(marker)
            continue
        indent = " " * (len(marker) + 1)
        lines = body.split("\n")
        texts.append(
            "\n".join(
                [f"{marker} {lines[0]}"]
                + [indent + line if line else line for line in lines[1:]]
            )
        )
    # An empty first item, or a number other than 1, cannot interrupt a
    # paragraph, so such a list needs a blank line before it.
    interrupts = bool(rendered[0]) and start == 1
    out.append(("list", separator.join(texts), delimiter, interrupts))


def _joins_tightly(first: _Block, second: _Block) -> bool:
    """Whether one line break separates two blocks of a list item (a
    blank line would make the whole list loose)."""
    if second[0] in ("para", "p"):
        return first[0] in ("code", "heading", "hr")
    if first[0] in ("table", "p") or (first[0] == second[0] == "quote"):
        return False
    if second[0] == "table":
        return first[0] in ("para", "code", "heading", "hr")
    return second[0] in ("quote", "code", "heading", "hr") or second[3]


def _start(value: str) -> int:
    try:
        return min(max(int(value.strip()), 0), 999_999_999)
    except ValueError:
        return 1


def _code_block(element: _Element) -> str:
    parts: list[str] = []
    _text_content(element, parts)
    text = "".join(parts)
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{fence}{_language(element)}\n{text}{fence}"


def _language(element: _Element) -> str:
    classes = element.attrs.get("class", "")
    for child in element.children:
        if isinstance(child, _Element) and child.tag == "code":
            classes += " " + child.attrs.get("class", "")
    for name in classes.split():
        for prefix in ("lang-", "language-"):
            if name.startswith(prefix):
                language = name[len(prefix) :]
                if language != "none" and LANGUAGE.fullmatch(language):
                    return language
    return ""


def _text_content(element: _Element, parts: list[str]) -> None:
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag == "img":
            parts.append(child.attrs.get("alt", ""))
        else:
            _text_content(child, parts)


def _longest_backtick_run(text: str) -> int:
    if "`" not in text:
        return 0
    return max(len(run) for run in BACKTICKS.findall(text))


def _table(element: _Element, out: list[_Block]) -> None:
    """A GFM table; its first row is the header, since GFM needs one.
    Content outside any cell comes before the table, as in browsers."""
    rows: list[list[_Element]] = []
    outside: list[_Node] = []
    _rows(element, rows, outside)
    if outside:
        _blocks(outside, out, "para")
    width = max((len(row) for row in rows), default=0)
    if not width:
        return
    lines = []
    for index, row in enumerate(rows):
        cells = [_inline(cell.children, breaks=False) for cell in row]
        cells += [""] * (width - len(cells))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        if index == 0:
            aligns = [_alignment(cell) for cell in row] + ["---"] * (width - len(row))
            lines.append("| " + " | ".join(aligns) + " |")
    out.append(("table", "\n".join(lines), "", False))


def _rows(element: _Element, rows: list[list[_Element]], outside: list[_Node]) -> None:
    for child in element.children:
        if isinstance(child, str):
            outside.append(child)
        elif child.tag in TABLE_SECTIONS:
            _rows(child, rows, outside)
        elif child.tag == "tr":
            cells = []
            for cell in child.children:
                if isinstance(cell, _Element) and cell.tag in ("td", "th"):
                    cells.append(cell)
                else:
                    outside.append(cell)
            rows.append(cells)
        elif child.tag in ("td", "th"):
            rows.append([child])
        elif child.tag not in ("colgroup", "col"):
            outside.append(child)


def _alignment(cell: _Element) -> str:
    align = cell.attrs.get("align", "").strip().lower()
    style = cell.attrs.get("style", "").replace(" ", "").lower()
    for side in ("left", "right", "center"):
        if align == side or f"text-align:{side}" in style:
            return {"left": ":---", "right": "---:", "center": ":---:"}[side]
    return "---"


class _Pair:
    """Emphasis, strikethrough or a link: one opening and one closing token."""

    __slots__ = ("dead", "href", "kind", "mark", "title")

    def __init__(self, kind: str, href: str = "", title: str = "") -> None:
        self.kind = kind
        self.href = href
        self.title = title
        self.mark = ""
        self.dead = False


_Token = list  # [kind, str | _Pair | None]


def _inline(nodes: list[_Node], *, breaks: bool) -> str:
    """The Markdown for inline content; line breaks as spaces unless
    `breaks`. Whitespace collapses as in HTML."""
    tokens: list[_Token] = []
    _flatten(nodes, tokens, breaks=breaks, in_link=False)
    if len(tokens) == 1 and tokens[0][0] == TEXT:
        return _escape(tokens[0][1])
    tokens = _normalise_space(tokens)
    while tokens and _choose_marks(tokens):
        tokens = [t for t in tokens if t[0] not in (OPEN, CLOSE) or not t[1].dead]
    return _write(tokens)


def _flatten(
    nodes: list[_Node], tokens: list[_Token], *, breaks: bool, in_link: bool
) -> None:
    for node in nodes:
        if isinstance(node, str):
            _add_text(tokens, node)
            continue
        tag = node.tag
        if tag in DELIMITED:
            pair = _Pair(DELIMITED[tag])
            tokens.append([OPEN, pair])
            _flatten(node.children, tokens, breaks=breaks, in_link=in_link)
            tokens.append([CLOSE, pair])
        elif tag == "br":
            tokens.append([BREAK if breaks else SPACE, None])
        elif tag == "code" or tag in PRE_TAGS:
            parts: list[str] = []
            _text_content(node, parts)
            code = "".join(parts).replace("\n", " ")
            block = tag in PRE_TAGS
            tokens += [[SPACE, None]] * block + [[CODE, code]] * bool(code)
            tokens += [[SPACE, None]] * block
        elif tag == "a" and "href" in node.attrs and not in_link:
            href = _clean_url(node.attrs["href"])
            if _linkable(href):
                pair = _Pair("link", href, node.attrs.get("title", ""))
                tokens.append([OPEN, pair])
                _flatten(node.children, tokens, breaks=breaks, in_link=True)
                tokens.append([CLOSE, pair])
            else:
                _flatten(node.children, tokens, breaks=breaks, in_link=in_link)
        elif tag == "img":
            _add_image(node, tokens)
        elif tag in BLOCK_TAGS:
            tokens.append([SPACE, None])
            _flatten(node.children, tokens, breaks=False, in_link=in_link)
            tokens.append([SPACE, None])
        else:
            _flatten(node.children, tokens, breaks=breaks, in_link=in_link)


def _add_text(tokens: list[_Token], text: str) -> None:
    if not text:
        return
    if "\n" in text or "  " in text or "\t" in text or "\f" in text:
        text = HTML_SPACE.sub(" ", text)
    core = text.strip(" ")
    if text[0] == " ":
        tokens.append([SPACE, None])
    if core:
        last = tokens[-1] if tokens else None
        if last is None or last[0] not in (TEXT, PIECES):
            tokens.append([TEXT, core])
        elif last[0] == TEXT:
            tokens[-1] = [PIECES, [last[1], core]]
        else:
            last[1].append(core)
        if text[-1] == " ":
            tokens.append([SPACE, None])


def _add_image(image: _Element, tokens: list[_Token]) -> None:
    source = _clean_url(image.attrs.get("src", ""))
    alt = HTML_SPACE.sub(" ", image.attrs.get("alt", "")).strip(" ")
    if not _linkable(source):
        _add_text(tokens, alt)
        return
    link = _destination(source) + _title(image.attrs.get("title", ""))
    tokens.append([ATOM, f"![{_escape(alt)}]({link})"])


def _code_span(text: str) -> str:
    fence = "`" * (_longest_backtick_run(text) + 1)
    if (
        text[0] == "`"
        or text[-1] == "`"
        or (text[0] == " " and text[-1] == " " and text.strip(" "))
    ):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def _normalise_space(tokens: list[_Token]) -> list[_Token]:
    """Spaces and line breaks move out of emphasis and links (a delimiter
    beside a space cannot open or close), empty emphasis goes, and spaces
    collapse and are trimmed as HTML does at the ends of lines."""
    moved: list[_Token] = []
    for token in tokens:
        kind = token[0]
        if kind == PIECES:
            moved.append([TEXT, "".join(token[1])])
        elif kind in (SPACE, BREAK):
            _push_space(moved, token)
        elif kind == CLOSE:
            _push_close(moved, token)
        else:
            moved.append(token)
    result: list[_Token] = []
    for token in moved:
        kind = token[0]
        if kind == SPACE and (not result or result[-1][0] in (SPACE, BREAK)):
            continue
        if kind == BREAK and result and result[-1][0] == SPACE:
            result.pop()
        if kind == BREAK and not result:
            continue
        result.append(token)
    while result and result[-1][0] in (SPACE, BREAK):
        result.pop()
    return result


def _push_close(tokens: list[_Token], close: _Token) -> None:
    """Append a closing token after the spaces before it, or drop the pair
    if nothing but spaces is inside (a link stays: it has an address)."""
    trailing = []
    while tokens and tokens[-1][0] in (SPACE, BREAK):
        trailing.append(tokens.pop())
    last = tokens[-1] if tokens else None
    pair = close[1]
    if last and last[0] == OPEN and last[1] is pair and pair.kind != "link":
        tokens.pop()
    else:
        tokens.append(close)
    for space in reversed(trailing):
        _push_space(tokens, space)


def _push_space(tokens: list[_Token], space: _Token) -> None:
    index = len(tokens)
    while index and tokens[index - 1][0] == OPEN:
        index -= 1
    tokens.insert(index, space)


def _choose_marks(tokens: list[_Token]) -> bool:
    """Give each emphasis pair a delimiter CommonMark reads back as that
    pair (see `_mark_for`), outer pairs first; a pair with none is marked
    dead, its text stays. The result says whether any died."""
    closes: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token[0] == CLOSE:
            closes[id(token[1])] = index
    enclosing: list[_Pair] = []
    died = False
    for index, token in enumerate(tokens):
        if token[0] == CLOSE and enclosing and enclosing[-1] is token[1]:
            enclosing.pop()
        if token[0] != OPEN:
            continue
        pair = token[1]
        pair.mark = (
            ""
            if pair.kind == "link"
            else _mark_for(tokens, index, closes[id(pair)], enclosing)
        )
        if pair.mark or pair.kind == "link":
            enclosing.append(pair)
        else:
            pair.dead = died = True
    return died


def _mark_for(
    tokens: list[_Token], start: int, end: int, enclosing: list[_Pair]
) -> str:
    """The delimiter for the pair opening at `start` and closing at `end`:
    it must open and close where it stands, must not touch a delimiter of
    the same character (the two would merge into one run) and, if it could
    also close, must not be one an enclosing pair uses (see `_encloses`).
    Empty if no delimiter will do."""
    pair = tokens[start][1]
    before = tokens[start - 1] if start else None
    after = tokens[end + 1] if end + 1 < len(tokens) else None
    open_left = _class_before(before)
    open_right = _class_after(tokens[start + 1])
    close_left = _class_before(tokens[end - 1])
    close_right = _class_after(after)
    for mark in MARKS[pair.kind]:
        char = mark[0]
        opens, opener_closes = _flanking(open_left, open_right, char)
        _, closes = _flanking(close_left, close_right, char)
        if (
            opens
            and closes
            and char not in (_mark_of(before), _mark_of(after))
            and not (opener_closes and _encloses(enclosing, mark))
        ):
            return mark
    return ""


def _flanking(left: int, right: int, char: str) -> tuple[bool, bool]:
    """(can open, can close) for a delimiter run of `char` between
    characters of classes `left` and `right`, as markdown-it scans it."""
    left_flanking = right != WHITESPACE and (right != PUNCTUATION or left != OTHER)
    right_flanking = left != WHITESPACE and (left != PUNCTUATION or right != OTHER)
    if char != "_":
        return left_flanking, right_flanking
    return (
        left_flanking and (not right_flanking or left == PUNCTUATION),
        right_flanking and (not left_flanking or right == PUNCTUATION),
    )


def _encloses(enclosing: list[_Pair], mark: str) -> bool:
    """Whether an opener of `mark` that can also close would close one of
    the enclosing pairs instead. Runs of one and two delimiters never pair
    up with each other there (CommonMark's rule of three), and emphasis
    inside link text pairs up apart from the outside."""
    for pair in reversed(enclosing):
        if pair.kind == "link":
            return False
        if pair.mark == mark:
            return True
    return False


def _mark_of(token: _Token | None) -> str:
    if token is None or token[0] not in (OPEN, CLOSE) or token[1].kind == "link":
        return ""
    return str(token[1].mark[:1])


def _class_before(token: _Token | None) -> int:
    """The class of the character just before whatever follows `token`."""
    if token is None or token[0] in (SPACE, BREAK):
        return WHITESPACE
    if token[0] == TEXT:
        return _character_class(token[1][-1])
    return PUNCTUATION


def _class_after(token: _Token | None) -> int:
    """The class of the character just after whatever precedes `token`."""
    if token is None or token[0] == SPACE:
        return WHITESPACE
    if token[0] == TEXT:
        return _character_class(token[1][0])
    return PUNCTUATION  # a break starts with a backslash


def _character_class(char: str) -> int:
    if isWhiteSpace(ord(char)):
        return WHITESPACE
    if isMdAsciiPunct(ord(char)) or isPunctChar(char):
        return PUNCTUATION
    return OTHER


def _write(tokens: list[_Token]) -> str:
    parts = []
    count = len(tokens)
    index = 0
    while index < count:
        kind, value = tokens[index]
        if kind == TEXT:
            before = tokens[index - 1] if index else None
            after = tokens[index + 1] if index + 1 < count else None
            parts.append(
                _escape(
                    value,
                    tilde_before=_mark_of(before) == "~",
                    tilde_after=_mark_of(after) == "~",
                    link_after=after is not None
                    and after[0] == OPEN
                    and after[1].kind == "link",
                )
            )
        elif kind == SPACE:
            parts.append(" ")
        elif kind == BREAK:
            parts.append("\\\n")
        elif kind == ATOM:
            parts.append(value)
        elif kind == CODE:
            # Touching spans cannot be told apart (their backticks would
            # make one run), so they become one.
            code = [value]
            while index + 1 < count and tokens[index + 1][0] == CODE:
                index += 1
                code.append(tokens[index][1])
            parts.append(_code_span("".join(code)))
        elif value.kind != "link":
            parts.append(value.mark)
        elif kind == CLOSE:
            parts.append(f"]({_destination(value.href)}{_title(value.title)})")
        elif _is_autolink(tokens, index):
            parts.append(f"<{value.href}>")
            index += 3
            continue
        else:
            parts.append("[")
        index += 1
    return "".join(parts)


def _is_autolink(tokens: list[_Token], index: int) -> bool:
    """Whether a link is written `<url>`: its text is its address, which
    reads the same once Markdown displays it."""
    pair = tokens[index][1]
    return (
        index + 2 < len(tokens)
        and tokens[index + 1][0] == TEXT
        and tokens[index + 1][1] == pair.href
        and tokens[index + 2][1] is pair
        and not pair.title
        and AUTOLINK.fullmatch(pair.href) is not None
        and normalizeLinkText(pair.href) == pair.href
    )


def _escape(
    text: str,
    *,
    tilde_before: bool = False,
    tilde_after: bool = False,
    link_after: bool = False,
) -> str:
    """Text with a backslash before every character Markdown would read as
    markup here; line starts are handled by the caller."""
    escaped = ESCAPED.sub(r"\\\g<0>", text) if MAY_NEED_ESCAPING.search(text) else text
    if tilde_before and text[0] == "~" and text[1:2] != "~":
        escaped = "\\" + escaped
    if (
        tilde_after
        and text[-1] == "~"
        and text[-2:-1] != "~"
        and not (tilde_before and len(text) == 1)
    ):
        escaped = escaped[:-1] + "\\~"
    if link_after and text[-1] == "!":
        # `!` before `[` would turn the link into an image.
        escaped = escaped[:-1] + "\\!"
    return escaped


def _clean_url(url: str) -> str:
    # Browsers drop tabs and line breaks in addresses, and trim them.
    return url.replace("\n", "").replace("\t", "").strip(" \f")


def _linkable(url: str) -> bool:
    """Whether markdown-it makes a link of `url`; it refuses some schemes
    (javascript:, data: other than images), and shows the source as text."""
    if not REFUSED_SCHEME_HINT.search(url):
        return True
    try:
        return bool(validateLink(normalizeLink(url)))
    except Exception:
        return False


def _destination(url: str) -> str:
    if NEEDS_ANGLE_BRACKETS.search(url):
        url = url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
        return "<" + ENTITY_AMPERSAND.sub(r"\\&", url) + ">"
    return ENTITY_AMPERSAND.sub(r"\\&", url)


def _title(title: str) -> str:
    title = HTML_SPACE.sub(" ", title).strip(" ")
    if not title:
        return ""
    title = title.replace("\\", "\\\\").replace('"', '\\"')
    return ' "' + ENTITY_AMPERSAND.sub(r"\\&", title) + '"'
