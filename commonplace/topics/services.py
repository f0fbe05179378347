"""Writing topics: naming them once, merging synonyms."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.audit import record_change
from commonplace.core.errors import InvalidInput
from commonplace.people.models import User
from commonplace.topics.models import Topic
from commonplace.topics.naming import (
    MAX_NAME_LENGTH,
    display_name,
    topic_key,
    topic_slug,
)

MAX_TOPICS_AT_ONCE = 30


def _invalid_name(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"name": [message]})


def find_or_create_topic(name: str) -> Topic:
    """The topic called `name` in any spelling, created on first use.

    A name merged into another topic gives the surviving topic, so people
    who type an old synonym still land in one place.
    """
    shown = display_name(name)
    if len(shown) > MAX_NAME_LENGTH:
        raise _invalid_name(
            _("A topic name has at most %(max)d characters.") % {"max": MAX_NAME_LENGTH}
        )
    key = topic_key(shown)
    if not key:
        raise _invalid_name(_("A topic name needs at least one letter or digit."))
    topic = Topic.objects.filter(key=key).select_related("merged_into").first()
    if topic is None:
        topic = _create(shown, key)
    while topic.merged_into_id is not None:
        topic = topic.merged_into  # type: ignore[assignment]
    return topic


def find_or_create_topics(names: Iterable[str]) -> list[Topic]:
    """Distinct topics for the names, in the order first named."""
    topics: dict[int, Topic] = {}
    for name in names:
        if name.strip():
            topic = find_or_create_topic(name)
            topics.setdefault(topic.pk, topic)
    if len(topics) > MAX_TOPICS_AT_ONCE:
        message = _("Choose at most %(max)d topics.") % {"max": MAX_TOPICS_AT_ONCE}
        raise InvalidInput(message, fields={"topics": [message]})
    return list(topics.values())


def _create(shown: str, key: str) -> Topic:
    base = topic_slug(key)[:70]
    slug, number = base, 1
    while Topic.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    try:
        with transaction.atomic():
            return Topic.objects.create(name=shown, key=key, slug=slug)
    except IntegrityError:
        # Someone created the same topic a moment ago; theirs stands.
        return Topic.objects.get(key=key)


@transaction.atomic
def merge_topics(*, source: Topic, target: Topic, merged_by: User) -> Topic:
    """Fold `source` into `target`: every use of `source` moves to `target`.

    `source` stays as a synonym of `target`. Every relation that points at
    Topic moves, so capabilities added later need no change here.
    """
    permissions.require(merged_by, "administer")
    while target.merged_into_id is not None:
        target = target.merged_into  # type: ignore[assignment]
    if source.pk == target.pk:
        message = _("A topic cannot be merged into itself.")
        raise InvalidInput(message, fields={"target": [message]})
    _move_references(source, target)
    Topic.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    record_change(
        actor=merged_by,
        action="topic.merge",
        target=source,
        after={"merged_into": target.pk, "merged_into_name": target.name},
    )
    return target


def _move_references(source: Topic, target: Topic) -> None:
    for relation in Topic._meta.related_objects:
        if relation.remote_field.model is Topic and relation.related_model is Topic:
            continue  # synonyms are handled by the caller
        if relation.many_to_many:
            _move_many_to_many(relation, source, target)
        elif relation.one_to_many:
            _move_foreign_keys(relation, source, target)


def _move_many_to_many(
    relation: models.ManyToManyRel, source: Topic, target: Topic
) -> None:
    through = relation.through
    topic_field = next(f.name for f in through._meta.fields if f.related_model is Topic)
    owner_field = next(
        f.name
        for f in through._meta.fields
        if f.is_relation and f.related_model is not Topic
    )
    already = through.objects.filter(**{topic_field: target}).values(owner_field)
    rows = through.objects.filter(**{topic_field: source})
    rows.filter(**{f"{owner_field}__in": already}).delete()
    rows.update(**{topic_field: target})


def _move_foreign_keys(
    relation: models.ManyToOneRel, source: Topic, target: Topic
) -> None:
    field = relation.field
    rows = relation.related_model._default_manager.filter(**{field.name: source})
    unique_sets = [
        constraint.fields
        for constraint in relation.related_model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and field.name in constraint.fields
    ]
    for fields in unique_sets:
        others = [name for name in fields if name != field.name]
        taken = relation.related_model._default_manager.filter(
            **{field.name: target}
        ).values(*others)
        for values in taken:
            rows.filter(**values).delete()
    rows.update(**{field.name: target})
