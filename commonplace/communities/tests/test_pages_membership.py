"""Joining, leaving, asking to join, following, and invitation links."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.urls import reverse
from django.utils import timezone

from commonplace.communities.models import (
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from commonplace.communities.tasks import hash_token
from commonplace.communities.tests.factories import (
    CommunityFactory,
    CommunityInvitationFactory,
    JoinRequestFactory,
)
from commonplace.communities.tests.test_views import (
    _main,
    _member,
    _messages,
    _signed_in,
    _url,
)
from commonplace.core.models import AuditEntry
from commonplace.people.models import Follow, User
from commonplace.people.tests.factories import (
    DEFAULT_PASSWORD,
    AdministratorFactory,
    ExternalMemberFactory,
    UserFactory,
)
from tests.test_pseudo_locale import PSEUDO, PseudoTranslation, untranslated

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NEW_PASSWORD = "a long and unusual passphrase"


def _is_member(community, person):
    return Membership.objects.filter(community=community, person=person).exists()


# --- Joining and leaving ---------------------------------------------------------


def test_joining_a_public_community(client):
    me = _signed_in(client)
    community = CommunityFactory()

    response = client.post(_url("join", community))

    community.refresh_from_db()
    assert response.status_code == 302
    assert response.url == _url("detail", community)
    assert _is_member(community, me)
    assert community.member_count == 1
    assert "You are a member of this community." in _messages(response)


def test_joining_twice_keeps_one_membership(client):
    me = _signed_in(client)
    community = CommunityFactory()

    client.post(_url("join", community))
    response = client.post(_url("join", community))

    community.refresh_from_db()
    assert response.status_code == 302
    assert Membership.objects.filter(community=community, person=me).count() == 1
    assert community.member_count == 1


def test_a_private_community_cannot_be_joined_directly(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(_url("join", community))

    assert response.status_code == 403
    assert not _is_member(community, me)


def test_joining_a_secret_community_by_guessing_its_address_is_a_404(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.SECRET)

    guessed = client.post(_url("join", community))
    missing = client.post(reverse("communities:join", args=["no-such-community"]))

    assert guessed.status_code == missing.status_code == 404
    assert _main(guessed) == _main(missing)
    assert not _is_member(community, me)


def test_joining_needs_a_post(client):
    _signed_in(client)
    community = CommunityFactory()

    response = client.get(_url("join", community))

    assert response.status_code == 405


def test_leaving_a_community(client):
    community = CommunityFactory()
    me = _member(community)
    client.force_login(me)

    response = client.post(_url("leave", community))

    community.refresh_from_db()
    assert response.status_code == 302
    assert response.url == _url("detail", community)
    assert not _is_member(community, me)
    assert community.member_count == 0
    assert "You left the community." in _messages(response)


def test_leaving_a_secret_community_goes_back_to_ones_own_list(client):
    community = CommunityFactory(visibility=Visibility.SECRET)
    client.force_login(_member(community))

    response = client.post(_url("leave", community))

    assert response.url == reverse("communities:mine")


def test_the_last_owner_cannot_leave(client):
    community = CommunityFactory()
    owner = _member(community, Role.OWNER)
    client.force_login(owner)

    response = client.post(_url("leave", community))

    assert response.status_code == 400
    assert "You are the last owner." in _main(response)
    assert _is_member(community, owner)


def test_an_owner_may_leave_once_another_owner_exists(client):
    community = CommunityFactory()
    owner = _member(community, Role.OWNER)
    _member(community, Role.OWNER)
    client.force_login(owner)

    response = client.post(_url("leave", community))

    assert response.status_code == 302
    assert not _is_member(community, owner)


# --- Asking to join -------------------------------------------------------------------


def test_asking_to_join_a_private_community(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(_url("request", community), {"message": "I run the CI."})

    join_request = JoinRequest.objects.get(community=community, person=me)
    assert response.status_code == 302
    assert join_request.message == "I run the CI."
    assert join_request.status == JoinRequest.Status.PENDING
    assert not _is_member(community, me)
    assert "Request sent" in _main(client.get(_url("detail", community)))


def test_asking_twice_keeps_one_request(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    client.post(_url("request", community), {"message": "Please"})
    client.post(_url("request", community), {"message": "Please!"})

    assert JoinRequest.objects.filter(community=community, person=me).count() == 1


def test_a_too_long_request_message_is_refused_and_kept(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(_url("request", community), {"message": "x" * 1001})

    assert response.status_code == 400
    assert "At most 1000 characters." in _main(response)
    assert "x" * 1001 in _main(response)
    assert not JoinRequest.objects.filter(person=me).exists()


def test_a_public_community_takes_no_requests(client):
    me = _signed_in(client)
    community = CommunityFactory()

    response = client.post(_url("request", community))

    assert response.status_code == 403
    assert not JoinRequest.objects.filter(person=me).exists()


# --- Following ------------------------------------------------------------------------


def test_following_and_unfollowing_a_public_community(client):
    me = _signed_in(client)
    community = CommunityFactory()

    followed = client.post(_url("follow", community))
    following = Follow.objects.filter(follower=me, community=community).exists()
    button = _main(client.get(_url("detail", community)))
    client.post(_url("unfollow", community))

    assert followed.status_code == 302
    assert following
    assert "Following · Unfollow" in button
    assert not Follow.objects.filter(follower=me, community=community).exists()
    assert not _is_member(community, me)


def test_htmx_gets_only_the_new_follow_button(client):
    _signed_in(client)
    community = CommunityFactory()

    response = client.post(_url("follow", community), headers=HTMX)

    assert response.status_code == 200
    assert response.text.strip().startswith('<div class="follow-bar" id="follow-bar">')
    assert _url("unfollow", community) in response.text
    assert "<main" not in response.text


def test_a_private_community_cannot_be_followed_by_outsiders(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)

    response = client.post(_url("follow", community))

    assert response.status_code == 403
    assert not Follow.objects.filter(follower=me).exists()


# --- Entering as an administrator -----------------------------------------------------


def test_an_administrator_enters_a_secret_community_with_a_reason(client):
    administrator = AdministratorFactory()
    client.force_login(administrator)
    community = CommunityFactory(visibility=Visibility.SECRET)

    response = client.post(
        _url("admin-join", community), {"reason": "A reported harassment case"}
    )

    entry = AuditEntry.objects.get(action="membership.administrator_join")
    assert response.status_code == 302
    assert _is_member(community, administrator)
    assert entry.after["reason"] == "A reported harassment case"
    assert "Only members can read" not in _main(client.get(_url("detail", community)))


def test_entering_without_a_reason_is_refused(client):
    administrator = AdministratorFactory()
    client.force_login(administrator)
    community = CommunityFactory(visibility=Visibility.SECRET)

    response = client.post(_url("admin-join", community), {"reason": "  "})

    assert response.status_code == 400
    assert _main(response).count("Say why you need to enter this community.") == 1
    assert not _is_member(community, administrator)


def test_only_administrators_enter_as_administrators(client):
    manager = _signed_in(client, is_community_manager=True)
    community = CommunityFactory(visibility=Visibility.SECRET)

    response = client.post(_url("admin-join", community), {"reason": "Curious"})

    assert response.status_code == 403
    assert not _is_member(community, manager)


# --- Invitations from the directory ---------------------------------------------------


def test_accepting_an_invitation_from_the_directory(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.SECRET)
    invitation = CommunityInvitationFactory(
        community=community, email=me.email, role=Role.MODERATOR
    )

    response = client.post(reverse("communities:accept", args=[invitation.pk]))

    assert response.status_code == 302
    assert response.url == _url("detail", community)
    assert Membership.objects.get(community=community, person=me).role == Role.MODERATOR


def test_someone_elses_invitation_cannot_be_accepted(client):
    me = _signed_in(client)
    invitation = CommunityInvitationFactory()

    response = client.post(reverse("communities:accept", args=[invitation.pk]))

    assert response.status_code == 404
    assert not _is_member(invitation.community, me)


def test_an_expired_invitation_is_no_longer_offered(client):
    me = _signed_in(client)
    invitation = CommunityInvitationFactory(
        email=me.email, expires_at=timezone.now() - timedelta(minutes=1)
    )

    html = _main(client.get(reverse("communities:directory")))
    response = client.post(reverse("communities:accept", args=[invitation.pk]))

    assert "Invitations for you" not in html
    assert response.status_code == 404


# --- Invitation links -----------------------------------------------------------------


def _link(invitation, token="mailed-token"):  # noqa: S107 - a made-up link
    """The link the mail carried: only its token's hash is stored."""
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return reverse("communities:invitation", args=[token])


def test_a_new_address_creates_its_account_and_lands_in_the_community(client):
    community = CommunityFactory(visibility=Visibility.SECRET, name="Skunkworks")
    invitation = CommunityInvitationFactory(
        community=community, email="new@example.org"
    )
    url = _link(invitation)

    form = client.get(url)
    response = client.post(url, {"display_name": "Nina New", "password": NEW_PASSWORD})

    person = User.objects.get(email="new@example.org")
    assert form.status_code == 200
    assert "new@example.org" in _main(form)
    assert "Skunkworks" in _main(form)
    assert response.status_code == 302
    assert response.url == _url("detail", community)
    assert person.display_name == "Nina New"
    assert get_user(client).pk == person.pk
    assert _is_member(community, person)
    assert client.get(response.url).status_code == 200


def test_an_invitation_from_another_organisation_makes_an_external_account(client):
    community = CommunityFactory(allows_externals=True)
    invitation = CommunityInvitationFactory(
        community=community, as_external=True, organisation="Partner Ltd"
    )

    client.post(_link(invitation), {"display_name": "Pat", "password": NEW_PASSWORD})

    person = User.objects.get(email=invitation.email)
    assert person.is_external
    assert person.organisation == "Partner Ltd"


def test_a_refused_new_account_keeps_the_name(client):
    invitation = CommunityInvitationFactory()

    response = client.post(
        _link(invitation), {"display_name": "Nina", "password": "short"}
    )

    assert response.status_code == 400
    assert 'value="Nina"' in _main(response)
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_address_with_an_account_is_asked_to_sign_in(client):
    person = UserFactory()
    invitation = CommunityInvitationFactory(email=person.email)
    url = _link(invitation)

    html = _main(client.get(url))

    assert "This address already has an account." in html
    assert f"{reverse('accounts:login')}?next=" in html
    assert 'name="password"' not in html


def test_the_invited_person_joins_through_the_link_when_signed_in(client):
    me = _signed_in(client)
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    url = _link(CommunityInvitationFactory(community=community, email=me.email))

    page = _main(client.get(url))
    response = client.post(url)

    assert "Join" in page
    assert response.status_code == 302
    assert _is_member(community, me)


def test_a_signed_in_person_with_another_address_is_refused(client):
    me = _signed_in(client)
    invitation = CommunityInvitationFactory()
    url = _link(invitation)

    page = _main(client.get(url))
    response = client.post(url)

    assert "This invitation was sent to another e-mail address." in page
    assert response.status_code == 403
    assert "another e-mail address" in _main(response)
    assert not _is_member(invitation.community, me)


def test_a_used_link_is_a_404(client):
    me = _signed_in(client)
    url = _link(CommunityInvitationFactory(email=me.email))
    client.post(url)

    again = client.get(url)

    assert again.status_code == 404


def test_an_expired_link_is_a_404(client):
    invitation = CommunityInvitationFactory(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(_link(invitation))

    assert response.status_code == 404


def test_an_unknown_link_is_a_404(client):
    response = client.get(reverse("communities:invitation", args=["guessed"]))

    assert response.status_code == 404


def test_the_invitation_pages_have_no_untranslated_text(client, settings, monkeypatch):
    from django.utils import translation
    from django.utils.translation import trans_real

    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("LocaleMiddleware")
    ]
    monkeypatch.setitem(trans_real._translations, PSEUDO, PseudoTranslation())
    existing = UserFactory()
    new = _link(CommunityInvitationFactory(), "for-a-new-address")
    known = _link(CommunityInvitationFactory(email=existing.email), "for-a-known-one")

    with translation.override(PSEUDO):
        pages = [
            client.get(new),
            client.post(new, {"display_name": ""}),
            client.get(known),
        ]
        client.force_login(existing)
        pages += [client.get(known), client.get(new)]

    assert [untranslated(page.text) for page in pages] == [[]] * 5


def test_signing_in_from_the_link_comes_back_to_it(client):
    person = UserFactory()
    url = _link(CommunityInvitationFactory(email=person.email))

    response = client.post(
        f"{reverse('accounts:login')}?next={url}",
        {"username": person.email, "password": DEFAULT_PASSWORD, "next": url},
    )

    assert response.status_code == 302
    assert response.url == url


def test_an_external_member_joins_only_where_invited(client):
    external = ExternalMemberFactory()
    client.force_login(external)
    community = CommunityFactory(allows_externals=True)
    invitation = CommunityInvitationFactory(community=community, email=external.email)

    before = client.get(_url("detail", community))
    client.post(reverse("communities:accept", args=[invitation.pk]))
    after = client.get(_url("detail", community))

    assert before.status_code == 404
    assert after.status_code == 200


def test_a_join_request_is_not_a_membership(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    join_request = JoinRequestFactory(community=community)
    client.force_login(join_request.person)

    response = client.get(_url("members", community))

    assert response.status_code == 404
    assert not _is_member(community, join_request.person)
