"""One community's year of threads, planned as rows: posts, answers,
comments, reactions, mentions and notifications, with their counters and
HTML as the services would have left them. Planning touches no database,
so it can run in another process than the writing."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from commonplace.core.bulk import Prepared, next_id
from commonplace.demo import vocabulary as words
from commonplace.demo.circles import Circle, Dice, Person, Weighted, cumulative
from commonplace.knowledge import bulk
from commonplace.knowledge.markdown import render
from commonplace.knowledge.models import Answer, Comment, Post, PostKind
from commonplace.knowledge.services.common import (
    ANSWER_WEIGHT,
    HELPFUL_WEIGHT,
    TRENDING_DAYS,
    VIEWS_PER_POINT,
)
from commonplace.notifications import bulk as notification_bulk
from commonplace.notifications.models import Notification

if TYPE_CHECKING:
    from commonplace.demo.activity import Activity

# Kinds of post by kind of community: (kind, weight).
KIND_MIX = {
    "practice": (("question", 55), ("discussion", 25), ("note", 15), ("article", 5)),
    "goal": (("discussion", 35), ("question", 30), ("note", 30), ("article", 5)),
    "interest": (("discussion", 45), ("question", 30), ("note", 25)),
    "team": (("note", 40), ("question", 30), ("discussion", 30)),
}
# Answers per question: 0 to 5, about 1.6 on average.
ANSWER_COUNTS = (0, 1, 2, 3, 4, 5)
ANSWER_ODDS = cumulative((14, 34, 28, 14, 7, 3))
COMMENT_COUNTS = (0, 1, 2)
COMMENT_ODDS = cumulative((60, 30, 10))
HELPFUL_COUNTS = (0, 1, 2, 3, 5)
HELPFUL_ODDS = cumulative((45, 25, 15, 10, 5))
TOPIC_COUNTS = (1, 1, 2, 3)
EXPERT_SHARE = 0.75
# Of the answers by someone who knows the topic, the share by someone who
# answered it here before (among the last RECENT_ANSWERERS answerers).
RETURNING_SHARE = 0.5
RECENT_ANSWERERS = 20
ACCEPT_SHARE = 0.55
MENTION_SHARE = 0.04
# Notifications are made for the last weeks only: older ones were read long ago.
NOTIFIED_DAYS = 60
BATCH_POSTS = 5_000


# Private-use characters stand for a template's slots while it is
# rendered once; Markdown gives them no meaning, so the filled HTML is the
# template's HTML with the (escaped) values put in.
SLOTS = {
    "topic": "\ue000",
    "other": "\ue001",
    "thing": "\ue002",
    "number": "\ue003",
    "weeks": "\ue004",
}


def _escaped(value: object) -> str:
    """Text as the sanitiser writes it into HTML."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Paragraphs:
    """Markdown and HTML of paragraphs made from templates.

    Each template is rendered once, with its slots as placeholders; a body's
    HTML is then its paragraphs' HTML joined, because each paragraph is a
    Markdown block of its own. A test compares the result with rendering
    whole bodies.
    """

    def __init__(self, profile_path: Callable[[int], str]) -> None:
        self._templates: dict[str, str] = {}
        self._mentions: dict[str, str] = {}
        self._profile_path = profile_path

    def fill(self, template: str, values: dict[str, object]) -> tuple[str, str]:
        """The paragraph's Markdown and HTML."""
        html = self._templates.get(template)
        if html is None:
            html = render(template.format(**SLOTS)).rstrip("\n")
            self._templates[template] = html
        for name, mark in SLOTS.items():
            if mark in html:
                html = html.replace(mark, _escaped(values[name]))
        return template.format(**values), html

    def mention(self, text: str, person: Person) -> str:
        """The HTML of a paragraph that @mentions `person`."""
        html = self._mentions.get(text)
        if html is None:
            path = self._profile_path(person.id)
            html = render(text, {person.handle: path}).rstrip("\n")
            self._mentions[text] = html
        return html


@dataclass
class Batch:
    """The rows of one community's threads, written together."""

    posts: list[bulk.PostRow] = field(default_factory=list)
    topics: list[tuple[int, int]] = field(default_factory=list)
    answers: list[bulk.AnswerRow] = field(default_factory=list)
    comments: list[bulk.CommentRow] = field(default_factory=list)
    reactions: list[bulk.ReactionRow] = field(default_factory=list)
    mentions: list[bulk.MentionRow] = field(default_factory=list)
    notifications: notification_bulk.Batch = field(
        default_factory=notification_bulk.Batch
    )

    @classmethod
    def at(cls, now: datetime) -> Batch:
        """A batch that keeps the notifications of the last weeks only."""
        since = now - timedelta(days=NOTIFIED_DAYS)
        return cls(notifications=notification_bulk.Batch(since=since, now=now))

    def prepare(self, ids: Ids) -> list[Prepared]:
        """Every row ready to write (notification ids taken from `ids`)."""
        notifications, ids.notification = self.notifications.prepare(ids.notification)
        return [
            *bulk.prepare_posts(self.posts, self.topics),
            bulk.prepare_answers(self.answers),
            bulk.prepare_comments(self.comments),
            bulk.prepare_reactions(self.reactions),
            bulk.prepare_mentions(self.mentions),
            *notifications,
        ]


@dataclass
class Ids:
    """The next free id of each table, taken as rows are planned: read once
    from the database before the first community, then counted on."""

    post: int
    answer: int
    comment: int
    notification: int

    @classmethod
    def from_database(cls) -> Ids:
        return cls(
            post=next_id(Post),
            answer=next_id(Answer),
            comment=next_id(Comment),
            notification=next_id(Notification),
        )

    def take(self, name: str) -> int:
        value: int = getattr(self, name)
        setattr(self, name, value + 1)
        return value


@dataclass(frozen=True)
class Chunk:
    """One batch of a community's rows, ready to write; the last one of a
    community carries its latest activity."""

    community_id: int
    posts: int
    rows: list[Prepared]
    last_activity: datetime | None = None


class CommunityWriter:
    """One community's year, in batches of posts."""

    def __init__(self, activity: Activity, circle: Circle, rng: Dice, ids: Ids):
        self.activity = activity
        self.circle = circle
        self.rng = rng
        self.now = activity.now
        self.ids = ids
        self.writers = Weighted(circle.writers)
        self.readers = Weighted(circle.readers)
        self.experts = {
            topic: Weighted([p for p in circle.readers if topic in p.skills])
            for topic, _name in circle.topics
        }
        # Who answered each topic here so far: they come back to it.
        self.answered: dict[int, list[Person]] = {}
        start = max(circle.started_at, self.now - timedelta(days=activity.days))
        self.start = start
        self.span = max((self.now - start).total_seconds(), 3600.0)
        kinds, weights = zip(
            *KIND_MIX.get(circle.kind, KIND_MIX["practice"]), strict=True
        )
        self.kinds, self.kind_odds = kinds, cumulative(weights)
        self.last_activity = start

    def chunks(self) -> Iterator[Chunk]:
        """The community's posts and all that goes with them, in batches."""
        remaining = self.circle.posts
        while remaining:
            size = min(BATCH_POSTS, remaining)
            batch = Batch.at(self.now)
            for _ in range(size):
                self._thread(batch)
            remaining -= size
            yield Chunk(
                community_id=self.circle.id,
                posts=size,
                rows=batch.prepare(self.ids),
                last_activity=None if remaining else self.last_activity,
            )

    # --- One thread -------------------------------------------------------

    def _when(self) -> datetime:
        # Slightly more activity lately: a community grows into its year.
        return self.start + timedelta(seconds=self.span * self.rng.random() ** 0.8)

    def _after(self, moment: datetime, median_hours: float) -> datetime:
        later = moment + timedelta(hours=self.rng.spread(1.2) * median_hours)
        return min(later, self.now)

    def _values(self, topic: str, other: str) -> dict[str, object]:
        rng = self.rng
        return {
            "topic": topic,
            "other": other,
            "thing": rng.pick(words.THINGS),
            "number": rng.between(3, 40),
            "weeks": rng.between(2, 12),
        }

    def _fill(self, template: str, topic: str, other: str) -> str:
        """A title or summary: plain text, never rendered."""
        return template.format(**self._values(topic, other))

    def _topics(self) -> list[tuple[int, str]]:
        topics = self.circle.topics
        return self.rng.sample(topics, min(len(topics), self.rng.pick(TOPIC_COUNTS)))

    def _mention(self, author: Person) -> Person | None:
        if self.rng.random() >= MENTION_SHARE:
            return None
        person = self.readers.pick(self.rng)
        return None if person.id == author.id else person

    def _text(
        self, templates: Sequence[Sequence[str]], topic: str, other: str, author: Person
    ) -> tuple[str, str, Person | None]:
        """Source and HTML from one template of each group, plus perhaps a
        mention of another member."""
        paragraphs = self.activity.paragraphs
        values = self._values(topic, other)
        pieces = [paragraphs.fill(self.rng.pick(group), values) for group in templates]
        mentioned = self._mention(author)
        if mentioned is not None:
            line = self.rng.pick(words.MENTIONS)
            text = line.format(handle=mentioned.handle, topic=topic)
            pieces.append((text, paragraphs.mention(text, mentioned)))
        source = "\n\n".join(text for text, _html in pieces)
        html = "\n".join(html for _text, html in pieces) + "\n"
        return source, html, mentioned

    def _thread(self, batch: Batch) -> None:
        rng = self.rng
        kind = rng.weighted(self.kinds, self.kind_odds)
        author = self.writers.pick(rng)
        created = self._when()
        chosen = self._topics()
        topic = chosen[0][1]
        other = rng.pick(self.circle.topics)[1]
        title, summary, groups = self._shape(kind, topic, other)
        source, html, mentioned = self._text(groups, topic, other, author)
        post = bulk.PostRow(
            id=self.ids.take("post"),
            community_id=self.circle.id,
            author_id=author.id,
            kind=kind,
            title=title,
            summary=summary,
            body_source=source,
            body_html=html,
            created_at=created,
            last_activity_at=created,
            view_count=int(12 * rng.spread(1.0)),
        )
        batch.posts.append(post)
        batch.topics.extend((post.id, topic_id) for topic_id, _name in chosen)
        if mentioned is not None:
            self._mentioned(batch, mentioned, author, created, post_id=post.id)
        if kind == PostKind.QUESTION:
            self._answers(
                batch=batch,
                post=post,
                asker=author,
                chosen=chosen,
                topic=topic,
                other=other,
            )
        self._comments(batch, post, None, topic, other)
        post.helpful_count = self._react(batch, author, created, post_id=post.id)
        self._finish(post)

    def _shape(
        self, kind: str, topic: str, other: str
    ) -> tuple[str, str, tuple[Sequence[str], ...]]:
        """Title, summary and the paragraph groups a kind of post is made of."""
        rng = self.rng
        if kind == PostKind.QUESTION:
            title = self._fill(rng.pick(words.QUESTION_TITLES), topic, other)
            groups = (words.QUESTION_OPENINGS, words.QUESTION_DETAILS)
            return title, "", groups[: rng.pick((1, 2, 2))]
        if kind == PostKind.DISCUSSION:
            title = self._fill(rng.pick(words.DISCUSSION_TITLES), topic, other)
            return title, "", (words.DISCUSSION_PARAGRAPHS, words.DISCUSSION_PARAGRAPHS)
        if kind == PostKind.ARTICLE:
            title = self._fill(rng.pick(words.ARTICLE_TITLES), topic, other)
            summary = self._fill(rng.pick(words.ARTICLE_SUMMARIES), topic, other)
            sections = rng.sample(words.ARTICLE_PARAGRAPHS, 3)
            return title, summary, tuple((section,) for section in sections)
        return "", "", (words.NOTE_PARAGRAPHS,)

    def _answers(
        self,
        *,
        batch: Batch,
        post: bulk.PostRow,
        asker: Person,
        chosen: list[tuple[int, str]],
        topic: str,
        other: str,
    ) -> None:
        rng = self.rng
        wanted = rng.weighted(ANSWER_COUNTS, ANSWER_ODDS)
        topic_id = chosen[0][0]
        answers: list[tuple[bulk.AnswerRow, bool]] = []
        taken = {asker.id}
        for _ in range(wanted):
            person, expert = self._answerer(topic_id)
            if person.id in taken:
                continue
            taken.add(person.id)
            self.answered.setdefault(topic_id, []).append(person)
            when = self._after(post.created_at, 6)
            groups: tuple[Sequence[str], ...] = (words.ANSWERS,)
            if rng.random() < 0.3:
                groups = (words.ANSWERS, words.ANSWER_FOLLOW_UPS)
            source, html, mentioned = self._text(groups, topic, other, person)
            answer = bulk.AnswerRow(
                id=self.ids.take("answer"),
                post_id=post.id,
                author_id=person.id,
                body_source=source,
                body_html=html,
                created_at=when,
            )
            batch.answers.append(answer)
            answers.append((answer, expert))
            batch.notifications.tell(
                recipient=asker.id,
                kind="answered",
                target=("post", post.id),
                actor=person.id,
                at=when,
                key=f"answered:{answer.id}",
                grouped=True,
            )
            if mentioned is not None:
                self._mentioned(batch, mentioned, person, when, answer_id=answer.id)
            self._comments(batch, post, answer, topic, other)
            answer.helpful_count = self._react(batch, person, when, answer_id=answer.id)
            post.last_activity_at = max(post.last_activity_at, when)
        post.answer_count = len(answers)
        self._accept(batch, post, asker, answers)

    def _answerer(self, topic_id: int) -> tuple[Person, bool]:
        """Who answers a question on the topic, and whether they know it:
        mostly someone who answered it here before or states it as a
        skill, otherwise anyone in the community."""
        rng = self.rng
        if rng.random() >= EXPERT_SHARE:
            return self.readers.pick(rng), False
        before = self.answered.get(topic_id)
        if before and rng.random() < RETURNING_SHARE:
            return rng.pick(before[-RECENT_ANSWERERS:]), True
        experts = self.experts.get(topic_id)
        if experts:
            return experts.pick(rng), True
        return self.readers.pick(rng), False

    def _accept(
        self,
        batch: Batch,
        post: bulk.PostRow,
        asker: Person,
        answers: list[tuple[bulk.AnswerRow, bool]],
    ) -> None:
        if not answers or self.rng.random() >= ACCEPT_SHARE:
            post.is_resolved = any(a.helpful_count for a, _expert in answers)
            return
        by_experts = [answer for answer, expert in answers if expert]
        chosen = by_experts[0] if by_experts else answers[0][0]
        post.accepted_answer_id = chosen.id
        post.accepted_by_id = asker.id
        post.accepted_at = self._after(chosen.created_at, 10)
        post.is_resolved = True
        batch.notifications.tell(
            recipient=chosen.author_id,
            kind="accepted",
            target=("answer", chosen.id),
            actor=asker.id,
            at=post.accepted_at,
            key=f"accepted:{chosen.id}",
        )

    def _comments(
        self,
        batch: Batch,
        post: bulk.PostRow,
        answer: bulk.AnswerRow | None,
        topic: str,
        other: str,
    ) -> None:
        rng = self.rng
        count = rng.weighted(COMMENT_COUNTS, COMMENT_ODDS)
        on = answer or post
        for _ in range(count):
            person = self.readers.pick(rng)
            when = self._after(on.created_at, 12)
            source, html, mentioned = self._text(
                (words.COMMENTS,), topic, other, person
            )
            comment = bulk.CommentRow(
                id=self.ids.take("comment"),
                post_id=post.id,
                answer_id=answer.id if answer else None,
                author_id=person.id,
                body_source=source,
                body_html=html,
                created_at=when,
            )
            batch.comments.append(comment)
            batch.notifications.tell(
                recipient=on.author_id,
                kind="replied",
                target=("answer", on.id) if answer else ("post", on.id),
                actor=person.id,
                at=when,
                key=f"replied:{comment.id}",
                grouped=True,
            )
            if mentioned is not None:
                self._mentioned(batch, mentioned, person, when, comment_id=comment.id)
            post.comment_count += 1
            post.last_activity_at = max(post.last_activity_at, when)

    def _react(
        self,
        batch: Batch,
        author: Person,
        moment: datetime,
        *,
        post_id: int | None = None,
        answer_id: int | None = None,
    ) -> int:
        """Helpful reactions from distinct readers; return how many."""
        rng = self.rng
        wanted = rng.weighted(HELPFUL_COUNTS, HELPFUL_ODDS)
        # Distinct readers in the order drawn: a set's order follows string
        # hashing, which differs between processes.
        picks = (self.readers.pick(rng) for _ in range(wanted))
        people = list({p.id: p for p in picks if p.id != author.id}.values())
        target = ("post", post_id) if post_id else ("answer", answer_id)
        for person in people:
            when = self._after(moment, 24)
            batch.reactions.append(
                bulk.ReactionRow(
                    person_id=person.id,
                    kind="helpful",
                    post_id=post_id,
                    answer_id=answer_id,
                    comment_id=None,
                    created_at=when,
                )
            )
            batch.notifications.tell(
                recipient=author.id,
                kind="reacted",
                target=target,  # type: ignore[arg-type]
                actor=person.id,
                at=when,
                key=f"reacted:helpful:{target[0]}:{target[1]}:{person.id}",
                grouped=True,
                detail="helpful",
            )
        return len(people)

    def _mentioned(
        self,
        batch: Batch,
        person: Person,
        author: Person,
        when: datetime,
        *,
        post_id: int | None = None,
        answer_id: int | None = None,
        comment_id: int | None = None,
    ) -> None:
        batch.mentions.append(
            bulk.MentionRow(
                person_id=person.id,
                post_id=post_id,
                answer_id=answer_id,
                comment_id=comment_id,
                created_at=when,
            )
        )
        target = (
            ("post", post_id)
            if post_id
            else ("answer", answer_id)
            if answer_id
            else ("comment", comment_id)
        )
        batch.notifications.tell(
            recipient=person.id,
            kind="mentioned",
            target=target,  # type: ignore[arg-type]
            actor=author.id,
            at=when,
            key=f"mentioned:{target[0]}:{target[1]}:{person.id}",
        )

    def _finish(self, post: bulk.PostRow) -> None:
        """Score and activity, as the services would have left them."""
        if post.created_at >= self.now - timedelta(days=TRENDING_DAYS):
            post.trending_score = (
                1
                + HELPFUL_WEIGHT * post.helpful_count
                + ANSWER_WEIGHT * post.answer_count
                + post.view_count // VIEWS_PER_POINT
            )
        self.last_activity = max(self.last_activity, post.last_activity_at)
