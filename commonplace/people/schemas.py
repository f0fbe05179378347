"""The shapes of people, teams and follows in the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from ninja import Field, Schema

from commonplace.core.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from commonplace.people import selectors
from commonplace.people.models import Follow, User


def _viewer(context: dict[str, Any]) -> User | AnonymousUser:
    return context["request"].user


class TeamSummaryOut(Schema):
    slug: str
    name: str
    kind: str


class TopicSummaryOut(Schema):
    slug: str
    name: str


class PersonSummaryOut(Schema):
    """A person as a list shows them."""

    id: int
    display_name: str
    job_title: str
    location: str
    team: TeamSummaryOut | None
    is_external: bool
    organisation: str
    is_active: bool
    avatar_url: str | None

    @staticmethod
    def resolve_avatar_url(person: User) -> str | None:
        if not person.avatar:
            return None
        return reverse("people:avatar", kwargs={"pk": person.pk})


class PersonOut(PersonSummaryOut):
    """A person's whole profile, as this viewer may see it.

    `email` is null for an external viewer looking at someone else;
    `manager` is null when there is none or the viewer may not see them.
    """

    email: str | None
    time_zone: str
    bio: str
    skills: list[TopicSummaryOut]
    manager: PersonSummaryOut | None
    follower_count: int
    is_following: bool

    # What depends on the viewer comes from the selectors, which apply the
    # policy; the viewer is the request's signed-in person.
    @staticmethod
    def resolve_email(person: User, context: dict[str, Any]) -> str | None:
        return selectors.shown_email(_viewer(context), person)

    @staticmethod
    def resolve_manager(person: User, context: dict[str, Any]) -> User | None:
        return selectors.visible_manager(_viewer(context), person)

    @staticmethod
    def resolve_follower_count(person: User, context: dict[str, Any]) -> int:
        return selectors.follower_count(_viewer(context), person)

    @staticmethod
    def resolve_is_following(person: User, context: dict[str, Any]) -> bool:
        return selectors.is_following(_viewer(context), person=person)


class ProfilePatch(Schema):
    """What a person may change about themselves; leave out what stays.

    Any other field (team, manager, is_external, is_staff...) is ignored:
    administrators set those. `skills` replaces the whole list.
    """

    display_name: str | None = None
    job_title: str | None = None
    location: str | None = None
    time_zone: str | None = None
    bio: str | None = None
    skills: list[str] | None = None


class PageQuery(Schema):
    """Which page of a list: the `next_cursor` of the page before, if any."""

    cursor: str | None = None
    size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class PeopleQuery(PageQuery):
    """The directory's filters; each is optional."""

    q: str = Field("", max_length=150, description="Part of a name")
    team: str = Field("", max_length=100, description="A team's slug")
    topic: str = Field("", max_length=100, description="A topic's slug or name")
    location: str = Field("", max_length=100, description="Part of a location")


class PeoplePageOut(Schema):
    items: list[PersonSummaryOut]
    next_cursor: str | None


class FollowingOut(Schema):
    """One thing the viewer follows: a person or a topic."""

    kind: Literal["person", "topic"]
    person: PersonSummaryOut | None
    topic: TopicSummaryOut | None
    created_at: datetime

    @staticmethod
    def resolve_kind(follow: Follow) -> str:
        return "person" if follow.person_id is not None else "topic"


class FollowingPageOut(Schema):
    items: list[FollowingOut]
    next_cursor: str | None


class TeamCountOut(TeamSummaryOut):
    member_count: int


class TeamTreeOut(TeamCountOut):
    """A department (or a team with no parent) and the teams in it."""

    children: list[TeamCountOut]


class TeamOut(TeamSummaryOut):
    parent: TeamSummaryOut | None
    children: list[TeamSummaryOut]
