import pytest
from django.urls import reverse

from commonplace.accounts.services import create_access_token
from commonplace.communities.models import (
    Community,
    CommunityInvitation,
    JoinRequest,
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
from commonplace.core.models import AuditEntry
from commonplace.people.models import Follow, User
from commonplace.people.tests.factories import (
    AdministratorFactory,
    ExternalMemberFactory,
    TeamFactory,
    UserFactory,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
# Queries per request, whatever the number of rows: the session, the person,
# then the rows and what each row shows, fetched once for the whole page.
QUERIES = {
    "directory": 5,
    "members": 6,
    "join requests": 6,
    "invitations and audit": 12,
}


def _signed_in(client, **fields):
    person = UserFactory(**fields)
    client.force_login(person)
    return person


def _community_led_by(person, role=Role.OWNER, **fields):
    community = CommunityFactory(**fields)
    MembershipFactory(community=community, person=person, role=role)
    return community


def _url(name, community, *args):
    return reverse(f"api:{name}", args=[community.slug, *args])


def _slugs(response):
    return [item["slug"] for item in response.json()["items"]]


def _is_error_shape(body):
    return set(body) == {"detail", "fields"} and isinstance(body["detail"], str)


def _start(client, **fields):
    body = {
        "name": "Platform guild",
        "purpose": "Running the platform together.",
        "kind": "practice",
        **fields,
    }
    return client.post(reverse("api:communities"), body, content_type=JSON)


# --- The directory ---------------------------------------------------------------


def test_the_directory_shows_each_community_with_leaders_topics_and_my_role(client):
    me = _signed_in(client)
    leader = UserFactory(display_name="Lea Leader")
    topic = TopicFactory(name="Kubernetes")
    community = _community_led_by(leader, name="Platform guild", slug="platform")
    community.topics.add(topic)
    MembershipFactory(community=community, person=me, role=Role.MEMBER)

    response = client.get(reverse("api:communities"))

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": community.pk,
                "slug": "platform",
                "name": "Platform guild",
                "kind": "practice",
                "visibility": "public",
                "purpose": community.purpose,
                "member_count": 2,
                "topics": [{"slug": topic.slug, "name": "Kubernetes"}],
                "leaders": [{"id": leader.pk, "display_name": "Lea Leader"}],
                "my_role": "member",
            }
        ],
        "next_cursor": None,
    }


def test_the_directory_leaves_out_secret_communities_of_others(client):
    me = _signed_in(client)
    CommunityFactory(slug="open")
    CommunityFactory(slug="closed", visibility=Visibility.PRIVATE)
    CommunityFactory(slug="hidden", visibility=Visibility.SECRET)
    mine = CommunityFactory(slug="my-secret", visibility=Visibility.SECRET)
    MembershipFactory(community=mine, person=me)

    response = client.get(reverse("api:communities"))

    assert sorted(_slugs(response)) == ["closed", "my-secret", "open"]


def test_the_directory_filters_by_text_kind_and_topic(client):
    _signed_in(client)
    topic = TopicFactory(name="Observability")
    wanted = CommunityFactory(slug="wanted", name="Tracing circle", kind=Kind.INTEREST)
    wanted.topics.add(topic)
    CommunityFactory(slug="other-kind", name="Tracing guild", kind=Kind.PRACTICE)
    CommunityFactory(slug="other-text", name="Gardening", kind=Kind.INTEREST)

    response = client.get(
        reverse("api:communities"),
        {"q": "tracing", "kind": "interest", "topic": topic.slug},
    )

    assert _slugs(response) == ["wanted"]


def test_an_unknown_topic_matches_no_community(client):
    _signed_in(client)
    CommunityFactory()

    response = client.get(reverse("api:communities"), {"topic": "no-such-topic"})

    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}


def test_the_directory_sorts_by_size_or_newest(client):
    _signed_in(client)
    big = CommunityFactory(slug="big")
    MembershipFactory.create_batch(3, community=big)
    CommunityFactory(slug="new")

    by_size = client.get(reverse("api:communities"))
    newest = client.get(reverse("api:communities"), {"sort": "newest"})

    assert _slugs(by_size) == ["big", "new"]
    assert _slugs(newest) == ["new", "big"]


def test_the_directory_pages_with_the_next_cursor(client):
    _signed_in(client)
    CommunityFactory.create_batch(3)
    first = client.get(reverse("api:communities"), {"size": 2}).json()

    second = client.get(
        reverse("api:communities"), {"size": 2, "cursor": first["next_cursor"]}
    ).json()

    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None


def test_a_forged_cursor_answers_400_naming_the_cursor(client):
    _signed_in(client)

    response = client.get(reverse("api:communities"), {"cursor": "forged"})

    assert response.status_code == 400
    assert "cursor" in response.json()["fields"]


def test_external_members_get_404_from_the_directory(client):
    _signed_in(client, is_external=True, organisation="Partner")

    response = client.get(reverse("api:communities"))

    assert response.status_code == 404
    assert _is_error_shape(response.json())


def test_anonymous_callers_get_401_in_the_error_shape(client):
    response = client.get(reverse("api:communities"))

    assert response.status_code == 401
    assert _is_error_shape(response.json())


def test_mine_lists_an_external_members_own_communities(client):
    me = ExternalMemberFactory()
    client.force_login(me)
    theirs = CommunityFactory(slug="partners", allows_externals=True)
    MembershipFactory(community=theirs, person=me, role=Role.GUEST)
    CommunityFactory(slug="not-mine")

    response = client.get(reverse("api:my-communities"))

    assert response.status_code == 200
    assert _slugs(response) == ["partners"]
    assert response.json()["items"][0]["my_role"] == "guest"


# --- Starting a community ----------------------------------------------------------


def test_starting_a_community_makes_the_caller_its_first_owner(client):
    me = _signed_in(client)

    response = _start(
        client,
        name="Platform guild",
        topics=["Kubernetes", "Terraform"],
        cover_colour="#1e6b3a",
        visibility="private",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["my_role"], body["member_count"]) == (
        "platform-guild",
        "owner",
        1,
    )
    assert [topic["name"] for topic in body["topics"]] == ["Kubernetes", "Terraform"]
    assert (body["visibility"], body["cover_colour"]) == ("private", "#1e6b3a")
    assert body["can"]["manage"] is True
    assert Membership.objects.get(community__slug="platform-guild").person == me


def test_extra_fields_when_starting_change_nothing(client):
    me = _signed_in(client)
    other = UserFactory()

    response = _start(
        client,
        role="member",
        created_by=other.pk,
        member_count=999,
        is_staff=True,
        slug="chosen",
        id=424242,
        owner=other.pk,
        created_at="2000-01-01T00:00:00Z",
    )

    assert response.status_code == 201
    community = Community.objects.get()
    assert (community.slug, community.member_count, community.created_by) == (
        "platform-guild",
        1,
        me,
    )
    assert community.pk != 424242
    assert community.created_at.year > 2000
    assert Membership.objects.get(community=community).role == Role.OWNER
    assert User.objects.get(pk=me.pk).is_staff is False


def test_a_duplicate_name_answers_400_with_the_name_field(client):
    _signed_in(client)
    CommunityFactory(name="Platform Guild")

    response = _start(client, name="platform guild")

    assert response.status_code == 400
    assert _is_error_shape(response.json())
    assert "name" in response.json()["fields"]


def test_an_empty_purpose_answers_400_with_the_purpose_field(client):
    _signed_in(client)

    response = _start(client, purpose="   ")

    assert response.status_code == 400
    assert "purpose" in response.json()["fields"]
    assert not Community.objects.exists()


def test_a_goal_community_without_a_goal_answers_400(client):
    _signed_in(client)

    response = _start(client, kind="goal", goal="")

    assert response.status_code == 400
    assert "goal" in response.json()["fields"]


def test_a_10000_character_name_answers_400_with_the_name_field(client):
    _signed_in(client)

    response = _start(client, name="n" * 10_000)

    assert response.status_code == 400
    assert "name" in response.json()["fields"]
    assert not Community.objects.exists()


def test_an_unknown_kind_answers_422_naming_the_field(client):
    _signed_in(client)

    response = _start(client, kind="cabal")

    assert response.status_code == 422
    assert _is_error_shape(response.json())
    assert "kind" in response.json()["fields"]


def test_an_unknown_cover_colour_answers_400(client):
    _signed_in(client)

    response = _start(client, cover_colour="#ff00ff")

    assert response.status_code == 400
    assert "cover_colour" in response.json()["fields"]


def test_external_members_may_not_start_communities(client):
    _signed_in(client, is_external=True, organisation="Partner")

    response = _start(client)

    assert response.status_code == 403
    assert not Community.objects.exists()


# --- One community -------------------------------------------------------------------


def test_a_community_says_what_the_caller_may_do_there(client):
    _signed_in(client)
    community = CommunityFactory(goal="", allows_externals=True)

    response = client.get(_url("community", community))

    assert response.status_code == 200
    body = response.json()
    assert body["can"] == {
        "see": True,
        "read": True,
        "join": True,
        "request_to_join": False,
        "follow": True,
        "start_thread": False,
        "reply": False,
        "moderate": False,
        "manage": False,
        "see_audit": False,
        "join_as_administrator": False,
    }
    assert body["my_role"] is None
    assert (body["allows_externals"], body["is_following"]) == (True, False)
    assert body["has_pending_join_request"] is False


def test_a_secret_community_answers_like_a_missing_one(client):
    _signed_in(client)
    secret = CommunityFactory(visibility=Visibility.SECRET)

    hidden = client.get(_url("community", secret))
    missing = client.get(reverse("api:community", args=["no-such-community"]))

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_a_leader_changes_the_purpose_and_the_topics(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.LEADER)
    community.topics.add(TopicFactory(name="Old"))

    response = client.patch(
        _url("community", community),
        {"purpose": "A sharper purpose.", "topics": ["Go"]},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert response.json()["purpose"] == "A sharper purpose."
    assert [topic["name"] for topic in response.json()["topics"]] == ["Go"]
    community.refresh_from_db()
    assert community.purpose == "A sharper purpose."


def test_patching_ignores_fields_outside_the_schema(client):
    me = _signed_in(client)
    community = _community_led_by(me, slug="kept")
    other = UserFactory()

    response = client.patch(
        _url("community", community),
        {
            "purpose": "Still ours.",
            "slug": "taken-over",
            "member_count": 999,
            "created_by": other.pk,
            "role": "owner",
        },
        content_type=JSON,
    )

    assert response.status_code == 200
    community.refresh_from_db()
    assert (community.slug, community.member_count, community.created_by) == (
        "kept",
        1,
        None,
    )


def test_a_plain_member_may_not_change_the_community(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.MEMBER)

    response = client.patch(
        _url("community", community), {"purpose": "Mine now."}, content_type=JSON
    )

    assert response.status_code == 403
    assert _is_error_shape(response.json())


def test_renaming_to_a_taken_name_answers_400_with_the_name_field(client):
    me = _signed_in(client)
    community = _community_led_by(me)
    CommunityFactory(name="Taken")

    response = client.patch(
        _url("community", community), {"name": "TAKEN"}, content_type=JSON
    )

    assert response.status_code == 400
    assert "name" in response.json()["fields"]


# --- Joining, leaving, following -----------------------------------------------------


def test_joining_a_public_community_twice_keeps_one_membership(client):
    me = _signed_in(client)
    community = CommunityFactory()

    first = client.post(_url("community-join", community))
    second = client.post(_url("community-join", community))

    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["role"] == "member"
    assert first.json()["person"]["id"] == me.pk
    community.refresh_from_db()
    assert community.member_count == 1


def test_joining_a_private_community_directly_is_refused(client):
    _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(_url("community-join", community))

    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_leaving_ends_the_membership(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.MEMBER)

    response = client.post(_url("community-leave", community))

    assert response.status_code == 204
    assert not Membership.objects.filter(person=me).exists()


def test_the_last_owner_cannot_leave(client):
    me = _signed_in(client)
    community = _community_led_by(me)

    response = client.post(_url("community-leave", community))

    assert response.status_code == 400
    assert _is_error_shape(response.json())
    assert Membership.objects.filter(person=me).exists()


def test_following_and_unfollowing_a_community(client):
    me = _signed_in(client)
    community = CommunityFactory()

    followed = client.post(_url("community-follow", community))
    shown = client.get(_url("community", community)).json()["is_following"]
    unfollowed = client.delete(_url("community-follow", community))

    assert (followed.status_code, shown, unfollowed.status_code) == (204, True, 204)
    assert not Follow.objects.filter(follower=me).exists()


def test_following_a_private_community_one_cannot_read_is_refused(client):
    _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(_url("community-follow", community))

    assert response.status_code == 403


# --- Members ------------------------------------------------------------------------


def test_members_come_leaders_first_and_filter_by_role_and_name(client):
    me = _signed_in(client, display_name="Zoe Member")
    community = _community_led_by(me, role=Role.MEMBER)
    MembershipFactory(
        community=community,
        person=UserFactory(display_name="Ana Owner"),
        role=Role.OWNER,
    )
    MembershipFactory(
        community=community,
        person=UserFactory(display_name="Bea Member"),
        role=Role.MEMBER,
    )
    url = _url("community-members", community)

    everyone = client.get(url).json()["items"]
    members = client.get(url, {"role": "member"}).json()["items"]
    named = client.get(url, {"q": "bea"}).json()["items"]

    assert [m["person"]["display_name"] for m in everyone] == [
        "Ana Owner",
        "Bea Member",
        "Zoe Member",
    ]
    assert [m["role"] for m in members] == ["member", "member"]
    assert [m["person"]["display_name"] for m in named] == ["Bea Member"]


def test_members_of_a_private_community_are_404_for_outsiders(client):
    _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.get(_url("community-members", community))

    assert response.status_code == 404


def test_a_leader_changes_a_members_role(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.LEADER)
    membership = MembershipFactory(community=community)

    response = client.patch(
        _url("community-member", community, membership.pk),
        {"role": "moderator"},
        content_type=JSON,
    )

    assert response.status_code == 200
    assert response.json()["role"] == "moderator"
    membership.refresh_from_db()
    assert membership.role == Role.MODERATOR


def test_an_unknown_role_answers_422_naming_the_role(client):
    me = _signed_in(client)
    community = _community_led_by(me)
    membership = MembershipFactory(community=community)

    response = client.patch(
        _url("community-member", community, membership.pk),
        {"role": "emperor"},
        content_type=JSON,
    )

    assert response.status_code == 422
    assert "role" in response.json()["fields"]


def test_demoting_the_last_owner_answers_400(client):
    me = _signed_in(client)
    community = _community_led_by(me)
    mine = Membership.objects.get(person=me)

    response = client.patch(
        _url("community-member", community, mine.pk),
        {"role": "member"},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert _is_error_shape(response.json())
    mine.refresh_from_db()
    assert mine.role == Role.OWNER


def test_a_leader_cannot_make_an_owner(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.LEADER)
    membership = MembershipFactory(community=community)

    response = client.patch(
        _url("community-member", community, membership.pk),
        {"role": "owner"},
        content_type=JSON,
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_a_plain_member_cannot_change_roles(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.MEMBER)
    other = MembershipFactory(community=community)

    response = client.patch(
        _url("community-member", community, other.pk),
        {"role": "leader"},
        content_type=JSON,
    )

    assert response.status_code == 403


def test_a_membership_of_another_community_is_not_found_here(client):
    me = _signed_in(client)
    community = _community_led_by(me)
    elsewhere = MembershipFactory()

    response = client.delete(_url("community-member", community, elsewhere.pk))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_a_removed_member_loses_access_on_the_next_request(client):
    owner, member = UserFactory(), UserFactory()
    community = _community_led_by(owner, visibility=Visibility.PRIVATE)
    membership = MembershipFactory(community=community, person=member)
    client.force_login(member)
    before = client.get(_url("community-members", community)).status_code
    client.force_login(owner)

    removed = client.delete(_url("community-member", community, membership.pk))
    client.force_login(member)
    after = client.get(_url("community-members", community)).status_code

    assert (before, removed.status_code, after) == (200, 204, 404)


def test_a_demoted_leader_stops_managing_on_the_next_request(client):
    owner, leader = UserFactory(), UserFactory()
    community = _community_led_by(owner, visibility=Visibility.PRIVATE)
    membership = MembershipFactory(community=community, person=leader, role=Role.LEADER)
    client.force_login(leader)
    before = client.get(_url("community-join-requests", community)).status_code
    client.force_login(owner)

    demoted = client.patch(
        _url("community-member", community, membership.pk),
        {"role": "member"},
        content_type=JSON,
    )
    client.force_login(leader)
    after = client.get(_url("community-join-requests", community)).status_code

    assert (before, demoted.status_code, after) == (200, 200, 404)


# --- Join requests -------------------------------------------------------------------


def test_asking_to_join_a_private_community_reaches_its_leaders(client):
    leader, asker = UserFactory(), UserFactory()
    community = _community_led_by(leader, visibility=Visibility.PRIVATE)
    client.force_login(asker)

    asked = client.post(
        _url("community-join-requests", community),
        {"message": "I run the build farm."},
        content_type=JSON,
    )
    pending = client.get(_url("community", community)).json()
    client.force_login(leader)
    listed = client.get(_url("community-join-requests", community)).json()

    assert asked.status_code == 201
    assert (asked.json()["status"], asked.json()["person"]["id"]) == (
        "pending",
        asker.pk,
    )
    assert pending["has_pending_join_request"] is True
    assert [item["id"] for item in listed["items"]] == [asked.json()["id"]]


def test_a_join_request_message_over_1000_characters_answers_400(client):
    _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(
        _url("community-join-requests", community),
        {"message": "m" * 1001},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert "message" in response.json()["fields"]


def test_approving_a_request_lets_the_person_in_once(client):
    me = _signed_in(client)
    community = _community_led_by(me, visibility=Visibility.PRIVATE)
    join_request = JoinRequestFactory(community=community)
    url = _url("community-join-request-approve", community, join_request.pk)

    approved = client.post(url)
    again = client.post(url)

    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert again.status_code == 409
    assert Membership.objects.filter(
        community=community, person=join_request.person
    ).exists()


def test_declining_a_request_keeps_the_person_out(client):
    me = _signed_in(client)
    community = _community_led_by(me, visibility=Visibility.PRIVATE)
    join_request = JoinRequestFactory(community=community)

    response = client.post(
        _url("community-join-request-decline", community, join_request.pk)
    )

    assert response.json()["status"] == "declined"
    assert not Membership.objects.filter(person=join_request.person).exists()


def test_approving_as_a_non_leader_does_not_find_the_request(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.MEMBER, visibility=Visibility.PRIVATE)
    join_request = JoinRequestFactory(community=community)

    response = client.post(
        _url("community-join-request-approve", community, join_request.pk)
    )

    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


# --- Invitations -----------------------------------------------------------------


def test_inviting_an_address_lists_the_invitation_without_any_token(client):
    me = _signed_in(client)
    community = _community_led_by(me)

    invited = client.post(
        _url("community-invitations", community),
        {"email": "Newcomer@Example.org", "role": "guest"},
        content_type=JSON,
    )
    listed = client.get(_url("community-invitations", community))

    assert invited.status_code == 201
    assert (invited.json()["email"], invited.json()["role"]) == (
        "newcomer@example.org",
        "guest",
    )
    assert invited.json()["invited_by"] == {
        "id": me.pk,
        "display_name": me.display_name,
    }
    assert [item["id"] for item in listed.json()["items"]] == [invited.json()["id"]]
    assert "token" not in listed.content.decode()


def test_inviting_an_external_where_they_are_not_allowed_answers_400(client):
    me = _signed_in(client)
    community = _community_led_by(me, allows_externals=False)

    response = client.post(
        _url("community-invitations", community),
        {
            "email": "partner@elsewhere.example",
            "as_external": True,
            "organisation": "P",
        },
        content_type=JSON,
    )

    assert response.status_code == 400
    assert "email" in response.json()["fields"]


def test_a_leader_cannot_invite_an_owner(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.LEADER)

    response = client.post(
        _url("community-invitations", community),
        {"email": "boss@example.org", "role": "owner"},
        content_type=JSON,
    )

    assert response.status_code == 403
    assert not CommunityInvitation.objects.exists()


def test_a_plain_member_cannot_list_invitations(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.MEMBER)

    response = client.get(_url("community-invitations", community))

    assert response.status_code == 404


def test_accepting_ones_invitation_joins_in_the_invited_role(client):
    me = _signed_in(client, email="guest@example.org")
    invitation = CommunityInvitationFactory(email="guest@example.org", role=Role.GUEST)

    waiting = client.get(reverse("api:my-community-invitations")).json()["items"]
    accepted = client.post(
        reverse("api:my-community-invitation-accept", args=[invitation.pk])
    )
    afterwards = client.get(reverse("api:my-community-invitations")).json()["items"]

    assert [item["community"]["slug"] for item in waiting] == [
        invitation.community.slug
    ]
    assert accepted.status_code == 200
    assert (accepted.json()["role"], accepted.json()["person"]["id"]) == (
        "guest",
        me.pk,
    )
    assert afterwards == []


def test_someone_elses_invitation_is_not_found(client):
    _signed_in(client, email="me@example.org")
    invitation = CommunityInvitationFactory(email="someone@example.org")

    response = client.post(
        reverse("api:my-community-invitation-accept", args=[invitation.pk])
    )

    assert response.status_code == 404
    assert not Membership.objects.exists()


# --- Administrators and the audit trail ---------------------------------------------


def test_an_administrator_enters_a_secret_community_with_an_audited_reason(client):
    administrator = AdministratorFactory()
    owner = UserFactory()
    community = _community_led_by(owner, visibility=Visibility.SECRET)
    client.force_login(administrator)

    joined = client.post(
        _url("community-administrator-join", community),
        {"reason": "A member reported harassment."},
        content_type=JSON,
    )
    client.force_login(owner)
    audit = client.get(_url("community-audit", community)).json()["items"]

    assert joined.status_code == 200
    assert joined.json()["role"] == "member"
    assert audit[0]["action"] == "membership.administrator_join"
    assert audit[0]["actor"] == {
        "id": administrator.pk,
        "display_name": administrator.display_name,
    }
    assert audit[0]["after"]["reason"] == "A member reported harassment."


def test_an_administrator_must_give_a_reason(client):
    client.force_login(AdministratorFactory())
    community = CommunityFactory(visibility=Visibility.SECRET)

    response = client.post(
        _url("community-administrator-join", community),
        {"reason": "  "},
        content_type=JSON,
    )

    assert response.status_code == 400
    assert "reason" in response.json()["fields"]
    assert not Membership.objects.exists()


def test_a_non_administrator_cannot_enter_as_one(client):
    _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(
        _url("community-administrator-join", community),
        {"reason": "Curious."},
        content_type=JSON,
    )

    assert response.status_code == 403


def test_the_audit_trail_is_not_found_for_leaders_who_are_not_owners(client):
    me = _signed_in(client)
    community = _community_led_by(me, role=Role.LEADER)

    response = client.get(_url("community-audit", community))

    assert response.status_code == 404


def test_starting_a_community_is_in_its_audit_trail(client):
    _signed_in(client)
    slug = _start(client).json()["slug"]

    response = client.get(reverse("api:community-audit", args=[slug]))

    assert [entry["action"] for entry in response.json()["items"]] == [
        "community.start"
    ]
    assert AuditEntry.objects.filter(action="community.start").count() == 1


# --- Personal access tokens --------------------------------------------------------


def test_a_personal_access_token_joins_without_a_csrf_token(client):
    person = UserFactory()
    community = CommunityFactory()
    _token, secret = create_access_token(
        person=person, created_by=person, name="script", expires_in_days=30
    )

    response = client.post(
        _url("community-join", community), headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.status_code == 200
    assert Membership.objects.filter(community=community, person=person).exists()


# --- Query counts -------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 50])
def test_the_directory_costs_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, count
):
    team = TeamFactory()
    me = _signed_in(client, team=team)
    topic = TopicFactory()
    for community in CommunityFactory.create_batch(count):
        community.topics.add(topic)
        MembershipFactory(community=community, role=Role.OWNER)
        MembershipFactory(community=community, person=UserFactory(team=team))
    MembershipFactory(community=community, person=me)

    with django_assert_max_num_queries(QUERIES["directory"]):
        response = client.get(reverse("api:communities"), {"size": 100})

    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_members_cost_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, count
):
    me = _signed_in(client)
    community = _community_led_by(me)
    team = TeamFactory()
    for _number in range(count - 1):
        MembershipFactory(community=community, person=UserFactory(team=team))

    with django_assert_max_num_queries(QUERIES["members"]):
        response = client.get(_url("community-members", community), {"size": 100})

    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_join_requests_cost_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, count
):
    me = _signed_in(client)
    community = _community_led_by(me, visibility=Visibility.PRIVATE)
    team = TeamFactory()
    for _number in range(count):
        JoinRequestFactory(community=community, person=UserFactory(team=team))

    with django_assert_max_num_queries(QUERIES["join requests"]):
        response = client.get(_url("community-join-requests", community), {"size": 100})

    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_invitations_and_the_audit_cost_the_same_queries_for_5_and_50(
    client, django_assert_max_num_queries, count
):
    me = _signed_in(client)
    community = _community_led_by(me)
    for number in range(count):
        client.post(
            _url("community-invitations", community),
            {"email": f"invited{number}@example.org"},
            content_type=JSON,
        )

    with django_assert_max_num_queries(QUERIES["invitations and audit"]):
        invitations = client.get(
            _url("community-invitations", community), {"size": 100}
        )
        audit = client.get(_url("community-audit", community), {"size": 100})

    assert len(invitations.json()["items"]) == count
    assert len(audit.json()["items"]) == count
