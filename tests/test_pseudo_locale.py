"""Key pages show no text that escaped translation.

The pages are rendered under a pseudo-locale that wraps every translated
string in ⟦…⟧; any visible text without the brackets was never marked for
translation.
"""

import gettext
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from commonplace.people.tests.factories import UserFactory

PSEUDO = "en-xa"
OPEN, CLOSE = "⟦", "⟧"
TEXT_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class PseudoTranslation(gettext.NullTranslations):
    """Wraps each message, keeping placeholders and context handling intact."""

    def gettext(self, message):
        # pgettext passes "context\x04message" and falls back to the bare
        # message when the separator survives; return the wrapped message.
        return f"{OPEN}{message.split(chr(4))[-1]}{CLOSE}"

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)

    def to_language(self):
        return PSEUDO


class VisibleText(HTMLParser):
    """Collects visible text, skipping scripts, styles and `translate="no"`.

    `translate="no"` marks names and people's own words, which stay as they
    are in every language.
    """

    VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "wbr",
        }
    )

    def __init__(self):
        super().__init__()
        self.open = []  # one flag per open element: is its text exempt?
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in self.VOID:
            exempt = tag in ("script", "style") or attributes.get("translate") == "no"
            self.open.append(exempt or any(self.open))
        if not any(self.open):
            self.texts.extend(
                value for name, value in attrs if name in TEXT_ATTRIBUTES and value
            )

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        if not any(self.open):
            self.texts.append(data)


def untranslated(html):
    parser = VisibleText()
    parser.feed(html)
    return [
        text.strip()
        for text in parser.texts
        if any(char.isalpha() for char in text) and OPEN not in text
    ]


@pytest.fixture
def pseudo_client(client, settings, monkeypatch):
    """A client whose requests render in the pseudo-locale."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())
    with translation.override(PSEUDO):
        yield client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/no/such/page/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/signup/sent/",
        "/accounts/password/reset/",
        "/accounts/tokens/",
    ],
)
def test_key_pages_have_no_untranslated_text(pseudo_client, url):
    html = pseudo_client.get(url).text

    assert untranslated(html) == []


@pytest.mark.django_db
def test_the_signed_in_layout_has_no_untranslated_text(pseudo_client):
    pseudo_client.force_login(UserFactory(display_name="Ana Lima", is_staff=True))

    html = pseudo_client.get("/").text

    assert untranslated(html) == []


def test_the_pseudo_locale_catches_unmarked_text():
    html = '<p>⟦Marked⟧</p><p>Not marked</p><p translate="no"><b>Ana</b></p><p>Bo</p>'

    assert untranslated(html) == ["Not marked", "Bo"]


@pytest.fixture
def member_world():
    """A member in a community with a question, an answer and a comment."""
    from commonplace.communities.models import Role
    from commonplace.communities.tests.factories import (
        CommunityFactory,
        MembershipFactory,
    )
    from commonplace.knowledge.tests.factories import (
        AnswerFactory,
        CommentFactory,
        PostFactory,
    )
    from commonplace.notifications.tests.factories import NotificationFactory
    from commonplace.topics.tests.factories import TopicFactory

    person = UserFactory(display_name="Ana Lima")
    community = CommunityFactory(name="Data Practice", slug="data-practice")
    MembershipFactory(community=community, person=person, role=Role.OWNER)
    topic = TopicFactory(name="SQL")
    person.skills.add(topic)
    post = PostFactory(community=community, author=person, topics=[topic])
    answer = AnswerFactory(post=post, author=person)
    CommentFactory(post=post, answer=answer, author=person)
    NotificationFactory(recipient=person, target=post, kind="mentioned")
    return {"person": person, "community": community, "post": post, "topic": topic}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "/people/",
        "/people/{person}/",
        "/people/knows/",
        "/people/knows/?q=SQL",
        "/people/knows/?q=the",
        "/profile/",
        "/teams/",
        "/topics/",
        "/topics/{topic}/",
        "/communities/",
        "/communities/new/",
        "/communities/{community}/",
        "/communities/{community}/members/",
        "/communities/{community}/manage/",
        "/communities/{community}/audit/",
        "/posts/{post}/",
        "/posts/new/{community}/",
        "/moderation/{community}/",
        "/",
        "/?order=top",
        "/unanswered/",
        "/bookmarks/",
        "/notifications/",
        "/notifications/preferences/",
        "/mentions/{community}/?q=ana",
    ],
)
def test_signed_in_pages_have_no_untranslated_text(pseudo_client, member_world, page):
    pseudo_client.force_login(member_world["person"])
    url = page.format(
        person=member_world["person"].pk,
        topic=member_world["topic"].slug,
        community=member_world["community"].slug,
        post=member_world["post"].pk,
    )

    response = pseudo_client.get(url)

    assert response.status_code == 200
    assert untranslated(response.text) == []
