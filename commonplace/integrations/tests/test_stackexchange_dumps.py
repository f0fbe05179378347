"""The importer on the real Stack Exchange dumps of the shared data folder.

Counts in Commonplace are compared with counts the test computes from the
XML itself; a second run must change nothing; a run killed half-way and
started again must end with the same contents as one clean run.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import iterparse

import pytest

from commonplace.communities.tests.factories import CommunityFactory
from commonplace.integrations.models import ImportedRecord
from commonplace.integrations.stackexchange.dump import Dump
from commonplace.integrations.tests.dumps import (
    contents,
    dump_params,
    import_dump,
    need,
)
from commonplace.knowledge.models import Answer, Comment, Post, PostLink, Revision
from commonplace.people.models import User
from commonplace.topics.models import Topic


def _rows(path: Path):
    for _event, element in iterparse(path):  # noqa: S314 - the project's own data
        if element.tag == "row":
            yield dict(element.attrib)
            element.clear()


def expected_counts(dump: Path) -> dict[str, int]:
    """What the dump holds, counted from its XML by this test alone."""
    posts = list(_rows(dump / "Posts.xml"))
    questions = {row["Id"]: row for row in posts if row["PostTypeId"] == "1"}
    answers = {
        row["Id"]: row
        for row in posts
        if row["PostTypeId"] == "2" and row.get("ParentId") in questions
    }
    accepted = [
        question
        for question in questions.values()
        if answers.get(question.get("AcceptedAnswerId", ""), {}).get("ParentId")
        == question["Id"]
    ]
    comments = [
        row
        for row in _rows(dump / "Comments.xml")
        if row.get("PostId") in questions or row.get("PostId") in answers
    ]
    tags = {
        tag
        for question in questions.values()
        for tag in question.get("Tags", "")
        .replace("|", "<")
        .replace(">", "<")
        .split("<")
        if tag
    }
    links = {
        (row["PostId"], row["RelatedPostId"], row["LinkTypeId"])
        for row in _rows(dump / "PostLinks.xml")
        if row["LinkTypeId"] in ("1", "3")
        and row["PostId"] in questions
        and row["RelatedPostId"] in questions
        and row["PostId"] != row["RelatedPostId"]
    }
    return {
        "questions": len(questions),
        "answers": len(answers),
        "accepted": len(accepted),
        "comments": len(comments),
        "topics": len(tags),
        "links": len(links),
    }


def counts_in(community) -> dict[str, int]:
    posts = Post.objects.filter(community=community)
    return {
        "questions": posts.count(),
        "answers": Answer.objects.filter(post__community=community).count(),
        "accepted": posts.filter(accepted_answer__isnull=False).count(),
        "comments": Comment.objects.filter(post__community=community).count(),
        "topics": Topic.objects.filter(posts__community=community).distinct().count(),
        "links": PostLink.objects.filter(from_post__community=community).count(),
    }


@pytest.fixture(scope="module", params=dump_params())
def imported(request, django_db_setup, django_db_blocker):
    """Each shared dump imported once into its own community, for the
    module; rolled back at its end."""
    from django.db import transaction

    dump = request.param
    if dump is None:
        yield None, None, ""
        return
    with django_db_blocker.unblock(), transaction.atomic():
        community = CommunityFactory(slug=f"dump-{dump.name}")
        output = import_dump(dump, community)
        yield dump, community, output
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_question_answer_comment_topic_and_link_is_imported(imported):
    dump, community, _output = imported
    need(dump)

    assert counts_in(community) == expected_counts(dump)


@pytest.mark.django_db
def test_imported_people_are_unclaimed_and_keep_their_reputation(imported):
    dump, community, _output = imported
    need(dump)
    authors = User.objects.filter(
        pk__in=Post.objects.filter(community=community).values("author")
    )

    assert authors.exists()
    assert not authors.filter(email__isnull=False).exists()
    assert not [person for person in authors if person.has_usable_password()]
    reputations = ImportedRecord.objects.filter(
        source=f"stackexchange:{community.pk}", kind="user"
    ).exclude(external_id="former member")
    assert all("reputation" in record.attributes for record in reputations)


@pytest.mark.django_db
def test_bodies_are_markdown_rendered_like_any_post(imported):
    dump, community, _output = imported
    need(dump)
    from commonplace.knowledge.markdown import render

    posts = Post.objects.filter(community=community)[:200]

    assert all(post.body_html == render(post.body_source) for post in posts)
    assert not any("<p>" in post.body_source for post in posts)


@pytest.mark.django_db
def test_edited_posts_keep_their_versions_and_unedited_ones_none(imported):
    dump, community, _output = imported
    need(dump)
    versions = Counter(
        Revision.objects.filter(post__community=community).values_list(
            "post", flat=True
        )
    )

    assert versions
    assert min(versions.values()) >= 2


@pytest.mark.django_db
def test_the_summary_names_every_file_and_what_was_skipped(imported):
    dump, _community, output = imported
    need(dump)

    for name in ("Users.xml", "Posts.xml", "Comments.xml", "Votes.xml"):
        assert name in output
    assert "Badges.xml: not used by the import, ignored." in output


@pytest.mark.django_db
def test_a_second_run_changes_nothing(imported):
    dump, community, _output = imported
    need(dump)
    before = contents(community)
    people = User.objects.count()

    output = import_dump(dump, community)

    assert contents(community) == before
    assert User.objects.count() == people
    assert "created" in output


@pytest.mark.parametrize("dump", dump_params())
@pytest.mark.parametrize(
    ("name", "attribute"), [("Posts.xml", "OwnerUserId"), ("Comments.xml", "UserId")]
)
def test_reading_one_attribute_finds_what_parsing_finds(dump, name, attribute):
    need(dump)
    parsed = [row[attribute] for row in _rows(dump / name) if attribute in row]

    scanned = list(Dump(dump).values(name, attribute))

    assert scanned == parsed
