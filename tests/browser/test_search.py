"""Search in a real browser: the header's box suggests as one types,
Enter shows the results with the words marked, a community filter narrows
them, and a result opens; the arrow keys reach the suggestions; a new
question's title brings up similar questions; axe-core finds nothing
serious on the search page."""

import pytest
from playwright.sync_api import expect

from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.people.tests.factories import DEFAULT_PASSWORD, UserFactory
from commonplace.search.services import reindex
from commonplace.topics.tests.factories import TopicFactory
from tests.browser.pages.accounts import SignInPage
from tests.browser.pages.knowledge import NewPostPage, PostPage
from tests.browser.pages.search import HeaderSearch, SearchPage, SimilarQuestions

pytestmark = pytest.mark.django_db(transaction=True)

RESTARTS = "Kubernetes pods keep restarting"
UPGRADE = "Kubernetes upgrade plan"


@pytest.fixture
def world():
    """Two public communities talking about Kubernetes, and a member of one."""
    guild = CommunityFactory(name="Platform Guild", slug="platform-guild")
    data = CommunityFactory(name="Data Guild", slug="data-guild")
    person = UserFactory(email="asha@example.org", display_name="Asha Asker")
    MembershipFactory(community=guild, person=person)
    question = PostFactory(community=guild, title=RESTARTS)
    question.accepted_answer = AnswerFactory(post=question)
    question.answer_count = 1
    question.save()
    PostFactory(community=data, title=UPGRADE)
    TopicFactory(name="Kubernetes")
    reindex()
    return guild


def _sign_in(page):
    SignInPage(page).open().sign_in("asha@example.org", DEFAULT_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_search_from_the_header_to_an_opened_result(page, world):
    _sign_in(page)
    header = HeaderSearch(page)

    header.type("kubernetes")
    expect(header.suggestion("Kubernetes")).to_be_visible()
    header.submit()

    results = SearchPage(page)
    expect(page.locator("h1")).to_have_text("Search")
    expect(results.results).to_have_count(2)
    expect(results.marked_words.first).to_have_text("Kubernetes")
    expect(results.panel.get_by_role("link", name="Kubernetes")).to_be_visible()
    results.filter_by_community("Platform Guild")
    expect(results.results).to_have_count(1)
    expect(results.results.first).to_contain_text("Answer accepted")
    results.result(RESTARTS).click()
    expect(PostPage(page).title).to_have_text(RESTARTS)
    assert results.console_errors == []


def test_the_suggestions_are_reached_and_closed_with_the_keyboard(page, world):
    _sign_in(page)
    header = HeaderSearch(page)
    header.type("kubern")
    suggestion = header.suggestion("Kubernetes")
    expect(suggestion).to_be_visible()

    header.field.press("ArrowDown")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Escape")

    expect(header.field).to_be_focused()
    expect(suggestion).to_be_hidden()


def test_typing_a_question_title_lists_similar_questions(page, world):
    _sign_in(page)
    page.goto(f"/posts/new/{world.slug}/?kind=question")
    new_post = NewPostPage(page)
    similar = SimilarQuestions(page)

    page.wait_for_load_state()
    page.get_by_role("radio", name="Question").check()
    page.get_by_role("textbox", name="Title").press_sequentially(
        "Why do my kubernetes pods restart"
    )

    expect(similar.question(RESTARTS)).to_be_visible()
    expect(similar.list).to_contain_text("Answer accepted")
    assert new_post.console_errors == []


def test_the_search_page_has_no_serious_accessibility_problems(page, world):
    _sign_in(page)
    results = SearchPage(page)
    results.path = "/search/?q=kubernetes"
    results.open()
    expect(results.panel.get_by_role("link", name="Kubernetes")).to_be_visible()
    header = HeaderSearch(page)
    header.field.clear()
    header.type("kube")
    expect(header.suggestion("Kubernetes")).to_be_visible()

    assert results.accessibility_violations() == []
