"""Reading people, teams and follows, narrowed to what the viewer may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from commonplace import permissions
from commonplace.core.errors import NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.people.models import Follow, Team, User
from commonplace.topics.models import Topic
from commonplace.topics.naming import topic_key
from commonplace.topics.selectors import access_topic

BY_NAME = ("display_name", "id")
NEWEST_FIRST = ("-created_at", "-id")


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is narrowed by; blank means "any"."""

    name: str = ""
    team: Team | None = None
    topic: Topic | None = None
    location: str = ""
    # A filter named a team or topic that does not exist: nobody matches.
    unmatched: bool = False


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
    permissions.require(viewer, "browse_directory", hide=True)
    people = visible_people(viewer).prefetch_related("skills")
    people = people.filter(directory_filter(filters))
    return paginate(people, ordering=BY_NAME, cursor=cursor, size=size)


def directory_filter(filters: DirectoryFilters) -> Q:
    """The people `filters` narrow to, as one condition on User: so every
    list narrowed by team or location (the directory, who knows about a
    topic) narrows alike. Who may be seen is the caller's filter."""
    if filters.unmatched:
        return Q(pk__in=[])
    condition = Q()
    if filters.name.strip():
        condition &= Q(display_name__icontains=filters.name.strip())
    if filters.team is not None:
        condition &= Q(team=filters.team)
    if filters.topic is not None:
        condition &= Q(skills=filters.topic)
    if filters.location.strip():
        condition &= Q(location__icontains=filters.location.strip())
    return condition


def followers_of(
    viewer: permissions.Viewer,
    person: User,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[User]:
    """The visible people who follow `person`."""
    people = (
        visible_people(viewer)
        .filter(following__person=person)
        .prefetch_related("skills")
    )
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
        return Follow.objects.filter(follower_id=viewer.pk, person=person).exists()
    return Follow.objects.filter(follower_id=viewer.pk, topic=topic).exists()


def teams_tree(viewer: permissions.Viewer) -> list[Team]:
    """Departments with their teams and member counts, for the teams page."""
    permissions.require(viewer, "browse_directory", hide=True)
    active_members = Count("members", filter=Q(members__is_active=True))
    children = Team.objects.annotate(member_count=active_members).order_by("name")
    return list(
        Team.objects.filter(parent__isnull=True)
        .annotate(member_count=active_members)
        .prefetch_related(Prefetch("children", queryset=children))
        .order_by("name")
    )


def access_team(viewer: permissions.Viewer, slug: str) -> Team:
    """The team at `slug` with its sub-teams; NotFound for externals too."""
    permissions.require(viewer, "browse_directory", hide=True)
    team = (
        Team.objects.select_related("parent")
        .prefetch_related(Prefetch("children", queryset=Team.objects.order_by("name")))
        .filter(slug=slug)
        .first()
    )
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
    """What `viewer` follows, newest first.

    A followed person who has since become hidden (deactivated, or no longer
    following an external viewer) is left out, like everywhere else.
    """
    visible = User.objects.filter(permissions.visible_people_filter(viewer))
    follows = (
        Follow.objects.filter(follower_id=viewer.pk)
        .filter(Q(topic__isnull=False) | Q(person__in=visible.values("pk")))
        .select_related("person__team", "topic")
    )
    return paginate(follows, ordering=NEWEST_FIRST, cursor=cursor, size=size)


def suggested_people(viewer: permissions.Viewer, *, limit: int = 5) -> list[User]:
    """People the viewer might follow: their team first, then people who
    state the same skills; never someone already followed."""
    if not permissions.is_signed_in(viewer) or not can_browse_directory(viewer):
        return []
    followed = Follow.objects.filter(follower=viewer, person__isnull=False).values(
        "person"
    )
    shares_skill = User.skills.through.objects.filter(
        user=OuterRef("pk"), topic__in=viewer.skills.values("pk")
    )
    candidates = (
        visible_people(viewer)
        .exclude(pk=viewer.pk)
        .exclude(pk__in=followed)
        .annotate(
            closeness=Case(
                When(team_id=viewer.team_id or 0, then=Value(2)),
                When(Exists(shares_skill), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("team")
    )
    return list(candidates.order_by("-closeness", "display_name", "id")[:limit])


def can_browse_directory(viewer: permissions.Viewer) -> bool:
    """Whether the directory, teams and topics are open to `viewer`."""
    return permissions.can(viewer, "browse_directory")


def team_choices(viewer: permissions.Viewer) -> list[Team]:
    """Every team and department by name, for the directory's team filter."""
    permissions.require(viewer, "browse_directory", hide=True)
    return list(Team.objects.order_by("name", "pk"))


def find_team(slug: str) -> Team | None:
    """The team at `slug`, or None: a filter on an unknown team matches nobody."""
    return Team.objects.filter(slug=slug.strip()).first() if slug.strip() else None


def find_topic(text: str) -> Topic | None:
    """The current topic whose slug or name is `text`, in any spelling.

    A merged synonym gives its surviving topic. None when no topic matches,
    so a filter on an unknown topic answers "nobody", not an error.
    """
    return find_topics([text])[0]


def find_topics(texts: Sequence[str]) -> list[Topic | None]:
    """`find_topic` of each of `texts`, in order, in one query (one more
    per merged synonym named): a form naming several topics looks them up
    together."""
    wanted = [(text.strip(), topic_key(text.strip())) for text in texts]
    slugs = {text for text, _key in wanted if text}
    keys = {key for _text, key in wanted if key}
    if not slugs:
        return [None] * len(wanted)
    matches = list(Topic.objects.filter(Q(slug__in=slugs) | Q(key__in=keys)))
    return [_named(text, key, matches) for text, key in wanted]


def _named(text: str, key: str, matches: list[Topic]) -> Topic | None:
    # A slug typed exactly wins over another topic's name.
    named = [topic for topic in matches if topic.slug == text] or [
        topic for topic in matches if key and topic.key == key
    ]
    if not text or not named:
        return None
    if named[0].merged_into_id is None:
        return named[0]
    try:
        return access_topic(named[0].slug)
    except NotFound:
        return None


def access_followable_topic(viewer: permissions.Viewer, slug: str) -> Topic:
    """The topic at `slug` for following; NotFound for externals and strays."""
    permissions.require(viewer, "browse_directory", hide=True)
    return access_topic(slug)


def visible_manager(viewer: permissions.Viewer, person: User) -> User | None:
    """`person`'s manager when `viewer` may see them; None otherwise.

    An external member must not learn who manages someone they can see,
    just as they cannot see the manager's own page.
    """
    manager = person.manager
    if manager is None or not permissions.can(viewer, "view_person", manager):
        return None
    return manager


def shown_email(viewer: permissions.Viewer, person: User) -> str | None:
    """The address to show `viewer`: members see colleagues', externals
    only their own."""
    if not permissions.is_signed_in(viewer):
        return None
    if getattr(viewer, "is_external", False) and viewer.pk != person.pk:
        return None
    return person.email
