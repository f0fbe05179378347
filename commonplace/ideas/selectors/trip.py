"""Reading ideas, their trip and their decisions, as the viewer may.

Ideas, supports, moves and decision records are the community's content:
a viewer who may not read the community finds none of them, nor any count
of them. Lists are keyset-paginated and cost a fixed number of queries
whatever their length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community, Role
from commonplace.communities.selectors import (
    readable_communities,
    remember_role,
    with_role_in_community,
)
from commonplace.core.compiled import Compiled
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.ideas.models import (
    DEFAULT_WAITING_DAYS,
    MAX_COAUTHORS,
    OUTCOME_KINDS,
    DecisionRecord,
    Idea,
    IdeaSettings,
    IdeaVersion,
    Stage,
    StageMove,
    Support,
)
from commonplace.knowledge.models import Post, PostKind
from commonplace.people.models import Follow, User
from commonplace.search.registry import Filters
from commonplace.search.selectors import Hit, similar

# The orders of a community's ideas, each ending with a unique column.
ORDERS = {
    "newest": ("-created_at", "-pk"),
    "supported": ("-support_count", "-pk"),
    "waiting": ("stage_entered_at", "pk"),
}
SIMILAR_IDEAS = 5
WAITING_SHOWN = 5


def readable_ideas(viewer: permissions.Viewer) -> QuerySet[Idea]:
    """Every idea in a community the viewer may read."""
    return Idea.objects.filter(community__in=readable_communities(viewer).values("pk"))


def readable_decisions(viewer: permissions.Viewer) -> QuerySet[DecisionRecord]:
    return DecisionRecord.objects.filter(
        community__in=readable_communities(viewer).values("pk")
    )


def _checked_community(
    viewer: permissions.Viewer, row: Any, community: Community
) -> None:
    remember_role(viewer, community, row)
    if not permissions.can(viewer, "community.read", community):
        raise NotFound


def access_idea(viewer: permissions.Viewer, idea_id: int) -> Idea:
    """The idea with its community, stage and author, or NotFound when it
    does not exist or the viewer may not read its community."""
    ideas = Idea.objects.select_related("community", "stage", "author", "thread")
    idea = with_role_in_community(ideas, viewer, "community").filter(pk=idea_id).first()
    if idea is None:
        raise NotFound
    _checked_community(viewer, idea, idea.community)
    return idea


def access_decision(viewer: permissions.Viewer, decision_id: int) -> DecisionRecord:
    records = DecisionRecord.objects.select_related(
        "idea", "community", "recorded_by", "thread"
    )
    record = (
        with_role_in_community(records, viewer, "community")
        .filter(pk=decision_id)
        .first()
    )
    if record is None:
        raise NotFound
    _checked_community(viewer, record, record.community)
    return record


def access_stage(community: Community, stage_id: int) -> Stage:
    """One of the community's stages; any other id is bad input (400)."""
    stage = Stage.objects.filter(community=community, pk=stage_id).first()
    if stage is None:
        message = _("Choose one of this community's stages.")
        raise InvalidInput(message, fields={"stage": [message]})
    stage.community = community
    return stage


# What a list shows of an idea, on a page or in the API (its card, a board
# row, a waiting line): never its texts, which only its own page reads.
LISTED_FIELDS = (
    "community",
    "title",
    "stage",
    "stage__name",
    "stage__kind",
    "author",
    "author__display_name",
    "created_at",
    "support_count",
    "stage_entered_at",
    "evaluation_score",
    "evaluator_count",
)


def listed(ideas: QuerySet[Idea], *, with_stage: bool = True) -> QuerySet[Idea]:
    """The ideas as lists show them, with their author and (unless the
    list is of one stage, `with_stage` false) their stage."""
    if with_stage:
        return ideas.select_related("stage", "author").only(*LISTED_FIELDS)
    fields = [name for name in LISTED_FIELDS if not name.startswith("stage__")]
    return ideas.select_related("author").only(*fields)


# A community's stages: most ideas pages ask (core.compiled).
_STAGES = Compiled(
    Stage, lambda community_id: Stage.objects.filter(community_id=community_id), int
)


def stages_of(community: Community) -> list[Stage]:
    """The community's stages in order, each with how many ideas it holds;
    empty until the community's first idea or its leaders' first edit."""
    return _STAGES.rows(community.pk)


def _with_viewer(ideas: QuerySet[Idea], viewer: permissions.Viewer) -> QuerySet[Idea]:
    """Whether the viewer backs each idea, read with the ideas."""
    if not permissions.is_signed_in(viewer):
        return ideas
    mine = Support.objects.filter(idea=OuterRef("pk"), person=viewer)
    return ideas.annotate(viewer_supports=Exists(mine))


def ideas_of(
    viewer: permissions.Viewer,
    community: Community,
    *,
    stage: Stage | None = None,
    order: str = "newest",
    cursor: str | None = None,
    size: int = 20,
) -> Page[Idea]:
    """One page of the community's ideas (of one stage, if given), in one
    of ORDERS; the caller has checked the viewer reads the community."""
    if order not in ORDERS:
        message = _("Choose one of: %(orders)s.") % {"orders": ", ".join(ORDERS)}
        raise InvalidInput(message, fields={"order": [message]})
    ideas = Idea.objects.filter(community=community)
    if stage is not None:
        ideas = ideas.filter(stage=stage)
    rows = _with_viewer(listed(ideas), viewer)
    return paginate(rows, ordering=ORDERS[order], cursor=cursor, size=size)


def waiting_ideas(community: Community) -> QuerySet[Idea]:
    """Ideas someone still owes an answer: not declined, parked or at the
    end of the trip."""
    return Idea.objects.filter(community=community).exclude(
        Q(stage__kind__in=OUTCOME_KINDS) | Q(stage__is_final=True)
    )


def waiting_longest(community: Community, size: int = WAITING_SHOWN) -> list[Idea]:
    """The ideas waiting longest without a move, longest first."""
    rows = listed(waiting_ideas(community))
    return list(rows.order_by("stage_entered_at", "pk")[:size])


# A community's settings and trip revision (core.compiled).
_SETTINGS = Compiled(
    IdeaSettings,
    lambda community_id: (
        IdeaSettings.objects.filter(community_id=community_id)
        .order_by("pk")
        .values_list("waiting_days", "revision")[:1]
    ),
    int,
)


def waiting_days(community: Community) -> int:
    """After how many days without a move an idea counts as waiting too long."""
    found = _SETTINGS.tuples(community.pk)
    return found[0][0] if found else DEFAULT_WAITING_DAYS


def trip_revision(community: Community) -> int:
    """How many times the community's ideas or stages have changed
    (IdeaSettings.revision, kept by the services)."""
    found = _SETTINGS.tuples(community.pk)
    return found[0][1] if found else 0


@dataclass(frozen=True)
class OverdueIdeas:
    """One community's ideas waiting past its threshold, for its leaders."""

    community: Community
    days: int
    count: int
    leaders: list[User]


def overdue_ideas(now: datetime | None = None) -> list[OverdueIdeas]:
    """Every community with ideas waiting past its threshold, with the
    leaders to tell: the weekly digest's reading."""
    moment = now or timezone.now()
    overdue = []
    with_ideas = Community.objects.filter(
        pk__in=Idea.objects.values("community_id")
    ).order_by("pk")
    for community in with_ideas:
        days = waiting_days(community)
        count = (
            waiting_ideas(community)
            .filter(stage_entered_at__lt=moment - timedelta(days=days))
            .count()
        )
        if count:
            overdue.append(OverdueIdeas(community, days, count, leaders_of(community)))
    return overdue


def leaders_of(community: Community) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__community=community,
            memberships__role__in=[Role.OWNER, Role.LEADER],
        ).order_by("pk")
    )


@dataclass(frozen=True)
class IdeaPage:
    """What an idea's page shows beside the idea itself."""

    moves: list[StageMove]
    decisions: list[DecisionRecord]
    coauthors: list[User]
    topics: list[Any]
    supported_version: int | None
    follows: bool
    stages: list[Stage]


def idea_page(viewer: permissions.Viewer, idea: Idea) -> IdeaPage:
    """The idea's trip, decisions, authors and the viewer's own standing."""
    moves = idea.moves.select_related("moved_by", "decision").order_by(
        "created_at", "pk"
    )
    supported = None
    follows = False
    if permissions.is_signed_in(viewer):
        supported = (
            Support.objects.filter(idea=idea, person=viewer)
            .values_list("version", flat=True)
            .first()
        )
        follows = Follow.objects.filter(follower=viewer, idea=idea).exists()
    return IdeaPage(
        moves=list(moves),
        decisions=list(idea.decisions.order_by("-created_at", "-pk")),
        coauthors=list(idea.coauthors.order_by("display_name", "pk")),
        topics=list(idea.topics.order_by("name")),
        supported_version=supported,
        follows=follows,
        stages=stages_of(idea.community),
    )


def supporters(
    idea: Idea, *, cursor: str | None = None, size: int = 20
) -> Page[Support]:
    """Who backs the idea, newest first, with the version each backed."""
    rows = Support.objects.filter(idea=idea, person__is_active=True).select_related(
        "person"
    )
    return paginate(rows, ordering=("-created_at", "-pk"), cursor=cursor, size=size)


def version_of(idea: Idea, number: int) -> IdeaVersion:
    version = idea.versions.select_related("written_by").filter(number=number).first()
    if version is None:
        raise NotFound
    return version


def versions_of(idea: Idea) -> list[IdeaVersion]:
    return list(idea.versions.select_related("written_by").order_by("-number"))


def decisions_of(
    community: Community,
    *,
    outcome: str = "",
    cursor: str | None = None,
    size: int = 20,
) -> Page[DecisionRecord]:
    """The community's decision records, newest first; the caller has
    checked the viewer reads the community."""
    records = DecisionRecord.objects.filter(community=community)
    if outcome:
        records = records.filter(outcome=outcome)
    rows = records.select_related("idea", "recorded_by")
    return paginate(rows, ordering=("-created_at", "-pk"), cursor=cursor, size=size)


def similar_ideas(
    viewer: permissions.Viewer, community: Community, text: str
) -> list[Hit]:
    """Ideas in the community like one being written, so people can join
    one instead of starting another."""
    return similar(
        viewer,
        text,
        kind="idea",
        filters=Filters(community_id=community.pk),
        size=SIMILAR_IDEAS,
    )


def concerned_people(idea: Idea) -> list[User]:
    """Everyone an idea's moves concern: its authors, supporters and
    followers, each once, active people only."""
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(pk=idea.author_id)
            | Q(pk__in=idea.coauthors.values("pk"))
            | Q(pk__in=Support.objects.filter(idea=idea).values("person_id"))
            | Q(pk__in=Follow.objects.filter(idea=idea).values("follower_id"))
        )
        .order_by("pk")
    )


def backers(idea: Idea) -> list[User]:
    """The active people who back the idea: told when its words change."""
    people = Support.objects.filter(idea=idea).values("person_id")
    return list(User.objects.filter(is_active=True, pk__in=people).order_by("pk"))


def latest_decision_id(idea: Idea) -> int | None:
    """The idea's newest decision record: the one a parked idea waits on."""
    return (
        idea.decisions.order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def moves_of(idea: Idea) -> list[StageMove]:
    """The idea's trip so far, oldest move first, with who moved it."""
    moves = idea.moves.select_related("moved_by", "decision")
    return list(moves.order_by("created_at", "pk"))


def people_named(viewer: permissions.Viewer, ids: list[int]) -> list[User]:
    """The co-authors these ids name (as `people_with_ids` finds them),
    any error said under `coauthors`; a list longer than an idea takes is
    refused before anyone is looked up."""
    wanted = list(dict.fromkeys(ids))
    # One more than the most co-authors: the author may be named too, and
    # the service, which leaves the author out, counts exactly.
    if len(wanted) > MAX_COAUTHORS + 1:
        message = _("Name at most %(max)d co-authors.") % {"max": MAX_COAUTHORS}
        raise InvalidInput(message, fields={"coauthors": [message]})
    return people_with_ids(viewer, wanted, field="coauthors")


def people_with_ids(
    viewer: permissions.Viewer, ids: list[int], *, field: str
) -> list[User]:
    """The active people these ids name, in the order given (each once),
    among those the viewer may see; an id naming anyone else is bad input,
    said under `field`. The caller bounds how many ids it passes."""
    wanted = list(dict.fromkeys(ids))
    found = {
        person.pk: person
        for person in User.objects.filter(
            permissions.visible_people_filter(viewer), is_active=True, pk__in=wanted
        )
    }
    unknown = [str(pk) for pk in wanted if pk not in found]
    if unknown:
        message = _("No one you can see has the id %(ids)s.") % {
            "ids": ", ".join(unknown)
        }
        raise InvalidInput(message, fields={field: [message]})
    return [found[pk] for pk in wanted]


@dataclass(frozen=True)
class Discussed:
    """What a thread discusses: an idea, or the decision on one."""

    kind: str  # "idea" or "decision"
    pk: int
    idea_title: str


def discussed_in(post: Post) -> Discussed | None:
    """The idea or decision record whose thread the post is, for a banner
    on the post's page (one query, none for other kinds of post). The
    caller has checked the viewer reads the post; its idea is in the same
    community, so the viewer reads that too."""
    if post.kind != PostKind.DISCUSSION:
        return None
    row = (
        Post.objects.filter(pk=post.pk)
        .values("idea__pk", "idea__title", "decision__pk", "decision__idea__title")
        .first()
    )
    if row is None:
        return None
    if row["idea__pk"] is not None:
        return Discussed("idea", row["idea__pk"], row["idea__title"])
    if row["decision__pk"] is not None:
        return Discussed("decision", row["decision__pk"], row["decision__idea__title"])
    return None
