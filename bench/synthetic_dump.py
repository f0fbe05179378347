"""A synthetic Stack Exchange dump of any size, in the dumps' XML format.

Written by the benchmarks themselves (never copied from a real site):
people, questions with HTML bodies (paragraphs, code, lists, links),
answers, accepted answers, comments, votes, tags, links and edit history,
with the attributes of a 2017-era dump. The same size and seed give the
same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from commonplace.demo import vocabulary as words
from commonplace.demo.names import FAMILY_NAMES, FIRST_NAMES
from commonplace.demo.work import TOPIC_AREAS

START = datetime(2015, 1, 1, tzinfo=UTC)
QUESTION_SHARE = 0.4


def _when(rng: random.Random, day: float) -> str:
    moment = START + timedelta(days=day, seconds=rng.randint(0, 86_399))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}"


def _tag(name: str) -> str:
    return name.lower().replace(" ", "-").replace("/", "-")


TAGS = sorted({_tag(name) for area in TOPIC_AREAS for name in area})


def _html(rng: random.Random, topic: str) -> str:
    """An HTML body as Stack Exchange renders one: a few blocks."""
    values = {
        "topic": topic,
        "other": rng.choice(TAGS),
        "thing": rng.choice(words.THINGS),
        "number": rng.randint(2, 99),
        "weeks": rng.randint(1, 12),
    }
    blocks = []
    for template in rng.sample(
        words.QUESTION_OPENINGS + words.ANSWERS, rng.randint(1, 3)
    ):
        text = escape(template.format(**values)).replace("**", "")
        blocks.append(f"<p>{text}</p>")
    if rng.random() < 0.3:
        blocks.append(
            "<pre><code>for step in steps:\n    check(step)  # &lt;= "
            f"{values['number']}\n</code></pre>"
        )
    if rng.random() < 0.3:
        items = "".join(
            f"<li>{escape(rng.choice(words.THINGS))}</li>" for _ in range(3)
        )
        blocks.append(f"<ul>{items}</ul>")
    if rng.random() < 0.2:
        blocks.append(
            f'<p>See <a href="https://example.org/{topic}" rel="nofollow">the '
            f"notes on <em>{escape(topic)}</em></a>.</p>"
        )
    return "\n\n".join(blocks) + "\n"


def _row(**attributes: object) -> str:
    values = " ".join(
        f"{k}={quoteattr(str(v))}" for k, v in attributes.items() if v is not None
    )
    return f"  <row {values} />\n"


class SyntheticDump:
    """Writes the dump's files for `posts` posts (about 40% questions)."""

    def __init__(self, directory: Path, *, posts: int, seed: int = 7) -> None:
        self.directory = directory
        self.posts = posts
        self.questions = max(1, int(posts * QUESTION_SHARE))
        self.users = max(10, posts // 10)
        self.seed = seed

    def write(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._file("Users.xml", "users", self._users())
        self._file(
            "Tags.xml",
            "tags",
            (_row(Id=i + 1, TagName=t, Count=1) for i, t in enumerate(TAGS)),
        )
        self._file("Posts.xml", "posts", self._posts())
        self._file("Comments.xml", "comments", self._comments())
        self._file("Votes.xml", "votes", self._votes())
        self._file("PostLinks.xml", "postlinks", self._links())
        self._file("PostHistory.xml", "posthistory", self._history())

    def _file(self, name: str, root: str, rows: Iterator[str]) -> None:
        path = self.directory / name
        with path.open("w", encoding="utf-8") as out:
            out.write('\ufeff<?xml version="1.0" encoding="utf-8"?>\n')
            out.write(f"<{root}>\n")
            out.writelines(rows)
            out.write(f"</{root}>\n")

    def _rng(self, salt: int) -> random.Random:
        return random.Random(self.seed * 1009 + salt)  # noqa: S311

    def _user(self, rng: random.Random) -> int:
        # A few people write most: a heavy tail over user ids.
        return 1 + min(
            self.users - 1, int(rng.paretovariate(1.2)) - 1 + rng.randrange(3)
        )

    def _users(self) -> Iterator[str]:
        rng = self._rng(1)
        for pk in range(1, self.users + 1):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"
            about = "<p>Working on things.</p>" if rng.random() < 0.4 else None
            yield _row(
                Id=pk,
                Reputation=rng.randint(1, 20_000),
                CreationDate=_when(rng, 0),
                DisplayName=name,
                Location=rng.choice(["Lisbon", "Berlin", None]),
                AboutMe=about,
            )

    def _posts(self) -> Iterator[str]:
        """Questions interleaved with their answers, in id order."""
        rng = self._rng(2)
        answers = self.posts - self.questions
        pk = 0
        for number in range(self.questions):
            pk += 1
            question, day = pk, number * 700 / self.questions
            mine = answers // self.questions + (
                1 if number < answers % self.questions else 0
            )
            tags = rng.sample(TAGS, rng.randint(1, 3))
            accepted = question + 1 if mine and rng.random() < 0.5 else None
            yield _row(
                Id=question,
                PostTypeId=1,
                AcceptedAnswerId=accepted,
                CreationDate=_when(rng, day),
                Score=rng.randint(0, 20),
                ViewCount=rng.randint(5, 5000),
                Body=_html(rng, tags[0]),
                OwnerUserId=self._user(rng),
                LastActivityDate=_when(rng, day + 1),
                Title=rng.choice(words.QUESTION_TITLES).format(
                    topic=tags[0], other=tags[-1], thing=rng.choice(words.THINGS)
                ),
                Tags="".join(f"<{tag}>" for tag in tags),
                AnswerCount=mine,
                CommentCount=1,
            )
            for _ in range(mine):
                pk += 1
                yield _row(
                    Id=pk,
                    PostTypeId=2,
                    ParentId=question,
                    CreationDate=_when(rng, day + 0.5),
                    Score=rng.randint(0, 10),
                    Body=_html(rng, tags[0]),
                    OwnerUserId=self._user(rng),
                    LastActivityDate=_when(rng, day + 1),
                    CommentCount=0,
                )

    def _comments(self) -> Iterator[str]:
        rng = self._rng(3)
        for pk in range(1, int(self.posts * 0.8) + 1):
            yield _row(
                Id=pk,
                PostId=rng.randint(1, self.posts),
                Score=0,
                Text=rng.choice(words.COMMENTS).format(
                    thing=rng.choice(words.THINGS), other=rng.choice(TAGS)
                ),
                CreationDate=_when(rng, rng.uniform(0, 700)),
                UserId=self._user(rng),
            )

    def _votes(self) -> Iterator[str]:
        rng = self._rng(4)
        for pk in range(1, self.posts * 2 + 1):
            yield _row(
                Id=pk,
                PostId=rng.randint(1, self.posts + self.posts // 50),
                VoteTypeId=rng.choice((2, 2, 2, 2, 3, 5)),
                CreationDate=_when(rng, rng.uniform(0, 700))[:10] + "T00:00:00.000",
            )

    def _links(self) -> Iterator[str]:
        rng = self._rng(5)
        for pk in range(1, self.posts // 40 + 1):
            yield _row(
                Id=pk,
                CreationDate=_when(rng, 700),
                PostId=rng.randint(1, self.posts),
                RelatedPostId=rng.randint(1, self.posts),
                LinkTypeId=rng.choice((1, 1, 3)),
            )

    def _history(self) -> Iterator[str]:
        rng = self._rng(6)
        pk = 0
        for post in range(1, self.posts + 1):
            for version in range(1 if rng.random() < 0.7 else 2):
                pk += 1
                yield _row(
                    Id=pk,
                    PostHistoryTypeId=2 if version == 0 else 5,
                    PostId=post,
                    RevisionGUID=f"{post}-{version}",
                    CreationDate=_when(rng, post * 700 / self.posts),
                    UserId=self._user(rng),
                    Text=f"Version {version} of post {post}.",
                )
