"""Reading conversations, narrowed to the communities the viewer may read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from commonplace import permissions
from commonplace.communities.models import Community
from commonplace.communities.selectors import remember_role, with_role_in_community
from commonplace.core.errors import NotFound
from commonplace.core.pagination import Page, paginate
from commonplace.knowledge.markdown import mentioned_handles
from commonplace.knowledge.models import (
    Answer,
    Bookmark,
    Comment,
    Post,
    PostKind,
    PostLink,
    Reaction,
    Report,
    Revision,
    Upload,
)
from commonplace.people.models import User
from commonplace.topics.models import Topic

ReplyT = TypeVar("ReplyT", Answer, Comment)
OnPostT = TypeVar("OnPostT", Answer, Comment, Bookmark)
NEWEST_FIRST = ("-created_at", "-id")
# As many as a text may mention (the services refuse more).
MAX_MENTIONS = 20
LINKS_SHOWN = 20
ANSWERS_PER_PAGE = 30


def _live(items: QuerySet) -> QuerySet:  # type: ignore[type-arg]
    return items.filter(deleted_at__isnull=True, hidden_at__isnull=True)


def feed_rows(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Posts with what a list of post cards shows, joined or prefetched."""
    return posts.select_related("author", "community").prefetch_related("topics")


def community_posts(
    viewer: permissions.Viewer,
    community: Community,
    *,
    kind: str = "",
    unanswered: bool = False,
    cursor: str | None = None,
    size: int = 20,
) -> Page[Post]:
    """A community's live posts, newest first; optionally only the open
    questions (no accepted answer, and no answer anyone found helpful)."""
    permissions.require(viewer, "community.read", community, hide=True)
    posts = _live(Post.objects.filter(community=community))
    if kind:
        posts = posts.filter(kind=kind)
    if unanswered:
        posts = posts.filter(kind=PostKind.QUESTION, is_resolved=False)
    return paginate(feed_rows(posts), ordering=NEWEST_FIRST, cursor=cursor, size=size)


def readable_posts(viewer: permissions.Viewer) -> QuerySet[Post]:
    """Every live post in a community the viewer may read."""
    return _live(Post.objects.filter(community__in=_readable_ids(viewer)))


def live_posts_of(community_ids: Iterable[int]) -> QuerySet[Post]:
    """Live posts of these communities, without asking who reads them: for
    callers that already narrowed the ids to communities the viewer may
    read (a filter on readability beside `community_id = 3` stops the
    database from reading that community's posts in index order)."""
    return _live(Post.objects.filter(community_id__in=list(community_ids)))


def readable_community_ids(
    viewer: permissions.Viewer, among: Iterable[int]
) -> list[int]:
    """Those of the communities `among` whose posts the viewer may read."""
    return list(
        Community.objects.filter(
            permissions.readable_communities_filter(viewer), pk__in=list(among)
        ).values_list("pk", flat=True)
    )


def on_readable_posts(
    rows: QuerySet[OnPostT], viewer: permissions.Viewer
) -> QuerySet[OnPostT]:
    """Rows that belong to a post (answers, comments, bookmarks) whose post
    is live and in a community the viewer may read, decided by joining the
    post: `post__in=readable_posts(...)` had the database list every
    readable post first (5 s at a million posts, on every page's unread
    count)."""
    return rows.filter(
        post__community__in=_readable_ids(viewer),
        post__deleted_at__isnull=True,
        post__hidden_at__isnull=True,
    )


def _readable_ids(viewer: permissions.Viewer) -> QuerySet[Community, Any]:
    readable = Community.objects.filter(permissions.readable_communities_filter(viewer))
    return readable.values("pk")


def topic_posts(
    viewer: permissions.Viewer,
    topic: Topic,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[Post]:
    """Posts on a topic, from the communities the viewer may read only."""
    posts = readable_posts(viewer).filter(topics=topic)
    return paginate(feed_rows(posts), ordering=NEWEST_FIRST, cursor=cursor, size=size)


def access_post(viewer: permissions.Viewer, post_id: int) -> Post:
    """The post, removed or not, or NotFound when absent or unreadable."""
    posts = Post.objects.select_related(
        "author", "community", "accepted_by", "deleted_by"
    ).prefetch_related("topics")
    post = with_role_in_community(posts, viewer, "community").filter(pk=post_id).first()
    if post is None:
        raise NotFound
    remember_role(viewer, post.community, post)
    if not permissions.can(viewer, "community.read", post.community):
        raise NotFound
    return post


def access_answer(viewer: permissions.Viewer, answer_id: int) -> Answer:
    answers = Answer.objects.select_related("post", "post__community", "author")
    return _readable_one(viewer, answers.filter(pk=answer_id))


def access_comment(viewer: permissions.Viewer, comment_id: int) -> Comment:
    comments = Comment.objects.select_related(
        "post", "post__community", "answer", "author"
    )
    return _readable_one(viewer, comments.filter(pk=comment_id))


def _readable_one(viewer: permissions.Viewer, rows: QuerySet[ReplyT]) -> ReplyT:
    """The one answer or comment of `rows`, if the viewer may read its post's
    community (the role loaded with it), or NotFound."""
    reply = with_role_in_community(rows, viewer, "post__community").first()
    if reply is None:
        raise NotFound
    remember_role(viewer, reply.post.community, reply)
    if not permissions.can(viewer, "community.read", reply.post.community):
        raise NotFound
    return reply


def _comments() -> Prefetch:  # type: ignore[type-arg]
    ordered = Comment.objects.select_related("author").order_by("created_at", "id")
    return Prefetch("comments", queryset=ordered, to_attr="comment_list")


def post_comments(post: Post) -> list[Comment]:
    """Comments on the post itself (not on its answers), oldest first."""
    return list(
        Comment.objects.filter(post=post, answer__isnull=True)
        .select_related("author")
        .order_by("created_at", "id")
    )


def question_answers(
    viewer: permissions.Viewer, question: Post, *, cursor: str | None = None
) -> Page[Answer]:
    """Answers: the accepted one first, then the most helpful, then oldest.

    Each answer carries its comments (`comment_list`), loaded in one query.
    """
    permissions.require(viewer, "community.read", question.community, hide=True)
    answers = (
        Answer.objects.filter(post=question)
        .select_related("author", "deleted_by")
        .prefetch_related(_comments())
        .annotate(
            accepted=Case(
                When(pk=question.accepted_answer_id or 0, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            helpful_rank=F("helpful_count") + F("imported_helpful_count"),
        )
    )
    return paginate(
        answers,
        ordering=("-accepted", "-helpful_rank", "created_at", "id"),
        cursor=cursor,
        size=ANSWERS_PER_PAGE,
    )


@dataclass(frozen=True)
class MyReactions:
    """What the viewer reacted to on one page: (target kind, id, reaction)."""

    marks: frozenset[tuple[str, int, str]]

    def has(self, item: Post | Answer | Comment, kind: str) -> bool:
        return (type(item).__name__.lower(), item.pk, kind) in self.marks


def my_reactions(
    viewer: permissions.Viewer,
    post: Post,
    answers: list[Answer],
    comments: list[Comment],
) -> MyReactions:
    """The viewer's reactions on a post, its answers and comments: one query."""
    if not permissions.is_signed_in(viewer):
        return MyReactions(frozenset())
    rows = Reaction.objects.filter(person=viewer).filter(
        Q(post=post)
        | Q(answer__in=[a.pk for a in answers])
        | Q(comment__in=[c.pk for c in comments])
    )
    marks = set()
    for post_id, answer_id, comment_id, kind in rows.values_list(
        "post_id", "answer_id", "comment_id", "kind"
    ):
        if post_id:
            marks.add(("post", post_id, kind))
        elif answer_id:
            marks.add(("answer", answer_id, kind))
        else:
            marks.add(("comment", comment_id, kind))
    return MyReactions(frozenset(marks))


def revisions_of(
    viewer: permissions.Viewer,
    item: Post | Answer | Comment,
    *,
    cursor: str | None = None,
) -> Page[Revision]:
    """Every version of a text, newest first, for those who may read it.

    A text never edited has no stored revision: its one version is the
    text itself, given as an unsaved revision (without an id).
    """
    permissions.require(
        viewer, "community.read", permissions.community_of(item), hide=True
    )
    field = type(item).__name__.lower()
    revisions = Revision.objects.filter(**{field: item}).select_related("editor")
    page = paginate(revisions, ordering=NEWEST_FIRST, cursor=cursor, size=50)
    if page.items or cursor:
        return page
    original = Revision(
        **{field: item},
        editor=item.author,
        title=getattr(item, "title", ""),
        summary=getattr(item, "summary", ""),
        body_source=item.body_source,
        created_at=item.created_at,
    )
    return Page(items=[original], next_cursor=None)


def moderation_queue(
    viewer: permissions.Viewer,
    community: Community,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[Report]:
    """Open reports, newest first, for the community's moderators."""
    permissions.require(viewer, "community.moderate", community, hide=True)
    reports = Report.objects.filter(
        community=community, status=Report.Status.OPEN
    ).select_related(
        "reporter", "post", "answer", "answer__post", "comment", "comment__post"
    )
    return paginate(reports, ordering=NEWEST_FIRST, cursor=cursor, size=size)


def hidden_reports(
    viewer: permissions.Viewer,
    community: Community,
    *,
    cursor: str | None = None,
    size: int = 20,
) -> Page[Report]:
    """Reports whose item moderators hid, newest first: where they restore it."""
    permissions.require(viewer, "community.moderate", community, hide=True)
    reports = Report.objects.filter(
        community=community, status=Report.Status.HIDDEN
    ).select_related(
        "reporter", "post", "answer", "answer__post", "comment", "comment__post"
    )
    return paginate(reports, ordering=NEWEST_FIRST, cursor=cursor, size=size)


def access_report(viewer: permissions.Viewer, report_id: int) -> Report:
    report = Report.objects.select_related("community").filter(pk=report_id).first()
    if report is None or not permissions.can(
        viewer, "community.moderate", report.community
    ):
        raise NotFound
    return report


def access_upload(viewer: permissions.Viewer, upload_id: int) -> Upload:
    """An uploaded image, for those who may read its community; else NotFound."""
    upload = Upload.objects.select_related("community").filter(pk=upload_id).first()
    if upload is None or not permissions.can(
        viewer, "community.read", upload.community
    ):
        raise NotFound
    return upload


def bookmarks_of(
    viewer: permissions.Viewer, *, cursor: str | None = None, size: int = 20
) -> Page[Bookmark]:
    """The viewer's bookmarks, newest first, of posts they may still read."""
    if not permissions.is_signed_in(viewer):
        return Page(items=[], next_cursor=None)
    marks = (
        on_readable_posts(Bookmark.objects.filter(person=viewer), viewer)
        .select_related("post", "post__author", "post__community")
        .prefetch_related("post__topics")
    )
    return paginate(marks, ordering=NEWEST_FIRST, cursor=cursor, size=size)


def bookmarked_among(viewer: permissions.Viewer, posts: list[Post]) -> set[int]:
    """Which of `posts` the viewer bookmarked (one query)."""
    if not permissions.is_signed_in(viewer) or not posts:
        return set()
    return set(
        Bookmark.objects.filter(
            person=viewer, post__in=[post.pk for post in posts]
        ).values_list("post_id", flat=True)
    )


@dataclass(frozen=True)
class Mentionable:
    """A person one may @mention, and whether they can read the community."""

    person: User
    can_read: bool


MENTION_SUGGESTIONS = 8


def mentionable_people(
    viewer: permissions.Viewer, community: Community, text: str
) -> list[Mentionable]:
    """People whose handle or name starts with `text`, for the @mention
    suggestions: only people the viewer may see, each marked with whether
    they may read the community (those who cannot are not notified)."""
    permissions.require(viewer, "community.read", community, hide=True)
    text = text.strip().lstrip("@")
    if not text:
        return []
    members = community.memberships.filter(person=OuterRef("pk"))
    people = (
        User.objects.filter(permissions.visible_people_filter(viewer))
        .filter(is_active=True)
        .filter(
            Q(handle__istartswith=text)
            | Q(display_name__istartswith=text)
            | Q(display_name__icontains=f" {text}")
        )
        .annotate(is_member=Exists(members))
        .order_by("-is_member", "display_name", "id")[:MENTION_SUGGESTIONS]
    )
    return [
        Mentionable(
            person=person,
            can_read=person.is_member
            or permissions.can(person, "community.read", community),
        )
        for person in people
    ]


def mention_problems(
    viewer: permissions.Viewer, community: Community, text: str
) -> list[User]:
    """The people `text` mentions who cannot read the community: they
    would not be told. Unknown handles are the write's own error."""
    permissions.require(viewer, "community.read", community, hide=True)
    handles = mentioned_handles(text)[:MAX_MENTIONS]
    if not handles:
        return []
    people = User.objects.filter(handle__in=handles, is_active=True).order_by(
        "display_name", "id"
    )
    return [
        person
        for person in people
        if not permissions.can(person, "community.read", community)
    ]


@dataclass(frozen=True)
class Links:
    """The posts a post is linked with, that the viewer may read."""

    duplicate_of: list[Post]
    duplicates: list[Post]
    related: list[Post]

    @property
    def any(self) -> bool:
        return bool(self.duplicate_of or self.duplicates or self.related)


def links_of(viewer: permissions.Viewer, post: Post) -> Links:
    """Duplicates and related posts, both ways, in one query; a linked post
    the viewer may not read (or that was removed) is left out.

    The caller has shown `post` to the viewer, so only the other end is
    checked, by joining it to the readable communities: comparing both
    ends with the list of every readable post cost ten times as much.
    """
    if post.is_removed:
        return Links([], [], [])
    communities = Community.objects.filter(
        permissions.readable_communities_filter(viewer)
    ).values("pk")

    def readable_end(side: str) -> Q:
        return Q(
            **{
                f"{side}__community__in": communities,
                f"{side}__deleted_at__isnull": True,
                f"{side}__hidden_at__isnull": True,
            }
        )

    links = (
        PostLink.objects.filter(
            (Q(from_post=post) & readable_end("to_post"))
            | (Q(to_post=post) & readable_end("from_post"))
        )
        .select_related("from_post", "to_post")
        .order_by("-created_at", "-id")[:LINKS_SHOWN]
    )
    duplicate_of, duplicates, related = [], [], []
    for link in links:
        outgoing = link.from_post_id == post.pk
        other = link.to_post if outgoing else link.from_post
        if link.kind != PostLink.Kind.DUPLICATE:
            related.append(other)
        elif outgoing:
            duplicate_of.append(other)
        else:
            duplicates.append(other)
    return Links(duplicate_of, duplicates, related)
