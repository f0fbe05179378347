"""Writing conversations: posts, answers, comments, reactions, moderation.

Every write renders and sanitises Markdown once, here; keeps a revision of
each version of a text; moves the denormalised counts in the same
transaction; and audits deletions and moderation.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.audit import record_change
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed
from commonplace.core.uploads import bounded_image
from commonplace.knowledge.markdown import render
from commonplace.knowledge.models import (
    MAX_BODY_LENGTH,
    MAX_COMMENT_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    MAX_TOPICS,
    Answer,
    Comment,
    Post,
    PostKind,
    Reaction,
    ReactionKind,
    Report,
    Revision,
    Upload,
)
from commonplace.people.models import User
from commonplace.topics.services import find_or_create_topics

Contribution = Post | Answer | Comment
Editable = TypeVar("Editable", Answer, Comment)
TITLED_KINDS = (PostKind.DISCUSSION, PostKind.QUESTION, PostKind.ARTICLE)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_SIDE = 2000
MAX_REASON_LENGTH = 300
MAX_REPORT_LENGTH = 500


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def _readable(text: str) -> str:
    """Text with NUL replaced, as CommonMark does: no database text column
    holds it, and it is never meaningful in what people write."""
    return text.replace("\x00", "\ufffd")


def _clean_body(text: str, *, limit: int = MAX_BODY_LENGTH) -> str:
    body = _readable(text).strip()
    if not body:
        raise _invalid("body", _("Write something first."))
    if len(body) > limit:
        raise _invalid("body", _("At most %(max)d characters.") % {"max": limit})
    return body


def _clean_post_fields(kind: str, title: str, summary: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    if kind not in PostKind.values:
        errors["kind"] = [_("Choose one of the kinds of post.")]
    title = " ".join(_readable(title).split())
    if len(title) > MAX_TITLE_LENGTH:
        errors["title"] = [
            _("A title has at most %(max)d characters.") % {"max": MAX_TITLE_LENGTH}
        ]
    elif kind in TITLED_KINDS and not title:
        errors["title"] = [_("Give it a title that says what it is about.")]
    summary = _readable(summary).strip()
    if len(summary) > MAX_SUMMARY_LENGTH:
        errors["summary"] = [
            _("At most %(max)d characters.") % {"max": MAX_SUMMARY_LENGTH}
        ]
    if errors:
        raise InvalidInput(_("Some of the values are not valid."), fields=errors)
    return title, summary if kind == PostKind.ARTICLE else ""


def _topics(names: list[str]) -> list[Any]:
    """Distinct topics for the names; call inside the writing transaction,
    which a refusal rolls back with any topic created on the way."""
    try:
        topics = find_or_create_topics(names)
    except InvalidInput as error:
        raise _invalid("topics", str(error.message)) from None
    if len(topics) > MAX_TOPICS:
        message = _("Choose at most %(max)d topics.") % {"max": MAX_TOPICS}
        raise _invalid("topics", message)
    return topics


def _touch(community_id: int, post_id: int | None = None) -> None:
    now = timezone.now()
    Community.objects.filter(pk=community_id).update(last_activity_at=now)
    if post_id is not None:
        Post.objects.filter(pk=post_id).update(last_activity_at=now)


def _revise(item: Contribution, editor: User) -> None:
    Revision.objects.create(
        **{_target_field(item): item},
        editor=editor,
        title=getattr(item, "title", ""),
        summary=getattr(item, "summary", ""),
        body_source=item.body_source,
    )


def _target_field(item: Contribution) -> str:
    return type(item).__name__.lower()


@transaction.atomic
def create_post(
    *,
    community: Community,
    author: User,
    kind: str,
    body: str,
    title: str = "",
    summary: str = "",
    topics: list[str] | None = None,
) -> Post:
    """Start a thread. Members and above may; guests only reply."""
    permissions.require(author, "community.read", community, hide=True)
    permissions.require(author, "community.start_thread", community)
    title, summary = _clean_post_fields(kind, title, summary)
    body = _clean_body(body)
    chosen = _topics(topics or [])
    post = Post.objects.create(
        community=community,
        author=author,
        kind=kind,
        title=title,
        summary=summary,
        body_source=body,
        body_html=render(body),
    )
    if chosen:
        post.topics.set(chosen)
    _revise(post, author)
    _touch(community.pk)
    return post


def _require_open(item: Contribution, message: str) -> None:
    if item.is_removed:
        raise Conflict(message)


@transaction.atomic
def edit_post(
    *,
    post: Post,
    edited_by: User,
    body: str,
    title: str | None = None,
    summary: str | None = None,
    topics: list[str] | None = None,
) -> Post:
    """Change a post; the version before stays in its revision history."""
    permissions.require(edited_by, "contribution.edit", post)
    _require_open(post, _("A removed post cannot be edited."))
    new_title, new_summary = _clean_post_fields(
        post.kind,
        post.title if title is None else title,
        post.summary if summary is None else summary,
    )
    post.body_source = _clean_body(body)
    post.body_html = render(post.body_source)
    post.title, post.summary = new_title, new_summary
    post.edited_at = timezone.now()
    post.save(
        update_fields=["body_source", "body_html", "title", "summary", "edited_at"]
    )
    if topics is not None:
        post.topics.set(_topics(topics))
    _revise(post, edited_by)
    return post


@transaction.atomic
def post_answer(*, question: Post, author: User, body: str) -> Answer:
    """Answer a question; guests may, as they may reply."""
    permissions.require(author, "community.read", question.community, hide=True)
    permissions.require(author, "community.reply", question.community)
    if question.kind != PostKind.QUESTION:
        raise InvalidInput(_("Only questions take answers; comment instead."))
    _require_open(question, _("This question was removed; it takes no more answers."))
    body = _clean_body(body)
    answer = Answer.objects.create(
        post=question, author=author, body_source=body, body_html=render(body)
    )
    Post.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    _revise(answer, author)
    _touch(question.community_id, question.pk)
    return answer


@transaction.atomic
def edit_answer(*, answer: Answer, edited_by: User, body: str) -> Answer:
    permissions.require(edited_by, "contribution.edit", answer)
    _require_open(answer, _("A removed answer cannot be edited."))
    return _edit_text(answer, edited_by, body, MAX_BODY_LENGTH)


@transaction.atomic
def edit_comment(*, comment: Comment, edited_by: User, body: str) -> Comment:
    permissions.require(edited_by, "contribution.edit", comment)
    _require_open(comment, _("A removed comment cannot be edited."))
    return _edit_text(comment, edited_by, body, MAX_COMMENT_LENGTH)


def _edit_text(item: Editable, editor: User, body: str, limit: int) -> Editable:
    item.body_source = _clean_body(body, limit=limit)
    item.body_html = render(item.body_source)
    item.edited_at = timezone.now()
    item.save(update_fields=["body_source", "body_html", "edited_at"])
    _revise(item, editor)
    return item


@transaction.atomic
def accept_answer(*, question: Post, answer: Answer, accepted_by: User) -> Post:
    """Mark the answer that solved the question; accepting again replaces it.

    Only the asker or a community leader may accept, and only an answer to
    this very question: the expertise model learns from that one signal.
    """
    permissions.require(accepted_by, "community.read", question.community, hide=True)
    permissions.require(accepted_by, "answer.accept", question)
    if answer.post_id != question.pk:
        raise _invalid("answer", _("That answer belongs to another question."))
    _require_open(answer, _("A removed answer cannot be accepted."))
    question.accepted_answer = answer
    question.accepted_by = accepted_by
    question.accepted_at = timezone.now()
    question.save(update_fields=["accepted_answer", "accepted_by", "accepted_at"])
    return question


@transaction.atomic
def unaccept_answer(*, question: Post, changed_by: User) -> Post:
    permissions.require(changed_by, "community.read", question.community, hide=True)
    permissions.require(changed_by, "answer.accept", question)
    question.accepted_answer = None
    question.accepted_by = None
    question.accepted_at = None
    question.save(update_fields=["accepted_answer", "accepted_by", "accepted_at"])
    return question


@transaction.atomic
def add_comment(
    *, post: Post, author: User, body: str, answer: Answer | None = None
) -> Comment:
    """Comment on a post or on one of its answers; comments do not nest."""
    permissions.require(author, "community.read", post.community, hide=True)
    permissions.require(author, "community.reply", post.community)
    if answer is not None and answer.post_id != post.pk:
        raise _invalid("answer", _("That answer belongs to another post."))
    target = answer or post
    _require_open(target, _("This was removed; it takes no more comments."))
    body = _clean_body(body, limit=MAX_COMMENT_LENGTH)
    comment = Comment.objects.create(
        post=post,
        answer=answer,
        author=author,
        body_source=body,
        body_html=render(body),
    )
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    _revise(comment, author)
    _touch(post.community_id, post.pk)
    return comment


COUNTERS = {
    ReactionKind.HELPFUL: "helpful_count",
    ReactionKind.INSIGHTFUL: "insightful_count",
    ReactionKind.THANKS: "thanks_count",
}


@transaction.atomic
def toggle_reaction(*, item: Contribution, person: User, kind: str) -> bool:
    """Add the reaction, or take it back if it was there; True when added.

    One of each kind per person per item: a repeat takes it back rather
    than counting twice.
    """
    community = permissions.community_of(item)
    permissions.require(person, "community.read", community, hide=True)
    if kind not in COUNTERS:
        raise _invalid("kind", _("Choose helpful, insightful or thanks."))
    if not permissions.is_signed_in(person):
        raise NotAllowed
    _require_open(item, _("This was removed."))
    field = _target_field(item)
    counter = COUNTERS[ReactionKind(kind)]
    removed, _count = Reaction.objects.filter(
        person=person, kind=kind, **{field: item}
    ).delete()
    model = type(item)
    if removed:
        model.objects.filter(pk=item.pk).update(**{counter: F(counter) - 1})
        return False
    Reaction.objects.create(person=person, kind=kind, **{field: item})
    model.objects.filter(pk=item.pk).update(**{counter: F(counter) + 1})
    return True


@transaction.atomic
def delete_contribution(
    *, item: Contribution, deleted_by: User, reason: str
) -> Contribution:
    """Remove a post, answer or comment, keeping a marker where it was.

    The author or a moderator may; a reason is required and the removal is
    audited, so the thread stays readable and accountable.
    """
    permissions.require(deleted_by, "contribution.delete", item)
    reason = _readable(reason).strip()
    if not reason:
        raise _invalid("reason", _("Say why it is removed."))
    if len(reason) > MAX_REASON_LENGTH:
        raise _invalid(
            "reason", _("At most %(max)d characters.") % {"max": MAX_REASON_LENGTH}
        )
    if item.deleted_at is not None:
        return item
    item.deleted_at = timezone.now()
    item.deleted_by = deleted_by
    item.deletion_reason = reason
    item.save(update_fields=["deleted_at", "deleted_by", "deletion_reason"])
    record_change(
        actor=deleted_by,
        action=f"{_target_field(item)}.delete",
        target=item,
        after={"reason": reason},
        scope=permissions.community_of(item),
    )
    return item


@transaction.atomic
def report(*, item: Contribution, reported_by: User, reason: str) -> Report:
    """Ask the community's moderators to look at something."""
    community = permissions.community_of(item)
    permissions.require(reported_by, "community.read", community, hide=True)
    permissions.require(reported_by, "contribution.report", item)
    reason = _readable(reason).strip()
    if not reason:
        raise _invalid("reason", _("Say what is wrong with it."))
    if len(reason) > MAX_REPORT_LENGTH:
        raise _invalid(
            "reason", _("At most %(max)d characters.") % {"max": MAX_REPORT_LENGTH}
        )
    return Report.objects.create(
        community=community,
        reporter=reported_by,
        reason=reason,
        **{_target_field(item): item},
    )


@transaction.atomic
def moderate(*, report_: Report, moderator: User, decision: str) -> Report:
    """Hide what a report is about, restore it, or dismiss the report.

    Hiding and restoring are audited; every open report about the same
    item is settled by the same decision.
    """
    report_ = Report.objects.select_for_update().get(pk=report_.pk)
    permissions.require(moderator, "community.moderate", report_.community)
    item = report_.target
    now = timezone.now()
    if decision == "hide":
        item.hidden_at, item.hidden_by = now, moderator
        status = Report.Status.HIDDEN
    elif decision == "restore":
        item.hidden_at, item.hidden_by = None, None
        status = Report.Status.RESTORED
    elif decision == "dismiss":
        status = Report.Status.DISMISSED
    else:
        raise _invalid("decision", _("Choose hide, restore or dismiss."))
    if decision != "dismiss":
        item.save(update_fields=["hidden_at", "hidden_by"])
        record_change(
            actor=moderator,
            action=f"{_target_field(item)}.{decision}",
            target=item,
            after={"report": report_.pk},
            scope=report_.community,
        )
    Report.objects.filter(
        **{_target_field(item): item}, status__in=[Report.Status.OPEN, report_.status]
    ).update(status=status, decided_at=now, decided_by=moderator)
    report_.refresh_from_db()
    return report_


@transaction.atomic
def upload_image(
    *, community: Community, uploaded_by: User, upload: UploadedFile
) -> Upload:
    """Store an image for use in a post: checked, re-encoded, at most 10 MB.

    Its address is served by a view that applies the community's policy,
    so a private community's images stay private.
    """
    permissions.require(uploaded_by, "community.read", community, hide=True)
    permissions.require(uploaded_by, "community.reply", community)
    image, width, height = bounded_image(
        upload, field="file", longest_side=MAX_UPLOAD_SIDE, max_bytes=MAX_UPLOAD_BYTES
    )
    stored = Upload(
        community=community, uploaded_by=uploaded_by, width=width, height=height
    )
    stored.file.save(image.name or "image.webp", image, save=False)
    stored.save()
    return stored
