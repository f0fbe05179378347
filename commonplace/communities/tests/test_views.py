"""The community pages: finding, starting, editing and reading communities.

Joining, running a community, its audit trail and invitations are in
test_pages_membership.py and test_pages_running.py.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonplace.communities import services
from commonplace.communities.models import (
    Community,
    Kind,
    Membership,
    Role,
    Visibility,
)
from commonplace.communities.tests.factories import (
    CommunityFactory,
    CommunityInvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
)
from commonplace.core.uploads import MAX_IMAGE_BYTES
from commonplace.people.tests.factories import (
    AdministratorFactory,
    ExternalMemberFactory,
    UserFactory,
    image_upload,
)
from commonplace.topics.tests.factories import TopicFactory
from tests.test_pseudo_locale import PSEUDO, PseudoTranslation, untranslated

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Data engineering",
    "purpose": "Pipelines, warehouses and the people who keep them running.",
    "kind": "practice",
    "visibility": "public",
    "cover_colour": "#1e6b3a",
    "topics": "SQL, Airflow",
}


def _main(response):
    """The page's own content, without the layout around it."""
    html = response.text
    return html[html.index("<main") : html.index("</main>")]


def _signed_in(client, **fields):
    person = UserFactory(**fields)
    client.force_login(person)
    return person


def _member(community, role=Role.MEMBER, **fields):
    return MembershipFactory(
        community=community, person=UserFactory(**fields), role=role
    ).person


def _url(name, community, **kwargs):
    return reverse(f"communities:{name}", kwargs={"slug": community.slug, **kwargs})


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Signing in ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("directory", {}),
        ("mine", {}),
        ("new", {}),
        ("detail", {"slug": "anything"}),
        ("members", {"slug": "anything"}),
        ("edit", {"slug": "anything"}),
        ("manage", {"slug": "anything"}),
        ("audit", {"slug": "anything"}),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, kwargs):
    response = client.get(reverse(f"communities:{name}", kwargs=kwargs))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- The directory ----------------------------------------------------------------


def test_the_directory_shows_a_card_per_community(client):
    _signed_in(client)
    community = CommunityFactory(
        name="Platform guild",
        purpose="Everything about running the platform.",
        kind=Kind.PRACTICE,
        visibility=Visibility.PRIVATE,
        cover_colour="#8e2a6b",
    )
    community.topics.add(TopicFactory(name="Kubernetes"))
    _member(community, Role.OWNER, display_name="Olga Owner")
    _member(community, Role.LEADER, display_name="Lea Leader")
    _member(community, Role.MEMBER, display_name="Mo Member")

    html = _main(client.get(reverse("communities:directory")))

    assert "Platform guild" in html
    assert "Community of practice" in html
    assert "Private" in html
    assert "Everything about running the platform." in html
    assert "3 members" in html
    assert "Olga Owner" in html
    assert "Lea Leader" in html
    assert "Mo Member" not in html
    assert "Kubernetes" in html
    assert "cover--8e2a6b" in html


def test_a_card_names_at_most_three_leaders(client):
    _signed_in(client)
    community = CommunityFactory()
    for name in ("Ann", "Ben", "Cat", "Dan"):
        _member(community, Role.LEADER, display_name=f"{name} Leader")

    html = _main(client.get(reverse("communities:directory")))

    assert "Cat Leader" in html
    assert "Dan Leader" not in html


def test_the_directory_hides_secret_communities_from_non_members(client):
    _signed_in(client)
    CommunityFactory(name="Hidden circle", visibility=Visibility.SECRET)
    CommunityFactory(name="Open forum")

    html = _main(client.get(reverse("communities:directory")))

    assert "Open forum" in html
    assert "Hidden circle" not in html


def test_the_directory_searches_names_and_purposes(client):
    _signed_in(client)
    CommunityFactory(name="Rust lovers", purpose="Systems programming.")
    CommunityFactory(name="Gardeners", purpose="Growing vegetables at the office.")

    html = _main(client.get(reverse("communities:directory"), {"q": "vegetables"}))

    assert "Gardeners" in html
    assert "Rust lovers" not in html
    assert 'value="vegetables"' in html


def test_the_directory_filters_by_kind(client):
    _signed_in(client)
    CommunityFactory(name="Launch the app", kind=Kind.GOAL, goal="Ship by June.")
    CommunityFactory(name="Chess club", kind=Kind.INTEREST)

    html = _main(client.get(reverse("communities:directory"), {"kind": "goal"}))

    assert "Launch the app" in html
    assert "Chess club" not in html


@pytest.mark.parametrize("typed", ["Machine Learning", "machine-learning"])
def test_the_directory_filters_by_topic_name_or_slug(client, typed):
    _signed_in(client)
    topic = TopicFactory(name="Machine Learning", slug="machine-learning")
    CommunityFactory(name="ML practitioners").topics.add(topic)
    CommunityFactory(name="Accessibility")

    html = _main(client.get(reverse("communities:directory"), {"topic": typed}))

    assert "ML practitioners" in html
    assert "Accessibility" not in html


def test_an_unknown_topic_matches_no_community_and_says_so(client):
    _signed_in(client)
    CommunityFactory(name="Accessibility")

    html = _main(client.get(reverse("communities:directory"), {"topic": "Quidditch"}))

    assert "Accessibility" not in html
    assert "No community has this topic yet" in html


def test_the_directory_sorts_by_size_or_by_newest(client):
    _signed_in(client)
    big = CommunityFactory(name="Big one")
    for _ in range(3):
        _member(big)
    CommunityFactory(name="New one")
    Community.objects.filter(pk=big.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )

    by_size = _main(client.get(reverse("communities:directory"), {"sort": "size"}))
    by_newest = _main(client.get(reverse("communities:directory"), {"sort": "newest"}))

    assert by_size.index("Big one") < by_size.index("New one")
    assert by_newest.index("New one") < by_newest.index("Big one")


def test_the_directory_pages_with_a_cursor(client):
    _signed_in(client)
    CommunityFactory.create_batch(25)

    first = client.get(reverse("communities:directory"))
    cursor = re.search(r'href="\?cursor=([^"]+)"', first.text).group(1)
    second = client.get(reverse("communities:directory"), {"cursor": cursor})

    assert first.text.count('class="community-card card"') == 20
    assert second.text.count('class="community-card card"') == 5
    assert "Next page" not in _main(second)


def test_the_directory_shows_ones_communities_and_invitations_first(client):
    me = _signed_in(client)
    mine = CommunityFactory(name="My guild")
    MembershipFactory(community=mine, person=me)
    invited = CommunityFactory(name="Secret lab", visibility=Visibility.SECRET)
    invitation = CommunityInvitationFactory(community=invited, email=me.email)

    html = _main(client.get(reverse("communities:directory")))

    assert "Your communities" in html
    assert "My guild" in html
    assert "Invitations for you" in html
    assert "Secret lab" in html
    assert reverse("communities:accept", args=[invitation.pk]) in html
    assert html.index("Invitations for you") < html.index("All communities")


def test_the_directory_offers_to_start_a_community(client):
    _signed_in(client)

    html = _main(client.get(reverse("communities:directory")))

    assert reverse("communities:new") in html
    assert "Start a community" in html


def test_external_members_get_the_404_page_for_the_directory(client):
    client.force_login(ExternalMemberFactory())

    response = client.get(reverse("communities:directory"))

    assert response.status_code == 404


def test_external_members_find_their_communities_on_their_own_list(client):
    external = ExternalMemberFactory()
    client.force_login(external)
    theirs = CommunityFactory(name="Partner project", visibility=Visibility.SECRET)
    MembershipFactory(community=theirs, person=external)
    CommunityFactory(name="Internal matters")

    response = client.get(reverse("communities:mine"))

    assert response.status_code == 200
    assert "Partner project" in _main(response)
    assert "Internal matters" not in _main(response)
    assert f'href="{reverse("communities:directory")}"' not in _main(response)


def test_the_directory_costs_the_same_queries_for_5_and_50_communities(
    client, django_assert_max_num_queries
):
    me = _signed_in(client)
    topic = TopicFactory()

    def add(count):
        for _ in range(count):
            community = CommunityFactory()
            community.topics.add(topic)
            _member(community, Role.OWNER)
            _member(community, Role.LEADER)

    add(5)
    MembershipFactory(community=Community.objects.first(), person=me)
    CommunityInvitationFactory(email=me.email)
    url = reverse("communities:directory")
    client.get(url)
    few = _query_count(client, url)

    add(45)
    with django_assert_max_num_queries(few):
        response = client.get(url)

    assert response.text.count('class="community-card card"') == 20


# --- Starting a community ----------------------------------------------------------


def test_the_new_community_form_explains_kinds_visibility_and_colours(client):
    _signed_in(client)

    html = _main(client.get(reverse("communities:new")))

    assert "People working towards one stated goal" in html
    assert "Only its members know it exists" in html
    assert "ask to join and leaders decide" in html
    assert 'type="radio" name="cover_colour" value="#1f5fbf"' in html
    assert "Blue" in html
    assert 'name="allows_externals"' in html
    assert 'type="file" name="cover_image"' in html


def test_starting_a_community_makes_its_starter_the_owner(client):
    me = _signed_in(client)

    response = client.post(reverse("communities:new"), VALID)

    community = Community.objects.get(name="Data engineering")
    assert response.status_code == 302
    assert response.url == _url("detail", community)
    assert Membership.objects.get(community=community).person == me
    assert Membership.objects.get(community=community).role == Role.OWNER
    assert sorted(t.name for t in community.topics.all()) == ["Airflow", "SQL"]
    assert community.cover_colour == "#1e6b3a"
    assert "Your community is ready. Invite people to it." in _messages(response)


def test_posted_extras_are_never_read(client):
    _signed_in(client)
    other = UserFactory()

    client.post(
        reverse("communities:new"),
        VALID | {"member_count": "999", "created_by": other.pk, "slug": "chosen"},
    )

    community = Community.objects.get(name="Data engineering")
    assert community.member_count == 1
    assert community.created_by != other
    assert community.slug == "data-engineering"


def _refused(client, **changes):
    response = client.post(reverse("communities:new"), VALID | changes)
    return response, _main(response)


def test_a_10000_character_name_is_refused_and_the_input_kept(client):
    _signed_in(client)

    response, html = _refused(client, name="n" * 10_000)

    assert response.status_code == 400
    assert "A name has at most 80 characters." in html
    assert VALID["purpose"] in html
    assert 'value="SQL, Airflow"' in html
    assert not Community.objects.exists()


def test_a_duplicate_name_is_refused_whatever_its_case(client):
    _signed_in(client)
    CommunityFactory(name="Data Engineering")

    response, html = _refused(client)

    assert response.status_code == 400
    assert "A community with this name already exists." in html
    assert Community.objects.count() == 1


def test_an_empty_purpose_is_refused(client):
    _signed_in(client)

    response, html = _refused(client, purpose="   ")

    assert response.status_code == 400
    assert "Say what the community is for." in html
    assert 'value="Data engineering"' in html


def test_a_goal_community_needs_its_goal(client):
    _signed_in(client)

    response, html = _refused(client, kind="goal", goal="")

    assert response.status_code == 400
    assert "A goal community states its goal" in html
    assert 'value="goal" id="id_kind_1" required checked' in html
    assert not Community.objects.exists()


def test_a_goal_community_shows_its_goal(client):
    _signed_in(client)

    client.post(
        reverse("communities:new"),
        VALID | {"kind": "goal", "goal": "Halve build times"},
    )
    html = _main(client.get(_url("detail", Community.objects.get())))

    assert "Halve build times" in html
    assert "Goal community" in html


def test_a_kind_that_does_not_exist_is_refused(client):
    _signed_in(client)

    response, html = _refused(client, kind="cabal")

    assert response.status_code == 400
    assert 'value="Data engineering"' in html
    assert not Community.objects.exists()


def test_an_image_over_5_mb_is_refused_with_413(client):
    _signed_in(client)
    too_big = SimpleUploadedFile(
        "big.png", b"0" * (MAX_IMAGE_BYTES + 1), content_type="image/png"
    )

    response = client.post(reverse("communities:new"), VALID | {"cover_image": too_big})

    assert response.status_code == 413
    assert "The image is larger than 5 MB" in _main(response)
    assert 'value="Data engineering"' in _main(response)
    assert not Community.objects.exists()


def test_a_cover_image_is_shown_to_those_who_see_the_community_only(client):
    _signed_in(client)
    client.post(
        reverse("communities:new"),
        VALID | {"visibility": "secret", "cover_image": image_upload("cover.png")},
    )
    community = Community.objects.get()

    mine = client.get(_url("cover", community))
    client.force_login(UserFactory())
    theirs = client.get(_url("cover", community))

    assert mine.status_code == 200
    assert mine["Content-Type"] == "image/webp"
    assert theirs.status_code == 404


def test_external_members_cannot_start_a_community(client):
    client.force_login(ExternalMemberFactory())

    form = client.get(reverse("communities:new"))
    posted = client.post(reverse("communities:new"), VALID)

    assert form.status_code == posted.status_code == 404
    assert not Community.objects.exists()


# --- Editing --------------------------------------------------------------------------


def test_the_edit_form_is_prefilled(client):
    community = CommunityFactory(name="Design systems", allows_externals=True)
    community.topics.add(TopicFactory(name="Figma"))
    client.force_login(_member(community, Role.LEADER))

    html = _main(client.get(_url("edit", community)))

    assert 'value="Design systems"' in html
    assert 'value="Figma"' in html
    assert re.search(
        r'<input type="checkbox" name="allows_externals"[^>]* checked>', html
    )


def test_a_leader_changes_the_details(client):
    community = CommunityFactory(name="Design systems")
    client.force_login(_member(community, Role.LEADER))

    response = client.post(
        _url("edit", community),
        VALID | {"name": "Design system guild", "visibility": "private"},
    )

    community.refresh_from_db()
    assert response.status_code == 302
    assert community.name == "Design system guild"
    assert community.visibility == Visibility.PRIVATE
    assert "The community is saved." in _messages(response)


def test_a_refused_edit_keeps_what_was_typed(client):
    community = CommunityFactory(name="Design systems")
    client.force_login(_member(community, Role.OWNER))

    response = client.post(
        _url("edit", community), VALID | {"name": "", "purpose": "Something new"}
    )

    community.refresh_from_db()
    assert response.status_code == 400
    assert "Give the community a name." in _main(response)
    assert "Something new" in _main(response)
    assert community.name == "Design systems"


def test_the_cover_image_can_be_removed(client):
    community = CommunityFactory()
    client.force_login(_member(community, Role.OWNER))
    client.post(_url("edit", community), VALID | {"cover_image": image_upload()})
    community.refresh_from_db()
    assert community.cover_image
    assert "Remove the cover image" in _main(client.get(_url("edit", community)))

    client.post(_url("edit", community), VALID | {"remove_cover_image": "on"})

    community.refresh_from_db()
    assert not community.cover_image


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.MEMBER, Role.GUEST])
def test_only_leaders_and_owners_edit(client, role):
    community = CommunityFactory(name="Design systems")
    client.force_login(_member(community, role))

    form = client.get(_url("edit", community))
    posted = client.post(_url("edit", community), VALID)

    community.refresh_from_db()
    assert form.status_code == posted.status_code == 404
    assert community.name == "Design systems"


# --- A community's page ---------------------------------------------------------------


def test_a_public_community_invites_an_outsider_to_join_or_follow(client):
    _signed_in(client)
    community = CommunityFactory(purpose="All about testing.")
    _member(community, Role.OWNER, display_name="Olga Owner")

    html = _main(client.get(_url("detail", community)))

    assert "All about testing." in html
    assert "Olga Owner" in html
    assert _url("join", community) in html
    assert _url("follow", community) in html
    assert _url("members", community) in html
    assert _url("leave", community) not in html
    assert _url("manage", community) not in html
    assert 'id="community-feed"' in html
    assert "Only members can read" not in html


def test_a_private_community_shows_outsiders_what_they_may_see(client):
    _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE, purpose="Our plans.")
    _member(community, Role.LEADER, display_name="Lea Leader")

    html = _main(client.get(_url("detail", community)))

    assert "Our plans." in html
    assert "Lea Leader" in html
    assert "Only members can read this community." in html
    assert _url("request", community) in html
    assert _url("join", community) not in html
    assert _url("follow", community) not in html
    assert _url("members", community) not in html
    assert 'id="community-feed"' not in html


def test_a_pending_request_is_shown_as_sent(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    JoinRequestFactory(community=community, person=me)

    html = _main(client.get(_url("detail", community)))

    assert "Request sent" in html
    assert _url("request", community) not in html


def test_a_secret_community_looks_exactly_like_a_missing_one(client):
    _signed_in(client)
    community = CommunityFactory(visibility=Visibility.SECRET)

    hidden = client.get(_url("detail", community))
    missing = client.get(reverse("communities:detail", args=["no-such-community"]))

    assert hidden.status_code == missing.status_code == 404
    assert _main(hidden) == _main(missing)


def test_an_administrator_sees_a_secret_community_and_may_enter_it(client):
    client.force_login(AdministratorFactory())
    community = CommunityFactory(visibility=Visibility.SECRET)

    html = _main(client.get(_url("detail", community)))

    assert "Only members can read this community." in html
    assert _url("admin-join", community) in html
    assert 'name="reason"' in html
    assert _url("audit", community) in html
    assert _url("members", community) not in html


def test_a_community_manager_oversees_without_entering(client):
    _signed_in(client, is_community_manager=True)
    community = CommunityFactory(visibility=Visibility.SECRET)

    html = _main(client.get(_url("detail", community)))

    assert "Only members can read this community." in html
    assert _url("admin-join", community) not in html
    assert _url("audit", community) not in html


def test_on_a_public_community_an_administrator_joins_the_plain_way(client):
    client.force_login(AdministratorFactory())
    community = CommunityFactory()

    html = _main(client.get(_url("detail", community)))

    assert _url("join", community) in html
    assert _url("admin-join", community) not in html


def test_a_member_sees_their_role_and_may_leave(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    client.force_login(_member(community, Role.GUEST))

    html = _main(client.get(_url("detail", community)))

    assert "Your role: Guest" in html
    assert _url("leave", community) in html
    assert _url("members", community) in html
    assert _url("follow", community) not in html
    assert _url("manage", community) not in html


def test_leaders_get_the_manage_links_and_owners_the_audit_too(client):
    community = CommunityFactory()
    leader = _member(community, Role.LEADER)
    owner = _member(community, Role.OWNER)

    client.force_login(leader)
    as_leader = _main(client.get(_url("detail", community)))
    client.force_login(owner)
    as_owner = _main(client.get(_url("detail", community)))

    assert _url("manage", community) in as_leader
    assert _url("edit", community) in as_leader
    assert _url("audit", community) not in as_leader
    assert _url("audit", community) in as_owner


# --- Members --------------------------------------------------------------------------


def test_the_member_list_shows_leaders_first(client):
    community = CommunityFactory()
    _member(community, Role.MEMBER, display_name="Aaron Member")
    _member(community, Role.OWNER, display_name="Zoe Owner")
    client.force_login(_member(community, Role.LEADER, display_name="Yan Leader"))

    html = _main(client.get(_url("members", community)))

    assert (
        html.index("Zoe Owner") < html.index("Yan Leader") < html.index("Aaron Member")
    )


def test_the_member_list_searches_by_name_and_filters_by_role(client):
    community = CommunityFactory()
    _member(community, Role.MEMBER, display_name="Ana Lima")
    _member(community, Role.MODERATOR, display_name="Ana Costa")
    _member(community, Role.MODERATOR, display_name="Bruno Dias")
    _signed_in(client)

    by_name = _main(client.get(_url("members", community), {"q": "ana"}))
    by_role = _main(
        client.get(_url("members", community), {"q": "ana", "role": "moderator"})
    )

    assert "Ana Lima" in by_name
    assert "Ana Costa" in by_name
    assert "Bruno Dias" not in by_name
    assert "Ana Costa" in by_role
    assert "Ana Lima" not in by_role


def test_the_members_of_a_private_community_are_for_its_members(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    _member(community, display_name="Quiet Member")
    _signed_in(client)

    response = client.get(_url("members", community))

    assert response.status_code == 404


def test_an_external_member_reads_the_members_of_their_community(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE, allows_externals=True)
    _member(community, display_name="Inside Colleague")
    external = ExternalMemberFactory()
    MembershipFactory(community=community, person=external)
    client.force_login(external)

    html = _main(client.get(_url("members", community)))

    assert "Inside Colleague" in html


def test_the_member_list_costs_the_same_queries_for_5_and_50_members(
    client, django_assert_max_num_queries
):
    community = CommunityFactory()
    client.force_login(_member(community, Role.OWNER))
    for _ in range(4):
        _member(community, team=None)
    url = _url("members", community)
    client.get(url)
    few = _query_count(client, url)

    for _ in range(45):
        _member(community)
    with django_assert_max_num_queries(few):
        response = client.get(url)

    assert response.text.count('class="member-row"') == 20


# --- Every page: strict CSP and translation -------------------------------------------


@pytest.fixture
def every_page(client):
    """A community of each visibility with an owner signed in, and the URLs."""
    owner = _signed_in(client, display_name="Olga Owner")
    community = CommunityFactory(
        name="Platform guild",
        kind=Kind.GOAL,
        goal="Ship it.",
        allows_externals=True,
        visibility=Visibility.PRIVATE,
    )
    community.topics.add(TopicFactory(name="Kubernetes"))
    MembershipFactory(community=community, person=owner, role=Role.OWNER)
    mo = MembershipFactory(
        community=community, person=UserFactory(display_name="Mo Member")
    )
    JoinRequestFactory(community=community, message="Let me in")
    CommunityInvitationFactory(community=community)
    CommunityInvitationFactory(email=owner.email)
    services.change_role(membership=mo, changed_by=owner, role=Role.GUEST)
    public = CommunityFactory(name="Open forum")
    return [
        reverse("communities:directory"),
        reverse("communities:directory") + "?topic=Unknown",
        reverse("communities:mine"),
        reverse("communities:new"),
        _url("detail", community),
        _url("detail", public),
        _url("members", community),
        _url("edit", community),
        _url("manage", community),
        _url("audit", community),
    ]


def test_community_pages_have_no_inline_scripts_styles_or_handlers(client, every_page):
    for url in every_page:
        html = client.get(url).text

        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
        assert re.search(r"\son[a-z]+=", html) is None, url
        assert re.search(r"\sstyle=", html) is None, url


def test_community_pages_have_no_untranslated_text(
    client, every_page, settings, monkeypatch
):
    from django.utils import translation
    from django.utils.translation import trans_real

    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())

    with translation.override(PSEUDO):
        leaks = {url: untranslated(client.get(url).text) for url in every_page}

    assert leaks == {url: [] for url in every_page}
