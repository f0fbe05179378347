"""No executable HTML, whatever people type into any field.

A fixed corpus of attacks goes through every rich-text field (post bodies,
answers, comments: Markdown rendered and sanitised at write time) and every
plain-text field (titles, summaries, topic names, report reasons: escaped
by the templates). What comes out is parsed, and must hold no element that
runs or loads anything, no event handler, no inline style, no htmx
attribute and no link or source with a javascript:, vbscript: or data:
address, however the scheme was disguised.
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge import services
from commonplace.knowledge.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    render,
    sanitise,
)
from commonplace.knowledge.models import Answer, Comment, Post, PostKind, Report
from commonplace.topics.models import Topic

FORBIDDEN_ELEMENTS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet",
        "style", "svg", "math", "base", "meta", "link", "form", "input",
        "button", "textarea", "select", "template", "noscript",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "data", "srcdoc", "xlink:href",
        "background", "poster", "srcset", "content", "ping",
    }
)  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# What browsers ignore inside a URL's scheme: whitespace and control characters.
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]+")

PAYLOADS = [
    # script elements
    '<script>alert("pwn")</script>',
    "<SCRIPT SRC=//evil.example/pwn.js></SCRIPT>",
    '<scr<script>ipt>alert("pwn")</scr</script>ipt>',
    '<<script>script>alert("pwn")<</script>/script>',
    '"><script>alert("pwn")</script>',
    "&lt;script&gt;alert('pwn')&lt;/script&gt;",
    "&#60;script&#62;alert('pwn')&#60;/script&#62;",
    # event handlers
    '<img src=x onerror=alert("pwn")>',
    "'><img src=x onerror=alert('pwn')>",
    '<body onload=alert("pwn")>',
    "<div onmouseover=\"alert('pwn')\">hover</div>",
    '<a href="https://example.org" onclick="alert(\'pwn\')">ok</a>',
    '<details open ontoggle=alert("pwn")>',
    '<xss onafterscriptexecute=alert("pwn")>',
    # dangerous schemes in HTML links and images, disguised
    "<a href=\"javascript:alert('pwn')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('pwn')\">click</a>",
    "<a href=\"jav&#x09;ascript:alert('pwn')\">tab</a>",
    '<a href="jav&#x09;ascript:">tab, empty</a>',
    "<a href=\"  javascript:alert('pwn')\">spaces</a>",
    "<a href=\"java\x00script:alert('pwn')\">nul</a>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
    "alert('pwn')\">decimal entities</a>",
    "<a href=\"&#x6A;avascript&colon;alert('pwn')\">hex entity, named colon</a>",
    "<a href=\"vbscript:msgbox('pwn')\">vb</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgncHduJyk8L3NjcmlwdD4=">d</a>',
    "<IMG SRC=\"javascript:alert('pwn');\">",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    # SVG, MathML and embedding elements
    '<svg onload=alert("pwn")>',
    '<svg><script>alert("pwn")</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>pwn</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("pwn")>',
    "<iframe src=\"javascript:alert('pwn')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('pwn')</script>\"></iframe>",
    "<object data=\"javascript:alert('pwn')\"></object>",
    "<embed src=\"javascript:alert('pwn')\">",
    # styles
    "<style>body{background:url(\"javascript:alert('pwn')\")}</style>",
    "<p style=\"background:url(javascript:alert('pwn'))\">styled</p>",
    '<span style="position:fixed;inset:0">pwn overlay</span>',
    # htmx: content must never make the page send a request
    '<button hx-get="/pwn" hx-trigger="load">x</button>',
    '<div hx-post="/pwn" hx-trigger="load">x</div>',
    '<div data-hx-get="/pwn" data-hx-trigger="load">x</div>',
    '<a hx-delete="/pwn" hx-confirm="no" href="/">x</a>',
    "<p hx-on:click=\"alert('pwn')\">x</p>",
    # comments, base, meta, forms
    '<!-- <script>alert("pwn")</script> -->',
    '<!--><script>alert("pwn")</script>-->',
    "<base href=\"javascript:alert('pwn')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'pwn\')">',
    "<form action=\"javascript:alert('pwn')\"><input type=submit></form>",
    '<form><button formaction="javascript:alert(1)">pwn</button></form>',
    # Markdown link and image tricks
    '[click](javascript:alert("pwn"))',
    '[click](JAVASCRIPT:alert("pwn"))',
    '[click](&#106;avascript:alert("pwn"))',
    '[click](jav&#x09;ascript:alert("pwn"))',
    '[click](<javascript:alert("pwn")>)',
    '[click](vbscript:msgbox("pwn"))',
    "[click](data:text/html;base64,PHNjcmlwdD5wd248L3NjcmlwdD4=)",
    '[ref]: javascript:alert("pwn")\n\n[click][ref]',
    '<javascript:alert("pwn")>',
    '![pwn](javascript:alert("pwn"))',
    "![pwn](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x\" onerror=\"alert('pwn')](/uploads/1/)",
    '![pwn](/uploads/1/" onerror="alert(1))',
    '[x](https://example.org "t\\" onmouseover=\\"alert(\'pwn\')")',
    "<https://example.org/\"onmouseover=\"alert('pwn')>",
    # code spans and blocks that try to break out
    '`<script>alert("pwn")</script>`',
    '```\n<script>alert("pwn")</script>\n```',
    "```js\" onclick=\"alert('pwn')\ncode\n```",
    # tables carrying HTML
    '| <script>alert("pwn")</script> |\n|---|\n| <img src=x onerror=alert("pwn")> |',
]

# Snippets the checker must flag: it is only as good as what it notices.
EXECUTABLE = [
    "<script>x()</script>",
    "<iframe></iframe>",
    "<object></object>",
    "<embed>",
    "<style>p{}</style>",
    "<svg></svg>",
    '<base href="/">',
    '<meta http-equiv="refresh">',
    '<form action="/"></form>',
    '<p onclick="x()">a</p>',
    '<p ONMOUSEOVER="x()">a</p>',
    '<p style="color:red">a</p>',
    '<p hx-get="/x">a</p>',
    '<p data-hx-post="/x">a</p>',
    '<a href="javascript:x()">a</a>',
    '<a href="jav&#x09;ascript:x()">a</a>',
    '<a href=" &#x0A;JAVASCRIPT:x()">a</a>',
    '<a href="vbscript:x">a</a>',
    '<img src="data:image/png;base64,AAAA">',
]


class _Findings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            self._check(tag, name, value or "")

    handle_startendtag = handle_starttag

    def _check(self, tag, name, value):
        # html.parser has already decoded character references in `value`.
        if name.startswith("on"):
            self.found.append(f"{tag}[{name}] handler={value!r}")
        elif name == "style":
            self.found.append(f"{tag}[style]={value!r}")
        elif name.startswith(("hx-", "data-hx-")):
            self.found.append(f"{tag}[{name}] htmx={value!r}")
        elif name in URL_ATTRIBUTES and _dangerous(value):
            self.found.append(f"{tag}[{name}]={value!r}")


def _dangerous(url: str) -> bool:
    scheme = IGNORED_IN_SCHEME.sub("", html.unescape(url)).lower()
    return scheme.startswith(DANGEROUS_SCHEMES)


def executable_html(markup: str) -> list[str]:
    """What in `markup` could run script, load something or send a request."""
    parser = _Findings()
    parser.feed(markup)
    parser.close()
    return parser.found


_SHOWN = Template(
    '<h1>{{ value }}</h1><p title="{{ value }}">{{ value }}</p>'
    "<a href=\"/search/?q={{ value|urlencode }}\" data-label='{{ value }}'>x</a>"
)


def shown(text: str) -> str:
    """A plain-text field as a template shows it: escaped, autoescape on."""
    return _SHOWN.render(Context({"value": text}))


def _ids(payloads):
    return [f"{n:02d}:{payload[:40]}" for n, payload in enumerate(payloads)]


# --- the checker -------------------------------------------------------------------


@pytest.mark.parametrize("snippet", EXECUTABLE)
def test_the_checker_notices_executable_html(snippet):
    assert executable_html(snippet)


def test_the_checker_passes_harmless_html():
    harmless = (
        '<p><a href="https://example.org/javascript:" rel="nofollow">a</a>'
        '<img src="/uploads/1/" alt="onload"><code class="language-js">x</code></p>'
    )

    assert executable_html(harmless) == []


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 40


# --- Markdown and the sanitiser, without the database ------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=_ids(PAYLOADS))
def test_rendered_markdown_holds_no_executable_html(payload):
    assert executable_html(render(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=_ids(PAYLOADS))
def test_the_sanitiser_alone_removes_executable_html(payload):
    assert executable_html(sanitise(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=_ids(PAYLOADS))
def test_plain_text_shown_by_a_template_holds_no_executable_html(payload):
    assert executable_html(shown(payload)) == []


# --- through every field of every service ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS, ids=_ids(PAYLOADS))
def test_no_field_written_through_the_services_holds_executable_html(payload):
    community = CommunityFactory()
    author = MembershipFactory(community=community, role=Role.MEMBER).person
    article = services.create_post(
        community=community,
        author=author,
        kind=PostKind.ARTICLE,
        title=payload,
        summary=payload,
        body=payload,
        topics=[payload[:50]],
    )
    question = services.create_post(
        community=community, author=author, kind="question", title=payload, body="?"
    )
    answer = services.post_answer(question=question, author=author, body=payload)
    comment = services.add_comment(post=question, author=author, body=payload)
    on_answer = services.add_comment(
        post=question, author=author, body=payload, answer=answer
    )
    report = services.report(item=comment, reported_by=author, reason=payload)

    stored_post = Post.objects.get(pk=article.pk)
    stored_html = [
        stored_post.body_html,
        Answer.objects.get(pk=answer.pk).body_html,
        Comment.objects.get(pk=comment.pk).body_html,
        Comment.objects.get(pk=on_answer.pk).body_html,
    ]
    plain_text = [
        stored_post.title,
        stored_post.summary,
        Post.objects.get(pk=question.pk).title,
        Report.objects.get(pk=report.pk).reason,
        *Topic.objects.values_list("name", flat=True),
    ]
    assert [executable_html(markup) for markup in stored_html] == [[]] * 4
    assert [executable_html(shown(text)) for text in plain_text] == [[]] * 5


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:8], ids=_ids(PAYLOADS[:8]))
def test_edits_hold_no_executable_html_either(payload):
    community = CommunityFactory()
    author = MembershipFactory(community=community, role=Role.MEMBER).person
    post = services.create_post(
        community=community, author=author, kind="question", title="T", body="b"
    )
    answer = services.post_answer(question=post, author=author, body="a")
    comment = services.add_comment(post=post, author=author, body="c")

    services.edit_post(post=post, edited_by=author, body=payload, title=payload)
    services.edit_answer(answer=answer, edited_by=author, body=payload)
    services.edit_comment(comment=comment, edited_by=author, body=payload)

    stored = [
        Post.objects.get(pk=post.pk).body_html,
        Answer.objects.get(pk=answer.pk).body_html,
        Comment.objects.get(pk=comment.pk).body_html,
        shown(Post.objects.get(pk=post.pk).title),
    ]
    assert [executable_html(markup) for markup in stored] == [[]] * 4


# --- the post page -----------------------------------------------------------------


def _post_page_exists() -> bool:
    try:
        resolve("/posts/1/")
    except Resolver404:
        return False
    return True


PAGE_PAYLOADS = [
    '<script>alert("pwn")</script>',
    "<a href=\"jav&#x09;ascript:alert('pwn')\">tab</a>",
    '[click](javascript:alert("pwn"))',
    '<div hx-post="/pwn" hx-trigger="load">x</div>',
    '<svg onload=alert("pwn")>',
    "\"><img src=x onerror=alert('pwn')>",
]


def _executable_structure(markup: str) -> list[str]:
    """The page's executable findings, without values (ids differ per post)."""
    return sorted(finding.split("=")[0] for finding in executable_html(markup))


@pytest.mark.django_db
@pytest.mark.skipif(
    not _post_page_exists(), reason="the post page (/posts/<id>/) is not built yet"
)
@pytest.mark.parametrize("payload", PAGE_PAYLOADS, ids=_ids(PAGE_PAYLOADS))
def test_the_post_page_adds_nothing_executable_for_a_payload(client, payload):
    community = CommunityFactory()
    author = MembershipFactory(community=community, role=Role.MEMBER).person
    posts = [
        services.create_post(
            community=community, author=author, kind="question", title=title, body=body
        )
        for title, body in (("Plain", "Plain words."), (payload, payload))
    ]
    for post, text in zip(posts, ("Plain words.", payload), strict=True):
        answer = services.post_answer(question=post, author=author, body=text)
        services.add_comment(post=post, author=author, body=text, answer=answer)
    client.force_login(author)

    plain, attacked = (client.get(f"/posts/{post.pk}/") for post in posts)

    assert (plain.status_code, attacked.status_code) == (200, 200)
    page = attacked.content.decode()
    assert _executable_structure(page) == _executable_structure(plain.content.decode())
    assert not [
        finding for finding in executable_html(page) if "pwn" in finding.lower()
    ]


# --- property: rendering gives sanitised, allow-listed HTML, for any input ---------

LINK_REL = "nofollow ugc noopener"
FRAGMENTS = [
    "*", "**", "_", "~~", "`", "```", "```python\n", "\n", "\n\n", "    ", "\t",
    "# ", "## ", "> ", "- ", "1. ", "3. ", "|", "| a | b |\n|---|:-:|\n", "---",
    "[", "]", "(", ")", "](", "![", "]: ", "<", ">", "&", "&#", "&#x", ";", "&amp;",
    "&lt;", '"', "'", "\\", " ", ":", "javascript:", "JaVaScRiPt:", "vbscript:",
    "data:", "mailto:a@b.org", "https://example.org/", "/uploads/1/", "/uploads/",
    "<script>", "</script>", "<a href=", "<img src=", " onerror=", " style=",
    " hx-get=", " data-hx-post=", "<svg", "<!--", "-->", "<br>", "\x00", "\u202e",
    "\u00a0", "é", "🙂", "[![x](https://e.org/i.png)](https://e.org)",
]  # fmt: skip
MARKUP = st.lists(
    st.sampled_from(FRAGMENTS + PAYLOADS) | st.text(max_size=4), max_size=30
).map("".join)
PROPERTY = settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _outside_allow_list(markup: str) -> list[str]:
    outside: list[str] = []

    class Check(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in ALLOWED_TAGS:
                outside.append(f"<{tag}>")
            for name, value in attrs:
                allowed = name in ALLOWED_ATTRIBUTES.get(tag, set())
                added_rel = (tag, name, value) == ("a", "rel", LINK_REL)
                outside.extend([] if allowed or added_rel else [f"{tag}[{name}]"])

        handle_startendtag = handle_starttag

    checker = Check(convert_charrefs=True)
    checker.feed(markup)
    checker.close()
    return outside


@PROPERTY
@given(st.text() | MARKUP)
def test_sanitising_rendered_markdown_again_changes_nothing(source):
    rendered = render(source)

    assert sanitise(rendered) == rendered


@PROPERTY
@given(st.text() | MARKUP)
def test_rendered_markdown_holds_only_allow_listed_tags_and_attributes(source):
    rendered = render(source)

    assert _outside_allow_list(rendered) == []
    assert executable_html(rendered) == []


@PROPERTY
@given(st.text() | MARKUP)
def test_every_link_in_rendered_markdown_carries_the_rel(source):
    rendered = render(source)

    assert rendered.count("<a ") == rendered.count(f'rel="{LINK_REL}"')
