"""Who gets what from the community pages.

Pages answer 302 (to sign in) to anonymous visitors; a community the viewer
may not even see is a 404; a change refused to someone who sees the
community is a 403. A form that succeeds sends the browser on (302).
"""

from commonplace.communities.access_common import at_least, page, reads, sees
from commonplace.communities.tasks import hash_token
from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    COMMUNITY_MANAGER,
    EXTERNAL,
    LEADER,
    MEMBER,
    MEMBERS_ONLY,
    OUTSIDER,
    OWNER,
    SIGNED_IN,
    Route,
)

# Starting a community: members of the organisation, not external members.
STARTED = {ANONYMOUS: 302, MEMBER: 302, EXTERNAL: 404, ADMINISTRATOR: 302}
# A link that leads nowhere is the same 404 for everyone, signed in or not.
NOWHERE = {ANONYMOUS: 404, MEMBER: 404, EXTERNAL: 404, ADMINISTRATOR: 404}
INSIDERS = (OUTSIDER, ADMINISTRATOR, COMMUNITY_MANAGER)
# A made-up link token, given to the test world's invitations.
TOKEN = "a-usable-invitation-token"  # noqa: S105 - not a secret


def _slug(world):
    return {"slug": world.community.slug}


def _membership(world):
    return {"slug": world.community.slug, "membership_id": world.membership.pk}


def _join_request(world):
    return {"slug": world.community.slug, "request_id": world.join_request.pk}


def _usable_link(world):
    """The invitation's link; only the mail knows a real token, so the test
    gives the world's invitation a known one."""
    world.invitation.token_hash = hash_token(TOKEN)
    world.invitation.save(update_fields=["token_hash"])
    return {"token": TOKEN}


def _details(world):
    return {
        "name": world.community.name,
        "purpose": "Renewed purpose.",
        "kind": "practice",
        "visibility": world.community.visibility,
        "cover_colour": "#1f5fbf",
    }


def _nobody(visibility, viewer):
    return False


def _leads_or_administers(visibility, viewer):
    return viewer in (OWNER, ADMINISTRATOR)


def _administrator(visibility, viewer):
    return viewer == ADMINISTRATOR


def _leaves(visibility, viewer):
    """Everyone who sees it may leave (a no-op for non-members); the world's
    owner is its last, who must stay until another owner exists."""
    return sees(visibility, viewer) and viewer != OWNER


def _may_request(visibility, viewer):
    return visibility == "private" and viewer in INSIDERS


def _anyone(visibility, viewer):
    return 200


def _link_opener(visibility, viewer):
    """An anonymous visitor creates the invited address's account and lands
    in the community; a signed-in person with another address is refused."""
    return 302 if viewer == ANONYMOUS else 403


PAGE_ROUTES: list[Route] = [
    Route("communities:directory", expect=MEMBERS_ONLY),
    Route("communities:mine", expect=SIGNED_IN),
    Route("communities:new", expect=MEMBERS_ONLY),
    Route(
        "communities:new",
        method="POST",
        expect=STARTED,
        data=lambda w: {
            "name": "A fresh community",
            "purpose": "Trying things out.",
            "kind": "practice",
            "visibility": "public",
            "cover_colour": "#1f5fbf",
        },
    ),
    Route("communities:detail", expect_in_community=page(sees), kwargs=_slug),
    # Nobody in the world has a cover image: 404 to all who see the community
    # and the same 404 to those who do not.
    Route("communities:cover", expect_in_community=page(sees, ok=404), kwargs=_slug),
    Route("communities:members", expect_in_community=page(reads), kwargs=_slug),
    # Members joining again keep their one membership; the others may join
    # exactly what they may read.
    Route(
        "communities:join",
        method="POST",
        expect_in_community=page(reads, ok=302, refused=403),
        kwargs=_slug,
    ),
    Route(
        "communities:leave",
        method="POST",
        expect_in_community=page(_leaves, ok=302, refused=400),
        kwargs=_slug,
    ),
    Route(
        "communities:request",
        method="POST",
        expect_in_community=page(_may_request, ok=302, refused=403),
        kwargs=_slug,
        data=lambda w: {"message": "I work on this."},
    ),
    Route(
        "communities:follow",
        method="POST",
        expect_in_community=page(reads, ok=302, refused=403),
        kwargs=_slug,
    ),
    Route(
        "communities:unfollow",
        method="POST",
        expect_in_community=page(sees, ok=302),
        kwargs=_slug,
    ),
    Route(
        "communities:admin-join",
        method="POST",
        expect_in_community=page(_administrator, ok=302, refused=403),
        kwargs=_slug,
        data=lambda w: {"reason": "A complaint about a post."},
    ),
    Route(
        "communities:edit",
        expect_in_community=page(at_least(LEADER)),
        kwargs=_slug,
    ),
    Route(
        "communities:edit",
        method="POST",
        expect_in_community=page(at_least(LEADER), ok=302),
        kwargs=_slug,
        data=_details,
    ),
    Route(
        "communities:manage",
        expect_in_community=page(at_least(LEADER)),
        kwargs=_slug,
    ),
    Route(
        "communities:decide-request",
        method="POST",
        expect_in_community=page(at_least(LEADER), ok=302),
        kwargs=_join_request,
        data=lambda w: {"approve": "1"},
    ),
    Route(
        "communities:invite",
        method="POST",
        expect_in_community=page(at_least(LEADER), ok=302),
        kwargs=_slug,
        data=lambda w: {"email": "newcomer@example.org", "role": "member"},
    ),
    Route(
        "communities:change-role",
        method="POST",
        expect_in_community=page(at_least(LEADER), ok=302),
        kwargs=_membership,
        data=lambda w: {"role": "moderator"},
    ),
    Route(
        "communities:remove-member",
        method="POST",
        expect_in_community=page(at_least(LEADER), ok=302),
        kwargs=_membership,
    ),
    Route(
        "communities:audit",
        expect_in_community=page(_leads_or_administers),
        kwargs=_slug,
    ),
    # The world's invitations are for addresses nobody in it has.
    Route(
        "communities:accept",
        method="POST",
        expect_in_community=page(_nobody),
        kwargs=lambda w: {"invitation_id": w.invitation.pk},
    ),
    Route(
        "communities:invitation",
        label="unknown link",
        expect=NOWHERE,
        kwargs=lambda w: {"token": "no-such-token"},
    ),
    Route(
        "communities:invitation",
        label="usable link",
        expect_in_community=_anyone,
        kwargs=_usable_link,
    ),
    Route(
        "communities:invitation",
        label="usable link",
        method="POST",
        expect_in_community=_link_opener,
        kwargs=_usable_link,
        data=lambda w: {
            "display_name": "Newly Invited",
            "password": "a long and unusual passphrase",
        },
    ),
]
