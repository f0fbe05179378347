"""@mentions: who a text names, checked while it is written.

A handle that names nobody, or someone deactivated, is refused with the
text (only when the text newly mentions it: an old mention of someone who
has since left does not block an edit). A person who cannot read the
community is still linked but is not notified; the writer is told so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.knowledge.markdown import mentioned_handles, render
from commonplace.knowledge.models import Mention
from commonplace.knowledge.selectors import MAX_MENTIONS
from commonplace.knowledge.services.common import Contribution, invalid, target_field
from commonplace.people.models import User


@dataclass(frozen=True)
class Mentions:
    """The people a text mentions, and those of them who cannot read it."""

    people: list[User] = field(default_factory=list)
    unreachable: list[User] = field(default_factory=list)

    @property
    def paths(self) -> dict[str, str]:
        return {
            person.handle: reverse("people:person", kwargs={"pk": person.pk})
            for person in self.people
        }


def resolve_mentions(text: str, community: Community, *, before: str = "") -> Mentions:
    """The people `text` mentions; raises InvalidInput for a handle that is
    newly mentioned and names nobody active."""
    handles = mentioned_handles(text)
    if len(handles) > MAX_MENTIONS:
        message = _("Mention at most %(max)d people in one text.") % {
            "max": MAX_MENTIONS
        }
        raise invalid("body", message)
    if not handles:
        return Mentions()
    found = {
        person.handle: person for person in User.objects.filter(handle__in=handles)
    }
    new = set(handles) - set(mentioned_handles(before)) if before else set(handles)
    for handle in handles:
        person = found.get(handle)
        if handle in new and person is None:
            message = _(
                "Nobody is called @%(handle)s. Choose a person from the "
                "suggestions that appear as you type."
            ) % {"handle": handle}
            raise invalid("body", message)
        if handle in new and person is not None and not person.is_active:
            message = _("@%(handle)s no longer has an active account.") % {
                "handle": handle
            }
            raise invalid("body", message)
    people = [found[h] for h in handles if h in found and found[h].is_active]
    unreachable = [
        person
        for person in people
        if not permissions.can(person, "community.read", community)
    ]
    return Mentions(people=people, unreachable=unreachable)


def render_with_mentions(text: str, mentions: Mentions) -> str:
    return render(text, mentions.paths)


def record_mentions(item: Contribution, mentions: Mentions) -> None:
    """Keep who the text mentions now; the notification task reads these."""
    field_name = target_field(item)
    Mention.objects.filter(**{field_name: item}).exclude(
        person__in=[person.pk for person in mentions.people]
    ).delete()
    Mention.objects.bulk_create(
        [Mention(person=person, **{field_name: item}) for person in mentions.people],
        ignore_conflicts=True,
    )
