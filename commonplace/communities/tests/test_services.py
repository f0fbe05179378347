"""Writing communities: every mutating service, for every standing that matters."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth import authenticate
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from PIL import Image

from commonplace import permissions
from commonplace.communities import selectors, services, tasks
from commonplace.communities.models import (
    MAX_NAME_LENGTH,
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
    person_in_standing,
)
from commonplace.core.audit import scope_of
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from commonplace.core.models import AuditEntry
from commonplace.people.tests.factories import (
    AdministratorFactory,
    ExternalMemberFactory,
    UserFactory,
    image_upload,
)
from commonplace.topics.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "tangerine-lighthouse-47"
RUNS_IT = ["owner", "leader"]
# Everyone who may not run a community, members and non-members alike.
DOES_NOT_RUN_IT = [
    "moderator",
    "member",
    "guest",
    "external_guest",
    "outsider",
    "external",
    "administrator",
    "administrator_member",
    "community_manager",
]


def _with_owner(**fields):
    """A community (public unless told) and its one owner."""
    community = CommunityFactory(**fields)
    owner = MembershipFactory(community=community, role=Role.OWNER).person
    return _fresh(community), owner


def _fresh(community):
    return Community.objects.get(pk=community.pk)


def _member_count_is_right(community):
    stored = Community.objects.get(pk=community.pk).member_count
    return stored == Membership.objects.filter(community=community).count()


def _actions(community):
    entries = AuditEntry.objects.filter(scope=scope_of(community)).order_by("id")
    return list(entries.values_list("action", flat=True))


def _last_entry(community):
    return AuditEntry.objects.filter(scope=scope_of(community)).latest("id")


def _role_of(community, person):
    return (
        Membership.objects.filter(community=community, person=person)
        .values_list("role", flat=True)
        .first()
    )


# --- Starting a community -------------------------------------------------------------


def _start(person=None, **details):
    values = {
        "name": "Data Practice",
        "purpose": "Analysts and engineers sharing how they work with data.",
        "kind": Kind.PRACTICE,
        **details,
    }
    return services.start_community(started_by=person or UserFactory(), **values)


def test_the_starter_becomes_the_first_owner_of_a_community_of_one():
    starter = UserFactory()

    community = _start(starter, name="  Data   Practice ")

    assert (community.name, community.slug) == ("Data Practice", "data-practice")
    assert _role_of(community, starter) == Role.OWNER
    assert community.member_count == 1
    assert _member_count_is_right(community)
    assert community.created_by == starter


def test_starting_a_community_is_audited_in_its_own_trail():
    starter = UserFactory()

    community = _start(starter)

    entry = _last_entry(community)
    assert (entry.action, entry.actor) == ("community.start", starter)


def test_a_community_starts_with_its_topics_and_settings():
    TopicFactory(name="SQL")

    community = _start(
        topics=["SQL", "dbt"],
        visibility=Visibility.PRIVATE,
        allows_externals=True,
        cover_colour="#1e6b3a",
    )

    assert sorted(topic.name for topic in community.topics.all()) == ["SQL", "dbt"]
    assert community.visibility == Visibility.PRIVATE
    assert community.allows_externals
    assert community.cover_colour == "#1e6b3a"


def test_a_goal_community_states_its_goal():
    community = _start(kind=Kind.GOAL, goal="Cut returns by 10% by December.")

    assert community.goal == "Cut returns by 10% by December."


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"name": "x" * 10_000}, "name"),
        ({"name": "x" * (MAX_NAME_LENGTH + 1)}, "name"),
        ({"name": "   "}, "name"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "  \n "}, "purpose"),
        ({"purpose": "p" * 2001}, "purpose"),
        ({"kind": Kind.GOAL}, "goal"),
        ({"kind": Kind.GOAL, "goal": "   "}, "goal"),
        ({"kind": "club"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"visibility": "hidden"}, "visibility"),
        ({"cover_colour": "#ffffff"}, "cover_colour"),
        ({"topics": [f"Topic {n}" for n in range(40)]}, "topics"),
    ],
)
def test_bad_details_are_refused_naming_the_field_and_nothing_is_written(
    details, field
):
    starter = UserFactory()

    with pytest.raises(InvalidInput) as refused:
        _start(starter, **details)

    assert field in refused.value.fields
    assert not Community.objects.exists()
    assert not Membership.objects.exists()
    assert not AuditEntry.objects.filter(action="community.start").exists()


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidInput) as refused:
        _start(name="", purpose="", kind="club", visibility="x", cover_colour="red")

    assert set(refused.value.fields) >= {
        "name",
        "purpose",
        "kind",
        "visibility",
        "cover_colour",
    }


def test_a_name_taken_in_another_case_is_refused():
    _start(name="Data Practice")

    with pytest.raises(InvalidInput) as refused:
        _start(name="DATA practice")

    assert refused.value.fields["name"] == [
        "A community with this name already exists."
    ]
    assert Community.objects.count() == 1


def test_names_that_make_the_same_address_get_numbered_addresses():
    first = _start(name="Data & Practice")
    second = _start(name="Data: Practice")

    assert (first.slug, second.slug) == ("data-practice", "data-practice-2")


def test_a_name_that_would_take_a_fixed_address_gets_another():
    community = _start(name="New")

    assert community.slug == "new-community"


def test_external_members_cannot_start_a_community():
    with pytest.raises(NotAllowed):
        _start(ExternalMemberFactory())

    assert not Community.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "New",
        "Mine",
        "Invitations",
        "Requests",
        "Members",
    ],
)
def test_a_community_never_takes_an_address_the_site_uses_itself(name):
    community = _start(name=name)

    page = resolve(reverse("communities:detail", kwargs={"slug": community.slug}))

    assert page.url_name == "detail"
    assert page.kwargs == {"slug": community.slug}


def test_an_import_may_choose_a_free_address_and_no_other():
    _start(name="Ops")

    chosen = _start(name="Site reliability", address="sre")

    assert chosen.slug == "sre"
    for taken_or_bad in ("ops", "sre", "Not A Slug", "new", "", "a" * 81):
        with pytest.raises(InvalidInput, match="This address is taken"):
            _start(name="Another", address=taken_or_bad)


def test_fields_a_starter_may_not_set_are_ignored():
    starter, someone_else = UserFactory(), UserFactory()

    community = _start(
        starter, member_count=500, slug="hijacked", created_by=someone_else
    )

    community.refresh_from_db()
    assert (community.member_count, community.slug) == (1, "data-practice")
    assert community.created_by == starter


def test_a_cover_image_is_fitted_to_the_banner():
    community = _start(cover_image=image_upload(size=(2400, 1200)))

    with Image.open(community.cover_image) as cover:
        assert (cover.format, cover.size) == ("WEBP", services.COVER_SIZE)


def test_a_cover_that_is_not_an_image_is_refused_and_nothing_is_written():
    not_an_image = SimpleUploadedFile("cover.png", b"plain text", "image/png")

    with pytest.raises(InvalidInput) as refused:
        _start(cover_image=not_an_image)

    assert "cover_image" in refused.value.fields
    assert not Community.objects.exists()


# --- Changing a community -------------------------------------------------------------


@pytest.mark.parametrize("standing", RUNS_IT)
def test_owners_and_leaders_change_what_a_community_says(standing):
    community, _owner = _with_owner(name="Data", purpose="Old purpose")
    person = person_in_standing(standing, community)

    services.update_community(
        community=community,
        changed_by=person,
        name="Data Practice",
        purpose="New purpose",
        visibility=Visibility.PRIVATE,
        topics=["SQL"],
    )

    community.refresh_from_db()
    assert (community.name, community.purpose) == ("Data Practice", "New purpose")
    assert [topic.name for topic in community.topics.all()] == ["SQL"]
    entry = _last_entry(community)
    assert (entry.action, entry.actor) == ("community.change", person)
    assert entry.before == {
        "name": "Data",
        "purpose": "Old purpose",
        "visibility": "public",
    }
    assert entry.after == {
        "name": "Data Practice",
        "purpose": "New purpose",
        "visibility": "private",
    }


@pytest.mark.parametrize("standing", DOES_NOT_RUN_IT)
def test_no_one_else_changes_a_community(standing):
    community, _owner = _with_owner(name="Data")
    person = person_in_standing(standing, community)

    with pytest.raises(NotAllowed):
        services.update_community(
            community=community, changed_by=person, name="Taken over"
        )

    assert _fresh(community).name == "Data"


@pytest.mark.parametrize("field", ["member_count", "slug", "created_by", "role"])
def test_fields_that_are_not_editable_are_refused_and_nothing_changes(field):
    community, owner = _with_owner(name="Data")

    with pytest.raises(InvalidInput):
        services.update_community(
            community=community, changed_by=owner, name="Renamed", **{field: 7}
        )

    assert _fresh(community).name == "Data"


def test_renaming_to_another_communitys_name_is_refused():
    CommunityFactory(name="Data Practice")
    community, owner = _with_owner(name="Data")

    with pytest.raises(InvalidInput) as refused:
        services.update_community(
            community=community, changed_by=owner, name="data PRACTICE"
        )

    assert "name" in refused.value.fields


def test_a_community_may_change_the_case_of_its_own_name():
    community, owner = _with_owner(name="data practice")

    services.update_community(
        community=community, changed_by=owner, name="Data Practice"
    )

    assert _fresh(community).name == "Data Practice"


def test_becoming_a_goal_community_needs_a_goal():
    community, owner = _with_owner(kind=Kind.PRACTICE)

    with pytest.raises(InvalidInput) as refused:
        services.update_community(community=community, changed_by=owner, kind=Kind.GOAL)

    assert "goal" in refused.value.fields
    assert _fresh(community).kind == Kind.PRACTICE


def test_a_goal_community_cannot_drop_its_goal():
    community, owner = _with_owner(kind=Kind.GOAL, goal="Halve the backlog.")

    with pytest.raises(InvalidInput) as refused:
        services.update_community(community=community, changed_by=owner, goal="")

    assert "goal" in refused.value.fields


def test_changing_nothing_writes_no_audit_entry():
    community, owner = _with_owner(name="Data")

    services.update_community(community=community, changed_by=owner, name="Data")

    assert "community.change" not in _actions(community)


# --- Joining a public community -------------------------------------------------------


def test_anyone_in_the_organisation_joins_a_public_community_as_a_member():
    community, _owner = _with_owner(visibility=Visibility.PUBLIC)
    person = UserFactory()

    membership = services.join_community(community=community, person=person)

    assert (membership.person, membership.role) == (person, Role.MEMBER)
    assert _fresh(community).member_count == 2
    assert _member_count_is_right(community)
    entry = _last_entry(community)
    assert (entry.action, entry.actor, entry.after) == (
        "membership.join",
        person,
        {"role": "member"},
    )


def test_joining_twice_keeps_one_membership():
    community, _owner = _with_owner()
    person = UserFactory()
    services.join_community(community=community, person=person)

    services.join_community(community=community, person=person)

    assert Membership.objects.filter(community=community, person=person).count() == 1
    assert _fresh(community).member_count == 2


def test_a_private_community_cannot_be_joined_directly():
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)

    with pytest.raises(NotAllowed):
        services.join_community(community=community, person=UserFactory())

    assert _fresh(community).member_count == 1


# Someone who may know the community exists is told no; anyone else cannot
# tell it from a community that does not exist.
@pytest.mark.parametrize(
    ("standing", "refusal"),
    [
        ("outsider", NotFound),
        ("external", NotFound),
        ("community_manager", NotAllowed),
    ],
)
def test_joining_a_secret_community_by_guessing_it_fails(standing, refusal):
    community, _owner = _with_owner(visibility=Visibility.SECRET)
    person = person_in_standing(standing, community)

    with pytest.raises(refusal):
        services.join_community(community=community, person=person)

    assert _fresh(community).member_count == 1


def test_an_administrator_enters_a_secret_community_only_through_the_audited_way():
    community, _owner = _with_owner(visibility=Visibility.SECRET)

    with pytest.raises(NotAllowed):
        services.join_community(community=community, person=AdministratorFactory())

    assert _fresh(community).member_count == 1


def test_external_members_cannot_join_a_public_community_they_do_not_see():
    community, _owner = _with_owner(visibility=Visibility.PUBLIC, allows_externals=True)

    with pytest.raises(NotFound):
        services.join_community(community=community, person=ExternalMemberFactory())


# --- Asking to join a private community -----------------------------------------------


def test_anyone_in_the_organisation_asks_to_join_a_private_community():
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)
    person = UserFactory()

    request = services.request_to_join(
        community=community, person=person, message="  I run the data team. "
    )

    assert (request.status, request.message) == ("pending", "I run the data team.")
    assert _role_of(community, person) is None


def test_asking_again_keeps_one_pending_request():
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)
    person = UserFactory()
    first = services.request_to_join(community=community, person=person)

    again = services.request_to_join(community=community, person=person)

    assert again.pk == first.pk
    assert JoinRequest.objects.filter(community=community).count() == 1


def test_after_a_decline_one_may_ask_again():
    community, owner = _with_owner(visibility=Visibility.PRIVATE)
    person = UserFactory()
    first = services.request_to_join(community=community, person=person)
    services.decide_join_request(join_request=first, decided_by=owner, approve=False)

    again = services.request_to_join(community=community, person=person)

    assert again.pk != first.pk
    assert again.status == "pending"


def test_a_public_community_takes_no_requests():
    community, _owner = _with_owner(visibility=Visibility.PUBLIC)

    with pytest.raises(NotAllowed):
        services.request_to_join(community=community, person=UserFactory())


def test_a_secret_community_takes_no_requests_and_does_not_admit_it_exists():
    community, _owner = _with_owner(visibility=Visibility.SECRET)

    with pytest.raises(NotFound):
        services.request_to_join(community=community, person=UserFactory())

    assert not JoinRequest.objects.exists()


def test_members_do_not_ask_to_join_their_own_community():
    community, owner = _with_owner(visibility=Visibility.PRIVATE)

    with pytest.raises(NotAllowed):
        services.request_to_join(community=community, person=owner)


def test_external_members_cannot_ask_to_join():
    community, _owner = _with_owner(
        visibility=Visibility.PRIVATE, allows_externals=True
    )

    with pytest.raises(NotFound):
        services.request_to_join(community=community, person=ExternalMemberFactory())


def test_a_too_long_message_is_refused():
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)

    with pytest.raises(InvalidInput) as refused:
        services.request_to_join(
            community=community, person=UserFactory(), message="m" * 1001
        )

    assert "message" in refused.value.fields
    assert not JoinRequest.objects.exists()


# --- Deciding requests ----------------------------------------------------------------


@pytest.mark.parametrize("standing", RUNS_IT)
def test_owners_and_leaders_approve_a_request_and_the_person_is_a_member(standing):
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)
    decider = person_in_standing(standing, community)
    request = JoinRequestFactory(community=community)

    decided = services.decide_join_request(
        join_request=request, decided_by=decider, approve=True
    )

    assert (decided.status, decided.decided_by) == ("approved", decider)
    assert decided.decided_at is not None
    assert _role_of(community, request.person) == Role.MEMBER
    assert _member_count_is_right(community)
    entry = _last_entry(community)
    assert (entry.action, entry.actor) == ("membership.approve", decider)


@pytest.mark.parametrize("standing", RUNS_IT)
def test_owners_and_leaders_decline_a_request_and_nobody_joins(standing):
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)
    decider = person_in_standing(standing, community)
    before = _fresh(community).member_count
    request = JoinRequestFactory(community=community)

    decided = services.decide_join_request(
        join_request=request, decided_by=decider, approve=False
    )

    assert decided.status == "declined"
    assert _role_of(community, request.person) is None
    assert _fresh(community).member_count == before


@pytest.mark.parametrize("standing", DOES_NOT_RUN_IT)
def test_no_one_else_decides_a_request(standing):
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)
    person = person_in_standing(standing, community)
    request = JoinRequestFactory(community=community)

    with pytest.raises(NotAllowed):
        services.decide_join_request(
            join_request=request, decided_by=person, approve=True
        )

    request.refresh_from_db()
    assert request.status == "pending"
    assert _role_of(community, request.person) is None


@pytest.mark.parametrize(("first", "second"), [(True, False), (False, True)])
def test_a_request_is_decided_once(first, second):
    community, owner = _with_owner(visibility=Visibility.PRIVATE)
    request = JoinRequestFactory(community=community)
    services.decide_join_request(join_request=request, decided_by=owner, approve=first)

    with pytest.raises(Conflict):
        services.decide_join_request(
            join_request=request, decided_by=owner, approve=second
        )

    request.refresh_from_db()
    assert request.status == ("approved" if first else "declined")


def test_approving_someone_who_joined_meanwhile_keeps_one_membership():
    community, owner = _with_owner(visibility=Visibility.PRIVATE)
    request = JoinRequestFactory(community=community)
    MembershipFactory(community=community, person=request.person)

    services.decide_join_request(join_request=request, decided_by=owner, approve=True)

    assert Membership.objects.filter(person=request.person).count() == 1
    assert _member_count_is_right(community)


# --- Inviting -------------------------------------------------------------------------


@pytest.mark.parametrize("standing", RUNS_IT)
def test_owners_and_leaders_invite_an_address(standing):
    community, _owner = _with_owner(visibility=Visibility.SECRET)
    inviter = person_in_standing(standing, community)

    invitation = services.invite_to_community(
        community=community, invited_by=inviter, email=" Ana@Example.ORG ", role="guest"
    )

    assert (invitation.email, invitation.role) == ("ana@example.org", "guest")
    assert invitation.invited_by == inviter
    assert invitation.is_usable
    assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)
    entry = _last_entry(community)
    assert (entry.action, entry.actor, entry.after) == (
        "invitation.create",
        inviter,
        {"email": "ana@example.org", "role": "guest"},
    )


@pytest.mark.parametrize("standing", DOES_NOT_RUN_IT)
def test_no_one_else_invites(standing):
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)
    person = person_in_standing(standing, community)

    with pytest.raises(NotAllowed):
        services.invite_to_community(
            community=community, invited_by=person, email="ana@example.org"
        )

    assert not CommunityInvitation.objects.exists()


def test_a_leader_cannot_invite_someone_as_an_owner():
    community, _owner = _with_owner()
    leader = person_in_standing("leader", community)

    with pytest.raises(NotAllowed):
        services.invite_to_community(
            community=community,
            invited_by=leader,
            email="ana@example.org",
            role="owner",
        )

    assert not CommunityInvitation.objects.exists()


def test_an_owner_may_invite_someone_as_an_owner():
    community, owner = _with_owner()

    invitation = services.invite_to_community(
        community=community, invited_by=owner, email="ana@example.org", role="owner"
    )

    assert invitation.role == "owner"


def test_a_role_that_does_not_exist_is_refused():
    community, owner = _with_owner()

    with pytest.raises(InvalidInput) as refused:
        services.invite_to_community(
            community=community, invited_by=owner, email="a@example.org", role="king"
        )

    assert "role" in refused.value.fields


def test_a_malformed_address_is_refused():
    community, owner = _with_owner()

    with pytest.raises(InvalidInput) as refused:
        services.invite_to_community(
            community=community, invited_by=owner, email="not an address"
        )

    assert "email" in refused.value.fields


def test_an_external_person_cannot_be_invited_where_externals_are_not_allowed():
    community, owner = _with_owner(allows_externals=False)
    external = ExternalMemberFactory()

    with pytest.raises(InvalidInput) as refused:
        services.invite_to_community(
            community=community, invited_by=owner, email=external.email
        )

    assert refused.value.fields["email"] == [
        "This community does not accept external members."
    ]
    assert not CommunityInvitation.objects.exists()


def test_a_new_address_cannot_come_as_external_where_externals_are_not_allowed():
    community, owner = _with_owner(allows_externals=False)

    with pytest.raises(InvalidInput) as refused:
        services.invite_to_community(
            community=community,
            invited_by=owner,
            email="partner@elsewhere.example",
            as_external=True,
            organisation="Elsewhere",
        )

    assert "email" in refused.value.fields


def test_an_external_invitation_names_the_organisation():
    community, owner = _with_owner(allows_externals=True)

    with pytest.raises(InvalidInput) as refused:
        services.invite_to_community(
            community=community,
            invited_by=owner,
            email="partner@elsewhere.example",
            as_external=True,
            organisation="  ",
        )

    assert "organisation" in refused.value.fields


def test_an_external_invitation_keeps_the_organisation():
    community, owner = _with_owner(allows_externals=True)

    invitation = services.invite_to_community(
        community=community,
        invited_by=owner,
        email="partner@elsewhere.example",
        as_external=True,
        organisation=" Elsewhere Ltd ",
    )

    assert (invitation.as_external, invitation.organisation) == (True, "Elsewhere Ltd")


def test_an_existing_external_person_is_invited_as_external_where_allowed():
    community, owner = _with_owner(allows_externals=True)
    external = ExternalMemberFactory()

    invitation = services.invite_to_community(
        community=community, invited_by=owner, email=external.email
    )

    assert (invitation.as_external, invitation.organisation) == (True, "")


def test_an_existing_colleague_is_never_made_external_by_an_invitation():
    community, owner = _with_owner(allows_externals=False)
    colleague = UserFactory()

    invitation = services.invite_to_community(
        community=community,
        invited_by=owner,
        email=colleague.email,
        as_external=True,
        organisation="Elsewhere",
    )

    assert (invitation.as_external, invitation.organisation) == (False, "")


def test_a_member_is_not_invited_again():
    community, owner = _with_owner()
    member = person_in_standing("member", community)

    with pytest.raises(InvalidInput) as refused:
        services.invite_to_community(
            community=community, invited_by=owner, email=member.email
        )

    assert "email" in refused.value.fields


def test_inviting_an_address_again_replaces_the_earlier_invitation():
    community, owner = _with_owner()
    first = services.invite_to_community(
        community=community, invited_by=owner, email="ana@example.org"
    )

    second = services.invite_to_community(
        community=community, invited_by=owner, email="ana@example.org", role="leader"
    )

    first.refresh_from_db()
    assert not first.is_usable
    assert second.is_usable


# --- The invitation mail --------------------------------------------------------------


def _token_in(mail):
    link = re.search(r"https?://\S+", mail.body).group(0)
    return resolve(urlparse(link).path).kwargs["token"]


def _invite(community, owner, email="ana@example.org", **options):
    return services.invite_to_community(
        community=community, invited_by=owner, email=email, **options
    )


def test_the_invitation_mail_carries_a_link_to_the_invitation(mailoutbox, run_tasks):
    community, owner = _with_owner(name="Data Practice")
    invitation = _invite(community, owner, email="Ana@Example.org")

    run_tasks()

    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"]
    assert "Data Practice" in mail.subject + mail.body
    assert selectors.invitation_for_token(_token_in(mail)) == invitation


def test_only_a_hash_of_the_token_is_stored(mailoutbox, run_tasks):
    community, owner = _with_owner()
    invitation = _invite(community, owner)

    run_tasks()

    invitation.refresh_from_db()
    assert invitation.token_hash == tasks.hash_token(_token_in(mailoutbox[0]))
    assert _token_in(mailoutbox[0]) not in invitation.token_hash


def test_a_second_mail_invalidates_the_first_link(mailoutbox, run_tasks):
    community, owner = _with_owner()
    invitation = _invite(community, owner)
    run_tasks()

    tasks.send_community_invitation.enqueue(invitation_id=invitation.pk)
    run_tasks()

    first, second = mailoutbox
    with pytest.raises(NotFound):
        selectors.invitation_for_token(_token_in(first))
    assert selectors.invitation_for_token(_token_in(second)) == invitation


def test_inviting_the_same_address_again_disables_the_first_link(mailoutbox, run_tasks):
    community, owner = _with_owner()
    _invite(community, owner)
    run_tasks()

    again = _invite(community, owner)
    run_tasks()

    first, second = mailoutbox
    with pytest.raises(NotFound):
        selectors.invitation_for_token(_token_in(first))
    assert selectors.invitation_for_token(_token_in(second)) == again


def test_a_used_or_expired_invitations_link_leads_nowhere(mailoutbox, run_tasks):
    community, owner = _with_owner()
    used = _invite(community, owner, email="ana@example.org")
    expired = _invite(community, owner, email="bo@example.org")
    run_tasks()

    services.accept_invitation(
        invitation=used, person=UserFactory(email="ana@example.org")
    )
    CommunityInvitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    for mail in mailoutbox:
        with pytest.raises(NotFound):
            selectors.invitation_for_token(_token_in(mail))


def test_no_mail_goes_out_for_an_invitation_that_expired_before_sending(
    mailoutbox, run_tasks
):
    community, owner = _with_owner()
    invitation = _invite(community, owner)
    CommunityInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now()
    )

    run_tasks()

    assert mailoutbox == []


def test_an_unknown_token_finds_no_invitation():
    with pytest.raises(NotFound):
        selectors.invitation_for_token("made-up-token")


# --- Accepting an invitation ----------------------------------------------------------


def test_the_invited_person_joins_in_the_invited_role():
    community, owner = _with_owner(visibility=Visibility.SECRET)
    person = UserFactory(email="ana@example.org")
    invitation = _invite(community, owner, role="moderator")

    membership = services.accept_invitation(invitation=invitation, person=person)

    assert (membership.person, membership.role) == (person, "moderator")
    assert _member_count_is_right(community)
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.is_usable) == (person, False)
    entry = _last_entry(community)
    assert (entry.action, entry.actor) == ("membership.accept_invitation", person)


def test_an_invitation_for_another_address_is_refused():
    community, owner = _with_owner()
    invitation = _invite(community, owner, email="ana@example.org")
    someone_else = UserFactory(email="bo@example.org")

    with pytest.raises(NotAllowed) as refused:
        services.accept_invitation(invitation=invitation, person=someone_else)

    assert "another e-mail address" in str(refused.value.message)
    assert _role_of(community, someone_else) is None
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_an_expired_invitation_is_refused():
    community, _owner = _with_owner()
    invitation = CommunityInvitationFactory(
        community=community,
        email="ana@example.org",
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    with pytest.raises(InvalidInput):
        services.accept_invitation(
            invitation=invitation, person=UserFactory(email="ana@example.org")
        )

    assert _fresh(community).member_count == 1


def test_an_invitation_works_once():
    community, owner = _with_owner()
    person = UserFactory(email="ana@example.org")
    invitation = _invite(community, owner)
    services.accept_invitation(invitation=invitation, person=person)
    services.leave_community(community=community, person=person)

    with pytest.raises(InvalidInput):
        services.accept_invitation(invitation=invitation, person=person)

    assert _role_of(community, person) is None


def test_accepting_while_already_a_member_keeps_one_membership():
    community, owner = _with_owner()
    person = UserFactory(email="ana@example.org")
    invitation = _invite(community, owner)
    MembershipFactory(community=community, person=person)

    services.accept_invitation(invitation=invitation, person=person)

    assert Membership.objects.filter(person=person).count() == 1
    assert _member_count_is_right(community)


def test_an_invited_address_without_an_account_joins_with_a_new_one():
    community, owner = _with_owner(visibility=Visibility.PRIVATE)
    invitation = _invite(community, owner, role="guest")

    person = services.join_with_new_account(
        invitation=invitation, display_name="Ana Lima", password=GOOD_PASSWORD
    )

    assert authenticate(username="ana@example.org", password=GOOD_PASSWORD) == person
    assert not person.is_external
    assert _role_of(community, person) == "guest"
    assert _member_count_is_right(community)


def test_an_external_invitation_creates_an_external_members_account():
    community, owner = _with_owner(allows_externals=True)
    invitation = _invite(
        community,
        owner,
        email="partner@elsewhere.example",
        as_external=True,
        organisation="Elsewhere",
    )

    person = services.join_with_new_account(
        invitation=invitation, display_name="Pat Partner", password=GOOD_PASSWORD
    )

    assert (person.is_external, person.organisation) == (True, "Elsewhere")
    assert _role_of(community, person) == "member"


def test_a_used_invitation_creates_no_account():
    community, owner = _with_owner()
    invitation = _invite(community, owner)
    services.join_with_new_account(
        invitation=invitation, display_name="Ana", password=GOOD_PASSWORD
    )

    with pytest.raises(InvalidInput):
        services.join_with_new_account(
            invitation=CommunityInvitation.objects.get(pk=invitation.pk),
            display_name="Ana again",
            password=GOOD_PASSWORD,
        )


def test_a_second_submission_of_the_same_link_creates_no_second_account():
    community, owner = _with_owner()
    invitation = _invite(community, owner)
    seen_by_both = CommunityInvitation.objects.get(pk=invitation.pk)
    services.join_with_new_account(
        invitation=invitation, display_name="Ana", password=GOOD_PASSWORD
    )

    with pytest.raises(Conflict):
        services.join_with_new_account(
            invitation=seen_by_both, display_name="Ana again", password=GOOD_PASSWORD
        )

    assert _fresh(community).member_count == 2


def test_an_external_cannot_join_after_the_community_stops_allowing_externals():
    community, owner = _with_owner(allows_externals=True)
    external = ExternalMemberFactory()
    invitation = _invite(community, owner, email=external.email)
    services.update_community(
        community=community, changed_by=owner, allows_externals=False
    )

    with pytest.raises((InvalidInput, NotAllowed)):
        services.accept_invitation(invitation=invitation, person=external)

    assert _role_of(community, external) is None


# --- Changing roles -------------------------------------------------------------------


def _membership(community, role=Role.MEMBER):
    return MembershipFactory(community=community, role=role)


@pytest.mark.parametrize(
    ("standing", "current", "new"),
    [
        ("owner", "member", "moderator"),
        ("owner", "member", "owner"),
        ("owner", "leader", "guest"),
        ("leader", "member", "leader"),
        ("leader", "guest", "moderator"),
        ("leader", "moderator", "member"),
    ],
)
def test_owners_and_leaders_change_roles(standing, current, new):
    community, _owner = _with_owner()
    changer = person_in_standing(standing, community)
    membership = _membership(community, current)

    changed = services.change_role(membership=membership, changed_by=changer, role=new)

    assert changed.role == new
    assert _role_of(community, membership.person) == new
    entry = _last_entry(community)
    assert (entry.action, entry.actor, entry.before, entry.after) == (
        "membership.role",
        changer,
        {"role": current},
        {"role": new},
    )


@pytest.mark.parametrize("standing", DOES_NOT_RUN_IT)
def test_no_one_else_changes_roles(standing):
    community, _owner = _with_owner()
    person = person_in_standing(standing, community)
    membership = _membership(community, Role.GUEST)

    with pytest.raises(NotAllowed):
        services.change_role(membership=membership, changed_by=person, role="leader")

    assert _role_of(community, membership.person) == Role.GUEST


@pytest.mark.parametrize("new", ["leader", "member", "guest"])
def test_a_leader_cannot_touch_an_owner(new):
    community, owner = _with_owner()
    MembershipFactory(community=community, role=Role.OWNER)
    leader = person_in_standing("leader", community)
    membership = Membership.objects.get(community=community, person=owner)

    with pytest.raises(NotAllowed):
        services.change_role(membership=membership, changed_by=leader, role=new)

    assert _role_of(community, owner) == Role.OWNER


@pytest.mark.parametrize("current", ["member", "leader"])
def test_a_leader_cannot_make_an_owner(current):
    community, _owner = _with_owner()
    leader = person_in_standing("leader", community)
    membership = _membership(community, current)

    with pytest.raises(NotAllowed):
        services.change_role(membership=membership, changed_by=leader, role="owner")

    assert _role_of(community, membership.person) == current


def test_a_leader_cannot_make_themselves_an_owner():
    community, _owner = _with_owner()
    leader = person_in_standing("leader", community)
    membership = Membership.objects.get(community=community, person=leader)

    with pytest.raises(NotAllowed):
        services.change_role(membership=membership, changed_by=leader, role="owner")


def test_a_role_that_does_not_exist_is_refused_by_name():
    community, owner = _with_owner()
    membership = _membership(community)

    with pytest.raises(InvalidInput) as refused:
        services.change_role(membership=membership, changed_by=owner, role="admin")

    assert refused.value.fields["role"] == ["That role does not exist."]


def test_the_last_owner_cannot_be_demoted():
    community, owner = _with_owner()
    membership = Membership.objects.get(community=community, person=owner)

    with pytest.raises(InvalidInput) as refused:
        services.change_role(membership=membership, changed_by=owner, role="leader")

    assert "last owner" in str(refused.value.message)
    assert _role_of(community, owner) == Role.OWNER


def test_with_a_second_owner_the_first_may_step_down():
    community, owner = _with_owner()
    colleague = _membership(community, Role.MEMBER)

    services.change_role(membership=colleague, changed_by=owner, role="owner")
    mine = Membership.objects.get(community=community, person=owner)
    services.change_role(membership=mine, changed_by=owner, role="member")

    assert _role_of(community, colleague.person) == Role.OWNER
    assert _role_of(community, owner) == Role.MEMBER
    assert _actions(community)[-2:] == ["membership.role", "membership.role"]


def test_giving_the_same_role_changes_nothing():
    community, owner = _with_owner()
    membership = _membership(community, Role.MEMBER)

    services.change_role(membership=membership, changed_by=owner, role="member")

    assert "membership.role" not in _actions(community)


def test_a_demoted_leader_stops_running_the_community_at_once():
    community, owner = _with_owner(visibility=Visibility.PRIVATE)
    leader = person_in_standing("leader", community)
    membership = Membership.objects.get(community=community, person=leader)

    services.change_role(membership=membership, changed_by=owner, role="member")

    assert not permissions.can(leader, "community.manage", _fresh(community))
    with pytest.raises(NotAllowed):
        services.invite_to_community(
            community=community, invited_by=leader, email="ana@example.org"
        )


# --- Removing people ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("standing", "role"),
    [
        ("owner", "guest"),
        ("owner", "member"),
        ("owner", "leader"),
        ("leader", "member"),
        ("leader", "moderator"),
        ("leader", "leader"),
    ],
)
def test_owners_and_leaders_remove_people(standing, role):
    community, _owner = _with_owner(visibility=Visibility.PRIVATE)
    remover = person_in_standing(standing, community)
    membership = _membership(community, role)

    services.remove_member(membership=membership, removed_by=remover)

    assert _role_of(community, membership.person) is None
    assert _member_count_is_right(community)
    entry = _last_entry(community)
    assert (entry.action, entry.actor, entry.before) == (
        "membership.remove",
        remover,
        {"role": role},
    )
    assert not permissions.can(membership.person, "community.read", _fresh(community))


@pytest.mark.parametrize("standing", DOES_NOT_RUN_IT)
def test_no_one_else_removes_people(standing):
    community, _owner = _with_owner()
    person = person_in_standing(standing, community)
    membership = _membership(community)

    with pytest.raises(NotAllowed):
        services.remove_member(membership=membership, removed_by=person)

    assert _role_of(community, membership.person) == Role.MEMBER


def test_a_leader_cannot_remove_an_owner():
    community, owner = _with_owner()
    MembershipFactory(community=community, role=Role.OWNER)
    leader = person_in_standing("leader", community)

    with pytest.raises(NotAllowed):
        services.remove_member(
            membership=Membership.objects.get(community=community, person=owner),
            removed_by=leader,
        )

    assert _role_of(community, owner) == Role.OWNER


def test_the_last_owner_cannot_be_removed():
    community, owner = _with_owner()

    with pytest.raises(InvalidInput):
        services.remove_member(
            membership=Membership.objects.get(community=community, person=owner),
            removed_by=owner,
        )

    assert _role_of(community, owner) == Role.OWNER
    assert _member_count_is_right(community)


def test_an_owner_removes_another_owner():
    community, owner = _with_owner()
    other = _membership(community, Role.OWNER)

    services.remove_member(membership=other, removed_by=owner)

    assert _role_of(community, other.person) is None


# --- Leaving --------------------------------------------------------------------------


def test_the_last_owner_cannot_leave_and_is_told_why():
    community, owner = _with_owner()

    with pytest.raises(InvalidInput) as refused:
        services.leave_community(community=community, person=owner)

    assert str(refused.value.message) == (
        "You are the last owner. Make someone else an owner before you leave."
    )
    assert _role_of(community, owner) == Role.OWNER


@pytest.mark.parametrize(
    "standing",
    ["owner", "leader", "moderator", "member", "guest", "external_guest"],
)
def test_anyone_else_may_leave(standing):
    community, _first_owner = _with_owner(visibility=Visibility.PRIVATE)
    person = person_in_standing(standing, community)

    services.leave_community(community=community, person=person)

    assert _role_of(community, person) is None
    assert _member_count_is_right(community)
    entry = _last_entry(community)
    assert (entry.action, entry.actor, entry.before) == (
        "membership.leave",
        person,
        {"role": standing.removeprefix("external_")},
    )


def test_leaving_a_community_one_is_not_in_changes_nothing():
    community, _owner = _with_owner()

    services.leave_community(community=community, person=UserFactory())

    assert _fresh(community).member_count == 1
    assert "membership.leave" not in _actions(community)


# --- Administrators entering a community ----------------------------------------------


@pytest.mark.parametrize("visibility", list(Visibility))
def test_an_administrator_enters_any_community_with_a_reason(visibility):
    community, _owner = _with_owner(visibility=visibility)
    administrator = AdministratorFactory()

    membership = services.join_as_administrator(
        community=community, administrator=administrator, reason=" A complaint. "
    )

    assert (membership.person, membership.role) == (administrator, Role.MEMBER)
    assert _member_count_is_right(community)
    assert permissions.can(administrator, "community.read", _fresh(community))
    entry = _last_entry(community)
    assert (entry.action, entry.actor, entry.after) == (
        "membership.administrator_join",
        administrator,
        {"role": "member", "reason": "A complaint."},
    )


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_an_administrator_must_say_why(reason):
    community, _owner = _with_owner(visibility=Visibility.SECRET)

    with pytest.raises(InvalidInput) as refused:
        services.join_as_administrator(
            community=community, administrator=AdministratorFactory(), reason=reason
        )

    assert "reason" in refused.value.fields
    assert _fresh(community).member_count == 1


@pytest.mark.parametrize(
    "standing",
    ["outsider", "community_manager", "external", "owner", "administrator_member"],
)
def test_only_administrators_not_yet_in_it_enter_this_way(standing):
    community, _owner = _with_owner(visibility=Visibility.SECRET)
    person = person_in_standing(standing, community)
    before = _fresh(community).member_count

    with pytest.raises(NotAllowed):
        services.join_as_administrator(
            community=community, administrator=person, reason="Curious."
        )

    assert _fresh(community).member_count == before


def test_the_owners_read_why_an_administrator_entered():
    community, owner = _with_owner(visibility=Visibility.SECRET)
    administrator = AdministratorFactory()
    services.join_as_administrator(
        community=community, administrator=administrator, reason="Legal hold."
    )

    page = selectors.community_audit(owner, _fresh(community))

    assert page.items[0].after["reason"] == "Legal hold."
    assert page.items[0].actor == administrator


# --- The audit trail ------------------------------------------------------------------


def _change_role(community, owner):
    services.change_role(
        membership=_membership(community), changed_by=owner, role="moderator"
    )


def _accept(community, owner):
    person = UserFactory()
    invitation = _invite(community, owner, email=person.email)
    services.accept_invitation(invitation=invitation, person=person)


CHANGES = {
    "community.change": lambda community, owner: services.update_community(
        community=community, changed_by=owner, purpose="Another purpose"
    ),
    "membership.join": lambda community, owner: services.join_community(
        community=community, person=UserFactory()
    ),
    "membership.leave": lambda community, owner: services.leave_community(
        community=community, person=_membership(community).person
    ),
    "membership.approve": lambda community, owner: services.decide_join_request(
        join_request=JoinRequestFactory(community=community),
        decided_by=owner,
        approve=True,
    ),
    "invitation.create": _invite,
    "membership.accept_invitation": _accept,
    "membership.role": _change_role,
    "membership.remove": lambda community, owner: services.remove_member(
        membership=_membership(community), removed_by=owner
    ),
    "membership.administrator_join": (
        lambda community, owner: services.join_as_administrator(
            community=community, administrator=AdministratorFactory(), reason="Audit."
        )
    ),
}


@pytest.mark.parametrize("action", sorted(CHANGES))
def test_every_change_of_who_belongs_is_in_the_communitys_trail(action):
    community, owner = _with_owner()
    other, _other_owner = _with_owner()

    CHANGES[action](community, owner)

    page = selectors.community_audit(owner, community)
    assert page.items[0].action == action
    assert page.items[0].scope == scope_of(community)
    assert page.items[0].actor is not None
    assert action not in _actions(other)


@pytest.mark.parametrize("standing", ["owner", "administrator"])
def test_owners_and_administrators_read_the_trail(standing):
    community, owner = _with_owner(visibility=Visibility.SECRET)
    _invite(community, owner)
    viewer = person_in_standing(standing, community)

    page = selectors.community_audit(viewer, _fresh(community))

    assert [entry.action for entry in page.items] == ["invitation.create"]


@pytest.mark.parametrize(
    "standing",
    [
        "anonymous",
        "leader",
        "moderator",
        "member",
        "guest",
        "external_guest",
        "outsider",
        "external",
        "community_manager",
    ],
)
def test_no_one_else_reads_the_trail(standing):
    community, owner = _with_owner(visibility=Visibility.PUBLIC)
    _invite(community, owner)
    viewer = person_in_standing(standing, community)

    with pytest.raises(NotFound):
        selectors.community_audit(viewer, _fresh(community))


# --- member_count ---------------------------------------------------------------------


def test_the_member_count_follows_every_way_in_and_out():
    owner = UserFactory()
    community = _start(owner, visibility=Visibility.PUBLIC)
    counts = []

    def step(change):
        change()
        counts.append(_fresh(community).member_count)
        assert _member_count_is_right(community)

    joiners = [UserFactory() for _ in range(3)]
    for person in joiners:
        step(
            lambda person=person: services.join_community(
                community=community, person=person
            )
        )
    step(lambda: services.join_community(community=community, person=joiners[0]))
    step(lambda: services.leave_community(community=community, person=joiners[1]))
    step(lambda: services.leave_community(community=community, person=joiners[1]))
    step(
        lambda: services.update_community(
            community=_fresh(community), changed_by=owner, visibility=Visibility.PRIVATE
        )
    )
    asking = UserFactory()
    request = services.request_to_join(community=_fresh(community), person=asking)
    step(
        lambda: services.decide_join_request(
            join_request=request, decided_by=owner, approve=True
        )
    )
    invited = UserFactory(email="invited@example.org")
    invitation = _invite(community, owner, email=invited.email)
    step(lambda: services.accept_invitation(invitation=invitation, person=invited))
    step(
        lambda: services.remove_member(
            membership=Membership.objects.get(community=community, person=asking),
            removed_by=owner,
        )
    )
    step(
        lambda: services.join_as_administrator(
            community=community, administrator=AdministratorFactory(), reason="Check."
        )
    )

    assert counts == [2, 3, 4, 4, 3, 3, 3, 4, 5, 4, 5]


def test_changing_a_community_keeps_the_members_who_joined_meanwhile():
    owner = UserFactory()
    community = _start(owner)
    loaded = _fresh(community)
    services.join_community(community=community, person=UserFactory())

    services.update_community(community=loaded, changed_by=owner, purpose="New")

    assert _fresh(community).member_count == 2
    assert _member_count_is_right(community)
