"""Reading people, teams and follows, narrowed to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from commonplace import permissions
from commonplace.core.errors import NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.people.models import Follow, Team, User
from commonplace.topics.models import Topic

BY_NAME = ("display_name", "id")
NEWEST_FIRST = ("-created_at", "-id")


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is narrowed by; blank means "any"."""

    name: str = ""
    team: Team | None = None
    topic: Topic | None = None
    location: str = ""


def visible_people(viewer: permissions.Viewer) -> QuerySet[User]:
    """Everyone `viewer` may see, with what a list of people shows."""
    return User.objects.filter(
        permissions.visible_people_filter(viewer)
    ).select_related("team")


def access_person(viewer: permissions.Viewer, person_id: int) -> User:
    """The person, or NotFound when absent or hidden: the two look alike."""
    person = (
        User.objects.select_related("team", "manager")
        .prefetch_related("skills")
        .filter(pk=person_id)
        .first()
    )
    if person is None or not permissions.can(viewer, "view_person", person):
        raise NotFound
    return person


def directory(
    viewer: permissions.Viewer,
    filters: DirectoryFilters,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[User]:
    """A page of the organisation's directory, by name."""
    permissions.require(viewer, "browse_directory")
    people = visible_people(viewer).prefetch_related("skills")
    if filters.name.strip():
        people = people.filter(display_name__icontains=filters.name.strip())
    if filters.team is not None:
        people = people.filter(team=filters.team)
    if filters.topic is not None:
        people = people.filter(skills=filters.topic)
    if filters.location.strip():
        people = people.filter(location__icontains=filters.location.strip())
    return paginate(people, ordering=BY_NAME, cursor=cursor, size=size)


def followers_of(
    viewer: permissions.Viewer,
    person: User,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[User]:
    """The visible people who follow `person`."""
    people = visible_people(viewer).filter(following__person=person)
    return paginate(people, ordering=BY_NAME, cursor=cursor, size=size)


def follower_count(viewer: permissions.Viewer, person: User) -> int:
    return visible_people(viewer).filter(following__person=person).count()


def reports_of(viewer: permissions.Viewer, manager: User) -> list[User]:
    """The visible people who report to `manager`, by name."""
    return list(visible_people(viewer).filter(manager=manager).order_by(*BY_NAME))


def is_following(
    viewer: permissions.Viewer,
    *,
    person: User | None = None,
    topic: Topic | None = None,
) -> bool:
    if not permissions.is_signed_in(viewer):
        return False
    if person is not None:
        return Follow.objects.filter(follower=viewer, person=person).exists()
    return Follow.objects.filter(follower=viewer, topic=topic).exists()


def teams_tree(viewer: permissions.Viewer) -> list[Team]:
    """Departments with their teams and member counts, for the teams page."""
    permissions.require(viewer, "browse_directory")
    active_members = Count("members", filter=Q(members__is_active=True))
    children = Team.objects.annotate(member_count=active_members).order_by("name")
    return list(
        Team.objects.filter(parent__isnull=True)
        .annotate(member_count=active_members)
        .prefetch_related(Prefetch("children", queryset=children))
        .order_by("name")
    )


def access_team(viewer: permissions.Viewer, slug: str) -> Team:
    permissions.require(viewer, "browse_directory")
    team = Team.objects.select_related("parent").filter(slug=slug).first()
    if team is None:
        raise NotFound
    return team


def team_members(
    viewer: permissions.Viewer, team: Team, *, cursor: str | None = None, size: int = 20
) -> Page[User]:
    people = visible_people(viewer).filter(team=team).prefetch_related("skills")
    return paginate(people, ordering=BY_NAME, cursor=cursor, size=size)


def people_stating(
    viewer: permissions.Viewer,
    topic: Topic,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[User]:
    """The visible people who list `topic` among their skills."""
    people = visible_people(viewer).filter(skills=topic)
    return paginate(people, ordering=BY_NAME, cursor=cursor, size=size)


def following_of(
    viewer: permissions.Viewer, *, cursor: str | None = None, size: int = 20
) -> Page[Follow]:
    """What `viewer` follows, newest first."""
    follows = Follow.objects.filter(follower=viewer).select_related("person", "topic")
    return paginate(follows, ordering=NEWEST_FIRST, cursor=cursor, size=size)
