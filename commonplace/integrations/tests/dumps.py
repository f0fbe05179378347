"""Small Stack Exchange dumps written by the tests themselves."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from django.conf import settings
from django.core.management import call_command

from commonplace.integrations.stackexchange.dump import ROOTS
from commonplace.knowledge.models import Answer, Comment, Post, PostLink, Revision
from tests.support import require

BOM = "\ufeff"


def row(**attributes: object) -> str:
    values = " ".join(
        f"{name}={quoteattr(str(value))}" for name, value in attributes.items()
    )
    return f"  <row {values} />"


def write(directory: Path, name: str, rows: list[str], *, bom: bool = True) -> Path:
    """One dump file, as the official dumps write it (with a byte-order mark)."""
    root = ROOTS.get(name, "rows")
    text = "\n".join(
        ['<?xml version="1.0" encoding="utf-8"?>', f"<{root}>", *rows, f"</{root}>"]
    )
    path = directory / name
    path.write_text((BOM if bom else "") + text + "\n", encoding="utf-8")
    return path


def small_dump(directory: Path) -> Path:
    """Two people, two questions (one answered and accepted), comments,
    votes, a tag list in each format, a link and an edit."""
    write(
        directory,
        "Users.xml",
        [
            row(
                Id=1,
                DisplayName="Ana Asker",
                CreationDate="2019-01-01T10:00:00.000",
                Reputation=120,
                Location="Lisbon",
                AboutMe="<p>I ask <b>a lot</b>.</p>",
            ),
            row(
                Id=2,
                DisplayName="Bo Answerer",
                CreationDate="2019-01-02T10:00:00.000",
                Reputation=3400,
            ),
            row(
                Id=3,
                DisplayName="Lurker",
                CreationDate="2019-01-03T10:00:00.000",
                Reputation=1,
            ),
        ],
    )
    write(
        directory,
        "Posts.xml",
        [
            row(
                Id=10,
                PostTypeId=1,
                AcceptedAnswerId=12,
                OwnerUserId=1,
                CreationDate="2019-02-01T09:00:00.000",
                Title="How do I rotate keys?",
                Body="<p>We rotate <code>keys</code> by hand.</p>",
                Tags="<security><key-management>",
                ViewCount=40,
                Score=3,
            ),
            row(
                Id=11,
                PostTypeId=1,
                OwnerUserId=2,
                CreationDate="2019-02-02T09:00:00.000",
                Title="Is *this* a duplicate?",
                Body="<p>Probably.</p>",
                Tags="|security|",
                ViewCount=5,
            ),
            row(
                Id=12,
                PostTypeId=2,
                ParentId=10,
                OwnerUserId=2,
                CreationDate="2019-02-01T12:00:00.000",
                Body=(
                    "<p>Use a <strong>schedule</strong>:</p>"
                    "<ol><li>one</li><li>two</li></ol>"
                ),
            ),
            row(
                Id=13,
                PostTypeId=2,
                ParentId=10,
                OwnerDisplayName="Gone Person",
                CreationDate="2019-02-01T13:00:00.000",
                Body="<p>From a deleted account.</p>",
            ),
            row(
                Id=14,
                PostTypeId=4,
                OwnerUserId=2,
                CreationDate="2019-02-03T09:00:00.000",
                Body="<p>A tag wiki.</p>",
            ),
        ],
    )
    write(
        directory,
        "Comments.xml",
        [
            row(
                Id=100,
                PostId=10,
                UserId=2,
                Text="Which **keys**?",
                CreationDate="2019-02-01T10:00:00.000",
            ),
            row(
                Id=101,
                PostId=12,
                UserId=1,
                Text="Thanks!",
                CreationDate="2019-02-01T14:00:00.000",
            ),
            row(
                Id=102,
                PostId=999,
                UserId=1,
                Text="On a deleted post.",
                CreationDate="2019-02-01T14:00:00.000",
            ),
        ],
    )
    write(
        directory,
        "Votes.xml",
        [
            row(Id=1, PostId=12, VoteTypeId=2, CreationDate="2019-02-02T00:00:00.000"),
            row(Id=2, PostId=12, VoteTypeId=2, CreationDate="2019-02-02T00:00:00.000"),
            row(Id=3, PostId=10, VoteTypeId=3, CreationDate="2019-02-02T00:00:00.000"),
            row(Id=4, PostId=999, VoteTypeId=2, CreationDate="2019-02-02T00:00:00.000"),
        ],
    )
    write(directory, "Tags.xml", [row(Id=1, TagName="security", Count=2)])
    write(
        directory,
        "PostLinks.xml",
        [
            row(
                Id=1,
                PostId=11,
                RelatedPostId=10,
                LinkTypeId=3,
                CreationDate="2019-02-03T00:00:00.000",
            ),
            row(
                Id=2,
                PostId=11,
                RelatedPostId=998,
                LinkTypeId=1,
                CreationDate="2019-02-03T00:00:00.000",
            ),
        ],
    )
    write(
        directory,
        "PostHistory.xml",
        [
            row(
                Id=1,
                PostHistoryTypeId=1,
                PostId=10,
                RevisionGUID="a",
                UserId=1,
                CreationDate="2019-02-01T09:00:00.000",
                Text="How to rotate keys?",
            ),
            row(
                Id=2,
                PostHistoryTypeId=2,
                PostId=10,
                RevisionGUID="a",
                UserId=1,
                CreationDate="2019-02-01T09:00:00.000",
                Text="We rotate keys by hand",
            ),
            row(
                Id=3,
                PostHistoryTypeId=4,
                PostId=10,
                RevisionGUID="b",
                UserId=2,
                CreationDate="2019-02-01T11:00:00.000",
                Text="How do I rotate keys?",
            ),
            row(
                Id=4,
                PostHistoryTypeId=2,
                PostId=11,
                RevisionGUID="c",
                UserId=2,
                CreationDate="2019-02-02T09:00:00.000",
                Text="Probably.",
            ),
        ],
    )
    return directory


# --- The shared data folder's real dumps ----------------------------------------


def shared_dumps() -> list[Path]:
    folder = Path(settings.SHARED_DATA_DIR)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if (path / "Posts.xml").is_file())


def dump_params():
    found = shared_dumps()
    if not found:
        return [pytest.param(None, id="no-dumps")]
    return [pytest.param(path, id=path.name) for path in found]


def need(dump):
    require(dump is not None, "the Stack Exchange dumps in SHARED_DATA_DIR")


def contents(community) -> dict[str, set]:
    """Everything imported into `community`, by natural keys (no ids), so
    two imports into two communities can be compared."""
    posts = Post.objects.filter(community=community).select_related(
        "author", "accepted_answer"
    )
    return {
        "questions": {
            (
                p.title,
                p.created_at,
                p.author.display_name,
                p.body_source,
                p.body_html,
                tuple(sorted(t.name for t in p.topics.all())),
                p.accepted_answer.created_at if p.accepted_answer else None,
                p.imported_helpful_count,
                p.answer_count,
                p.comment_count,
                p.is_resolved,
            )
            for p in posts.prefetch_related("topics")
        },
        "answers": {
            (a.post.title, a.created_at, a.author.display_name, a.body_source)
            for a in Answer.objects.filter(post__community=community).select_related(
                "post", "author"
            )
        },
        "comments": {
            (c.post.title, c.created_at, c.author.display_name, c.body_source)
            for c in Comment.objects.filter(post__community=community).select_related(
                "post", "author"
            )
        },
        "links": {
            (link.from_post.title, link.to_post.title, link.kind)
            for link in PostLink.objects.filter(
                from_post__community=community
            ).select_related("from_post", "to_post")
        },
        "revisions": {
            (
                (r.post or r.answer.post).title,
                r.created_at,
                r.title,
                r.body_source,
                r.editor.display_name if r.editor else None,
            )
            for r in Revision.objects.filter(post__community=community).select_related(
                "post", "editor"
            )
        }
        | {
            ((r.answer.post).title, r.created_at, r.title, r.body_source, None)
            for r in Revision.objects.filter(
                answer__post__community=community
            ).select_related("answer__post")
        },
    }


def import_dump(dump: Path, community) -> str:
    out = StringIO()
    call_command(
        "import",
        "stackexchange",
        str(dump),
        "--community",
        community.slug,
        "--workers",
        "0",
        stdout=out,
    )
    return out.getvalue()
