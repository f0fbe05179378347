"""What people write in communities, and what others do with it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TITLE_LENGTH = 300
MAX_SUMMARY_LENGTH = 500
MAX_BODY_LENGTH = 50_000
MAX_COMMENT_LENGTH = 2_000
MAX_TOPICS = 5


class PostKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")
    NOTE = "note", _("Note")
    ARTICLE = "article", _("Article")


class ReactionKind(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    INSIGHTFUL = "insightful", _("Insightful")
    THANKS = "thanks", _("Thanks")


class Contribution(models.Model):
    """What posts, answers and comments share: an author, a body, removal.

    The body is kept twice: the Markdown the author wrote (to edit it) and
    the sanitised HTML made from it when it was written (to show it), so no
    page renders Markdown on a read.
    """

    # Indexed where it is looked up, by each kind's own composite indexes.
    author = models.ForeignKey(
        "people.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    body_source = models.TextField(_("text"), max_length=MAX_BODY_LENGTH)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    insightful_count = models.PositiveIntegerField(default=0)
    thanks_count = models.PositiveIntegerField(default=0)
    # Votes brought in by an importer: a tally, never invented people.
    imported_helpful_count = models.PositiveIntegerField(default=0)
    # Removed by its author or a moderator (with a reason): the thread stays
    # readable with a marker where it was.
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Who removed or hid it: read with the row, never searched by, so not
    # indexed (every index is paid on each of millions of inserts).
    deleted_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    deletion_reason = models.CharField(max_length=300, blank=True)
    # Hidden by a moderator after a report; restorable.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None or self.hidden_at is not None

    @property
    def helpful_total(self) -> int:
        return self.helpful_count + self.imported_helpful_count


class Post(Contribution):
    """A discussion, question, note or article in one community."""

    # The feed indexes start with the community.
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="posts",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH, blank=True)
    summary = models.CharField(_("summary"), max_length=MAX_SUMMARY_LENGTH, blank=True)
    topics = models.ManyToManyField(
        "topics.Topic", blank=True, related_name="posts", verbose_name=_("topics")
    )
    accepted_answer = models.OneToOneField(
        "knowledge.Answer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_for",
    )
    accepted_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    answer_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # A question is resolved once it has an accepted answer or an answer
    # someone found helpful; the unanswered lists show the others. Kept by
    # the services that accept, react and remove.
    is_resolved = models.BooleanField(default=False)
    # Page views, added in batches by a task (never a write per view).
    view_count = models.PositiveIntegerField(default=0)
    # The "top this week" order: positive while the post is under a week
    # old, zero after, so its index holds only this week's posts.
    trending_score = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["community", "-created_at", "-id"], name="post_feed"),
            models.Index(
                fields=["community", "kind", "is_resolved", "-created_at", "-id"],
                name="post_unanswered",
            ),
            models.Index(fields=["author", "-created_at"], name="post_by_author"),
            models.Index(fields=["-created_at", "-id"], name="post_latest"),
            models.Index(
                fields=["-trending_score", "-id"],
                name="post_trending",
                condition=models.Q(trending_score__gt=0),
            ),
            models.Index(
                fields=["-created_at", "-id"],
                name="post_open_questions",
                condition=models.Q(kind="question", is_resolved=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.body_source[:60]


class Answer(Contribution):
    """An answer to a question."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="answers", db_index=False
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="answer_by_post"),
            models.Index(fields=["author", "-created_at"], name="answer_by_author"),
        ]

    def __str__(self) -> str:
        return self.body_source[:60]


class Comment(Contribution):
    """A short comment on a post or on an answer (one level, no threads)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    # Set when the comment is on an answer; `post` is then that answer's post.
    answer = models.ForeignKey(
        Answer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
        db_index=False,
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="comment_by_post"),
            models.Index(fields=["author", "-created_at"], name="comment_by_author"),
            # Most comments are on posts: index only those on an answer.
            models.Index(
                fields=["answer", "created_at", "id"],
                condition=models.Q(answer__isnull=False),
                name="comment_by_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.body_source[:60]


TARGETS = ("post", "answer", "comment")


def exactly_one_target() -> models.Q:
    condition = models.Q()
    for chosen in TARGETS:
        others = {f"{name}__isnull": True for name in TARGETS if name != chosen}
        condition |= models.Q(**{f"{chosen}__isnull": False}, **others)
    return condition


def target(model: type[models.Model] | str, related_name: str) -> models.ForeignKey:
    """The column of one possible target: not indexed by itself, because
    `index_per_target` indexes only the rows that have this target (a plain
    index would also hold two empty targets for every row)."""
    return models.ForeignKey(
        model,
        null=True,
        on_delete=models.CASCADE,
        related_name=related_name,
        db_index=False,
    )


def index_per_target(prefix: str, *then: str) -> list[models.Index]:
    return [
        models.Index(
            fields=[name, *then],
            condition=models.Q(**{f"{name}__isnull": False}),
            name=f"{prefix}_{name}",
        )
        for name in TARGETS
    ]


class Reaction(models.Model):
    """One person's helpful, insightful or thanks on one post, answer or comment."""

    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    post = target(Post, "reactions")
    answer = target(Answer, "reactions")
    comment = target(Comment, "reactions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = index_per_target("reaction")
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(), name="reaction_one_target"
            ),
            *(
                models.UniqueConstraint(
                    fields=["person", "kind", target],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"reaction_once_per_{target}",
                )
                for target in TARGETS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.person_id}"


class Revision(models.Model):
    """The text of a post, answer or comment as one version had it.

    A text that was never edited has none: its one version is the text
    itself. The first edit keeps the original, then every version after.
    """

    post = target(Post, "revisions")
    answer = target(Answer, "revisions")
    comment = target(Comment, "revisions")
    editor = models.ForeignKey(
        "people.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    title = models.CharField(max_length=MAX_TITLE_LENGTH, blank=True)
    summary = models.CharField(max_length=MAX_SUMMARY_LENGTH, blank=True)
    body_source = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(), name="revision_one_target"
            )
        ]
        indexes = index_per_target("revision", "-created_at", "-id")

    def __str__(self) -> str:
        return f"revision of {self.created_at:%Y-%m-%d %H:%M}"


class Mention(models.Model):
    """A person @mentioned in a post, answer or comment.

    Written with the text, so the notification task reads who was mentioned
    from the database rather than parsing the text again.
    """

    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+"
    )
    post = target(Post, "mentions")
    answer = target(Answer, "mentions")
    comment = target(Comment, "mentions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = index_per_target("mention")
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(), name="mention_one_target"
            ),
            *(
                models.UniqueConstraint(
                    fields=["person", target],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"mention_once_per_{target}",
                )
                for target in TARGETS
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.person_id}"


class PostLink(models.Model):
    """One post pointing at another: a duplicate of it, or related to it.

    Brought in from other systems (Stack Exchange's PostLinks) and shown on
    both posts, to the people who may read both.
    """

    class Kind(models.TextChoices):
        RELATED = "related", _("Related")
        DUPLICATE = "duplicate", _("Duplicate")

    from_post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="links_out", db_index=False
    )
    to_post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post link")
        verbose_name_plural = _("post links")
        constraints = [
            models.UniqueConstraint(
                fields=["from_post", "to_post", "kind"], name="post_link_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_post=models.F("to_post")),
                name="post_link_not_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_post_id} {self.kind} {self.to_post_id}"


class Bookmark(models.Model):
    """A post someone keeps to come back to."""

    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [
            models.UniqueConstraint(fields=["person", "post"], name="bookmark_once")
        ]
        indexes = [
            models.Index(fields=["person", "-created_at", "-id"], name="bookmark_list")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.post_id}"


class Upload(models.Model):
    """An image uploaded into a community, re-encoded, served by a checked view."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="uploads"
    )
    uploaded_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="uploads/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.file.name


class Report(models.Model):
    """Someone asks the moderators to look at a post, answer or comment."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        HIDDEN = "hidden", _("Hidden")
        DISMISSED = "dismissed", _("Dismissed")
        RESTORED = "restored", _("Restored")

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, on_delete=models.CASCADE, related_name="reports"
    )
    answer = models.ForeignKey(
        Answer, null=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_target(), name="report_one_target"
            )
        ]
        indexes = [models.Index(fields=["community", "status", "-created_at", "-id"])]

    def __str__(self) -> str:
        return self.reason[:60]

    @property
    def target(self) -> Post | Answer | Comment:
        return self.post or self.answer or self.comment  # type: ignore[return-value]
