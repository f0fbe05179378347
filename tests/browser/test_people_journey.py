"""A newcomer's first minutes: sign up, sign in, fill the profile, follow."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from commonplace.people.models import Follow, User
from commonplace.people.tests.factories import UserFactory
from tests.browser.pages.accounts import NewAccountPage, SignInPage, SignUpPage
from tests.browser.pages.people import DirectoryPage, PersonPage, ProfileEditPage

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "tangerine-lighthouse-47"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "me.jpg"
    Image.new("RGB", (640, 480), (40, 120, 200)).save(path, format="JPEG")
    return str(path)


def test_a_newcomer_signs_up_fills_the_profile_and_follows_a_colleague(
    page, live_server, mailoutbox, run_tasks, photo, settings
):
    settings.SITE_URL = live_server.url
    UserFactory(display_name="Bruno Costa", job_title="Data Engineer")

    sign_up = SignUpPage(page).open()
    sign_up.ask_for_link("ana@example.org")
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    run_tasks()
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)

    new_account = NewAccountPage(page)
    page.goto(link)
    assert new_account.accessibility_violations() == []
    new_account.create("Ana Lima", PASSWORD)

    sign_in = SignInPage(page)
    expect(page.get_by_label("E-mail address")).to_have_value("ana@example.org")
    sign_in.sign_in("ana@example.org", PASSWORD)
    expect(page.get_by_role("heading", name="Welcome back, Ana")).to_be_visible()

    profile = ProfileEditPage(page).open()
    assert profile.accessibility_violations() == []
    profile.fill(job_title="Analyst", skills="SQL, Data modelling", photo=photo)
    profile.save()
    expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
    expect(page.get_by_role("link", name="Data modelling")).to_be_visible()
    expect(page.locator("img[src*='/avatar/']").first).to_be_visible()

    directory = DirectoryPage(page).open()
    directory.search("Bruno")
    assert directory.accessibility_violations() == []
    directory.open_person("Bruno Costa")
    person = PersonPage(page)
    person.follow()
    expect(person.follow_button).to_have_text("Following · Unfollow")
    assert person.accessibility_violations() == []
    assert person.console_errors == []

    ana = User.objects.get(email="ana@example.org")
    bruno = User.objects.get(display_name="Bruno Costa")
    assert Follow.objects.filter(follower=ana, person=bruno).exists()
    assert ana.avatar.name.endswith(".webp")
