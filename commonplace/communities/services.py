"""Writing communities: starting them, joining, inviting, roles, leaving.

Every change of who belongs, in which role, is audited in the community's
own trail (`scope`), and `member_count` moves in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.accounts import services as account_services
from commonplace.communities import tasks
from commonplace.communities.models import (
    COVER_COLOURS,
    INVITATION_LIFETIME,
    MAX_NAME_LENGTH,
    MAX_PURPOSE_LENGTH,
    Community,
    CommunityInvitation,
    JoinRequest,
    Kind,
    Membership,
    Role,
    Visibility,
)
from commonplace.core.audit import record_change
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed
from commonplace.core.uploads import fitted_image
from commonplace.people.models import User
from commonplace.search.services import schedule_indexing
from commonplace.topics.services import find_or_create_topics

COVER_SIZE = (1200, 300)
# First path segments under /communities/ that are pages, not communities.
RESERVED_SLUGS = frozenset({"new", "mine", "invitations", "requests"})
EDITABLE_FIELDS = (
    "name",
    "purpose",
    "kind",
    "goal",
    "visibility",
    "allows_externals",
    "cover_colour",
)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def _clean_details(
    values: dict[str, Any], community: Community | None
) -> dict[str, Any]:
    """Check a community's describable fields; report every problem at once."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}

    def check(field: str, ok: bool, message: str) -> None:
        if not ok:
            errors.setdefault(field, []).append(message)

    if "name" in values:
        name = " ".join(str(values["name"]).split())
        check("name", bool(name), _("Give the community a name."))
        check(
            "name",
            len(name) <= MAX_NAME_LENGTH,
            _("A name has at most %(max)d characters.") % {"max": MAX_NAME_LENGTH},
        )
        others = Community.objects.filter(name__iexact=name)
        if community is not None:
            others = others.exclude(pk=community.pk)
        check(
            "name", not others.exists(), _("A community with this name already exists.")
        )
        cleaned["name"] = name
    for field in ("purpose", "goal"):
        if field in values:
            text = str(values[field]).strip()
            check(
                field,
                len(text) <= MAX_PURPOSE_LENGTH,
                _("At most %(max)d characters.") % {"max": MAX_PURPOSE_LENGTH},
            )
            cleaned[field] = text
    if "purpose" in cleaned:
        check("purpose", bool(cleaned["purpose"]), _("Say what the community is for."))
    if "kind" in values:
        check("kind", values["kind"] in Kind.values, _("Choose one of the kinds."))
        cleaned["kind"] = values["kind"]
    if "visibility" in values:
        check(
            "visibility",
            values["visibility"] in Visibility.values,
            _("Choose who can see it."),
        )
        cleaned["visibility"] = values["visibility"]
    if "cover_colour" in values:
        colours = [colour for colour, _label in COVER_COLOURS]
        check(
            "cover_colour",
            values["cover_colour"] in colours,
            _("Choose one of the colours."),
        )
        cleaned["cover_colour"] = values["cover_colour"]
    if "allows_externals" in values:
        cleaned["allows_externals"] = bool(values["allows_externals"])
    kind = cleaned.get("kind", community.kind if community else None)
    goal = cleaned.get("goal", community.goal if community else "")
    check(
        "goal",
        kind != Kind.GOAL or bool(goal),
        _("A goal community states its goal: what should change, by when."),
    )
    if errors:
        raise InvalidInput(_("Some of the values are not valid."), fields=errors)
    return cleaned


def _chosen_slug(address: str | None, name: str) -> str:
    if address is None:
        return _unique_slug(name)
    if (
        not address
        or len(address) > MAX_NAME_LENGTH
        or slugify(address) != address
        or address in RESERVED_SLUGS
        or Community.objects.filter(slug=address).exists()
    ):
        raise _invalid("slug", _("This address is taken or cannot be used."))
    return address


def _unique_slug(name: str) -> str:
    base = slugify(name)[: MAX_NAME_LENGTH - 4] or "community"
    if base in RESERVED_SLUGS:
        base = f"{base}-community"
    slug, number = base, 1
    while Community.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _topics(names: list[str] | None) -> list[Any] | None:
    if names is None:
        return None
    try:
        return find_or_create_topics(names)
    except InvalidInput as error:
        raise _invalid("topics", str(error.message)) from None


@transaction.atomic
def start_community(
    *,
    started_by: User,
    topics: list[str] | None = None,
    cover_image: UploadedFile | None = None,
    address: str | None = None,
    **details: Any,
) -> Community:
    """Start a community; its starter is its first owner.

    Anyone in the organisation may start one: communities grow where people
    need them, they are not decreed. External members may not. The address
    (slug) is made from the name unless a trusted caller (an import) asks
    for a free one as `address`; a `slug` among the details is ignored.
    """
    permissions.require(started_by, "browse_directory")
    for required in ("name", "purpose", "kind"):
        details.setdefault(required, "")
    details.setdefault("visibility", Visibility.PUBLIC)
    cleaned = _clean_details(details, None)
    chosen_topics = _topics(topics)
    image = _cover(cover_image)
    community = Community(
        **cleaned, slug=_chosen_slug(address, cleaned["name"]), created_by=started_by
    )
    if image is not None:
        community.cover_image.save(image.name or "cover.webp", image, save=False)
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError:
        raise _invalid(
            "name", _("A community with this name already exists.")
        ) from None
    if chosen_topics:
        community.topics.set(chosen_topics)
    Membership.objects.create(community=community, person=started_by, role=Role.OWNER)
    Community.objects.filter(pk=community.pk).update(member_count=1)
    community.member_count = 1
    schedule_indexing(kind="community", ids=[community.pk])
    record_change(
        actor=started_by, action="community.start", target=community, scope=community
    )
    return community


def _cover(upload: UploadedFile | None) -> Any:
    if upload is None:
        return None
    width, height = COVER_SIZE
    return fitted_image(upload, field="cover_image", width=width, height=height)


@transaction.atomic
def update_community(
    *,
    community: Community,
    changed_by: User,
    topics: list[str] | None = None,
    cover_image: UploadedFile | None = None,
    remove_cover_image: bool = False,
    **changes: Any,
) -> Community:
    """Change what a community says about itself; owners and leaders only."""
    permissions.require(changed_by, "community.manage", community)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = _clean_details(changes, community)
    chosen_topics = _topics(topics)
    image = _cover(cover_image)
    before = {field: getattr(community, field) for field in cleaned}
    for field, value in cleaned.items():
        setattr(community, field, value)
    if image is not None:
        community.cover_image.save(image.name or "cover.webp", image, save=False)
    elif remove_cover_image:
        community.cover_image = ""
    # Only the fields this change is about: saving the whole row would write
    # back a stale member_count over joins that happened meanwhile.
    community.save(update_fields=[*cleaned, "cover_image"])
    if chosen_topics is not None:
        community.topics.set(chosen_topics)
    schedule_indexing(kind="community", ids=[community.pk])
    changed = {
        field: value for field, value in cleaned.items() if before[field] != value
    }
    if changed:
        record_change(
            actor=changed_by,
            action="community.change",
            target=community,
            before={field: before[field] for field in changed},
            after=changed,
            scope=community,
        )
    return community


def _add_member(community: Community, person: User, role: str) -> Membership:
    membership = Membership.objects.create(
        community=community, person=person, role=role
    )
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    return membership


def _remove(membership: Membership) -> None:
    community_id = membership.community_id
    membership.delete()
    Community.objects.filter(pk=community_id).update(member_count=F("member_count") - 1)


def _membership_of(community: Community, person: User) -> Membership | None:
    return Membership.objects.filter(community=community, person=person).first()


@transaction.atomic
def join_community(*, community: Community, person: User) -> Membership:
    """Join a public community; joining twice keeps one membership."""
    existing = _membership_of(community, person)
    if existing is not None:
        return existing
    permissions.require(
        person,
        "community.join",
        community,
        hide=not permissions.can(person, "community.see", community),
    )
    membership = _add_member(community, person, Role.MEMBER)
    record_change(
        actor=person,
        action="membership.join",
        target=membership,
        after={"role": Role.MEMBER},
        scope=community,
    )
    return membership


def _owners(community: Community) -> int:
    return Membership.objects.filter(community=community, role=Role.OWNER).count()


def _refuse_losing_last_owner(membership: Membership, message: str) -> None:
    if membership.role == Role.OWNER and _owners(membership.community) <= 1:
        raise InvalidInput(message)


@transaction.atomic
def leave_community(*, community: Community, person: User) -> None:
    """Leave a community. The last owner stays until another owner exists,
    so no community is left without someone who can run it."""
    membership = (
        Membership.objects.select_for_update()
        .filter(community=community, person=person)
        .first()
    )
    if membership is None:
        return
    _refuse_losing_last_owner(
        membership,
        _("You are the last owner. Make someone else an owner before you leave."),
    )
    record_change(
        actor=person,
        action="membership.leave",
        target=membership,
        before={"role": membership.role},
        scope=community,
    )
    _remove(membership)


@transaction.atomic
def request_to_join(
    *, community: Community, person: User, message: str = ""
) -> JoinRequest:
    """Ask to join a private community; asking again keeps one request."""
    permissions.require(
        person,
        "community.request_to_join",
        community,
        hide=not permissions.can(person, "community.see", community),
    )
    message = message.strip()
    if len(message) > 1000:
        raise _invalid("message", _("At most %(max)d characters.") % {"max": 1000})
    pending = JoinRequest.objects.filter(
        community=community, person=person, status=JoinRequest.Status.PENDING
    ).first()
    if pending is not None:
        return pending
    join_request = JoinRequest.objects.create(
        community=community, person=person, message=message
    )
    tasks.notify_join_request.enqueue(join_request_id=join_request.pk)
    return join_request


@transaction.atomic
def decide_join_request(
    *, join_request: JoinRequest, decided_by: User, approve: bool
) -> JoinRequest:
    """Approve or decline a request to join; owners and leaders only."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    community = join_request.community
    permissions.require(decided_by, "community.manage", community)
    if join_request.status != JoinRequest.Status.PENDING:
        raise Conflict(_("This request was already decided."))
    join_request.status = (
        JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    )
    join_request.decided_at = timezone.now()
    join_request.decided_by = decided_by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if approve and _membership_of(community, join_request.person) is None:
        membership = _add_member(community, join_request.person, Role.MEMBER)
        record_change(
            actor=decided_by,
            action="membership.approve",
            target=membership,
            after={"role": Role.MEMBER},
            scope=community,
        )
    return join_request


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise _invalid("role", _("That role does not exist."))


def _granter_role(community: Community, person: User) -> str | None:
    return permissions.community_standing(person, community).role


@transaction.atomic
def invite_to_community(
    *,
    community: Community,
    invited_by: User,
    email: str,
    role: str = Role.MEMBER,
    as_external: bool = False,
    organisation: str = "",
) -> CommunityInvitation:
    """Invite an address (with or without an account) into a community.

    A link is mailed; it admits only that address, once, within 14 days,
    whatever the sign-up mode. External members come only where the
    community allows them.
    """
    permissions.require(invited_by, "community.manage", community)
    _check_role(role)
    if not permissions.can_grant(_granter_role(community, invited_by), None, role):
        raise NotAllowed(_("Only owners can invite someone as an owner."))
    email = account_services.clean_email(email)
    person = User.objects.filter(email=email).first()
    external = person.is_external if person is not None else as_external
    if external and not community.allows_externals:
        raise _invalid("email", _("This community does not accept external members."))
    if person is not None and _membership_of(community, person) is not None:
        raise _invalid("email", _("This person is already a member."))
    if person is None and as_external and not organisation.strip():
        raise _invalid(
            "organisation", _("Name the organisation the person comes from.")
        )
    CommunityInvitation.objects.filter(
        community=community,
        email=email,
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(expires_at=timezone.now())
    invitation = CommunityInvitation.objects.create(
        community=community,
        email=email,
        role=role,
        as_external=external,
        organisation=organisation.strip() if person is None else "",
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    tasks.send_community_invitation.enqueue(invitation_id=invitation.pk)
    tasks.notify_invitation.enqueue(invitation_id=invitation.pk)
    record_change(
        actor=invited_by,
        action="invitation.create",
        target=invitation,
        after={"email": email, "role": role},
        scope=community,
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: CommunityInvitation, person: User) -> Membership:
    """Join through an invitation meant for this person's address."""
    invitation = CommunityInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvalidInput(_("This invitation has expired or was already used."))
    if (person.email or "").lower() != invitation.email:
        raise NotAllowed(_("This invitation is for another e-mail address."))
    community = invitation.community
    if person.is_external and not community.allows_externals:
        raise InvalidInput(_("This community no longer accepts external members."))
    membership = _membership_of(community, person)
    if membership is None:
        membership = _add_member(community, person, invitation.role)
        record_change(
            actor=person,
            action="membership.accept_invitation",
            target=membership,
            after={"role": invitation.role},
            scope=community,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def join_with_new_account(
    *, invitation: CommunityInvitation, display_name: str, password: str
) -> User:
    """Create the invited address's account and let it in, in one step.

    Following the mailed link proves the address, so the organisation's
    sign-up mode does not apply.
    """
    if not invitation.is_usable:
        raise InvalidInput(_("This invitation has expired or was already used."))
    person = account_services.create_invited_account(
        email=invitation.email,
        display_name=display_name,
        password=password,
        organisation=invitation.organisation if invitation.as_external else None,
    )
    accept_invitation(invitation=invitation, person=person)
    return person


@transaction.atomic
def change_role(*, membership: Membership, changed_by: User, role: str) -> Membership:
    """Give a member another role. Leaders manage everyone below owner;
    only owners make or unmake owners; the last owner stays an owner."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("community")
        .get(pk=membership.pk)
    )
    community = membership.community
    permissions.require(changed_by, "community.manage", community)
    _check_role(role)
    if not permissions.can_grant(
        _granter_role(community, changed_by), membership.role, role
    ):
        raise NotAllowed(
            _("Only owners can make someone an owner or change an owner's role.")
        )
    if role == membership.role:
        return membership
    if role != Role.OWNER:
        _refuse_losing_last_owner(
            membership, _("This is the last owner. Make someone else an owner first.")
        )
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(
        actor=changed_by,
        action="membership.role",
        target=membership,
        before={"role": before},
        after={"role": role},
        scope=community,
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, removed_by: User) -> None:
    """Take someone out of a community; access ends on their next request."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("community")
        .get(pk=membership.pk)
    )
    community = membership.community
    permissions.require(removed_by, "community.manage", community)
    if not permissions.can_grant(
        _granter_role(community, removed_by), membership.role, Role.GUEST
    ):
        raise NotAllowed(_("Only owners can remove an owner."))
    _refuse_losing_last_owner(
        membership, _("This is the last owner. Make someone else an owner first.")
    )
    record_change(
        actor=removed_by,
        action="membership.remove",
        target=membership,
        before={"role": membership.role},
        scope=community,
    )
    _remove(membership)


@transaction.atomic
def join_as_administrator(
    *, community: Community, administrator: User, reason: str
) -> Membership:
    """Let an administrator into any community, secret ones included.

    The only way anyone reads a secret community without being invited; the
    reason is kept in the community's audit trail, which its owners see.
    """
    permissions.require(administrator, "community.join_as_administrator", community)
    reason = reason.strip()
    if not reason:
        raise _invalid("reason", _("Say why you need to enter this community."))
    membership = _add_member(community, administrator, Role.MEMBER)
    record_change(
        actor=administrator,
        action="membership.administrator_join",
        target=membership,
        after={"role": Role.MEMBER, "reason": reason[:500]},
        scope=community,
    )
    return membership
