"""People in the API: one's own profile, the directory, follows and teams.

The directory and teams are for the organisation's members: external
members get 404 there, exactly as for something that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, UploadedFile
from ninja.responses import Status

from commonplace.api.auth import acting_person
from commonplace.core.pagination import Page
from commonplace.people import selectors, services
from commonplace.people.models import Follow, Team, User
from commonplace.people.schemas import (
    FollowingOut,
    FollowingPageOut,
    PageQuery,
    PeoplePageOut,
    PeopleQuery,
    PersonOut,
    ProfilePatch,
    TeamOut,
    TeamTreeOut,
)

router = Router(tags=["people"])

# Text fields that a JSON null clears, as an empty string would.
CLEARABLE = ("job_title", "location", "time_zone", "bio")


# --- One's own profile ---------------------------------------------------------


@router.get("/me", response=PersonOut, url_name="me")
def get_me(request: HttpRequest) -> User:
    """The signed-in person's own profile, e-mail included."""
    viewer = acting_person(request)
    return selectors.access_person(viewer, viewer.pk)


@router.patch("/me", response=PersonOut, url_name="me")
def update_me(request: HttpRequest, payload: ProfilePatch) -> User:
    """Change one's own profile; fields left out stay as they are.

    Team, manager and the external flag are not part of the body: sent
    anyway, they are ignored.
    """
    viewer = acting_person(request)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    skills = changes.pop("skills", None)
    for field in CLEARABLE:
        if field in changes and changes[field] is None:
            changes[field] = ""
    if changes.get("display_name", "") is None:
        changes["display_name"] = ""
    services.update_profile(
        person=selectors.access_person(viewer, viewer.pk),
        changed_by=viewer,
        skills=skills,
        **changes,
    )
    return selectors.access_person(viewer, viewer.pk)


@router.post("/me/avatar", response=PersonOut, url_name="me-avatar")
def upload_avatar(request: HttpRequest, avatar: File[UploadedFile]) -> User:
    """Replace one's photo (multipart, field `avatar`; at most 5 MB).

    The image is re-encoded as a square WebP; anything that is not a JPEG,
    PNG, GIF or WebP image is refused with 400, a larger file with 413.
    """
    viewer = acting_person(request)
    person = selectors.access_person(viewer, viewer.pk)
    services.set_avatar(person=person, changed_by=viewer, upload=avatar)
    return selectors.access_person(viewer, viewer.pk)


@router.delete("/me/avatar", response={204: None}, url_name="me-avatar")
def delete_avatar(request: HttpRequest) -> Status[None]:
    """Go back to generated initials."""
    viewer = acting_person(request)
    person = selectors.access_person(viewer, viewer.pk)
    services.remove_avatar(person=person, changed_by=viewer)
    return Status(204, None)


# --- The directory and people ----------------------------------------------------


@router.get("/people", response=PeoplePageOut, url_name="people")
def list_people(
    request: HttpRequest,
    query: Query[PeopleQuery],
) -> Page[User]:
    """The organisation's directory, by name; every filter is optional.

    A team or topic that does not exist matches nobody.
    """
    team = selectors.find_team(query.team)
    topic = selectors.find_topic(query.topic)
    filters = selectors.DirectoryFilters(
        name=query.q,
        team=team,
        topic=topic,
        location=query.location,
        unmatched=bool(query.team.strip() and team is None)
        or bool(query.topic.strip() and topic is None),
    )
    return selectors.directory(
        acting_person(request), filters, cursor=query.cursor, size=query.size
    )


@router.get("/people/{person_id}", response=PersonOut, url_name="person")
def get_person(request: HttpRequest, person_id: int) -> User:
    """One person's profile; hidden and missing people are the same 404."""
    return selectors.access_person(acting_person(request), person_id)


@router.get(
    "/people/{person_id}/followers",
    response=PeoplePageOut,
    url_name="person-followers",
)
def person_followers(
    request: HttpRequest,
    person_id: int,
    page: Query[PageQuery],
) -> Page[User]:
    """The people who follow this person, as far as the viewer may see them."""
    viewer = acting_person(request)
    person = selectors.access_person(viewer, person_id)
    return selectors.followers_of(viewer, person, cursor=page.cursor, size=page.size)


# --- Following -------------------------------------------------------------------


@router.get("/me/following", response=FollowingPageOut, url_name="following")
def list_following(request: HttpRequest, page: Query[PageQuery]) -> Page[Follow]:
    """The people and topics the signed-in person follows, newest first."""
    return selectors.following_of(
        acting_person(request), cursor=page.cursor, size=page.size
    )


@router.put(
    "/me/following/people/{person_id}",
    response=FollowingOut,
    url_name="follow-person",
)
def follow_person(request: HttpRequest, person_id: int) -> Follow:
    """Follow a person; following again changes nothing."""
    viewer = acting_person(request)
    person = selectors.access_person(viewer, person_id)
    return services.follow_person(follower=viewer, person=person)


@router.delete(
    "/me/following/people/{person_id}",
    response={204: None},
    url_name="follow-person",
)
def unfollow_person(request: HttpRequest, person_id: int) -> Status[None]:
    """Stop following a person; unfollowing again changes nothing."""
    viewer = acting_person(request)
    person = selectors.access_person(viewer, person_id)
    services.unfollow_person(follower=viewer, person=person)
    return Status(204, None)


@router.put(
    "/me/following/topics/{slug}", response=FollowingOut, url_name="follow-topic"
)
def follow_topic(request: HttpRequest, slug: str) -> Follow:
    """Follow a topic (a merged synonym follows its survivor)."""
    viewer = acting_person(request)
    topic = selectors.access_followable_topic(viewer, slug)
    return services.follow_topic(follower=viewer, topic=topic)


@router.delete(
    "/me/following/topics/{slug}", response={204: None}, url_name="follow-topic"
)
def unfollow_topic(request: HttpRequest, slug: str) -> Status[None]:
    """Stop following a topic; unfollowing again changes nothing."""
    viewer = acting_person(request)
    topic = selectors.access_followable_topic(viewer, slug)
    services.unfollow_topic(follower=viewer, topic=topic)
    return Status(204, None)


# --- Teams -----------------------------------------------------------------------


@router.get("/teams", response=list[TeamTreeOut], url_name="teams")
def list_teams(request: HttpRequest) -> list[Team]:
    """Departments with their teams and active member counts, by name."""
    return selectors.teams_tree(acting_person(request))


@router.get("/teams/{slug}", response=TeamOut, url_name="team")
def get_team(request: HttpRequest, slug: str) -> Team:
    return selectors.access_team(acting_person(request), slug)


@router.get("/teams/{slug}/members", response=PeoplePageOut, url_name="team-members")
def team_members(
    request: HttpRequest,
    slug: str,
    page: Query[PageQuery],
) -> Page[User]:
    """The team's members, by name."""
    viewer = acting_person(request)
    team = selectors.access_team(viewer, slug)
    return selectors.team_members(viewer, team, cursor=page.cursor, size=page.size)
