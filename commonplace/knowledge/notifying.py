"""The notifications conversations give, and what they point at.

Targets are visible while their thread is live and in a community the
reader may read; a report while it is open and the reader moderates it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commonplace import permissions
from commonplace.communities.selectors import moderated_communities
from commonplace.knowledge.models import Answer, Comment, Post, Report
from commonplace.knowledge.selectors import on_readable_posts, readable_posts
from commonplace.notifications.models import Notification
from commonplace.notifications.registry import (
    Kind,
    Target,
    register_kind,
    register_target,
)

TITLE_LENGTH = 80


def _live(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.filter(deleted_at__isnull=True, hidden_at__isnull=True)


def _posts(viewer: permissions.Viewer) -> QuerySet[Post]:
    return readable_posts(viewer).select_related("community")


def _answers(viewer: permissions.Viewer) -> QuerySet[Answer]:
    answers = on_readable_posts(Answer.objects.all(), viewer)
    return _live(answers).select_related("post")


def _comments(viewer: permissions.Viewer) -> QuerySet[Comment]:
    comments = on_readable_posts(Comment.objects.all(), viewer)
    return _live(comments).select_related("post", "answer")


def _open_reports(viewer: permissions.Viewer) -> QuerySet[Report]:
    return Report.objects.filter(
        status=Report.Status.OPEN, community__in=moderated_communities(viewer)
    ).select_related("community")


def _post_url(post: Post) -> str:
    return reverse("knowledge:post", kwargs={"pk": post.pk})


register_target(Target(name="post", visible=_posts, url=_post_url))
register_target(
    Target(
        name="answer",
        visible=_answers,
        url=lambda answer: f"{_post_url(answer.post)}#answer-{answer.pk}",
    )
)
register_target(
    Target(
        name="comment",
        visible=_comments,
        url=lambda comment: f"{_post_url(comment.post)}#comment-{comment.pk}",
    )
)
register_target(
    Target(
        name="report",
        visible=_open_reports,
        url=lambda report: reverse(
            "knowledge:moderation", kwargs={"slug": report.community.slug}
        ),
    )
)


def title_of(post: Post) -> str:
    """What a sentence calls a post: its title, or the start of its text."""
    return Truncator(post.title or post.body_source).chars(TITLE_LENGTH)


def who(notification: Notification) -> str:
    """ "Ana Lima", or "Ana Lima and 4 others" for a group."""
    name = notification.actor.display_name if notification.actor else _("Someone")
    others = notification.actor_count - 1
    if others < 1:
        return name
    return ngettext(
        "%(name)s and %(count)d other", "%(name)s and %(count)d others", others
    ) % {"name": name, "count": others}


def your(item: Post | Answer | Comment) -> str:
    """ "your post “…”", "your answer to “…”", "your comment on “…”"."""
    if isinstance(item, Answer):
        return _("your answer to “%(title)s”") % {"title": title_of(item.post)}
    if isinstance(item, Comment):
        return _("your comment on “%(title)s”") % {"title": title_of(item.post)}
    if item.kind == "question":
        return _("your question “%(title)s”") % {"title": title_of(item)}
    return _("your post “%(title)s”") % {"title": title_of(item)}


def _where(item: Post | Answer | Comment) -> str:
    post = item if isinstance(item, Post) else item.post
    return title_of(post)


def _mentioned(notification: Notification, item: Post | Answer | Comment) -> str:
    return _("%(who)s mentioned you in “%(title)s”") % {
        "who": who(notification),
        "title": _where(item),
    }


def _answered(notification: Notification, question: Post) -> str:
    return _("%(who)s answered %(what)s") % {
        "who": who(notification),
        "what": your(question),
    }


def _replied(notification: Notification, item: Post | Answer) -> str:
    return _("%(who)s commented on %(what)s") % {
        "who": who(notification),
        "what": your(item),
    }


def _accepted(notification: Notification, answer: Answer) -> str:
    return _("%(who)s accepted %(what)s") % {
        "who": who(notification),
        "what": your(answer),
    }


def _reacted(notification: Notification, item: Post | Answer | Comment) -> str:
    values = {"who": who(notification), "what": your(item)}
    if notification.detail == "insightful":
        return _("%(who)s found %(what)s insightful") % values
    if notification.detail == "thanks":
        return _("%(who)s thanked you for %(what)s") % values
    return _("%(who)s found %(what)s helpful") % values


def _reported(notification: Notification, report: Report) -> str:
    return _("Something in %(community)s was reported: “%(reason)s”") % {
        "community": report.community.name,
        "reason": Truncator(report.reason).chars(TITLE_LENGTH),
    }


CONTRIBUTIONS = ("post", "answer", "comment")

register_kind(
    Kind(
        name="mentioned",
        label=gettext_lazy("Someone mentions you"),
        targets=CONTRIBUTIONS,
        describe=_mentioned,
    )
)
register_kind(
    Kind(
        name="answered",
        label=gettext_lazy("Someone answers your question"),
        targets=("post",),
        describe=_answered,
        grouped=True,
    )
)
register_kind(
    Kind(
        name="replied",
        label=gettext_lazy("Someone comments on your post or answer"),
        targets=("post", "answer"),
        describe=_replied,
        grouped=True,
    )
)
register_kind(
    Kind(
        name="accepted",
        label=gettext_lazy("Your answer is accepted"),
        targets=("answer",),
        describe=_accepted,
    )
)
register_kind(
    Kind(
        name="reacted",
        label=gettext_lazy("Someone reacts to what you wrote"),
        targets=CONTRIBUTIONS,
        describe=_reacted,
        grouped=True,
    )
)
register_kind(
    Kind(
        name="report",
        label=gettext_lazy("A report to review (moderators)"),
        targets=("report",),
        describe=_reported,
    )
)
