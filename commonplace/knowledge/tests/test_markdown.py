"""Markdown in, safe HTML out: what people can write, and what they get."""

import re

import pytest

from commonplace.knowledge.markdown import render, sanitise

REL = 'rel="nofollow ugc noopener"'


def test_paragraphs_and_emphasis():
    html = render("Some *emphasis*, **strong** and ~~struck~~ text.")

    assert html == (
        "<p>Some <em>emphasis</em>, <strong>strong</strong> and "
        "<s>struck</s> text.</p>\n"
    )


def test_a_fenced_code_block_keeps_its_language_class():
    html = render("```python\nprint('<hi>')\n```")

    assert html == (
        "<pre><code class=\"language-python\">print('&lt;hi&gt;')\n</code></pre>\n"
    )


def test_an_indented_code_block_has_no_class():
    assert render("    x = 1") == "<pre><code>x = 1\n</code></pre>\n"


def test_inline_code_is_escaped():
    assert render("Use `<b>` here") == "<p>Use <code>&lt;b&gt;</code> here</p>\n"


def test_a_language_class_with_odd_characters_is_dropped():
    html = render('```x" onmouseover="alert(1)\ncode\n```')

    assert "onmouseover" not in html
    assert html.startswith("<pre><code")


@pytest.mark.parametrize("language", ["c++", "c#", "objective-c", "node.js"])
def test_languages_with_symbols_keep_their_class(language):
    html = render(f"```{language}\ncode\n```")

    assert f'class="language-{language}"' in html


def test_tables_have_a_head_and_a_body():
    html = render("| Name | Count |\n|------|-------|\n| a | 1 |")

    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Name</th>\n<th>Count</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>a</td>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n"
    )


def test_table_alignment_never_becomes_a_style_attribute():
    html = render("| Name |\n|:----:|\n| a |")

    assert "style" not in html


def test_tables_keep_their_column_alignment():
    html = render("| Name | Count |\n|:-----|------:|\n| a | 1 |")

    assert "<table>" in html
    assert '<th align="left">Name</th>' in html
    assert '<td align="right">1</td>' in html


def test_headings_at_every_level():
    html = render("\n".join(f"{'#' * level} Level {level}" for level in range(1, 7)))

    assert html == "".join(
        f"<h{level}>Level {level}</h{level}>\n" for level in range(1, 7)
    )


def test_ordered_and_unordered_lists():
    html = render("3. three\n4. four\n\n- a\n- b")

    assert html == (
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
    )


def test_block_quotes_and_rules():
    html = render("> quoted\n\n---")

    assert html == "<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>\n"


def test_links_get_nofollow_ugc_noopener():
    html = render('[docs](https://example.org/docs "The docs")')

    assert html == (
        f'<p><a href="https://example.org/docs" title="The docs" {REL}>docs</a></p>\n'
    )


def test_autolinks_and_mail_links_get_the_rel_too():
    html = render("<https://example.org> and [mail](mailto:a@example.org)")

    assert html.count(REL) == 2
    assert 'href="mailto:a@example.org"' in html


def test_relative_links_are_kept():
    html = render("[other post](/posts/12/)")

    assert f'<a href="/posts/12/" {REL}>other post</a>' in html


def test_an_external_image_becomes_a_link():
    html = render("![a cat](https://images.example/cat.png)")

    assert html == (
        f'<p><a href="https://images.example/cat.png" {REL}>a cat</a></p>\n'
    )
    assert "<img" not in html


def test_an_external_image_without_alt_text_shows_its_address():
    html = render("![](https://images.example/cat.png)")

    assert ">https://images.example/cat.png</a>" in html


def test_an_uploaded_image_stays_an_image():
    html = render("![diagram](/uploads/42/)")

    assert html == '<p><img src="/uploads/42/" alt="diagram"></p>\n'


@pytest.mark.parametrize(
    "address",
    [
        "/uploads/42/../../admin/",
        "/uploads/42/?x=1",
        "/uploads/abc/",
        "//evil.example/uploads/1/",
        "https://evil.example/uploads/1/",
        "/uploads/1",
    ],
)
def test_only_upload_addresses_stay_images(address):
    html = render(f"![x]({address})")

    assert "<img" not in html


def test_alt_text_is_escaped_in_an_uploaded_image():
    html = render('![say "hi" <b>](/uploads/1/)')

    assert "<b>" not in html
    assert html.startswith('<p><img src="/uploads/1/" alt="say')


def test_raw_html_is_shown_as_text():
    html = render("<b>bold</b> <script>alert(1)</script>")

    assert html == (
        "<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    )


def test_sanitise_drops_what_is_not_allowed():
    dirty = (
        '<p onclick="x()" style="color:red">hi<script>x()</script></p>'
        '<img src="https://evil.example/a.png"><a href="javascript:x()">y</a>'
    )

    clean = sanitise(dirty)

    assert clean == f"<p>hi</p><img><a {REL}>y</a>"


def test_rendering_is_the_same_twice():
    source = "# T\n\n[a](https://e.org) ![b](/uploads/1/)\n\n| x |\n|---|\n| y |"

    assert render(source) == render(source)


def test_a_linked_uploaded_image_stays_inside_its_link():
    html = render("[![diagram](/uploads/7/)](https://example.org)")

    assert html == (
        f'<p><a href="https://example.org" {REL}>'
        '<img src="/uploads/7/" alt="diagram"></a></p>\n'
    )


def test_a_linked_external_image_leaves_no_empty_link():
    html = render("[![build status](https://ci.example/badge.png)](https://ci.example)")

    assert not re.search(r"<a [^>]*></a>", html)
    assert f'<a href="https://ci.example" {REL}>' in html
