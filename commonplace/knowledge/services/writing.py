"""Writing threads: posts, answers, comments, and accepting an answer.

Every write renders and sanitises Markdown once, here; keeps every version
of an edited text (the original from its first edit on); records who it
@mentions; moves the denormalised counts in the same transaction; and
enqueues, in that transaction, the task that tells the people it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.core.errors import InvalidInput
from commonplace.expertise.services import (
    request_help,
    schedule_routing,
    schedule_thread_refresh,
)
from commonplace.knowledge import tasks
from commonplace.knowledge.models import (
    MAX_BODY_LENGTH,
    MAX_COMMENT_LENGTH,
    Answer,
    Comment,
    Post,
    PostKind,
)
from commonplace.knowledge.services.common import (
    clean_body,
    clean_post_fields,
    invalid,
    keep_original,
    refresh_standing,
    reindex_thread,
    require_open,
    revise,
    topics_named,
    touch,
)
from commonplace.knowledge.services.mentions import (
    record_mentions,
    render_with_mentions,
    resolve_mentions,
)
from commonplace.people.models import User

Editable = TypeVar("Editable", Answer, Comment)


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
    ask_for_help: Sequence[User] = (),
) -> Post:
    """Start a thread. Members and above may; guests only reply.

    A question may ask colleagues for help as it is posted: if one of
    them may not be asked, nothing is posted and the reason is given.
    """
    permissions.require(author, "community.read", community, hide=True)
    permissions.require(author, "community.start_thread", community)
    title, summary = clean_post_fields(kind, title, summary)
    body = clean_body(body)
    chosen = topics_named(topics or [])
    mentions = resolve_mentions(body, community)
    post = Post.objects.create(
        community=community,
        author=author,
        kind=kind,
        title=title,
        summary=summary,
        body_source=body,
        body_html=render_with_mentions(body, mentions),
    )
    if chosen:
        post.topics.set(chosen)
    record_mentions(post, mentions)
    refresh_standing(post.pk)
    touch(community.pk)
    reindex_thread(post)
    schedule_routing(post)
    tasks.notify_mentions.enqueue(target_type="post", target_id=post.pk)
    if ask_for_help:
        request_help(asker=author, post=post, people=ask_for_help)
    return post


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
    require_open(post, _("A removed post cannot be edited."))
    new_title, new_summary = clean_post_fields(
        post.kind,
        post.title if title is None else title,
        post.summary if summary is None else summary,
    )
    new_body = clean_body(body)
    mentions = resolve_mentions(new_body, post.community, before=post.body_source)
    keep_original(post)
    post.body_source = new_body
    post.body_html = render_with_mentions(new_body, mentions)
    post.title, post.summary = new_title, new_summary
    post.edited_at = timezone.now()
    post.save(
        update_fields=["body_source", "body_html", "title", "summary", "edited_at"]
    )
    if topics is not None:
        post.topics.set(topics_named(topics))
    revise(post, edited_by)
    record_mentions(post, mentions)
    reindex_thread(post)
    tasks.notify_mentions.enqueue(
        target_type="post", target_id=post.pk, editor_id=edited_by.pk
    )
    return post


@transaction.atomic
def post_answer(*, question: Post, author: User, body: str) -> Answer:
    """Answer a question; guests may, as they may reply."""
    permissions.require(author, "community.read", question.community, hide=True)
    permissions.require(author, "community.reply", question.community)
    if question.kind != PostKind.QUESTION:
        raise InvalidInput(_("Only questions take answers; comment instead."))
    require_open(question, _("This question was removed; it takes no more answers."))
    body = clean_body(body)
    mentions = resolve_mentions(body, question.community)
    answer = Answer.objects.create(
        post=question,
        author=author,
        body_source=body,
        body_html=render_with_mentions(body, mentions),
    )
    Post.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    record_mentions(answer, mentions)
    refresh_standing(question.pk)
    touch(question.community_id, question.pk)
    reindex_thread(answer)
    tasks.notify_answer_posted.enqueue(answer_id=answer.pk)
    return answer


@transaction.atomic
def edit_answer(*, answer: Answer, edited_by: User, body: str) -> Answer:
    permissions.require(edited_by, "contribution.edit", answer)
    require_open(answer, _("A removed answer cannot be edited."))
    return _edit_text(answer, edited_by, body, MAX_BODY_LENGTH)


@transaction.atomic
def edit_comment(*, comment: Comment, edited_by: User, body: str) -> Comment:
    permissions.require(edited_by, "contribution.edit", comment)
    require_open(comment, _("A removed comment cannot be edited."))
    return _edit_text(comment, edited_by, body, MAX_COMMENT_LENGTH)


def _edit_text(item: Editable, editor: User, body: str, limit: int) -> Editable:
    new_body = clean_body(body, limit=limit)
    community = permissions.community_of(item)
    mentions = resolve_mentions(new_body, community, before=item.body_source)
    keep_original(item)
    item.body_source = new_body
    item.body_html = render_with_mentions(new_body, mentions)
    item.edited_at = timezone.now()
    item.save(update_fields=["body_source", "body_html", "edited_at"])
    revise(item, editor)
    record_mentions(item, mentions)
    reindex_thread(item)
    tasks.notify_mentions.enqueue(
        target_type=type(item).__name__.lower(),
        target_id=item.pk,
        editor_id=editor.pk,
    )
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
        raise invalid("answer", _("That answer belongs to another question."))
    require_open(answer, _("A removed answer cannot be accepted."))
    question.accepted_answer = answer
    question.accepted_by = accepted_by
    question.accepted_at = timezone.now()
    question.is_resolved = True
    question.save(
        update_fields=["accepted_answer", "accepted_by", "accepted_at", "is_resolved"]
    )
    tasks.notify_answer_accepted.enqueue(answer_id=answer.pk)
    schedule_thread_refresh(question.pk)
    return question


@transaction.atomic
def unaccept_answer(*, question: Post, changed_by: User) -> Post:
    permissions.require(changed_by, "community.read", question.community, hide=True)
    permissions.require(changed_by, "answer.accept", question)
    question.accepted_answer = None
    question.accepted_by = None
    question.accepted_at = None
    question.save(update_fields=["accepted_answer", "accepted_by", "accepted_at"])
    refresh_standing(question.pk)
    schedule_thread_refresh(question.pk)
    question.refresh_from_db(fields=["is_resolved"])
    return question


@transaction.atomic
def add_comment(
    *, post: Post, author: User, body: str, answer: Answer | None = None
) -> Comment:
    """Comment on a post or on one of its answers; comments do not nest."""
    permissions.require(author, "community.read", post.community, hide=True)
    permissions.require(author, "community.reply", post.community)
    if answer is not None and answer.post_id != post.pk:
        raise invalid("answer", _("That answer belongs to another post."))
    target = answer or post
    require_open(target, _("This was removed; it takes no more comments."))
    body = clean_body(body, limit=MAX_COMMENT_LENGTH)
    mentions = resolve_mentions(body, post.community)
    comment = Comment.objects.create(
        post=post,
        answer=answer,
        author=author,
        body_source=body,
        body_html=render_with_mentions(body, mentions),
    )
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    record_mentions(comment, mentions)
    touch(post.community_id, post.pk)
    reindex_thread(comment)
    tasks.notify_comment_added.enqueue(comment_id=comment.pk)
    return comment
