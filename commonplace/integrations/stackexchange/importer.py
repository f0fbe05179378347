"""Importing a Stack Exchange data dump into one community.

The dump is read file by file, in batches; each batch is written with the
records of what it made (`Records`) in one transaction. Running the import
again skips what is recorded, so an interrupted run (Ctrl-C, kill -9)
resumes where it stopped and a finished one changes nothing. What must be
remembered across a file (who posted, accepted answers, vote tallies) is
kept in the database (`Notes`), so memory stays flat whatever the size of
the dump. Bodies are converted and rendered by a pool of processes while
the main process reads and writes.

Passes, in order: who posted (Posts, Comments), people (Users), topics
(Tags), questions and answers (Posts), comments, vote tallies, links
between posts, revisions (PostHistory), and last the counters, accepted
answers and resolution of every imported question.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from commonplace.communities.models import Community
from commonplace.core import bulk as core_bulk
from commonplace.core.errors import InvalidInput
from commonplace.expertise import services as expertise_services
from commonplace.integrations.models import ImportedRecord
from commonplace.integrations.stackexchange import text
from commonplace.integrations.stackexchange.dump import (
    Dump,
    Row,
    moment,
    number,
    tag_names,
)
from commonplace.integrations.stackexchange.records import Notes, Pair, Records
from commonplace.integrations.stackexchange.summary import FileTally, Summary
from commonplace.knowledge import bulk
from commonplace.knowledge.models import (
    Answer,
    Comment,
    Post,
    PostKind,
    PostLink,
    Revision,
)
from commonplace.people import bulk as people_bulk
from commonplace.people.models import MAX_BIO_LENGTH, User
from commonplace.search import services as search_services
from commonplace.topics.services import find_or_create_topics

BATCH = 2000
VOTE_BATCH = 20_000
# The importer's memory must not grow with the dump: SQLite's page cache
# is kept to a size that still holds the indexes being written.
SQLITE_CACHE_MIB = 64
# What the import indexes for search: (kind of imported record, search kind).
SEARCHED = (("post", "post"), ("user", "person"), ("tag", "topic"))
# Stack Exchange's kinds of post, vote, link and history event.
QUESTION, ANSWER = "1", "2"
UP_VOTE = "2"
LINK_KINDS = {"1": PostLink.Kind.RELATED, "3": PostLink.Kind.DUPLICATE}
TITLE_EVENTS = {"1", "4", "7"}
BODY_EVENTS = {"2", "5", "8"}
FORMER_MEMBER = "former member"
# Batches converted ahead of the writer.
AHEAD = 3

Advance = Callable[[int], None]
T = TypeVar("T")


class Progress:
    """How an import reports progress: a file begins, bytes were read."""

    def start(self, label: str, total: int) -> Advance:
        return lambda count: None


@dataclass
class Thread:
    """A question or answer row with its converted body."""

    row: Row
    source: str
    html: str


def _batches(rows: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Converter:
    """Converts bodies in a pool of processes, a few batches ahead."""

    def __init__(self, workers: int) -> None:
        self._pool: Any = None
        if workers and "fork" in multiprocessing.get_all_start_methods():
            self._pool = multiprocessing.get_context("fork").Pool(workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def run(
        self,
        work: Callable[[list[tuple[str, str]]], list[tuple[str, str, str]]],
        batches: Iterable[tuple[Any, list[tuple[str, str]]]],
    ) -> Iterator[tuple[Any, dict[str, tuple[str, str]]]]:
        """(context, {key: (Markdown, HTML)}) for each (context, items), in order."""
        if self._pool is None:
            for context, items in batches:
                yield context, _by_key(work(items))
            return
        pending: deque[tuple[Any, Any]] = deque()
        for context, items in batches:
            pending.append((context, self._pool.apply_async(work, (items,))))
            if len(pending) > AHEAD:
                done, result = pending.popleft()
                yield done, _by_key(result.get())
        while pending:
            done, result = pending.popleft()
            yield done, _by_key(result.get())


def _by_key(converted: list[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    return {key: (source, html) for key, source, html in converted}


class StackExchangeImport:
    """One dump into one community; `run` returns what it did."""

    def __init__(
        self,
        dump: Dump,
        community: Community,
        *,
        progress: Progress | None = None,
        workers: int = 2,
    ) -> None:
        self.dump = dump
        self.community = community
        self.source = f"stackexchange:{community.pk}"
        self.records = Records(self.source)
        self.notes = Notes(self.source)
        self.summary = Summary()
        self.progress = progress or Progress()
        self.workers = workers
        self._former: int | None = None

    def run(self) -> Summary:
        for name in self.dump.ignored():
            self.summary.notes.append(f"{name}: not used by the import, ignored.")
        core_bulk.prepare_for_loading(SQLITE_CACHE_MIB)
        converter = Converter(self.workers)
        try:
            self._note_posters()
            self._people()
            self._topics()
            self._posts(converter)
            self._comments(converter)
        finally:
            converter.close()
        # The passes below look threads up by index in tables just filled.
        core_bulk.analyse(Post, Answer, Comment)
        self._votes()
        self._links()
        self._history()
        self._finish()
        self._index()
        self._expertise()
        return self.summary

    def _rows(self, name: str, label: str = "") -> Iterator[Row]:
        advance = self.progress.start(label or name, self.dump.size(name))
        return self.dump.rows(name, advance)

    # --- Who posted, and people ---------------------------------------------

    def _note_posters(self) -> None:
        """Remember who wrote posts and comments: only they become people."""
        if self.notes.any("posters-noted"):
            return
        for name, field in (("Posts.xml", "OwnerUserId"), ("Comments.xml", "UserId")):
            if not self.dump.has(name):
                continue
            label = f"{name} (authors)"
            advance = self.progress.start(label, self.dump.size(name))
            authors = (i for i in self.dump.values(name, field, advance) if i)
            for batch in _batches(authors, VOTE_BATCH):
                self.notes.keep("poster", dict.fromkeys(batch, ""))
        self.notes.keep("posters-noted", {"all": ""})

    def _people(self) -> None:
        """An unclaimed person for each user who posted."""
        tally = self.summary.tally("Users.xml")
        for batch in _batches(self._rows("Users.xml")):
            tally.read += len(batch)
            ids = [row.get("Id", "") for row in batch]
            posters = self.notes.present("poster", ids)
            known = self.records.find("user", ids)
            new = [row for row in batch if row.get("Id") in posters - set(known)]
            tally.skip("never posted", len([i for i in ids if i not in posters]))
            if new:
                with transaction.atomic():
                    self._write_people(new)
                tally.created += len(new)

    def _write_people(self, rows: list[Row]) -> None:
        ids = core_bulk.allocate(User, len(rows))
        people = [
            people_bulk.PersonRow(
                id=ids[index],
                display_name=text.title(row.get("DisplayName", "")),
                location=text.title(row.get("Location", "")),
                bio=text.plain(row.get("AboutMe", ""), MAX_BIO_LENGTH),
                date_joined=moment(row.get("CreationDate")) or timezone.now(),
            )
            for index, row in enumerate(rows)
        ]
        core_bulk.write(people_bulk.prepare_people(people))
        mapping = [
            (row["Id"], person.id, {"reputation": number(row.get("Reputation")) or 0})
            for row, person in zip(rows, people, strict=True)
        ]
        core_bulk.write(self.records.prepare("user", mapping))

    def _authors(self, external_ids: Iterable[str | None]) -> dict[str, int]:
        """Local people for user ids; a user who left is the former member."""
        wanted = {i for i in external_ids if i}
        return self.records.find("user", wanted)

    def _author(self, found: dict[str, int], external_id: str | None) -> int:
        return found.get(external_id or "") or self._former_member()

    def _former_member(self) -> int:
        """The one person who holds the posts of deleted accounts."""
        if self._former is None:
            found = self.records.find("user", [FORMER_MEMBER])
            if FORMER_MEMBER in found:
                self._former = found[FORMER_MEMBER]
            else:
                with transaction.atomic():
                    person = User.objects.create_user(display_name="Former member")
                    core_bulk.write(
                        self.records.prepare("user", [(FORMER_MEMBER, person.pk, {})])
                    )
                self._former = person.pk
        return self._former

    # --- Topics -------------------------------------------------------------

    def _topics(self) -> None:
        if not self.dump.has("Tags.xml"):
            return
        tally = self.summary.tally("Tags.xml")
        for batch in _batches(self._rows("Tags.xml"), 30):
            tally.read += len(batch)
            names = [row.get("TagName", "") for row in batch]
            created = self._tag_topics(names, tally)
            tally.created += created

    def _tag_topics(self, names: list[str], tally: FileTally) -> int:
        """Topic ids for tag names, making the topics and records not there."""
        known = self.records.find("tag", names)
        missing = [name for name in dict.fromkeys(names) if name and name not in known]
        made = 0
        for name in missing:
            try:
                with transaction.atomic():
                    topic = find_or_create_topics([name.replace("-", " ")])[0]
                    core_bulk.write(self.records.prepare("tag", [(name, topic.pk, {})]))
            except InvalidInput:
                tally.skip("a tag that is not a usable topic name")
                continue
            made += 1
        return made

    # --- Questions and answers ----------------------------------------------

    def _posts(self, converter: Converter) -> None:
        tally = self.summary.tally("Posts.xml")
        self._post_pass(converter, self._rows("Posts.xml"), tally, count=True)
        if self.notes.any("deferred"):
            deferred = self._deferred_rows()
            self._post_pass(converter, deferred, tally, count=False)
        orphans = sum(1 for _ in self.notes.items("deferred"))
        if orphans:
            tally.skip("an answer to a question that is not in the dump", orphans)
            self.summary.problems.append(
                f"Posts.xml: {orphans:,} answers belong to questions that are not "
                "in the dump; everything else was imported."
            )

    def _deferred_rows(self) -> Iterator[Row]:
        """Answers met before their question: read again, only those."""
        for batch in _batches(self._rows("Posts.xml", "Posts.xml (again)")):
            wanted = self.notes.present(
                "deferred", [row.get("Id", "") for row in batch]
            )
            yield from (row for row in batch if row.get("Id") in wanted)

    def _post_pass(
        self,
        converter: Converter,
        rows: Iterable[Row],
        tally: FileTally,
        *,
        count: bool,
    ) -> None:
        def new_batches() -> Iterator[tuple[list[Row], list[tuple[str, str]]]]:
            for batch in _batches(rows):
                if count:
                    tally.read += len(batch)
                fresh = self._new_threads(batch, tally if count else None)
                yield fresh, [(row["Id"], row.get("Body", "")) for row in fresh]

        for fresh, converted in converter.run(text.bodies, new_batches()):
            threads = [Thread(row, *converted[row["Id"]]) for row in fresh]
            with transaction.atomic():
                tally.created += self._write_threads(threads)

    def _new_threads(self, batch: list[Row], tally: FileTally | None) -> list[Row]:
        """The questions and answers of a batch not imported yet."""
        kept = []
        for row in batch:
            kind = row.get("PostTypeId")
            if kind in (QUESTION, ANSWER) and row.get("Id"):
                kept.append(row)
            elif tally is not None:
                tally.skip("not a question or an answer (a tag wiki, a nomination)")
        ids = [row["Id"] for row in kept]
        done = set(self.records.find("post", ids)) | set(
            self.records.find("answer", ids)
        )
        return [row for row in kept if row["Id"] not in done]

    def _write_threads(self, threads: list[Thread]) -> int:
        authors = self._authors(thread.row.get("OwnerUserId") for thread in threads)
        questions = [t for t in threads if t.row["PostTypeId"] == QUESTION]
        answers = [t for t in threads if t.row["PostTypeId"] == ANSWER]
        made = self._write_questions(questions, authors)
        parents = self.records.find(
            "post", (t.row.get("ParentId", "") for t in answers)
        )
        parents.update(made)
        placed = [t for t in answers if t.row.get("ParentId") in parents]
        waiting = {
            t.row["Id"]: t.row.get("ParentId", "")
            for t in answers
            if t.row.get("ParentId") not in parents
        }
        if waiting:
            self.notes.keep("deferred", waiting)
        self._write_answers(placed, parents, authors)
        return len(made) + len(placed)

    def _write_questions(
        self, threads: list[Thread], authors: dict[str, int]
    ) -> dict[str, int]:
        if not threads:
            return {}
        ids = core_bulk.allocate(Post, len(threads))
        tags = {name for t in threads for name in tag_names(t.row.get("Tags"))}
        self._tag_topics(sorted(tags), self.summary.tally("Tags.xml"))
        topics = self.records.find("tag", tags)
        posts, links = [], []
        made: dict[str, int] = {}
        accepted: dict[str, str] = {}
        for index, thread in enumerate(threads):
            row, pk = thread.row, ids[index]
            created = moment(row.get("CreationDate")) or timezone.now()
            posts.append(
                bulk.PostRow(
                    id=pk,
                    community_id=self.community.pk,
                    author_id=self._author(authors, row.get("OwnerUserId")),
                    kind=PostKind.QUESTION,
                    title=text.title(row.get("Title", "")) or thread.source[:80],
                    summary="",
                    body_source=thread.source,
                    body_html=thread.html,
                    created_at=created,
                    last_activity_at=moment(row.get("LastActivityDate")) or created,
                    edited_at=moment(row.get("LastEditDate")),
                    view_count=number(row.get("ViewCount")) or 0,
                )
            )
            chosen = {topics[n] for n in tag_names(row.get("Tags")) if n in topics}
            links += [(pk, topic) for topic in sorted(chosen)]
            made[row["Id"]] = pk
            if row.get("AcceptedAnswerId"):
                accepted[row["Id"]] = row["AcceptedAnswerId"]
        if accepted:
            self.notes.keep("accepted", accepted)
        for prepared in bulk.prepare_posts(posts, links):
            core_bulk.write(prepared)
        pairs: list[Pair] = [(external, local, {}) for external, local in made.items()]
        core_bulk.write(self.records.prepare("post", pairs))
        return made

    def _write_answers(
        self, threads: list[Thread], parents: dict[str, int], authors: dict[str, int]
    ) -> None:
        if not threads:
            return
        ids = core_bulk.allocate(Answer, len(threads))
        answers = []
        for index, thread in enumerate(threads):
            row = thread.row
            answers.append(
                bulk.AnswerRow(
                    id=ids[index],
                    post_id=parents[row["ParentId"]],
                    author_id=self._author(authors, row.get("OwnerUserId")),
                    body_source=thread.source,
                    body_html=thread.html,
                    created_at=moment(row.get("CreationDate")) or timezone.now(),
                    edited_at=moment(row.get("LastEditDate")),
                )
            )
        core_bulk.write(bulk.prepare_answers(answers))
        pairs: list[Pair] = [
            (t.row["Id"], a.id, {}) for t, a in zip(threads, answers, strict=True)
        ]
        core_bulk.write(self.records.prepare("answer", pairs))
        self.notes.forget_keys("deferred", [t.row["Id"] for t in threads])

    # --- Comments -----------------------------------------------------------

    def _comments(self, converter: Converter) -> None:
        if not self.dump.has("Comments.xml"):
            return
        tally = self.summary.tally("Comments.xml")

        def new_batches() -> Iterator[tuple[list[Row], list[tuple[str, str]]]]:
            for batch in _batches(self._rows("Comments.xml")):
                tally.read += len(batch)
                done = self.records.find(
                    "comment", (row.get("Id", "") for row in batch)
                )
                fresh = [
                    row for row in batch if row.get("Id") and row["Id"] not in done
                ]
                yield fresh, [(row["Id"], row.get("Text", "")) for row in fresh]

        for fresh, converted in converter.run(text.comments, new_batches()):
            with transaction.atomic():
                tally.created += self._write_comments(fresh, converted, tally)

    def _write_comments(
        self, rows: list[Row], converted: dict[str, tuple[str, str]], tally: FileTally
    ) -> int:
        targets = [row.get("PostId", "") for row in rows]
        questions = self.records.find("post", targets)
        answers = self.records.find("answer", targets)
        on_answers = dict(
            Answer.objects.filter(pk__any_of=answers.values()).values_list(
                "pk", "post_id"
            )
        )
        authors = self._authors(row.get("UserId") for row in rows)
        ids = iter(core_bulk.allocate(Comment, len(rows)))
        comments: list[bulk.CommentRow] = []
        pairs: list[Pair] = []
        for row in rows:
            target = row.get("PostId", "")
            answer = answers.get(target)
            post = questions.get(target) or on_answers.get(answer or 0)
            source, html = converted[row["Id"]]
            if post is None:
                tally.skip("a comment on a post that is not in the dump")
                continue
            if not source:
                tally.skip("an empty comment")
                continue
            pk = next(ids)
            comments.append(
                bulk.CommentRow(
                    id=pk,
                    post_id=post,
                    answer_id=answer,
                    author_id=self._author(authors, row.get("UserId")),
                    body_source=source,
                    body_html=html,
                    created_at=moment(row.get("CreationDate")) or timezone.now(),
                )
            )
            pairs.append((row["Id"], pk, {}))
        core_bulk.write(bulk.prepare_comments(comments))
        core_bulk.write(self.records.prepare("comment", pairs))
        return len(comments)

    # --- Votes --------------------------------------------------------------

    def _votes(self) -> None:
        """Up-votes become each post's imported tally of helpful reactions.

        Counted afresh on every run, in a temporary table (the tally is
        set, never added to), so running again or after an interruption
        gives the same figures and memory stays flat.
        """
        if not self.dump.has("Votes.xml"):
            return
        tally = self.summary.tally("Votes.xml")
        with transaction.atomic():
            scratch = core_bulk.Scratch("import_up_votes")
            for batch in _batches(self._rows("Votes.xml"), VOTE_BATCH):
                tally.read += len(batch)
                up = [
                    row.get("PostId", "")
                    for row in batch
                    if row.get("VoteTypeId") == UP_VOTE
                ]
                tally.skip("not an up-vote", len(batch) - len(up))
                scratch.add(up)
            scratch.index()
            for kind, model in (("post", Post), ("answer", Answer)):
                tally.updated += self._set_tallies(scratch, kind, model)
            tally.skip(
                "an up-vote on a post that is not in the dump", self._unplaced(scratch)
            )
            scratch.drop()

    def _set_tallies(
        self, scratch: core_bulk.Scratch, kind: str, model: type[Post | Answer]
    ) -> int:
        """Set each imported post's (or answer's) tally to its up-votes."""
        quote = connection.ops.quote_name
        table, records = (
            quote(model._meta.db_table),
            quote(ImportedRecord._meta.db_table),
        )
        # Names are the models' own, quoted; values are parameters.
        statement = (
            f"UPDATE {table} SET imported_helpful_count = counted.votes "  # noqa: S608
            "FROM (SELECT record.local_id AS id, COUNT(*) AS votes "
            f"FROM {scratch.name} AS vote JOIN {records} AS record "
            "ON record.source = %s AND record.kind = %s "
            "AND record.external_id = vote.key GROUP BY record.local_id) AS counted "
            f"WHERE {table}.id = counted.id "
            f"AND {table}.imported_helpful_count <> counted.votes"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [self.source, kind])
            return int(cursor.rowcount)

    def _unplaced(self, scratch: core_bulk.Scratch) -> int:
        records = connection.ops.quote_name(ImportedRecord._meta.db_table)
        statement = (
            f"SELECT COUNT(*) FROM {scratch.name} AS vote WHERE NOT EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {records} AS record WHERE record.source = %s "
            "AND record.kind IN ('post', 'answer') AND record.external_id = vote.key)"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [self.source])
            return int(cursor.fetchone()[0])

    # --- Links between posts ------------------------------------------------

    def _links(self) -> None:
        if not self.dump.has("PostLinks.xml"):
            return
        tally = self.summary.tally("PostLinks.xml")
        for batch in _batches(self._rows("PostLinks.xml")):
            tally.read += len(batch)
            with transaction.atomic():
                tally.created += self._write_links(batch, tally)

    def _write_links(self, rows: list[Row], tally: FileTally) -> int:
        done = self.records.find("link", (row.get("Id", "") for row in rows))
        fresh = [row for row in rows if row.get("Id") and row["Id"] not in done]
        ends = [row.get(f, "") for row in fresh for f in ("PostId", "RelatedPostId")]
        posts = self.records.find("post", ends)
        links: list[bulk.LinkRow] = []
        pairs: list[Pair] = []
        seen: set[tuple[int, int, str]] = set()
        for row in fresh:
            kind = LINK_KINDS.get(row.get("LinkTypeId", ""))
            start, end = (
                posts.get(row.get("PostId", "")),
                posts.get(row.get("RelatedPostId", "")),
            )
            if kind is None:
                tally.skip("a kind of link Commonplace does not keep")
            elif start is None or end is None:
                tally.skip("a link to a post that is not in the dump")
            elif start == end or (start, end, kind) in seen:
                tally.skip("a link to itself, or the same link again")
            else:
                seen.add((start, end, kind))
                created = moment(row.get("CreationDate")) or timezone.now()
                links.append(bulk.LinkRow(start, end, kind, created))
                pairs.append((row["Id"], start, {}))
        existing = set(
            PostLink.objects.filter(
                from_post__any_of={link.from_post_id for link in links}
            ).values_list("from_post_id", "to_post_id", "kind")
        )
        new = [
            link
            for link in links
            if (link.from_post_id, link.to_post_id, link.kind) not in existing
        ]
        core_bulk.write(bulk.prepare_links(new))
        core_bulk.write(self.records.prepare("link", pairs))
        return len(new)

    # --- Revisions ----------------------------------------------------------

    def _history(self) -> None:
        """Every version of a title and body, from PostHistory; a text never
        edited keeps none (its one version is the text itself)."""
        if not self.dump.has("PostHistory.xml"):
            return
        tally = self.summary.tally("PostHistory.xml")
        finished = self._fingerprint("PostHistory.xml")
        if self.notes.present("done", [finished]):
            return
        for batch in _batches(self._edits(tally)):
            with transaction.atomic():
                tally.created += self._write_revisions(batch, tally)
        core_bulk.analyse(Revision)
        for chunk in _batches(self.records.local_ids("post"), 2000):
            with transaction.atomic():
                bulk.forget_single_versions(chunk)
        self.notes.keep("done", {finished: ""})

    def _fingerprint(self, name: str) -> str:
        """A file as it is now: a pass over it, once finished, is not run
        again until the file changes (a newer dump of the same site)."""
        status = (self.dump.directory / name).stat()
        return f"{name}:{status.st_size}:{status.st_mtime_ns}"

    def _edits(self, tally: FileTally) -> Iterator[Row]:
        """One row per edit (the events of one post sharing a RevisionGUID),
        with its title and body where the edit changed them."""
        current: Row | None = None
        for row in self._rows("PostHistory.xml"):
            tally.read += 1
            event = row.get("PostHistoryTypeId", "")
            if event not in TITLE_EVENTS | BODY_EVENTS:
                continue
            key = (
                f"{row.get('PostId', '')}:{row.get('RevisionGUID', row.get('Id', ''))}"
            )
            if current is not None and current["key"] != key:
                yield current
                current = None
            if current is None:
                current = {"key": key, "post": row.get("PostId", ""), **_meta(row)}
            current["title" if event in TITLE_EVENTS else "body"] = row.get("Text", "")
        if current is not None:
            yield current

    def _write_revisions(self, edits: list[Row], tally: FileTally) -> int:
        """Revisions for a batch of edits. An interrupted pass resumes
        after the newest version stored for each post: edits come in the
        order they were made."""
        fresh = list(_merged(edits))
        targets = [edit["post"] for edit in fresh]
        questions = self.records.find("post", targets)
        answers = self.records.find("answer", targets)
        editors = self._authors(edit.get("user") for edit in fresh)
        last = _latest_versions(questions.values(), answers.values())
        revisions: list[bulk.RevisionRow] = []
        for edit in fresh:
            question, answer = questions.get(edit["post"]), answers.get(edit["post"])
            local = question or answer
            if local is None:
                tally.skip("an edit of a post that is not in the dump")
                continue
            target = ("post" if question else "answer", local)
            made = moment(edit.get("created")) or timezone.now()
            title, body, stored = last.get(target, ("", "", None))
            if stored is not None and made <= stored:
                continue
            title = text.title(edit.get("title", title)) if question else ""
            body = edit.get("body", body)
            last[target] = (title, body, made)
            revisions.append(
                bulk.RevisionRow(
                    post_id=question,
                    answer_id=None if question else answer,
                    editor_id=editors.get(edit.get("user") or "") or None,
                    title=title,
                    summary="",
                    body_source=body,
                    created_at=made,
                )
            )
        core_bulk.write(bulk.prepare_revisions(revisions))
        return len(revisions)

    # --- Counters, accepted answers -----------------------------------------

    def _finish(self) -> None:
        """Accepted answers, then every question's counts and standing, as the
        services would have kept them, and the community's last activity."""
        for batch in _batches(_as_rows(self.notes.items("accepted")), BATCH):
            with transaction.atomic():
                self._accept(batch)
        for chunk in _batches(self.records.local_ids("post"), 1000):
            with transaction.atomic():
                bulk.refresh_threads(chunk)
        latest = Post.objects.filter(community=self.community).aggregate(
            latest=Max("last_activity_at")
        )["latest"]
        if latest is not None:
            Community.objects.filter(pk=self.community.pk).exclude(
                last_activity_at__gte=latest
            ).update(last_activity_at=latest)

    def _index(self) -> None:
        """Make what came in searchable: threads with their replies, people
        (with the topics they answered) and the tags' topics. Indexing is
        idempotent, so a resumed import indexes again without harm."""
        for record_kind, search_kind in SEARCHED:
            ids = list(self.records.local_ids(record_kind))
            advance = self.progress.start(f"Indexing ({search_kind})", len(ids))
            for chunk in _batches(ids, search_services.BATCH_SIZE):
                search_services.index(kind=search_kind, ids=chunk)
                advance(len(chunk))

    def _expertise(self) -> None:
        """What the people who came in know, from what they contributed:
        the community is recomputed whole, so a resumed import does it
        again without harm."""
        advance = self.progress.start("Expertise", 1)
        expertise_services.rebuild(community_ids=[self.community.pk])
        advance(1)

    def _accept(self, batch: list[Row]) -> None:
        questions = self.records.find("post", (row["key"] for row in batch))
        answers = self.records.find("answer", (row["value"] for row in batch))
        chosen = {
            answer.pk: answer
            for answer in Answer.objects.filter(pk__any_of=answers.values()).only(
                "post_id", "created_at"
            )
        }
        current = dict(
            Post.objects.filter(pk__any_of=questions.values()).values_list(
                "pk", "accepted_answer_id"
            )
        )
        choices = []
        for row in batch:
            question, answer = questions.get(row["key"]), answers.get(row["value"])
            if question is None or answer is None or chosen[answer].post_id != question:
                continue
            if current.get(question) != answer:
                choices.append((question, answer, chosen[answer].created_at))
        bulk.set_accepted(choices)


def _merged(edits: Iterable[Row]) -> Iterator[Row]:
    """Edits with the same key as one: a dump may list the title and body
    events of one edit apart."""
    by_key: dict[str, Row] = {}
    for edit in edits:
        by_key.setdefault(edit["key"], {}).update(edit)
    return iter(by_key.values())


def _meta(row: Row) -> Row:
    return {"user": row.get("UserId", ""), "created": row.get("CreationDate", "")}


def _as_rows(items: Iterable[tuple[str, str]]) -> Iterator[Row]:
    return ({"key": key, "value": value} for key, value in items)


Version = tuple[str, str, datetime | None]


def _latest_versions(
    questions: Iterable[int], answers: Iterable[int]
) -> dict[tuple[str, int], Version]:
    """The newest stored (title, body, when) of these posts and answers."""
    latest: dict[tuple[str, int], Version] = {}
    for field, ids in (("post", list(questions)), ("answer", list(answers))):
        rows = (
            Revision.objects.filter(**{f"{field}__any_of": ids})
            .order_by(field, "created_at", "id")
            .values_list(f"{field}_id", "title", "body_source", "created_at")
        )
        for target, title, body, made in rows:
            latest[(field, target)] = (title, body, made)
    return latest
