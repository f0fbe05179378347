"""Running a community: requests, invitations, roles, removals, the audit."""

import re

import pytest

from commonplace.communities import services
from commonplace.communities.models import (
    CommunityInvitation,
    JoinRequest,
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
from commonplace.communities.tests.test_views import (
    _main,
    _member,
    _messages,
    _query_count,
    _url,
)
from commonplace.people.tests.factories import (
    AdministratorFactory,
    ExternalMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _role(community, person):
    return Membership.objects.get(community=community, person=person).role


def _membership(community, person):
    return Membership.objects.get(community=community, person=person)


def _role_options(html, membership):
    """The roles offered in one member's <select>."""
    select = re.search(
        rf'<select name="role" id="role-{membership.pk}">(.*?)</select>', html, re.S
    )
    return re.findall(r'<option value="([a-z]+)"', select.group(1)) if select else []


@pytest.fixture
def private():
    """A private community with an owner, a leader and a member."""
    community = CommunityFactory(visibility=Visibility.PRIVATE, name="Core team")
    people = {
        role: _member(community, role, display_name=f"{role.title()} Person")
        for role in (Role.OWNER, Role.LEADER, Role.MEMBER)
    }
    return community, people


# --- The manage page -----------------------------------------------------------------


def test_leaders_see_requests_invitations_and_members(client, private):
    community, people = private
    JoinRequestFactory(community=community, message="I maintain the build.")
    CommunityInvitationFactory(community=community, email="guest@example.org")
    client.force_login(people[Role.LEADER])

    html = _main(client.get(_url("manage", community)))

    assert "I maintain the build." in html
    assert "Approve" in html
    assert "guest@example.org" in html
    assert "Member Person" in html
    assert 'name="email"' in html


def test_a_leader_is_offered_no_owner_role_and_cannot_touch_owners(client, private):
    community, people = private
    client.force_login(people[Role.LEADER])

    html = _main(client.get(_url("manage", community)))
    invite_roles = re.search(
        r'<select name="role"[^>]*id="id_role"[^>]*>(.*?)</select>', html, re.S
    )

    assert 'value="owner"' not in invite_roles.group(1)
    assert _role_options(html, _membership(community, people[Role.MEMBER])) == [
        "leader",
        "moderator",
        "member",
        "guest",
    ]
    assert _role_options(html, _membership(community, people[Role.OWNER])) == []
    assert (
        _url(
            "remove-member",
            community,
            membership_id=_membership(community, people[Role.OWNER]).pk,
        )
        not in html
    )


def test_an_owner_may_grant_every_role(client, private):
    community, people = private
    client.force_login(people[Role.OWNER])

    html = _main(client.get(_url("manage", community)))

    assert _role_options(html, _membership(community, people[Role.LEADER])) == [
        "owner",
        "leader",
        "moderator",
        "member",
        "guest",
    ]


def test_the_organisation_field_appears_only_where_externals_are_allowed(client):
    closed = CommunityFactory()
    open_to_partners = CommunityFactory(allows_externals=True)
    owner = UserFactory()
    MembershipFactory(community=closed, person=owner, role=Role.OWNER)
    MembershipFactory(community=open_to_partners, person=owner, role=Role.OWNER)
    client.force_login(owner)

    without = _main(client.get(_url("manage", closed)))
    with_field = _main(client.get(_url("manage", open_to_partners)))

    assert 'name="organisation"' not in without
    assert 'name="organisation"' in with_field
    assert "From another organisation" in with_field


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.MEMBER, Role.GUEST])
def test_the_manage_page_is_a_404_below_leader(client, role):
    community = CommunityFactory()
    client.force_login(_member(community, role))

    response = client.get(_url("manage", community))

    assert response.status_code == 404


# --- Join requests --------------------------------------------------------------------


def test_approving_a_request_makes_a_member(client, private):
    community, people = private
    join_request = JoinRequestFactory(community=community)
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("decide-request", community, request_id=join_request.pk), {"approve": "1"}
    )

    join_request.refresh_from_db()
    assert response.status_code == 302
    assert response.url == _url("manage", community)
    assert join_request.status == JoinRequest.Status.APPROVED
    assert _role(community, join_request.person) == Role.MEMBER


def test_declining_a_request_makes_no_member(client, private):
    community, people = private
    join_request = JoinRequestFactory(community=community)
    client.force_login(people[Role.OWNER])

    client.post(
        _url("decide-request", community, request_id=join_request.pk), {"approve": "0"}
    )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not Membership.objects.filter(person=join_request.person).exists()


def test_a_request_already_decided_is_a_conflict(client, private):
    community, people = private
    join_request = JoinRequestFactory(community=community)
    client.force_login(people[Role.OWNER])
    url = _url("decide-request", community, request_id=join_request.pk)
    client.post(url, {"approve": "0"})

    response = client.post(url, {"approve": "1"})

    assert response.status_code == 409
    assert "This request was already decided." in _main(response)
    assert not Membership.objects.filter(person=join_request.person).exists()


def test_a_non_leader_cannot_approve(client, private):
    community, people = private
    join_request = JoinRequestFactory(community=community)
    client.force_login(people[Role.MEMBER])

    response = client.post(
        _url("decide-request", community, request_id=join_request.pk), {"approve": "1"}
    )

    join_request.refresh_from_db()
    assert response.status_code == 404
    assert join_request.status == JoinRequest.Status.PENDING


def test_a_request_of_another_community_is_a_404(client, private):
    community, people = private
    elsewhere = JoinRequestFactory()
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("decide-request", community, request_id=elsewhere.pk), {"approve": "1"}
    )

    assert response.status_code == 404


# --- Invitations ----------------------------------------------------------------------


def test_a_leader_invites_an_address(client, private):
    community, people = private
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("invite", community), {"email": "Newcomer@Example.org", "role": "guest"}
    )

    invitation = CommunityInvitation.objects.get(community=community)
    assert response.status_code == 302
    assert invitation.role == Role.GUEST
    assert invitation.email.lower() == "newcomer@example.org"
    assert any("An invitation was sent to" in m for m in _messages(response))


def test_a_leader_cannot_invite_an_owner(client, private):
    community, people = private
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("invite", community), {"email": "boss@example.org", "role": "owner"}
    )

    assert response.status_code == 400
    assert "Choose one of the roles listed." in _main(response)
    assert 'value="boss@example.org"' in _main(response)
    assert not CommunityInvitation.objects.exists()


def test_an_invalid_address_is_refused_and_kept(client, private):
    community, people = private
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("invite", community), {"email": "not an address", "role": "member"}
    )

    assert response.status_code == 400
    assert 'value="not an address"' in _main(response)
    assert not CommunityInvitation.objects.exists()


def test_inviting_someone_already_in_is_refused(client, private):
    community, people = private
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("invite", community),
        {"email": people[Role.MEMBER].email, "role": "member"},
    )

    assert response.status_code == 400
    assert "This person is already a member." in _main(response)


def test_an_external_person_cannot_be_invited_where_externals_are_not_allowed(
    client, private
):
    community, people = private
    external = ExternalMemberFactory()
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("invite", community), {"email": external.email, "role": "member"}
    )

    assert response.status_code == 400
    assert "This community does not accept external members." in _main(response)


def test_someone_from_another_organisation_needs_their_organisation(client):
    community = CommunityFactory(allows_externals=True)
    client.force_login(_member(community, Role.OWNER))

    response = client.post(
        _url("invite", community),
        {"email": "partner@example.org", "role": "member", "as_external": "on"},
    )

    assert response.status_code == 400
    assert "Name the organisation the person comes from." in _main(response)


def test_a_member_cannot_invite(client, private):
    community, people = private
    client.force_login(people[Role.MEMBER])

    response = client.post(
        _url("invite", community), {"email": "x@example.org", "role": "member"}
    )

    assert response.status_code == 404
    assert not CommunityInvitation.objects.exists()


# --- Roles and removals ---------------------------------------------------------------


def test_a_leader_makes_a_member_a_moderator(client, private):
    community, people = private
    membership = _membership(community, people[Role.MEMBER])
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("change-role", community, membership_id=membership.pk),
        {"role": "moderator"},
    )

    assert response.status_code == 302
    assert response.url == _url("manage", community)
    assert _role(community, people[Role.MEMBER]) == Role.MODERATOR
    assert "Member Person is now: Moderator." in _messages(response)


def test_a_role_that_does_not_exist_is_refused(client, private):
    community, people = private
    membership = _membership(community, people[Role.MEMBER])
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("change-role", community, membership_id=membership.pk), {"role": "emperor"}
    )

    assert response.status_code == 400
    assert "That role does not exist." in _main(response)
    assert _role(community, people[Role.MEMBER]) == Role.MEMBER


def test_the_last_owner_cannot_be_demoted(client, private):
    community, people = private
    membership = _membership(community, people[Role.OWNER])
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("change-role", community, membership_id=membership.pk), {"role": "leader"}
    )

    assert response.status_code == 400
    assert "This is the last owner." in _main(response)
    assert _role(community, people[Role.OWNER]) == Role.OWNER


def test_a_leader_cannot_change_an_owner(client, private):
    community, people = private
    membership = _membership(community, people[Role.OWNER])
    _member(community, Role.OWNER)
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("change-role", community, membership_id=membership.pk), {"role": "member"}
    )

    assert response.status_code == 403
    assert _role(community, people[Role.OWNER]) == Role.OWNER


def test_a_leader_cannot_make_an_owner(client, private):
    community, people = private
    membership = _membership(community, people[Role.MEMBER])
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("change-role", community, membership_id=membership.pk), {"role": "owner"}
    )

    assert response.status_code == 403
    assert _role(community, people[Role.MEMBER]) == Role.MEMBER


def test_a_moderator_cannot_change_roles(client, private):
    community, people = private
    moderator = _member(community, Role.MODERATOR)
    membership = _membership(community, people[Role.MEMBER])
    client.force_login(moderator)

    response = client.post(
        _url("change-role", community, membership_id=membership.pk), {"role": "guest"}
    )

    assert response.status_code == 404
    assert _role(community, people[Role.MEMBER]) == Role.MEMBER


def test_a_membership_of_another_community_is_a_404(client, private):
    community, people = private
    elsewhere = MembershipFactory()
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("change-role", community, membership_id=elsewhere.pk), {"role": "guest"}
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.role == Role.MEMBER


def test_removing_a_member(client, private):
    community, people = private
    membership = _membership(community, people[Role.MEMBER])
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("remove-member", community, membership_id=membership.pk)
    )

    community.refresh_from_db()
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert community.member_count == 2
    assert "Member Person is no longer a member." in _messages(response)


def test_the_last_owner_cannot_be_removed(client, private):
    community, people = private
    membership = _membership(community, people[Role.OWNER])
    client.force_login(people[Role.OWNER])

    response = client.post(
        _url("remove-member", community, membership_id=membership.pk)
    )

    assert response.status_code == 400
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_leader_demoting_themselves_goes_back_to_the_community(client, private):
    community, people = private
    membership = _membership(community, people[Role.LEADER])
    client.force_login(people[Role.LEADER])

    response = client.post(
        _url("change-role", community, membership_id=membership.pk), {"role": "member"}
    )

    assert response.status_code == 302
    assert response.url == _url("detail", community)


# --- Losing access on the very next request -------------------------------------------


def test_a_removed_person_loses_a_secret_community_at_once(client):
    community = CommunityFactory(visibility=Visibility.SECRET)
    owner = _member(community, Role.OWNER)
    member = _member(community)
    client.force_login(member)
    assert client.get(_url("detail", community)).status_code == 200

    services.remove_member(membership=_membership(community, member), removed_by=owner)

    assert client.get(_url("detail", community)).status_code == 404
    assert client.get(_url("members", community)).status_code == 404


def test_a_removed_person_loses_a_private_communitys_content_at_once(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    owner = _member(community, Role.OWNER)
    member = _member(community)
    client.force_login(member)
    assert client.get(_url("members", community)).status_code == 200

    services.remove_member(membership=_membership(community, member), removed_by=owner)

    assert client.get(_url("members", community)).status_code == 404
    assert "Only members can read" in _main(client.get(_url("detail", community)))


def test_a_demoted_leader_loses_the_manage_pages_at_once(client, private):
    community, people = private
    client.force_login(people[Role.LEADER])
    assert client.get(_url("manage", community)).status_code == 200

    services.change_role(
        membership=_membership(community, people[Role.LEADER]),
        changed_by=people[Role.OWNER],
        role=Role.MEMBER,
    )

    assert client.get(_url("manage", community)).status_code == 404
    assert client.get(_url("edit", community)).status_code == 404


# --- The audit trail ------------------------------------------------------------------


def test_the_audit_trail_tells_who_changed_what(client, private):
    community, people = private
    services.change_role(
        membership=_membership(community, people[Role.MEMBER]),
        changed_by=people[Role.OWNER],
        role=Role.MODERATOR,
    )
    client.force_login(people[Role.OWNER])

    html = _main(client.get(_url("audit", community)))

    assert "Owner Person" in html
    assert "changed a role" in html
    assert "Member" in html
    assert "Moderator" in html
    assert "<time datetime=" in html
    assert "membership.role" not in html


def test_an_administrator_reads_the_audit_trail(client, private):
    community, _people = private
    client.force_login(AdministratorFactory())

    response = client.get(_url("audit", community))

    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.LEADER, Role.MEMBER])
def test_the_audit_trail_is_a_404_for_everyone_else(client, private, role):
    community, people = private
    client.force_login(people[role])

    response = client.get(_url("audit", community))

    assert response.status_code == 404


def test_the_audit_trail_pages_with_a_cursor(client, private):
    community, people = private
    membership = _membership(community, people[Role.MEMBER])
    for _ in range(30):
        services.change_role(
            membership=membership, changed_by=people[Role.OWNER], role=Role.GUEST
        )
        services.change_role(
            membership=membership, changed_by=people[Role.OWNER], role=Role.MEMBER
        )
    client.force_login(people[Role.OWNER])

    first = client.get(_url("audit", community))
    cursor = re.search(r'href="\?cursor=([^"]+)"', first.text).group(1)
    second = client.get(_url("audit", community), {"cursor": cursor})

    assert first.text.count('class="audit-entry"') == 50
    assert second.text.count('class="audit-entry"') == 10


def test_the_audit_trail_costs_the_same_queries_for_5_and_50_entries(
    client, private, django_assert_max_num_queries
):
    community, people = private
    membership = _membership(community, people[Role.MEMBER])
    client.force_login(people[Role.OWNER])

    def change(times):
        for _ in range(times):
            services.change_role(
                membership=membership, changed_by=people[Role.OWNER], role=Role.GUEST
            )
            services.change_role(
                membership=membership, changed_by=people[Role.OWNER], role=Role.MEMBER
            )

    change(1)
    url = _url("audit", community)
    client.get(url)
    few = _query_count(client, url)
    change(25)

    with django_assert_max_num_queries(few):
        response = client.get(url)

    assert response.status_code == 200


def test_the_manage_page_costs_the_same_queries_for_5_and_50_members(
    client, private, django_assert_max_num_queries
):
    community, people = private
    client.force_login(people[Role.OWNER])
    for _ in range(2):
        _member(community)
        JoinRequestFactory(community=community)
        CommunityInvitationFactory(community=community)
    url = _url("manage", community)
    client.get(url)
    few = _query_count(client, url)
    for _ in range(45):
        _member(community)
        JoinRequestFactory(community=community)
        CommunityInvitationFactory(community=community)

    with django_assert_max_num_queries(few):
        response = client.get(url)

    assert response.status_code == 200
