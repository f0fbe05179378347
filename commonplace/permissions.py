"""The one policy: the only place that answers "may this person do this?".

Every service asks `require(actor, action, target)` before it writes, and
every selector narrows its rows with the visibility rules kept here, so a
rule changes in one place and every page, API operation, task and export
follows. Actions are plain names; an action without a rule is a programming
error, never a silent "yes".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from typing_extensions import TypeIs

from commonplace.core.errors import NotAllowed, NotFound

if TYPE_CHECKING:
    from commonplace.communities.models import Community
    from commonplace.ideas.models import Idea
    from commonplace.knowledge.models import Answer, Comment, Post
    from commonplace.people.models import User

Viewer: TypeAlias = "User | AnonymousUser"
Rule: TypeAlias = Callable[[Any, Any], bool]

_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register the function that decides `action`; one rule per action."""

    def register(decide: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"The action {action!r} already has a rule")
        _RULES[action] = decide
        return decide

    return register


def is_signed_in(viewer: Viewer) -> TypeIs[User]:
    """An active, authenticated person: deactivation ends access at once."""
    return bool(viewer.is_authenticated and viewer.is_active)


def can(viewer: Viewer, action: str, target: object = None) -> bool:
    """Whether `viewer` may do `action` to `target`."""
    try:
        decide = _RULES[action]
    except KeyError:
        raise LookupError(f"No permission rule for the action {action!r}") from None
    return decide(viewer, target)


def require(
    viewer: Viewer, action: str, target: object = None, *, hide: bool = False
) -> None:
    """Raise NotAllowed unless `viewer` may do `action` to `target`.

    With `hide`, raise NotFound instead: for pages whose very existence is
    not the viewer's business, a refusal must look like a missing page.
    """
    if not can(viewer, action, target):
        raise NotFound if hide else NotAllowed


@rule("administer")
def _administer(viewer: Viewer, target: object) -> bool:
    return is_signed_in(viewer) and bool(viewer.is_staff)


# --- People ------------------------------------------------------------------


def visible_people_filter(viewer: Viewer) -> Q:
    """The people `viewer` may see, as a filter on the User table.

    Members of the organisation see every active person. External members
    see themselves, the people who follow them and the people of the
    communities they were invited into; never the directory. An anonymous
    visitor sees nobody. Deactivated people disappear for all but
    administrators, who manage them in the administration pages.
    """
    if not is_signed_in(viewer):
        return Q(pk__in=[])
    if viewer.is_external:
        from commonplace.communities.models import Membership
        from commonplace.people.models import Follow

        followers = Follow.objects.filter(person=viewer).values("follower")
        their_communities = Membership.objects.filter(person=viewer).values("community")
        co_members = Membership.objects.filter(community__in=their_communities).values(
            "person"
        )
        return Q(pk=viewer.pk) | Q(is_active=True, pk__in=followers.union(co_members))
    return Q(is_active=True)


@rule("view_person")
def _view_person(viewer: Viewer, person: User) -> bool:
    if not is_signed_in(viewer):
        return False
    if viewer.pk == person.pk:
        return True
    if not person.is_active:
        return bool(viewer.is_staff)
    if viewer.is_external:
        model = type(person)
        return model.objects.filter(
            visible_people_filter(viewer), pk=person.pk
        ).exists()
    return True


@rule("edit_profile")
def _edit_profile(viewer: Viewer, person: User) -> bool:
    return is_signed_in(viewer) and viewer.pk == person.pk


@rule("follow")
def _follow(viewer: Viewer, target: object) -> bool:
    """Anyone signed in may follow what they can see; never themselves."""
    return is_signed_in(viewer) and target != viewer


@rule("browse_directory")
def _browse_directory(viewer: Viewer, target: object) -> bool:
    """The organisation's directory, teams and topics are for its members."""
    return is_signed_in(viewer) and not viewer.is_external


# --- Communities ---------------------------------------------------------------
#
# Who sees a community, reads it, joins it and runs it. Everything below is
# a function of one Standing: what the viewer is to that community.

UNKNOWN_ROLE = "?"


@dataclass(frozen=True)
class Standing:
    """What one viewer is to one community: enough to decide every rule."""

    signed_in: bool
    external: bool
    administrator: bool
    community_manager: bool
    role: str | None
    visibility: str

    @property
    def insider(self) -> bool:
        """A signed-in member of the organisation (not an external)."""
        return self.signed_in and not self.external

    @property
    def leads(self) -> bool:
        return self.role in ("owner", "leader")


def community_standing(viewer: Viewer, community: Community) -> Standing:
    """The viewer's standing, reusing a role a selector already loaded.

    Selectors that list communities annotate `viewer_role` together with
    `viewer_role_for` (whose role it is), so deciding for a whole page costs
    no query per community, and a role loaded for one person is never used
    for another.
    """
    if not is_signed_in(viewer):
        return Standing(
            signed_in=False,
            external=False,
            administrator=False,
            community_manager=False,
            role=None,
            visibility=community.visibility,
        )
    if getattr(community, "viewer_role_for", UNKNOWN_ROLE) == viewer.pk:
        role = community.viewer_role  # type: ignore[attr-defined]
    else:
        role = (
            community.memberships.filter(person=viewer)
            .values_list("role", flat=True)
            .first()
        )
        community.viewer_role = role  # type: ignore[attr-defined]
        community.viewer_role_for = viewer.pk  # type: ignore[attr-defined]
    return Standing(
        signed_in=True,
        external=viewer.is_external,
        administrator=viewer.is_staff,
        community_manager=viewer.is_community_manager,
        role=role,
        visibility=community.visibility,
    )


def sees_community(standing: Standing) -> bool:
    """Its name, purpose and leaders. Secret ones exist only for their
    members; administrators and community managers oversee every community,
    so they see that much of secret ones too. Externals see only their own."""
    if not standing.signed_in:
        return False
    if (
        standing.role is not None
        or standing.administrator
        or standing.community_manager
    ):
        return True
    return standing.insider and standing.visibility != "secret"


def reads_community(standing: Standing) -> bool:
    """Its content and members: everyone inside the organisation for a
    public community, members only otherwise. Overseeing a community gives
    no right to read it: an administrator must join (audited)."""
    if standing.role is not None:
        return True
    return standing.insider and standing.visibility == "public"


@rule("community.see")
def _see(viewer: Viewer, community: Community) -> bool:
    return sees_community(community_standing(viewer, community))


@rule("community.read")
def _read(viewer: Viewer, community: Community) -> bool:
    return reads_community(community_standing(viewer, community))


@rule("community.join")
def _join(viewer: Viewer, community: Community) -> bool:
    """Public communities are open to every member of the organisation."""
    standing = community_standing(viewer, community)
    return (
        standing.insider and standing.role is None and standing.visibility == "public"
    )


@rule("community.request_to_join")
def _request_to_join(viewer: Viewer, community: Community) -> bool:
    """Private communities take requests; their leaders decide."""
    standing = community_standing(viewer, community)
    return (
        standing.insider and standing.role is None and standing.visibility == "private"
    )


@rule("community.follow")
def _follow_community(viewer: Viewer, community: Community) -> bool:
    """Following without joining is for what one may read anyway."""
    standing = community_standing(viewer, community)
    return standing.insider and reads_community(standing)


@rule("community.start_thread")
def _start_thread(viewer: Viewer, community: Community) -> bool:
    """Guests read and reply; starting a thread takes a member or more."""
    return community_standing(viewer, community).role in (
        "owner",
        "leader",
        "moderator",
        "member",
    )


@rule("community.reply")
def _reply(viewer: Viewer, community: Community) -> bool:
    return community_standing(viewer, community).role is not None


@rule("community.moderate")
def _moderate(viewer: Viewer, community: Community) -> bool:
    return community_standing(viewer, community).role in (
        "owner",
        "leader",
        "moderator",
    )


@rule("community.manage")
def _manage(viewer: Viewer, community: Community) -> bool:
    """Owners and leaders edit the community, invite, decide requests,
    change roles and remove people: leadership is shared."""
    return community_standing(viewer, community).leads


@rule("community.see_audit")
def _see_audit(viewer: Viewer, community: Community) -> bool:
    """The community's audit trail: its owners, and administrators."""
    standing = community_standing(viewer, community)
    return standing.role == "owner" or standing.administrator


@rule("community.join_as_administrator")
def _join_as_administrator(viewer: Viewer, community: Community) -> bool:
    """An administrator may enter any community, through an audited action."""
    standing = community_standing(viewer, community)
    return standing.administrator and standing.role is None


def can_grant(
    granter_role: str | None, current_role: str | None, new_role: str
) -> bool:
    """Whether someone in `granter_role` may move a person from `current_role`
    to `new_role`. Owners may do anything; leaders manage everyone below
    owner and cannot make owners, so an owner is never overruled by a leader."""
    if granter_role == "owner":
        return True
    if granter_role == "leader":
        return current_role != "owner" and new_role != "owner"
    return False


def _member_of(viewer: User) -> Q:
    """Communities `viewer` belongs to, as a subquery: a join would repeat
    each community once per member."""
    from commonplace.communities.models import Membership

    return Q(pk__in=Membership.objects.filter(person=viewer).values("community"))


def visible_communities_filter(viewer: Viewer) -> Q:
    """The communities whose existence `viewer` may know, as a filter."""
    if not is_signed_in(viewer):
        return Q(pk__in=[])
    mine = _member_of(viewer)
    if viewer.is_staff or viewer.is_community_manager:
        return Q()
    if viewer.is_external:
        return mine
    return ~Q(visibility="secret") | mine


def readable_communities_filter(viewer: Viewer) -> Q:
    """The communities whose content `viewer` may read, as a filter."""
    if not is_signed_in(viewer):
        return Q(pk__in=[])
    mine = _member_of(viewer)
    if viewer.is_external:
        return mine
    return Q(visibility="public") | mine


def community_readers_filter(community: Community) -> Q:
    """The people who may read `community`'s content, as a filter on the
    User table: the same rule as `readable_communities_filter`, seen from
    the community's side."""
    from commonplace.communities.models import Membership

    members = Q(pk__in=Membership.objects.filter(community=community).values("person"))
    if community.visibility == "public":
        members |= Q(is_external=False)
    return Q(is_active=True) & members


# --- Conversations ---------------------------------------------------------------
#
# Posts, answers and comments live in a community: reading them is reading
# the community. Writing follows the community roles above.


def community_of(item: Post | Answer | Comment) -> Community:
    """The community a post, answer or comment belongs to."""
    post = getattr(item, "post", None) or item
    return post.community  # type: ignore[union-attr]


@rule("contribution.edit")
def _edit_contribution(viewer: Viewer, item: Post | Answer | Comment) -> bool:
    """Authors edit their own words while they still belong; moderators edit
    anything in their community, to fix what should not stand."""
    community = community_of(item)
    standing = community_standing(viewer, community)
    if standing.role in ("owner", "leader", "moderator"):
        return True
    return standing.role is not None and item.author_id == viewer.pk


@rule("contribution.delete")
def _delete_contribution(viewer: Viewer, item: Post | Answer | Comment) -> bool:
    return _edit_contribution(viewer, item)


@rule("contribution.report")
def _report(viewer: Viewer, item: Post | Answer | Comment) -> bool:
    """Anyone who can read something can ask the moderators to look at it."""
    return is_signed_in(viewer) and reads_community(
        community_standing(viewer, community_of(item))
    )


@rule("answer.accept")
def _accept(viewer: Viewer, question: Post) -> bool:
    """The asker chooses the answer that solved it; leaders may too, for
    questions whose asker has moved on."""
    standing = community_standing(viewer, question.community)
    return standing.leads or (
        standing.role is not None and question.author_id == viewer.pk
    )


@rule("question.request_help")
def _request_help(viewer: Viewer, question: Post) -> bool:
    """The asker asks colleagues to help with their own question; those
    who moderate the community may for any question in it."""
    standing = community_standing(viewer, question.community)
    if standing.role in ("owner", "leader", "moderator"):
        return True
    return standing.role is not None and question.author_id == viewer.pk


@rule("community.set_routing")
def _set_routing(viewer: Viewer, community: Community) -> bool:
    """How a community's questions reach people is its leaders' choice."""
    return community_standing(viewer, community).leads


# --- Ideas -----------------------------------------------------------------------
#
# Ideas live in a community: reading them is reading the community. Anyone
# with a role backs an idea; its leaders move it and decide.


@rule("idea.propose")
def _propose(viewer: Viewer, community: Community) -> bool:
    """Proposing is starting a thread: members and above."""
    return _start_thread(viewer, community)


@rule("idea.support")
def _support(viewer: Viewer, idea: Idea) -> bool:
    """Anyone holding a role in the community, guests too, as for replying."""
    return community_standing(viewer, idea.community).role is not None


@rule("idea.edit")
def _edit_idea(viewer: Viewer, idea: Idea) -> bool:
    """Its authors while they belong; moderators and above, to fix it."""
    standing = community_standing(viewer, idea.community)
    if standing.role in ("owner", "leader", "moderator"):
        return True
    if standing.role is None or not is_signed_in(viewer):
        return False
    return idea.author_id == viewer.pk or idea.coauthors.filter(pk=viewer.pk).exists()


@rule("idea.follow")
def _follow_idea(viewer: Viewer, idea: Idea) -> bool:
    """Anyone who reads the idea may hear where it goes."""
    return is_signed_in(viewer) and reads_community(
        community_standing(viewer, idea.community)
    )


@rule("idea.move")
def _move_idea(viewer: Viewer, idea: Idea) -> bool:
    """Moving ideas and recording decisions is the leaders' job."""
    return community_standing(viewer, idea.community).leads


@rule("community.edit_stages")
def _edit_stages(viewer: Viewer, community: Community) -> bool:
    """The stages, and how long an idea may wait, are the leaders' choice."""
    return community_standing(viewer, community).leads


@rule("community.edit_criteria")
def _edit_criteria(viewer: Viewer, community: Community) -> bool:
    """What ideas are evaluated on, and who evaluates, is the leaders' call."""
    return community_standing(viewer, community).leads


@rule("idea.score")
def _score(viewer: Viewer, idea: Idea) -> bool:
    """Evaluators asked for this idea, or for the stage it is in, while
    they still read its community."""
    if not is_signed_in(viewer):
        return False
    if not reads_community(community_standing(viewer, idea.community)):
        return False
    return idea.evaluators.filter(person=viewer).exists() or (
        idea.stage.evaluators.filter(person=viewer).exists()
    )


@rule("idea.implement")
def _implement(viewer: Viewer, idea: Idea) -> bool:
    """Its owners carry out the plan, while they belong; leaders too."""
    standing = community_standing(viewer, idea.community)
    if standing.leads:
        return True
    if standing.role is None or not is_signed_in(viewer):
        return False
    return idea.owners.filter(pk=viewer.pk).exists()
