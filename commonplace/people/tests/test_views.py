import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonplace.core.uploads import MAX_IMAGE_BYTES
from commonplace.people import services
from commonplace.people.models import Follow, User
from commonplace.people.tests.factories import (
    AdministratorFactory,
    DepartmentFactory,
    ExternalMemberFactory,
    FollowFactory,
    SkilledPersonFactory,
    TeamFactory,
    TopicFollowFactory,
    UserFactory,
    image_upload,
)
from commonplace.topics.tests.factories import TopicFactory
from tests.test_pseudo_locale import PSEUDO, PseudoTranslation, untranslated

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _main(response):
    """The page's own content, without the layout around it."""
    html = response.text
    return html[html.index("<main") : html.index("</main>")]


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _signed_in(client, **fields):
    person = UserFactory(**fields)
    client.force_login(person)
    return person


def _with_photo(person):
    services.set_avatar(person=person, changed_by=person, upload=image_upload())
    return User.objects.get(pk=person.pk)


@pytest.mark.parametrize(
    "url",
    [
        "/people/",
        "/people/1/",
        "/people/1/followers/",
        "/people/1/avatar/",
        "/profile/",
        "/teams/",
        "/teams/platform/",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- The directory ------------------------------------------------------------------


def test_the_directory_shows_a_card_per_person(client):
    team = TeamFactory(name="Platform")
    _signed_in(client, display_name="Viewer")
    ana = UserFactory(
        display_name="Ana Lima", job_title="Engineer", team=team, location="Lisbon"
    )
    for name in ("Ansible", "Bash", "C++", "Docker"):
        ana.skills.add(TopicFactory(name=name))

    response = client.get(reverse("people:directory"))

    html = _main(response)
    assert f'href="{reverse("people:person", args=[ana.pk])}"' in html
    assert "Engineer" in html
    assert "Platform" in html
    assert "Lisbon" in html
    assert ">AL</span>" in html
    assert "Ansible" in html
    assert "C++" in html
    assert "Docker" not in html


def test_a_card_shows_the_photo_when_there_is_one(client):
    _signed_in(client)
    ana = _with_photo(UserFactory(display_name="Ana Lima"))

    html = _main(client.get(reverse("people:directory")))

    assert f'src="{reverse("people:avatar", args=[ana.pk])}?v=' in html


def test_the_directory_filters_and_keeps_the_filters_in_the_form(client):
    team = TeamFactory(name="Platform", slug="platform")
    topic = TopicFactory(name="Kubernetes")
    _signed_in(client, display_name="Viewer")
    wanted = UserFactory(display_name="Ana Lima", team=team, location="Lisbon")
    wanted.skills.add(topic)
    UserFactory(display_name="Ana Other", team=team, location="Lisbon")

    response = client.get(
        reverse("people:directory"),
        {"q": "ana", "team": "platform", "topic": "kubernetes", "location": "lis"},
    )

    html = _main(response)
    assert "Ana Lima" in html
    assert "Ana Other" not in html
    assert 'name="q" value="ana"' in html
    assert '<option value="platform" selected>' in html
    assert 'name="topic" value="kubernetes"' in html
    assert 'name="location" value="lis"' in html


def test_an_unknown_topic_gives_a_friendly_note_and_nobody(client):
    _signed_in(client, display_name="Viewer")

    response = client.get(reverse("people:directory"), {"topic": "Basket weaving"})

    assert response.status_code == 200
    assert "Nobody has stated this topic yet" in response.text
    assert "Basket weaving" in response.text
    assert "Viewer</a>" not in _main(response)


def test_an_unknown_team_matches_nobody(client):
    _signed_in(client, display_name="Viewer")

    response = client.get(reverse("people:directory"), {"team": "no-such-team"})

    assert response.status_code == 200
    assert "Nobody matches these filters." in response.text


def test_the_next_page_link_keeps_the_filters(client):
    _signed_in(client, display_name="Viewer")
    for number in range(25):
        UserFactory(display_name=f"Ana {number:02}", location="Lisbon")

    response = client.get(reverse("people:directory"), {"q": "ana", "location": "lis"})

    link = re.search(r'href="(\?[^"]*)" rel="next"', response.text).group(1)
    assert "q=ana" in link
    assert "location=lis" in link
    second = client.get(reverse("people:directory") + link.replace("&amp;", "&"))
    assert "Ana 24" in second.text
    assert 'rel="next"' not in second.text


def test_a_forged_cursor_answers_400_with_a_message(client):
    _signed_in(client)

    response = client.get(reverse("people:directory"), {"cursor": "forged"})

    assert response.status_code == 400
    assert "This page link is not valid any more" in response.text


def test_external_members_get_the_404_page_for_the_directory(client):
    client.force_login(ExternalMemberFactory())

    response = client.get(reverse("people:directory"))

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_the_directory_page_costs_the_same_queries_for_5_and_50_people(client):
    team = TeamFactory()
    _signed_in(client, team=team)
    topics = [TopicFactory(), TopicFactory()]
    SkilledPersonFactory.create_batch(4, team=team, skills=topics)
    url = reverse("people:directory")
    client.get(url)

    few = _query_count(client, url)
    SkilledPersonFactory.create_batch(45, team=team, skills=topics)
    many = _query_count(client, url)

    assert few == many


# --- A person's page ----------------------------------------------------------------


def test_a_persons_page_shows_their_profile(client):
    viewer = _signed_in(client)
    team = TeamFactory(name="Platform")
    boss = UserFactory(display_name="Bo Boss")
    topic = TopicFactory(name="Kubernetes")
    ana = UserFactory(
        display_name="Ana Lima",
        job_title="Engineer",
        team=team,
        manager=boss,
        location="Lisbon",
        time_zone="Europe/Lisbon",
        bio="First line\n**not bold** <script>x</script>",
    )
    ana.skills.add(topic)
    FollowFactory(follower=viewer, person=ana)

    response = client.get(reverse("people:person", args=[ana.pk]))

    html = _main(response)
    assert '<h1 id="person-name" translate="no">Ana Lima</h1>' in html
    assert f'href="{reverse("people:team", args=[team.slug])}"' in html
    assert f'href="{reverse("people:person", args=[boss.pk])}"' in html
    assert "Europe/Lisbon" in html
    assert "First line<br>**not bold** &lt;script&gt;" in html
    assert f'href="{reverse("topics:detail", args=[topic.slug])}"' in html
    assert "1 follower" in html
    assert f'href="{reverse("people:followers", args=[ana.pk])}"' in html
    assert "Following · Unfollow" in html
    assert "Edit your profile" not in html


def test_ones_own_page_offers_editing_and_no_follow_button(client):
    me = _signed_in(client)

    html = _main(client.get(reverse("people:person", args=[me.pk])))

    assert f'href="{reverse("people:profile-edit")}"' in html
    assert "Edit your profile" in html
    assert 'id="follow-button"' not in html


def test_a_managers_page_lists_their_reports(client):
    _signed_in(client)
    boss = UserFactory()
    report = UserFactory(display_name="Ana Report", manager=boss)
    UserFactory(display_name="Gone Report", manager=boss, is_active=False)

    html = _main(client.get(reverse("people:person", args=[boss.pk])))

    assert "Reports" in html
    assert f'href="{reverse("people:person", args=[report.pk])}"' in html
    assert "Gone Report" not in html


def test_an_external_members_page_carries_the_external_mark(client):
    _signed_in(client)
    partner = ExternalMemberFactory(organisation="Acme Partners")

    html = _main(client.get(reverse("people:person", args=[partner.pk])))

    assert "External" in html
    assert "Acme Partners" in html


def test_administrators_see_a_deactivated_person_marked_as_such(client):
    client.force_login(AdministratorFactory())
    gone = UserFactory(is_active=False)

    response = client.get(reverse("people:person", args=[gone.pk]))

    assert response.status_code == 200
    assert "No longer active" in response.text


def test_a_hidden_person_looks_exactly_like_a_missing_one(client):
    client.force_login(ExternalMemberFactory())
    colleague = UserFactory()

    hidden = client.get(reverse("people:person", args=[colleague.pk]))
    missing = client.get(reverse("people:person", args=[999_999]))

    assert hidden.status_code == missing.status_code == 404
    assert _main(hidden) == _main(missing)


def test_an_external_viewer_sees_no_links_into_members_only_pages(client):
    external = ExternalMemberFactory()
    client.force_login(external)
    contact = UserFactory(team=TeamFactory(name="Platform"), manager=UserFactory())
    contact.skills.add(TopicFactory(name="Kubernetes"))
    FollowFactory(follower=contact, person=external)

    html = _main(client.get(reverse("people:person", args=[contact.pk])))

    assert "Platform" in html
    assert "Kubernetes" in html
    assert "/teams/" not in html
    assert "/topics/" not in html
    assert "Manager" not in html


# --- Followers and follows ----------------------------------------------------------


def test_the_followers_page_lists_followers(client):
    _signed_in(client)
    person = UserFactory(display_name="Ana Lima")
    FollowFactory(person=person, follower=UserFactory(display_name="Zoe Follower"))

    response = client.get(reverse("people:followers", args=[person.pk]))

    assert "Followers of" in response.text
    assert "Zoe Follower" in _main(response)


def test_the_followers_page_costs_the_same_queries_for_5_and_50(client):
    _signed_in(client)
    person = UserFactory()
    team, topic = TeamFactory(), TopicFactory()
    for follower in SkilledPersonFactory.create_batch(5, team=team, skills=[topic]):
        FollowFactory(follower=follower, person=person)
    url = reverse("people:followers", args=[person.pk])
    client.get(url)

    few = _query_count(client, url)
    for follower in SkilledPersonFactory.create_batch(45, team=team, skills=[topic]):
        FollowFactory(follower=follower, person=person)
    many = _query_count(client, url)

    assert few == many


def test_following_from_the_page_returns_to_the_person(client):
    viewer = _signed_in(client)
    person = UserFactory()

    response = client.post(reverse("people:follow", args=[person.pk]))

    assert response.status_code == 302
    assert response.url == reverse("people:person", args=[person.pk])
    assert Follow.objects.filter(follower=viewer, person=person).exists()


def test_following_with_htmx_answers_the_new_button(client):
    _signed_in(client)
    person = UserFactory()

    response = client.post(reverse("people:follow", args=[person.pk]), headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Following · Unfollow" in response.text
    assert f'hx-post="{reverse("people:unfollow", args=[person.pk])}"' in response.text
    assert 'hx-swap="outerHTML"' in response.text
    assert "1 follower" in response.text


def test_unfollowing_with_htmx_answers_the_follow_button(client):
    viewer = _signed_in(client)
    person = UserFactory()
    FollowFactory(follower=viewer, person=person)

    response = client.post(reverse("people:unfollow", args=[person.pk]), headers=HTMX)

    assert ">Follow</button>" in response.text
    assert not Follow.objects.filter(follower=viewer).exists()


def test_following_is_post_only(client):
    _signed_in(client)
    person = UserFactory()

    response = client.get(reverse("people:follow", args=[person.pk]))

    assert response.status_code == 405
    assert not Follow.objects.exists()


def test_following_oneself_is_refused(client):
    me = _signed_in(client)

    response = client.post(reverse("people:follow", args=[me.pk]))

    assert response.status_code == 400
    assert not Follow.objects.exists()


def test_following_a_topic_returns_to_the_topic_page(client):
    viewer = _signed_in(client)
    topic = TopicFactory()

    response = client.post(reverse("people:follow-topic", args=[topic.slug]))

    assert response.status_code == 302
    assert response.url == reverse("topics:detail", args=[topic.slug])
    assert Follow.objects.filter(follower=viewer, topic=topic).exists()


def test_following_a_topic_with_htmx_answers_the_new_button(client):
    _signed_in(client)
    topic = TopicFactory()

    response = client.post(
        reverse("people:follow-topic", args=[topic.slug]), headers=HTMX
    )

    assert "Following · Unfollow" in response.text
    unfollow = reverse("people:unfollow-topic", args=[topic.slug])
    assert f'hx-post="{unfollow}"' in response.text
    assert "<html" not in response.text


def test_unfollowing_a_topic_with_htmx_answers_the_follow_button(client):
    viewer = _signed_in(client)
    follow = TopicFollowFactory(follower=viewer)

    response = client.post(
        reverse("people:unfollow-topic", args=[follow.topic.slug]), headers=HTMX
    )

    assert ">Follow</button>" in response.text
    assert not Follow.objects.exists()


def test_external_members_cannot_follow_topics(client):
    client.force_login(ExternalMemberFactory())
    topic = TopicFactory()

    response = client.post(reverse("people:follow-topic", args=[topic.slug]))

    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_the_topic_button_template_renders_for_the_topic_page():
    topic = TopicFactory()
    request = RequestFactory().get("/")

    html = render_to_string(
        "people/follow_topic_button.html",
        {"topic": topic, "is_following": False},
        request=request,
    )

    assert f'action="{reverse("people:follow-topic", args=[topic.slug])}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert ">Follow</button>" in html


# --- Photos -------------------------------------------------------------------------


def test_a_photo_is_served_privately_as_webp(client):
    _signed_in(client)
    person = _with_photo(UserFactory())

    response = client.get(reverse("people:avatar", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[8:12] == b"WEBP"


def test_no_photo_is_a_404(client):
    _signed_in(client)

    response = client.get(reverse("people:avatar", args=[UserFactory().pk]))

    assert response.status_code == 404


def test_the_photo_of_someone_hidden_is_a_404(client):
    colleague = _with_photo(UserFactory())
    client.force_login(ExternalMemberFactory())

    response = client.get(reverse("people:avatar", args=[colleague.pk]))

    assert response.status_code == 404


# --- Editing one's profile ----------------------------------------------------------


def _profile_data(**changes):
    data = {
        "display_name": "Ana Lima",
        "job_title": "Engineer",
        "location": "Lisbon",
        "time_zone": "Europe/Lisbon",
        "bio": "Hello",
        "skills": "Python, SQL",
        "q": "",
    }
    data.update(changes)
    return data


def test_the_profile_form_shows_the_current_profile(client):
    me = _signed_in(client, display_name="Ana Lima", time_zone="Europe/Lisbon")
    me.skills.add(TopicFactory(name="Go"), TopicFactory(name="Python"))
    me.team = TeamFactory(name="Platform")
    me.save()

    response = client.get(reverse("people:profile-edit"))

    html = _main(response)
    assert 'value="Ana Lima"' in html
    assert '<option value="Europe/Lisbon" selected>' in html
    assert '<option value="">Organisation default</option>' in html
    assert 'value="Go, Python"' in html
    assert 'list="skill-suggestions"' in html
    assert f'hx-get="{reverse("topics:suggest")}"' in html
    assert '<datalist id="skill-suggestions">' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="image/*"' in html
    assert "Set by administrators" in html
    assert "Platform" in html


def test_saving_the_profile_returns_to_ones_page_with_a_message(client):
    me = _signed_in(client)

    response = client.post(
        reverse("people:profile-edit"), _profile_data(q="Public speaking")
    )

    assert response.status_code == 302
    assert response.url == reverse("people:person", args=[me.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your profile is saved."
    ]
    saved = User.objects.get(pk=me.pk)
    assert (saved.display_name, saved.job_title, saved.time_zone) == (
        "Ana Lima",
        "Engineer",
        "Europe/Lisbon",
    )
    assert sorted(t.name for t in saved.skills.all()) == [
        "Public speaking",
        "Python",
        "SQL",
    ]


def test_a_refused_value_keeps_everything_typed(client):
    me = _signed_in(client, display_name="Before")

    response = client.post(
        reverse("people:profile-edit"),
        _profile_data(display_name="A" * 10_000, job_title="Typed title", q="Go"),
    )

    assert response.status_code == 400
    html = _main(response)
    assert "A name has at most 150 characters." in html
    assert 'value="Typed title"' in html
    assert 'value="Python, SQL"' in html
    assert 'name="q" value="Go"' in html
    assert "Nothing was saved." in html
    assert User.objects.get(pk=me.pk).display_name == "Before"


def test_a_skill_of_punctuation_is_shown_by_the_skills_field(client):
    _signed_in(client)

    response = client.post(reverse("people:profile-edit"), _profile_data(skills="!!!"))

    assert response.status_code == 400
    assert "A topic name needs at least one letter or digit." in response.text


def test_an_unknown_time_zone_is_shown_by_its_field(client):
    _signed_in(client)

    response = client.post(
        reverse("people:profile-edit"), _profile_data(time_zone="Mars/Base")
    )

    assert response.status_code == 400
    assert "Choose a time zone from the list." in response.text


def test_a_photo_is_uploaded_with_the_profile(client):
    me = _signed_in(client)

    response = client.post(
        reverse("people:profile-edit"), _profile_data(avatar=image_upload())
    )

    assert response.status_code == 302
    assert User.objects.get(pk=me.pk).avatar


def test_a_file_that_is_not_an_image_is_refused_by_the_photo_field(client):
    me = _signed_in(client)
    fake = SimpleUploadedFile("photo.png", b"plain text", content_type="image/png")

    response = client.post(
        reverse("people:profile-edit"), _profile_data(avatar=fake, job_title="New")
    )

    assert response.status_code == 400
    assert "Choose a JPEG, PNG, GIF or WebP image." in response.text
    assert User.objects.get(pk=me.pk).job_title == ""


def test_a_photo_over_five_megabytes_answers_413(client):
    me = _signed_in(client)
    huge = SimpleUploadedFile("photo.png", b"0" * (MAX_IMAGE_BYTES + 1))

    response = client.post(reverse("people:profile-edit"), _profile_data(avatar=huge))

    assert response.status_code == 413
    assert "larger than 5 MB" in response.text
    assert 'value="Ana Lima"' in response.text
    assert not User.objects.get(pk=me.pk).avatar


def test_the_photo_can_be_removed(client):
    me = _with_photo(_signed_in(client))

    response = client.post(
        reverse("people:profile-edit"), _profile_data(remove_avatar="on")
    )

    assert response.status_code == 302
    assert not User.objects.get(pk=me.pk).avatar


def test_the_profile_form_ignores_organisation_fields(client):
    me = _signed_in(client)
    team, boss = TeamFactory(), UserFactory()

    response = client.post(
        reverse("people:profile-edit"),
        _profile_data(
            team=team.pk,
            manager=boss.pk,
            is_external="on",
            organisation="Elsewhere",
            is_staff="on",
            is_superuser="on",
            is_active="",
        ),
    )

    assert response.status_code == 302
    saved = User.objects.get(pk=me.pk)
    assert (saved.team, saved.manager) == (None, None)
    assert (saved.is_external, saved.organisation) == (False, "")
    assert (saved.is_staff, saved.is_superuser, saved.is_active) == (
        False,
        False,
        True,
    )


# --- Teams --------------------------------------------------------------------------


def test_the_teams_page_lists_departments_and_their_teams(client):
    _signed_in(client)
    department = DepartmentFactory(name="Engineering")
    team = TeamFactory(name="Platform", parent=department)
    UserFactory.create_batch(2, team=team)

    html = _main(client.get(reverse("people:teams")))

    assert f'href="{reverse("people:team", args=[department.slug])}"' in html
    assert f'href="{reverse("people:team", args=[team.slug])}"' in html
    assert "2 members" in html


def test_a_team_page_shows_its_department_sub_teams_and_members(client):
    _signed_in(client)
    department = DepartmentFactory(name="Engineering")
    team = TeamFactory(name="Platform", parent=department)
    sub_team = TeamFactory(name="Platform Tools", parent=team)
    UserFactory(display_name="Ana Lima", team=team)

    html = _main(client.get(reverse("people:team", args=[team.slug])))

    assert f'href="{reverse("people:team", args=[department.slug])}"' in html
    assert f'href="{reverse("people:team", args=[sub_team.slug])}"' in html
    assert "Ana Lima" in html


def test_external_members_get_404_for_teams(client):
    client.force_login(ExternalMemberFactory())
    team = TeamFactory()

    assert client.get(reverse("people:teams")).status_code == 404
    assert client.get(reverse("people:team", args=[team.slug])).status_code == 404


def test_the_team_page_costs_the_same_queries_for_5_and_50_members(client):
    _signed_in(client)
    team, topic = TeamFactory(), TopicFactory()
    SkilledPersonFactory.create_batch(5, team=team, skills=[topic])
    url = reverse("people:team", args=[team.slug])
    client.get(url)

    few = _query_count(client, url)
    SkilledPersonFactory.create_batch(45, team=team, skills=[topic])
    many = _query_count(client, url)

    assert few == many


# --- Every page ---------------------------------------------------------------------


def _every_page(person, other):
    return [
        reverse("people:directory"),
        reverse("people:directory") + "?topic=nothing-like-it",
        reverse("people:person", args=[person.pk]),
        reverse("people:person", args=[other.pk]),
        reverse("people:followers", args=[other.pk]),
        reverse("people:profile-edit"),
        reverse("people:teams"),
        reverse("people:team", args=[other.team.slug]),
    ]


@pytest.fixture
def world_of_pages(client):
    me = _signed_in(client, display_name="Ana Lima", bio="Hi")
    department = DepartmentFactory(name="Engineering")
    other = ExternalMemberFactory(
        display_name="Bo Partner",
        job_title="Consultant",
        location="Porto",
        team=TeamFactory(name="Platform", parent=department),
        manager=me,
    )
    other.skills.add(TopicFactory(name="Kubernetes"))
    FollowFactory(follower=me, person=other)
    return me, other


def test_people_pages_have_no_inline_scripts_styles_or_handlers(client, world_of_pages):
    for url in _every_page(*world_of_pages):
        html = client.get(url).text

        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert re.search(r"\son[a-z]+=", html) is None, url
        assert re.search(r"\sstyle=", html) is None, url


def test_people_pages_have_no_untranslated_text(
    client, world_of_pages, settings, monkeypatch
):
    from django.utils import translation
    from django.utils.translation import trans_real

    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())
    pages = _every_page(*world_of_pages)

    with translation.override(PSEUDO):
        leaks = {url: untranslated(client.get(url).text) for url in pages}

    assert leaks == {url: [] for url in pages}


def test_a_zone_without_a_region_set_elsewhere_stays_selected(client):
    _signed_in(client, time_zone="EST")

    html = _main(client.get(reverse("people:profile-edit")))

    assert '<option value="EST" selected>' in html
    assert '<option value="GMT">' not in html
