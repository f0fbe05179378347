"""Reactions (helpful, insightful, thanks) and bookmarks."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.errors import NotAllowed
from commonplace.expertise.services import schedule_thread_refresh
from commonplace.knowledge import tasks
from commonplace.knowledge.models import Answer, Bookmark, Post, Reaction, ReactionKind
from commonplace.knowledge.services.common import (
    Contribution,
    invalid,
    refresh_standing,
    require_open,
    target_field,
)
from commonplace.people.models import User

COUNTERS = {
    ReactionKind.HELPFUL: "helpful_count",
    ReactionKind.INSIGHTFUL: "insightful_count",
    ReactionKind.THANKS: "thanks_count",
}


@transaction.atomic
def toggle_reaction(*, item: Contribution, person: User, kind: str) -> bool:
    """Add the reaction, or take it back if it was there; True when added.

    One of each kind per person per item: a repeat takes it back rather
    than counting twice. A helpful answer resolves its question.
    """
    community = permissions.community_of(item)
    permissions.require(person, "community.read", community, hide=True)
    if kind not in COUNTERS:
        raise invalid("kind", _("Choose helpful, insightful or thanks."))
    if not permissions.is_signed_in(person):
        raise NotAllowed
    require_open(item, _("This was removed."))
    field = target_field(item)
    counter = COUNTERS[ReactionKind(kind)]
    removed, _count = Reaction.objects.filter(
        person=person, kind=kind, **{field: item}
    ).delete()
    model = type(item)
    change = -1 if removed else 1
    model.objects.filter(pk=item.pk).update(**{counter: F(counter) + change})
    if kind == ReactionKind.HELPFUL and isinstance(item, Post | Answer):
        post_id = item.pk if isinstance(item, Post) else item.post_id
        refresh_standing(post_id)
        schedule_thread_refresh(post_id)
    if removed:
        return False
    reaction = Reaction.objects.create(person=person, kind=kind, **{field: item})
    tasks.notify_reaction.enqueue(reaction_id=reaction.pk)
    return True


@transaction.atomic
def bookmark_post(*, post: Post, person: User) -> Bookmark:
    """Keep a post in one's bookmarks; bookmarking again keeps one."""
    permissions.require(person, "community.read", post.community, hide=True)
    existing = Bookmark.objects.filter(person=person, post=post).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Bookmark.objects.create(person=person, post=post)
    except IntegrityError:
        # The same bookmark made a moment ago by another request.
        return Bookmark.objects.get(person=person, post=post)


@transaction.atomic
def remove_bookmark(*, post: Post, person: User) -> None:
    """Take a post out of one's bookmarks (harmless when it was not there)."""
    permissions.require(person, "community.read", post.community, hide=True)
    Bookmark.objects.filter(person=person, post=post).delete()
