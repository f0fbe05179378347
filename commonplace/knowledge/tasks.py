"""Background work of conversations: telling people, counting views.

Enqueued by the services in the transaction of the change. Each task takes
ids, reads the current state when it runs (a reaction taken back, an
answer removed or unaccepted meanwhile: nothing is told), and is safe to
run twice: every event has a key, and `notify` tells each key once.
"""

from __future__ import annotations

from collections.abc import Mapping

from django_tasks import task

from commonplace.communities.selectors import moderators_of
from commonplace.knowledge.models import (
    Answer,
    Comment,
    Mention,
    Post,
    Reaction,
    Report,
)
from commonplace.notifications.services import notify
from commonplace.people.models import User

Contribution = Post | Answer | Comment


def _live(model: type[Contribution], pk: int, *related: str) -> Contribution | None:
    item = model.objects.select_related("author", *related).filter(pk=pk).first()
    if item is None or item.is_removed:
        return None
    return item


def _tell_mentioned(
    item: Contribution,
    *,
    except_for: set[int] | None = None,
    actor: User | None = None,
) -> None:
    """Tell each person the text mentions now; `except_for` are told already.
    The actor is whoever wrote the mention: the author, or an editor."""
    target_type = type(item).__name__.lower()
    mentions = Mention.objects.filter(**{target_type: item}).select_related("person")
    for mention in mentions:
        if mention.person_id in (except_for or set()):
            continue
        notify(
            recipient=mention.person,
            kind="mentioned",
            target=item,
            key=f"mentioned:{target_type}:{item.pk}:{mention.person_id}",
            actor=actor or item.author,
        )


@task()
def notify_mentions(
    target_type: str, target_id: int, editor_id: int | None = None
) -> None:
    """Tell the people a post, answer or comment mentions (also after edits:
    only newly mentioned people hear of it, from the editor)."""
    models: Mapping[str, type[Contribution]] = {
        "post": Post,
        "answer": Answer,
        "comment": Comment,
    }
    item = _live(models[target_type], target_id)
    if item is not None:
        editor = User.objects.filter(pk=editor_id).first() if editor_id else None
        _tell_mentioned(item, actor=editor)


@task()
def notify_answer_posted(answer_id: int) -> None:
    """Tell the asker their question has an answer, and whoever it mentions."""
    answer = _live(Answer, answer_id, "post", "post__author")
    if not isinstance(answer, Answer) or answer.post.is_removed:
        return
    asker = answer.post.author
    if asker is not None:
        notify(
            recipient=asker,
            kind="answered",
            target=answer.post,
            key=f"answered:{answer.pk}",
            actor=answer.author,
        )
    _tell_mentioned(answer, except_for={asker.pk} if asker else set())


@task()
def notify_comment_added(comment_id: int) -> None:
    """Tell the author of what was commented on, and whoever it mentions."""
    comment = _live(Comment, comment_id, "post", "answer", "post__author")
    if not isinstance(comment, Comment):
        return
    replied_to: Post | Answer = comment.answer or comment.post
    owner = replied_to.author
    if owner is not None and not replied_to.is_removed:
        notify(
            recipient=owner,
            kind="replied",
            target=replied_to,
            key=f"replied:{comment.pk}",
            actor=comment.author,
        )
    _tell_mentioned(comment, except_for={owner.pk} if owner else set())


@task()
def notify_answer_accepted(answer_id: int) -> None:
    """Tell an answer's author it was accepted, if it still is."""
    answer = _live(Answer, answer_id, "post", "post__accepted_by")
    if not isinstance(answer, Answer) or answer.author is None:
        return
    if answer.post.accepted_answer_id != answer.pk:
        return
    notify(
        recipient=answer.author,
        kind="accepted",
        target=answer,
        key=f"accepted:{answer.pk}",
        actor=answer.post.accepted_by,
    )


@task()
def notify_reaction(reaction_id: int) -> None:
    """Tell an author someone reacted, if the reaction still stands."""
    reaction = (
        Reaction.objects.select_related("person", "post", "answer", "comment")
        .filter(pk=reaction_id)
        .first()
    )
    if reaction is None:
        return
    item: Contribution = reaction.post or reaction.answer or reaction.comment  # type: ignore[assignment]
    if item.author_id is None or item.is_removed:
        return
    target_type = type(item).__name__.lower()
    notify(
        recipient=item.author,  # type: ignore[arg-type]
        kind="reacted",
        target=item,
        key=f"reacted:{reaction.kind}:{target_type}:{item.pk}:{reaction.person_id}",
        actor=reaction.person,
        detail=reaction.kind,
    )


@task()
def notify_report(report_id: int) -> None:
    """Tell the community's moderators, leaders and owners about a report."""
    report = Report.objects.select_related("community").filter(pk=report_id).first()
    if report is None or report.status != Report.Status.OPEN:
        return
    for moderator in moderators_of(report.community):
        notify(
            recipient=moderator,
            kind="report",
            target=report,
            key=f"report:{report.pk}",
            actor=report.reporter,
        )


@task()
def add_views(batch: str, counts: dict[str, int]) -> None:
    """Add a batch of page views counted by a web process (once per batch)."""
    from commonplace.knowledge.services import add_views as apply

    apply(batch=batch, counts=counts)


@task()
def expire_trending() -> None:
    """Take posts older than a week out of "top this week" (periodic)."""
    from commonplace.knowledge.services import expire_trending as expire

    expire()
