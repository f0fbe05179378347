"""The Stack Exchange importer on small dumps the tests write: what it
makes of each file, and how it answers a dump it cannot read."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from commonplace.communities.models import Community, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.integrations.models import ImportedRecord
from commonplace.integrations.tests.dumps import row, small_dump, write
from commonplace.knowledge.models import Answer, Comment, Post, PostLink, Revision
from commonplace.people.models import User
from commonplace.people.tests.factories import AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _import(directory, slug="imported", *extra):
    out = StringIO()
    call_command(
        "import",
        "stackexchange",
        str(directory),
        "--community",
        slug,
        "--workers",
        "0",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def community():
    return CommunityFactory(slug="imported", name="Security")


@pytest.fixture
def dump(tmp_path):
    return small_dump(tmp_path)


def _question(title):
    return Post.objects.get(title=title)


# --- What the import makes --------------------------------------------------


def test_questions_answers_and_the_accepted_answer_are_imported(dump, community):
    _import(dump)

    question = _question("How do I rotate keys?")
    assert question.community == community
    assert question.answer_count == 2
    assert question.accepted_answer.body_source.startswith("Use a **schedule**")
    assert question.accepted_by == question.author
    assert question.is_resolved
    assert question.view_count == 40
    assert question.created_at.isoformat() == "2019-02-01T09:00:00+00:00"


def test_bodies_become_markdown_and_are_rendered_like_any_post(dump, community):
    _import(dump)

    answer = Answer.objects.get(body_source__startswith="Use a")
    assert answer.body_source == "Use a **schedule**:\n\n1. one\n2. two"
    assert "<strong>schedule</strong>" in answer.body_html
    assert "<ol>" in answer.body_html


def test_titles_keep_their_characters_as_plain_text(dump, community):
    _import(dump)

    assert Post.objects.filter(title="Is *this* a duplicate?").exists()


def test_people_who_posted_become_unclaimed_people_and_lurkers_do_not(dump, community):
    _import(dump)

    ana = User.objects.get(display_name="Ana Asker")
    assert ana.email is None
    assert not ana.has_usable_password()
    assert ana.location == "Lisbon"
    assert ana.bio == "I ask a lot."
    assert not User.objects.filter(display_name="Lurker").exists()
    record = ImportedRecord.objects.get(kind="user", local_id=ana.pk)
    assert record.attributes == {"reputation": 120}


def test_posts_by_deleted_accounts_belong_to_one_former_member(dump, community):
    _import(dump)

    answer = Answer.objects.get(body_source="From a deleted account.")
    assert answer.author.display_name == "Former member"
    assert User.objects.filter(display_name="Former member").count() == 1


def test_tags_in_either_format_become_topics(dump, community):
    _import(dump)

    assert {t.name for t in _question("How do I rotate keys?").topics.all()} == {
        "security",
        "key management",
    }
    assert [t.name for t in _question("Is *this* a duplicate?").topics.all()] == [
        "security"
    ]


def test_comments_land_on_their_post_or_answer(dump, community):
    _import(dump)

    on_question = Comment.objects.get(body_source="Which **keys**?")
    on_answer = Comment.objects.get(body_source="Thanks!")
    assert on_question.answer is None
    assert on_answer.answer.body_source.startswith("Use a")
    assert on_answer.post == on_answer.answer.post
    assert _question("How do I rotate keys?").comment_count == 2


def test_up_votes_become_the_imported_tally_of_helpful_reactions(dump, community):
    _import(dump)

    answer = Answer.objects.get(body_source__startswith="Use a")
    assert answer.imported_helpful_count == 2
    assert _question("How do I rotate keys?").imported_helpful_count == 0


def test_duplicate_links_are_kept(dump, community):
    _import(dump)

    link = PostLink.objects.get()
    assert (link.from_post.title, link.to_post.title, link.kind) == (
        "Is *this* a duplicate?",
        "How do I rotate keys?",
        "duplicate",
    )


def test_edits_become_revisions_and_a_text_never_edited_keeps_none(dump, community):
    _import(dump)

    edited = _question("How do I rotate keys?")
    versions = list(Revision.objects.filter(post=edited).order_by("created_at"))
    assert [v.title for v in versions] == [
        "How to rotate keys?",
        "How do I rotate keys?",
    ]
    assert versions[1].body_source == versions[0].body_source
    assert versions[1].editor.display_name == "Bo Answerer"
    assert not Revision.objects.filter(post=_question("Is *this* a duplicate?"))


def test_what_cannot_be_placed_is_skipped_and_counted(dump, community):
    output = _import(dump)

    assert "skipped 1: a comment on a post that is not in the dump" in output
    assert "skipped 1: an up-vote on a post that is not in the dump" in output
    assert "skipped 1: a link to a post that is not in the dump" in output
    assert "skipped 1: not a question or an answer" in output
    assert "skipped 1: never posted" in output


def test_running_again_changes_nothing(dump, community):
    _import(dump)
    before = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (User, Post, Answer, Comment, PostLink, Revision, Community)
    }

    output = _import(dump)

    after = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (User, Post, Answer, Comment, PostLink, Revision, Community)
    }
    assert after == before
    assert "Posts.xml                  5         0" in output


def test_an_answer_before_its_question_in_the_file_is_placed_after_it(
    tmp_path, community
):
    write(
        tmp_path,
        "Users.xml",
        [row(Id=1, DisplayName="Ana", CreationDate="2019-01-01T00:00:00")],
    )
    write(
        tmp_path,
        "Posts.xml",
        [
            row(
                Id=5,
                PostTypeId=2,
                ParentId=9,
                OwnerUserId=1,
                CreationDate="2019-01-02T00:00:00",
                Body="<p>Early answer.</p>",
            ),
            row(
                Id=9,
                PostTypeId=1,
                OwnerUserId=1,
                Title="Migrated question",
                CreationDate="2019-01-01T00:00:00",
                Body="<p>Question.</p>",
            ),
        ],
    )

    _import(tmp_path)

    assert Answer.objects.get().post.title == "Migrated question"


def test_a_file_without_a_byte_order_mark_and_with_few_attributes_is_read(
    tmp_path, community
):
    write(tmp_path, "Users.xml", [row(Id=1, DisplayName="Ana")], bom=False)
    write(
        tmp_path,
        "Posts.xml",
        [row(Id=1, PostTypeId=1, OwnerUserId=1, Title="Minimal", Body="<p>Hi</p>")],
        bom=False,
    )

    _import(tmp_path)

    assert _question("Minimal").body_source == "Hi"


def test_the_community_can_be_created_by_the_import(dump):
    AdministratorFactory()

    _import(dump, "new-place", "--create-community", "Security Archive")

    community = Community.objects.get(slug="new-place")
    assert community.name == "Security Archive"
    assert Post.objects.filter(community=community).count() == 2


# --- Privacy ----------------------------------------------------------------


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SECRET])
def test_content_imported_into_a_closed_community_stays_inside_it(dump, visibility):
    community = CommunityFactory(slug="imported", visibility=visibility)
    _import(dump)
    question = _question("How do I rotate keys?")
    member, outsider = UserFactory(), UserFactory()
    MembershipFactory(community=community, person=member)
    client = Client()

    client.force_login(outsider)
    page = client.get(reverse("knowledge:post", kwargs={"pk": question.pk}))
    api = client.get(reverse("api:post", kwargs={"post_id": question.pk}))
    client.force_login(member)
    inside = client.get(reverse("knowledge:post", kwargs={"pk": question.pk}))

    assert (page.status_code, api.status_code, inside.status_code) == (404, 404, 200)


# --- Bad input --------------------------------------------------------------


def test_a_directory_that_does_not_exist_is_refused(tmp_path, community):
    with pytest.raises(CommandError, match="is not a directory"):
        _import(tmp_path / "nowhere")


@pytest.mark.parametrize("missing", ["Posts.xml", "Users.xml"])
def test_a_dump_without_posts_or_users_is_refused(dump, community, missing):
    (dump / missing).unlink()

    with pytest.raises(CommandError, match=re.escape(f"{missing} missing")):
        _import(dump)

    assert not Post.objects.exists()


def test_a_file_that_is_not_a_dump_is_refused_by_name(dump, community):
    (dump / "Users.xml").write_text("<html><body>Hello</body></html>")

    with pytest.raises(CommandError, match=r"Users.xml is not a dump file"):
        _import(dump)


def test_a_truncated_file_names_its_line_and_the_next_run_resumes(dump, community):
    whole = (dump / "PostHistory.xml").read_text(encoding="utf-8")
    cut = whole[: whole.index("How do I rotate keys?")]
    (dump / "PostHistory.xml").write_text(cut, encoding="utf-8")

    with pytest.raises(CommandError, match=r"PostHistory.xml, line \d+, column \d+"):
        _import(dump)
    posts, comments = Post.objects.count(), Comment.objects.count()
    (dump / "PostHistory.xml").write_text(whole, encoding="utf-8")
    _import(dump)

    assert (posts, comments) == (2, 2)
    assert Revision.objects.count() == 2


def test_an_unknown_community_without_create_is_refused(dump):
    with pytest.raises(CommandError, match="--create-community"):
        _import(dump, "no-such-place")

    assert not Post.objects.exists()


def test_creating_a_community_whose_name_is_taken_is_refused(dump):
    AdministratorFactory()
    CommunityFactory(name="Security Archive", slug="other")

    with pytest.raises(CommandError, match="already exists"):
        _import(dump, "new-place", "--create-community", "Security Archive")


def test_answers_to_absent_questions_fail_the_import_after_the_rest(
    tmp_path, community
):
    write(tmp_path, "Users.xml", [row(Id=1, DisplayName="Ana")])
    write(
        tmp_path,
        "Posts.xml",
        [
            row(Id=1, PostTypeId=1, OwnerUserId=1, Title="Kept", Body="<p>Q</p>"),
            row(Id=2, PostTypeId=2, ParentId=77, OwnerUserId=1, Body="<p>Lost</p>"),
        ],
    )

    with pytest.raises(CommandError, match="could not be imported"):
        _import(tmp_path)

    assert Post.objects.filter(title="Kept").exists()
    assert not Answer.objects.exists()


def test_an_xml_bomb_is_refused(tmp_path, community):
    write(tmp_path, "Users.xml", [])
    (tmp_path / "Posts.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><posts>&lol;</posts>'
    )

    with pytest.raises(CommandError, match=r"Posts\.xml"):
        _import(tmp_path)
