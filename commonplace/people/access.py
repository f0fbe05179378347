"""Who gets what from the people pages and API.

Members see every active person; external members see themselves and the
people who follow them (the partner contact), never the colleague; only
administrators see a deactivated person. The directory, teams and topics
are for members: externals get 404, as for a page that does not exist.
"""

from commonplace.core.access import (
    ADMINISTRATOR,
    ANONYMOUS,
    API_MEMBERS_ONLY,
    API_SIGNED_IN,
    EXTERNAL,
    MEMBER,
    MEMBERS_ONLY,
    SIGNED_IN,
    Route,
)

# Pages about one person, by who that person is.
HIDDEN_FROM_EXTERNALS = {ANONYMOUS: 302, MEMBER: 200, EXTERNAL: 404, ADMINISTRATOR: 200}
ADMINISTRATORS_ONLY = {ANONYMOUS: 302, MEMBER: 404, EXTERNAL: 404, ADMINISTRATOR: 200}
API_HIDDEN_FROM_EXTERNALS = {
    ANONYMOUS: 401,
    MEMBER: 200,
    EXTERNAL: 404,
    ADMINISTRATOR: 200,
}
API_ADMINISTRATORS_ONLY = {
    ANONYMOUS: 401,
    MEMBER: 404,
    EXTERNAL: 404,
    ADMINISTRATOR: 200,
}
# A successful form (follow, unfollow, save) sends the browser on.
FOLLOW_FORM = {ANONYMOUS: 302, MEMBER: 302, EXTERNAL: 302, ADMINISTRATOR: 302}
FOLLOW_FORM_MEMBERS_ONLY = {
    ANONYMOUS: 302,
    MEMBER: 302,
    EXTERNAL: 404,
    ADMINISTRATOR: 302,
}
# Nobody in the world has a photo: the answer is 404 to everyone who may
# see the person, and the same 404 to those who may not.
NO_PHOTO = {ANONYMOUS: 302, MEMBER: 404, EXTERNAL: 404, ADMINISTRATOR: 404}
API_NO_CONTENT = {ANONYMOUS: 401, MEMBER: 204, EXTERNAL: 204, ADMINISTRATOR: 204}
API_NO_CONTENT_MEMBERS_ONLY = {
    ANONYMOUS: 401,
    MEMBER: 204,
    EXTERNAL: 404,
    ADMINISTRATOR: 204,
}
# Posting no file at all is a validation error for everyone signed in.
API_MISSING_FILE = {ANONYMOUS: 401, MEMBER: 422, EXTERNAL: 422, ADMINISTRATOR: 422}


def _colleague(world):
    return {"pk": world.colleague.pk}


def _partner(world):
    return {"pk": world.partner_contact.pk}


def _deactivated(world):
    return {"pk": world.deactivated.pk}


def _external(world):
    return {"pk": world.external.pk}


def _colleague_id(world):
    return {"person_id": world.colleague.pk}


def _partner_id(world):
    return {"person_id": world.partner_contact.pk}


def _deactivated_id(world):
    return {"person_id": world.deactivated.pk}


def _external_id(world):
    return {"person_id": world.external.pk}


def _team(world):
    return {"slug": world.team.slug}


def _topic(world):
    return {"slug": world.topic.slug}


JSON = "application/json"

ROUTES = [
    # --- Pages ---
    Route("people:directory", expect=MEMBERS_ONLY),
    Route(
        "people:person",
        expect=HIDDEN_FROM_EXTERNALS,
        kwargs=_colleague,
        label="colleague",
    ),
    Route("people:person", expect=SIGNED_IN, kwargs=_partner, label="partner contact"),
    Route("people:person", expect=SIGNED_IN, kwargs=_external, label="external"),
    Route(
        "people:person",
        expect=ADMINISTRATORS_ONLY,
        kwargs=_deactivated,
        label="deactivated",
    ),
    Route(
        "people:followers",
        expect=HIDDEN_FROM_EXTERNALS,
        kwargs=_colleague,
        label="colleague",
    ),
    Route("people:followers", expect=SIGNED_IN, kwargs=_external, label="external"),
    Route(
        "people:followers",
        expect=ADMINISTRATORS_ONLY,
        kwargs=_deactivated,
        label="deactivated",
    ),
    Route(
        "people:follow",
        method="POST",
        expect=FOLLOW_FORM_MEMBERS_ONLY,
        kwargs=_colleague,
        label="colleague",
    ),
    Route(
        "people:follow",
        method="POST",
        expect=FOLLOW_FORM,
        kwargs=_partner,
        label="partner contact",
    ),
    Route(
        "people:unfollow",
        method="POST",
        expect=FOLLOW_FORM_MEMBERS_ONLY,
        kwargs=_colleague,
        label="colleague",
    ),
    Route(
        "people:unfollow",
        method="POST",
        expect=FOLLOW_FORM,
        kwargs=_partner,
        label="partner contact",
    ),
    Route(
        "people:follow-topic",
        method="POST",
        expect=FOLLOW_FORM_MEMBERS_ONLY,
        kwargs=_topic,
    ),
    Route(
        "people:unfollow-topic",
        method="POST",
        expect=FOLLOW_FORM_MEMBERS_ONLY,
        kwargs=_topic,
    ),
    Route("people:avatar", expect=NO_PHOTO, kwargs=_colleague, label="colleague"),
    Route("people:avatar", expect=NO_PHOTO, kwargs=_deactivated, label="deactivated"),
    Route("people:profile-edit", expect=SIGNED_IN),
    # Saving sends the person to their page; the extra fields change nothing.
    Route(
        "people:profile-edit",
        method="POST",
        expect=FOLLOW_FORM,
        data=lambda w: {
            "display_name": "New Name",
            "team": w.team.pk,
            "is_staff": "on",
        },
        label="save",
    ),
    Route("people:teams", expect=MEMBERS_ONLY),
    Route("people:team", expect=MEMBERS_ONLY, kwargs=_team),
    # --- API ---
    Route("api:me", expect=API_SIGNED_IN),
    Route(
        "api:me",
        method="PATCH",
        expect=API_SIGNED_IN,
        data=lambda w: {"job_title": "Engineer"},
        content_type=JSON,
    ),
    Route(
        "api:me-avatar",
        method="POST",
        expect=API_MISSING_FILE,
        label="without a file",
    ),
    Route("api:me-avatar", method="DELETE", expect=API_NO_CONTENT),
    Route("api:people", expect=API_MEMBERS_ONLY),
    Route(
        "api:person",
        expect=API_HIDDEN_FROM_EXTERNALS,
        kwargs=_colleague_id,
        label="colleague",
    ),
    Route(
        "api:person", expect=API_SIGNED_IN, kwargs=_partner_id, label="partner contact"
    ),
    Route(
        "api:person",
        expect=API_ADMINISTRATORS_ONLY,
        kwargs=_deactivated_id,
        label="deactivated",
    ),
    Route(
        "api:person-followers",
        expect=API_HIDDEN_FROM_EXTERNALS,
        kwargs=_colleague_id,
        label="colleague",
    ),
    Route(
        "api:person-followers",
        expect=API_SIGNED_IN,
        kwargs=_external_id,
        label="external",
    ),
    Route("api:following", expect=API_SIGNED_IN),
    Route(
        "api:follow-person",
        method="PUT",
        expect=API_HIDDEN_FROM_EXTERNALS,
        kwargs=_colleague_id,
        label="colleague",
    ),
    Route(
        "api:follow-person",
        method="PUT",
        expect=API_SIGNED_IN,
        kwargs=_partner_id,
        label="partner contact",
    ),
    Route(
        "api:follow-person",
        method="DELETE",
        expect=API_NO_CONTENT_MEMBERS_ONLY,
        kwargs=_colleague_id,
        label="colleague",
    ),
    Route(
        "api:follow-person",
        method="DELETE",
        expect=API_NO_CONTENT,
        kwargs=_partner_id,
        label="partner contact",
    ),
    Route("api:follow-topic", method="PUT", expect=API_MEMBERS_ONLY, kwargs=_topic),
    Route(
        "api:follow-topic",
        method="DELETE",
        expect=API_NO_CONTENT_MEMBERS_ONLY,
        kwargs=_topic,
    ),
    Route("api:teams", expect=API_MEMBERS_ONLY),
    Route("api:team", expect=API_MEMBERS_ONLY, kwargs=_team),
    Route("api:team-members", expect=API_MEMBERS_ONLY, kwargs=_team),
]
