"""Writing topics: naming them once, renaming, merging synonyms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.core.audit import record_change
from commonplace.core.errors import InvalidInput
from commonplace.expertise import services as expertise_services
from commonplace.people.models import User
from commonplace.search.services import schedule_indexing
from commonplace.topics.models import Topic
from commonplace.topics.naming import (
    MAX_NAME_LENGTH,
    RESERVED_SLUGS,
    display_name,
    is_meaningful,
    topic_key,
    topic_slug,
)

MAX_TOPICS_AT_ONCE = 30
MAX_DESCRIPTION_LENGTH = 500
SLUG_BASE_LENGTH = 70


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def _checked_name(name: str) -> tuple[str, str]:
    """The tidied name and its key, or InvalidInput saying what is wrong."""
    shown = display_name(name)
    if len(shown) > MAX_NAME_LENGTH:
        raise _invalid(
            "name",
            _("A topic name has at most %(max)d characters.")
            % {"max": MAX_NAME_LENGTH},
        )
    key = topic_key(shown)
    if not is_meaningful(key):
        raise _invalid("name", _("A topic name needs at least one letter or digit."))
    return shown, key


def find_or_create_topic(name: str) -> Topic:
    """The topic called `name` in any spelling, created on first use.

    A name merged into another topic gives the surviving topic, so people
    who type an old synonym still land in one place.
    """
    shown, key = _checked_name(name)
    topic = Topic.objects.filter(key=key).select_related("merged_into").first()
    if topic is None:
        topic = _create(shown, key)
    return _survivor(topic)


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


def _survivor(topic: Topic) -> Topic:
    while topic.merged_into_id is not None:
        topic = Topic.objects.get(pk=topic.merged_into_id)
    return topic


def _free_slug(key: str, *, exclude: int | None = None) -> str:
    """A slug for `key` that no other topic (and no fixed path) uses."""
    base = topic_slug(key)[:SLUG_BASE_LENGTH]
    slug, number = base, 1
    taken = Topic.objects.exclude(pk=exclude) if exclude else Topic.objects.all()
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _create(shown: str, key: str) -> Topic:
    try:
        with transaction.atomic():
            topic = Topic.objects.create(name=shown, key=key, slug=_free_slug(key))
            schedule_indexing(kind="topic", ids=[topic.pk])
            return topic
    except IntegrityError:
        # Someone created the same topic a moment ago; theirs stands.
        return Topic.objects.get(key=key)


def check_topic_name(*, topic: Topic, name: str) -> None:
    """Raise InvalidInput unless `topic` may be called `name`.

    Two topics never share a key: when the new name is another topic's in
    another spelling, the two are the same subject and must be merged, so
    that every skill and follow ends up in one place.
    """
    _shown, key = _checked_name(name)
    clash = Topic.objects.filter(key=key).exclude(pk=topic.pk).first()
    if clash is not None:
        raise _invalid(
            "name",
            _(
                "The topic “%(other)s” already has this name. Merge the two "
                "topics instead of renaming this one."
            )
            % {"other": clash.name},
        )


@transaction.atomic
def rename_topic(*, topic: Topic, name: str, renamed_by: User) -> Topic:
    """Give `topic` a new name, and the key and slug that follow from it.

    Administrators only; audited. A change that keeps the key (case,
    spacing) keeps the slug, so links stay valid; a new key gets a new slug.
    """
    permissions.require(renamed_by, "administer")
    check_topic_name(topic=topic, name=name)
    shown, key = _checked_name(name)
    before = {"name": topic.name, "key": topic.key, "slug": topic.slug}
    if key != topic.key:
        topic.slug = _free_slug(key, exclude=topic.pk)
    topic.name, topic.key = shown, key
    after = {"name": topic.name, "key": topic.key, "slug": topic.slug}
    if after == before:
        return topic
    try:
        with transaction.atomic():
            topic.save(update_fields=["name", "key", "slug"])
    except IntegrityError:
        raise _invalid(
            "name", _("Another topic took this name a moment ago. Merge instead.")
        ) from None
    _reindex_uses(topic)
    record_change(
        actor=renamed_by,
        action="topic.rename",
        target=topic,
        before=before,
        after=after,
    )
    return topic


@transaction.atomic
def describe_topic(*, topic: Topic, description: str, described_by: User) -> Topic:
    """Set the sentence or two that explains what a topic covers."""
    permissions.require(described_by, "administer")
    text = description.strip()
    if len(text) > MAX_DESCRIPTION_LENGTH:
        raise _invalid(
            "description",
            _("At most %(max)d characters.") % {"max": MAX_DESCRIPTION_LENGTH},
        )
    if text == topic.description:
        return topic
    before = {"description": topic.description}
    topic.description = text
    topic.save(update_fields=["description"])
    schedule_indexing(kind="topic", ids=[topic.pk])
    record_change(
        actor=described_by,
        action="topic.describe",
        target=topic,
        before=before,
        after={"description": text},
    )
    return topic


@transaction.atomic
def merge_topics(*, source: Topic, target: Topic, merged_by: User) -> Topic:
    """Fold `source` into `target`: every use of `source` moves to `target`.

    `source` stays as a synonym of `target`. Every relation that points at
    Topic moves, so capabilities added later need no change here. A person
    who stated or followed both keeps one.
    """
    permissions.require(merged_by, "administer")
    target = _survivor(target)
    if source.pk == target.pk:
        message = _("A topic cannot be merged into itself.")
        raise InvalidInput(message, fields={"target": [message]})
    knowing = expertise_services.people_knowing(source)
    _move_references(source, target)
    expertise_services.schedule_refreshes(knowing)
    Topic.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    schedule_indexing(kind="topic", ids=[source.pk])
    _reindex_uses(target)
    record_change(
        actor=merged_by,
        action="topic.merge",
        target=source,
        after={"merged_into": target.pk, "merged_into_name": target.name},
    )
    return target


def _reindex_uses(topic: Topic) -> None:
    """The topic, and the people and communities found by its name."""
    schedule_indexing(kind="topic", ids=[topic.pk])
    schedule_indexing(
        kind="person", ids=topic.people_stating.values_list("pk", flat=True)
    )
    schedule_indexing(
        kind="community", ids=topic.communities.values_list("pk", flat=True)
    )


def _move_references(source: Topic, target: Topic) -> None:
    for relation in Topic._meta.related_objects:
        if relation.related_model is Topic:
            continue  # synonyms are handled by the caller
        if isinstance(relation, models.ManyToManyRel):
            _move_many_to_many(relation, source, target)
        elif isinstance(relation, models.ManyToOneRel):
            _move_foreign_keys(relation, source, target)


def _move_many_to_many(
    relation: models.ManyToManyRel, source: Topic, target: Topic
) -> None:
    through = cast("type[models.Model]", relation.through)
    topic_field = next(f.name for f in through._meta.fields if f.related_model is Topic)
    owner_field = next(
        f.name
        for f in through._meta.fields
        if f.is_relation and f.related_model is not Topic
    )
    manager = through._default_manager
    already = manager.filter(**{topic_field: target}).values(owner_field)
    rows = manager.filter(**{topic_field: source})
    rows.filter(**{f"{owner_field}__in": already}).delete()
    rows.update(**{topic_field: target})


def _move_foreign_keys(
    relation: models.ManyToOneRel, source: Topic, target: Topic
) -> None:
    field = relation.field
    model = cast("type[models.Model]", relation.related_model)
    manager = model._default_manager
    rows = manager.filter(**{field.name: source})
    unique_sets = [
        constraint.fields
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and field.name in constraint.fields
    ]
    for fields in unique_sets:
        # Rows whose twin already points at the target would break the
        # constraint once moved; the twin stands for both.
        twin = manager.filter(
            **{field.name: target},
            **{name: OuterRef(name) for name in fields if name != field.name},
        )
        rows.filter(Exists(twin)).delete()
    rows.update(**{field.name: target})
