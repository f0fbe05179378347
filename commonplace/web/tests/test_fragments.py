"""Fragments kept by what they show: reused, separated by language and time
zone, and bounded."""

from django.utils import timezone, translation
from django.utils.safestring import SafeString

from commonplace.web.fragments import Fragments


class Counting:
    """A renderer that says how often it ran."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> SafeString:
        self.calls += 1
        return SafeString(f"<p>{self.calls}</p>")


def test_a_fragment_is_rendered_once_per_key():
    fragments, render = Fragments(size=10), Counting()

    first = fragments.get_or_render(("post", 1), render)
    again = fragments.get_or_render(("post", 1), render)
    other = fragments.get_or_render(("post", 2), render)

    assert (first, again, other) == ("<p>1</p>", "<p>1</p>", "<p>2</p>")
    assert render.calls == 2


def test_each_language_and_time_zone_has_its_own_fragment():
    fragments, render = Fragments(size=10), Counting()

    with translation.override("en"):
        fragments.get_or_render("card", render)
    with translation.override("fr"):
        fragments.get_or_render("card", render)
    with timezone.override("Asia/Tokyo"):
        fragments.get_or_render("card", render)

    assert render.calls == 3


def test_the_least_recently_used_fragment_goes_first():
    fragments, render = Fragments(size=2), Counting()
    fragments.get_or_render("a", render)
    fragments.get_or_render("b", render)
    fragments.get_or_render("a", render)  # a is now the most recent

    fragments.get_or_render("c", render)  # b goes
    fragments.get_or_render("a", render)
    fragments.get_or_render("b", render)

    assert len(fragments) == 2
    assert render.calls == 4
