"""Writing people: profiles, photos, follows, the organisation chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.audit import record_change
from commonplace.core.clock import zone_names
from commonplace.core.errors import CommonplaceError, InvalidInput
from commonplace.core.uploads import square_image
from commonplace.people.models import (
    MAX_BIO_LENGTH,
    MAX_NAME_LENGTH,
    Follow,
    Team,
    User,
)
from commonplace.search.services import schedule_indexing
from commonplace.topics.models import Topic
from commonplace.topics.services import find_or_create_topics

AVATAR_PIXELS = 256
PROFILE_TEXT_LIMITS = {"job_title": 100, "location": 100, "bio": MAX_BIO_LENGTH}
ORGANISATION_FIELDS = ("team", "manager", "is_external", "organisation")


def _field_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def _clean_profile(changes: dict[str, Any]) -> dict[str, Any]:
    """Shape-check the editable profile fields; raise with every problem."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    if "display_name" in changes:
        name = " ".join(str(changes["display_name"]).split())
        if not name:
            errors["display_name"] = [_("Enter the name people know you by.")]
        elif len(name) > MAX_NAME_LENGTH:
            errors["display_name"] = [
                _("A name has at most %(max)d characters.") % {"max": MAX_NAME_LENGTH}
            ]
        cleaned["display_name"] = name
    for field, limit in PROFILE_TEXT_LIMITS.items():
        if field in changes:
            value = str(changes[field]).strip()
            if len(value) > limit:
                errors[field] = [_("At most %(max)d characters.") % {"max": limit}]
            cleaned[field] = value
    if "time_zone" in changes:
        zone = str(changes["time_zone"]).strip()
        if zone and zone not in zone_names():
            errors["time_zone"] = [_("Choose a time zone from the list.")]
        cleaned["time_zone"] = zone
    if errors:
        raise InvalidInput(_("Some of the values are not valid."), fields=errors)
    return cleaned


@transaction.atomic
def update_profile(
    *,
    person: User,
    changed_by: User,
    skills: Sequence[str] | None = None,
    avatar: UploadedFile | None = None,
    clear_avatar: bool = False,
    **changes: Any,
) -> User:
    """Change what a person says about themselves, and optionally their photo.

    Only the person may do it. Team, manager and the external flag are not
    accepted here at all: administrators set them with
    `set_organisation_details`, so no form or API can smuggle them in.

    Every value is checked before anything is written, and every problem is
    reported at once (per field), so a form can show them all and nothing
    is saved half-way. The error is PayloadTooLarge when the photo is too
    big, InvalidInput otherwise.
    """
    permissions.require(changed_by, "edit_profile", person)
    unknown = set(changes) - {"display_name", "time_zone", *PROFILE_TEXT_LIMITS}
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    problems: list[CommonplaceError] = []
    cleaned: dict[str, Any] = {}
    try:
        cleaned = _clean_profile(changes)
    except InvalidInput as error:
        problems.append(error)
    topics = None
    if skills is not None:
        try:
            topics = find_or_create_topics(skills)
        except InvalidInput as error:
            problems.append(_field_error("skills", str(error.message)))
    image = None
    if avatar is not None and not clear_avatar:
        try:
            image = square_image(avatar, field="avatar", size=AVATAR_PIXELS)
        except CommonplaceError as error:
            problems.append(error)
    if problems:
        # Raising rolls back any topic created for the skills above.
        raise _combined(problems)
    for field, value in cleaned.items():
        setattr(person, field, value)
    if cleaned:
        # Only the fields named: a concurrent administrator's change to the
        # team or manager must not be overwritten by this copy of the row.
        person.save(update_fields=list(cleaned))
    if topics is not None:
        person.skills.set(topics)
    if image is not None:
        _store_avatar(person, image)
    elif clear_avatar:
        _clear_avatar(person)
    schedule_indexing(kind="person", ids=[person.pk])
    return person


def _combined(problems: list[CommonplaceError]) -> CommonplaceError:
    """One error carrying every field's problems; the worst status wins."""
    if len(problems) == 1:
        return problems[0]
    fields: dict[str, list[str]] = {}
    for problem in problems:
        for name, messages in problem.fields.items():
            fields.setdefault(name, []).extend(messages)
    kind = max((type(problem) for problem in problems), key=lambda k: k.status_code)
    return kind(_("Some of the values are not valid."), fields=fields)


def _store_avatar(person: User, image: ContentFile[bytes]) -> None:
    previous = person.avatar.name
    person.avatar.save(image.name or "avatar.webp", image, save=False)
    person.save(update_fields=["avatar"])
    if previous:
        storage = person.avatar.storage
        transaction.on_commit(lambda: storage.delete(previous))


def _clear_avatar(person: User) -> None:
    previous = person.avatar.name
    if not previous:
        return
    storage = person.avatar.storage
    person.avatar = ""
    person.save(update_fields=["avatar"])
    transaction.on_commit(lambda: storage.delete(previous))


@transaction.atomic
def set_avatar(*, person: User, changed_by: User, upload: UploadedFile) -> User:
    """Replace the person's photo with a re-encoded square of the upload.

    Raises PayloadTooLarge over 5 MB and InvalidInput for anything that is
    not an image; the stored file is never the uploaded bytes.
    """
    permissions.require(changed_by, "edit_profile", person)
    image = square_image(upload, field="avatar", size=AVATAR_PIXELS)
    _store_avatar(person, image)
    return person


@transaction.atomic
def remove_avatar(*, person: User, changed_by: User) -> User:
    """Go back to generated initials; removing twice is harmless."""
    permissions.require(changed_by, "edit_profile", person)
    _clear_avatar(person)
    return person


def follow_person(*, follower: User, person: User) -> Follow:
    """Follow someone one can see; following twice keeps one follow."""
    if follower.pk == person.pk:
        raise InvalidInput(_("You cannot follow yourself."))
    permissions.require(follower, "view_person", person, hide=True)
    permissions.require(follower, "follow", person)
    follow, _created = Follow.objects.get_or_create(follower=follower, person=person)
    return follow


def unfollow_person(*, follower: User, person: User) -> None:
    """Stop following; unfollowing someone not followed changes nothing."""
    Follow.objects.filter(follower=follower, person=person).delete()


def follow_topic(*, follower: User, topic: Topic) -> Follow:
    """Follow a topic (members only); following twice keeps one follow."""
    permissions.require(follower, "browse_directory", hide=True)
    follow, _created = Follow.objects.get_or_create(follower=follower, topic=topic)
    return follow


def unfollow_topic(*, follower: User, topic: Topic) -> None:
    permissions.require(follower, "browse_directory", hide=True)
    Follow.objects.filter(follower=follower, topic=topic).delete()


def follow_community(*, follower: User, community: Community) -> Follow:
    """Follow a community one may read, without joining it."""
    permissions.require(follower, "community.see", community, hide=True)
    permissions.require(follower, "community.follow", community)
    follow, _created = Follow.objects.get_or_create(
        follower=follower, community=community
    )
    return follow


def unfollow_community(*, follower: User, community: Community) -> None:
    Follow.objects.filter(follower=follower, community=community).delete()


def _organisation_snapshot(person: User) -> dict[str, Any]:
    return {
        "team": person.team_id,
        "manager": person.manager_id,
        "is_external": person.is_external,
        "organisation": person.organisation,
    }


@transaction.atomic
def set_organisation_details(
    *,
    person: User,
    changed_by: User,
    team: Team | None,
    manager: User | None,
    is_external: bool,
    organisation: str = "",
) -> User:
    """Place a person in the organisation: team, manager, external flag.

    Administrators only; audited. A manager chain never loops back to the
    person, or "who reports to whom" would have no top.
    """
    permissions.require(changed_by, "administer")
    validate_organisation_details(
        person=person,
        manager=manager,
        is_external=is_external,
        organisation=organisation,
    )
    before = _organisation_snapshot(person)
    person.team = team
    person.manager = manager
    person.is_external = is_external
    person.organisation = organisation.strip() if is_external else ""
    person.save(update_fields=list(ORGANISATION_FIELDS))
    schedule_indexing(kind="person", ids=[person.pk])
    after = _organisation_snapshot(person)
    if after != before:
        record_change(
            actor=changed_by,
            action="person.organisation",
            target=person,
            before=before,
            after=after,
        )
    return person


def validate_organisation_details(
    *,
    person: User,
    manager: User | None,
    is_external: bool,
    organisation: str,
) -> None:
    """Raise InvalidInput, by field, unless these details may be set.

    `set_organisation_details` checks with it, and the administration form
    calls it first so the problem shows beside its field.
    """
    if manager is not None and _manages_indirectly(person, manager):
        raise _field_error("manager", _("That would make a loop of managers."))
    if is_external and not organisation.strip():
        raise _field_error(
            "organisation", _("Name the organisation an external member comes from.")
        )


def _manages_indirectly(person: User, manager: User) -> bool:
    """Whether `person` is `manager` or above them in the manager chain."""
    seen: set[int] = set()
    current: User | None = manager
    while current is not None and current.pk not in seen:
        if current.pk == person.pk:
            return True
        seen.add(current.pk)
        current = current.manager
    return False


@transaction.atomic
def deactivate_person(*, person: User, deactivated_by: User) -> User:
    """Take away a person's access at once, keeping their contributions.

    Every session ends on its next request: authentication rejects inactive
    people, so no session store needs to be searched.
    """
    permissions.require(deactivated_by, "administer")
    if person.pk == deactivated_by.pk:
        raise InvalidInput(_("You cannot deactivate yourself."))
    return _set_active(person, active=False, changed_by=deactivated_by)


@transaction.atomic
def reactivate_person(*, person: User, reactivated_by: User) -> User:
    permissions.require(reactivated_by, "administer")
    return _set_active(person, active=True, changed_by=reactivated_by)


def _set_active(person: User, *, active: bool, changed_by: User) -> User:
    if person.is_active == active:
        return person
    person.is_active = active
    person.save(update_fields=["is_active"])
    # A deactivated person leaves the index; reactivated, they come back.
    schedule_indexing(kind="person", ids=[person.pk])
    if not active:
        # Imported here: accounts builds on people, not the other way round.
        from commonplace.accounts.services import revoke_all_access_tokens

        revoke_all_access_tokens(person=person)
    record_change(
        actor=changed_by,
        action="person.reactivate" if active else "person.deactivate",
        target=person,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return person


def validate_team_parent(*, team: Team, parent: Team | None) -> None:
    """Raise InvalidInput unless `team` may be placed inside `parent`.

    The hierarchy has no loops: no team is part of itself, however deep.
    """
    ancestor = parent
    while ancestor is not None:
        if team.pk is not None and ancestor.pk == team.pk:
            raise _field_error("parent", _("A team cannot be part of itself."))
        ancestor = ancestor.parent


@transaction.atomic
def save_team(
    *,
    team: Team,
    changed_by: User,
    name: str,
    slug: str,
    kind: str,
    parent: Team | None,
) -> Team:
    """Create or change a team; the hierarchy never loops."""
    permissions.require(changed_by, "administer")
    validate_team_parent(team=team, parent=parent)
    before = {
        "name": team.name,
        "slug": team.slug,
        "kind": team.kind,
        "parent": team.parent_id,
    }
    creating = team.pk is None
    team.name, team.slug, team.kind, team.parent = name.strip(), slug, kind, parent
    try:
        team.full_clean()
    except ValidationError as error:
        raise InvalidInput.from_validation_error(error) from None
    team.save()
    if not creating and team.name != before["name"]:
        # People are found by their team's name.
        schedule_indexing(kind="person", ids=team.members.values_list("pk", flat=True))
    record_change(
        actor=changed_by,
        action="team.create" if creating else "team.change",
        target=team,
        before={} if creating else before,
        after={
            "name": team.name,
            "slug": team.slug,
            "kind": team.kind,
            "parent": team.parent_id,
        },
    )
    return team
