"""The post pages: starting a thread, reading it, editing it, uploads.

Answers, comments, reactions, removal, reports and history are in
test_views_replies.py; the community feed and topic posts in
test_views_lists.py.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.knowledge import services
from commonplace.knowledge.models import Post, PostKind, Revision, Upload
from commonplace.knowledge.tests.factories import (
    AnswerFactory,
    CommentFactory,
    PostFactory,
    UploadFactory,
)
from commonplace.people.tests.factories import UserFactory, image_upload

pytestmark = pytest.mark.django_db

XSS_TITLE = '<script>alert("title")</script>'
XSS_BODY = (
    "[click me](javascript:alert(1)) <img src=x onerror=alert(2)> "
    '<a hx-get="/steal">x</a> ![p](data:image/svg+xml;base64,PHN2Zz4=)'
)


PROSE = '<div class="prose" hx-disable translate="no">'


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _member(community, role=Role.MEMBER, **fields):
    return MembershipFactory(
        community=community, person=UserFactory(**fields), role=role
    ).person


def _main(response):
    html = response.text
    return html[html.index("<main") : html.index("</main>")]


def _new(community):
    return reverse("knowledge:new-post", kwargs={"slug": community.slug})


def _post_url(post):
    return reverse("knowledge:post", kwargs={"pk": post.pk})


# --- Starting a thread ------------------------------------------------------


def test_a_member_sees_the_new_post_form_with_the_four_kinds(client):
    community = CommunityFactory()
    client.force_login(_member(community))

    response = client.get(_new(community))

    assert response.status_code == 200
    html = _main(response)
    for kind in ("discussion", "question", "note", "article"):
        assert f'value="{kind}"' in html
    assert "Markdown" in html


def test_a_guest_is_refused_the_new_post_form(client):
    community = CommunityFactory()
    client.force_login(_member(community, Role.GUEST))

    response = client.get(_new(community))

    assert response.status_code == 403


def test_a_private_community_hides_its_new_post_form_from_outsiders(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    client.force_login(UserFactory())

    response = client.get(_new(community))

    assert response.status_code == 404


def test_a_member_asks_a_question_with_topics(client):
    community = CommunityFactory()
    author = _member(community)
    client.force_login(author)

    response = client.post(
        _new(community),
        {
            "kind": "question",
            "title": "How do we roll back a migration?",
            "body": "We use **Django**.",
            "topics": "Django, Databases",
        },
    )

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _post_url(post)
    assert (post.kind, post.author, post.community) == ("question", author, community)
    assert sorted(t.name for t in post.topics.all()) == ["Databases", "Django"]


@pytest.mark.parametrize(
    ("data", "field", "kept"),
    [
        (
            {"kind": "question", "title": "Kept title", "body": "  "},
            "body",
            "Kept title",
        ),
        (
            {"kind": "question", "title": "x" * 301, "body": "Kept body"},
            "title",
            "Kept body",
        ),
        (
            {"kind": "note", "body": "Kept note", "topics": "a, b, c, d, e, f"},
            "topics",
            "Kept note",
        ),
        ({"kind": "question", "title": "", "body": "Kept text"}, "title", "Kept text"),
    ],
    ids=["empty body", "301-character title", "six topics", "missing title"],
)
def test_a_refused_post_keeps_what_was_typed(client, data, field, kept):
    community = CommunityFactory()
    client.force_login(_member(community))

    response = client.post(_new(community), data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert kept in _main(response)
    assert Post.objects.count() == 0


def test_a_guest_cannot_start_a_thread(client):
    community = CommunityFactory()
    client.force_login(_member(community, Role.GUEST))

    response = client.post(
        _new(community), {"kind": "discussion", "title": "Hi", "body": "Hello"}
    )

    assert response.status_code == 403
    assert Post.objects.count() == 0


def test_uploading_an_image_adds_it_to_the_text_and_keeps_the_rest(client):
    community = CommunityFactory()
    client.force_login(_member(community))

    response = client.post(
        _new(community),
        {
            "kind": "note",
            "body": "Look at this:",
            "image": image_upload(),
            "action": "upload",
        },
    )

    upload = Upload.objects.get()
    assert response.status_code == 200
    assert response.context["form"]["body"].value() == (
        f"Look at this:\n\n![image](/uploads/{upload.pk}/)"
    )
    assert Post.objects.count() == 0


def test_publishing_with_an_image_shows_it_in_the_post(client):
    community = CommunityFactory()
    client.force_login(_member(community))

    client.post(
        _new(community),
        {"kind": "note", "body": "Whiteboard:", "image": image_upload()},
    )

    upload = Upload.objects.get()
    post = Post.objects.get()
    assert f'<img src="/uploads/{upload.pk}/" alt="image">' in post.body_html


def test_a_file_that_is_not_an_image_is_refused_with_the_text_kept(client):
    community = CommunityFactory()
    client.force_login(_member(community))
    fake = SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", "image/png")

    response = client.post(
        _new(community),
        {"kind": "note", "body": "Kept words", "image": fake},
    )

    assert response.status_code == 400
    assert "image" in response.context["form"].errors
    assert "Kept words" in _main(response)
    assert Upload.objects.count() == 0


def test_an_image_over_ten_megabytes_is_refused_as_too_large(client):
    community = CommunityFactory()
    client.force_login(_member(community))
    huge = SimpleUploadedFile("big.png", b"0" * (10 * 1024 * 1024 + 1), "image/png")

    response = client.post(
        _new(community),
        {"kind": "note", "body": "Kept words", "image": huge},
    )

    assert response.status_code == 413
    assert "image" in response.context["form"].errors
    assert "Kept words" in _main(response)


# --- Reading a post ---------------------------------------------------------


def test_the_post_page_shows_the_post_and_its_rendered_body(client):
    community = CommunityFactory()
    post = PostFactory(community=community, body_source="Use **bold**.")
    post.body_html = "<p>Use <strong>bold</strong>.</p>"
    post.save()
    client.force_login(_member(community))

    response = client.get(_post_url(post))

    html = _main(response)
    assert response.status_code == 200
    assert post.title in html
    assert f"{PROSE}<p>Use <strong>bold</strong>.</p></div>" in html


def _prose(html):
    start = html.index(PROSE)
    return html[start : html.index("</div>", start)]


def test_titles_and_bodies_that_try_script_render_as_text(client):
    community = CommunityFactory()
    author = _member(community)
    post = services.create_post(
        community=community,
        author=author,
        kind=PostKind.QUESTION,
        title=XSS_TITLE,
        body=XSS_BODY,
        topics=["<b>bold</b>"],
    )
    client.force_login(author)

    html = client.get(_post_url(post)).text

    prose = _prose(html)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>bold</b>" not in html
    assert re.search(r"<[^>]*\s(on[a-z]+|hx-[a-z-]+|style)=", prose) is None
    assert re.search(r"""(href|src)=["']?(javascript|data):""", html) is None


def test_a_removed_post_shows_its_reason_and_hides_the_text_from_members(client):
    community = CommunityFactory()
    post = PostFactory(community=community, body_source="Secret text")
    services.delete_contribution(
        item=post, deleted_by=_member(community, Role.MODERATOR), reason="Spam link"
    )
    client.force_login(_member(community))

    html = _main(client.get(_post_url(post)))

    assert "Spam link" in html
    assert "Secret text" not in html
    assert post.title not in html


def test_moderators_still_see_the_text_of_a_removed_post(client):
    community = CommunityFactory()
    moderator = _member(community, Role.MODERATOR)
    post = PostFactory(community=community, body_source="Secret text")
    services.delete_contribution(item=post, deleted_by=moderator, reason="Spam")
    client.force_login(moderator)

    html = _main(client.get(_post_url(post)))

    assert "Spam" in html
    assert "Secret text" in html


def test_a_post_in_a_private_community_is_a_404_to_outsiders(client):
    post = PostFactory(community=CommunityFactory(visibility=Visibility.PRIVATE))
    client.force_login(UserFactory())

    response = client.get(_post_url(post))

    assert response.status_code == 404


def test_the_accepted_answer_comes_first_with_who_accepted_it(client):
    community = CommunityFactory()
    asker = _member(community, display_name="Asha Asker")
    question = PostFactory(community=community, author=asker)
    AnswerFactory(post=question, body_source="First answer")
    chosen = AnswerFactory(post=question, body_source="Chosen answer")
    services.accept_answer(question=question, answer=chosen, accepted_by=asker)
    client.force_login(asker)

    html = _main(client.get(_post_url(question)))

    assert html.index("Chosen answer") < html.index("First answer")
    assert "Accepted by" in html
    assert "Asha Asker" in html
    assert "Unaccept" in html


def test_only_the_asker_and_leaders_see_accept_buttons(client):
    community = CommunityFactory()
    question = PostFactory(community=community)
    AnswerFactory(post=question)
    client.force_login(_member(community))

    html = _main(client.get(_post_url(question)))

    assert "Accept this answer" not in html


def test_answers_page_on_with_a_more_answers_link(client):
    community = CommunityFactory()
    question = PostFactory(community=community)
    AnswerFactory.create_batch(31, post=question)
    client.force_login(_member(community))

    response = client.get(_post_url(question))

    assert len(response.context["answers"].items) == 30
    assert "More answers" in _main(response)


def _question_with_answers(community, count):
    question = PostFactory(community=community)
    for answer in AnswerFactory.create_batch(count, post=question):
        CommentFactory.create_batch(2, post=question, answer=answer)
    CommentFactory.create_batch(2, post=question)
    return question


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_question_page_costs_the_same_queries_for_5_or_50_answers(
    client, django_assert_max_num_queries
):
    community = CommunityFactory()
    client.force_login(_member(community))
    small = _question_with_answers(community, 5)
    large = _question_with_answers(community, 50)
    baseline = _queries(client, _post_url(small))

    with django_assert_max_num_queries(baseline):
        response = client.get(_post_url(large))

    assert response.status_code == 200


# --- Editing ---------------------------------------------------------------


def test_the_author_edits_a_post_and_a_revision_is_kept(client):
    community = CommunityFactory()
    author = _member(community)
    post = services.create_post(
        community=community, author=author, kind="question", title="Old", body="Old"
    )
    client.force_login(author)

    response = client.post(
        reverse("knowledge:edit-post", kwargs={"pk": post.pk}),
        {"title": "New title", "body": "New body", "topics": "SQL"},
    )

    post.refresh_from_db()
    assert response.status_code == 302
    assert (post.title, post.body_source) == ("New title", "New body")
    assert Revision.objects.filter(post=post).count() == 2


def test_the_edit_form_keeps_what_was_typed_when_refused(client):
    community = CommunityFactory()
    author = _member(community)
    post = PostFactory(community=community, author=author)
    client.force_login(author)

    response = client.post(
        reverse("knowledge:edit-post", kwargs={"pk": post.pk}),
        {"title": "Still here", "body": ""},
    )

    assert response.status_code == 400
    assert "Still here" in _main(response)


def test_another_member_may_not_edit_a_post(client):
    community = CommunityFactory()
    post = PostFactory(community=community)
    client.force_login(_member(community))

    response = client.get(reverse("knowledge:edit-post", kwargs={"pk": post.pk}))

    assert response.status_code == 403


# --- Uploads ----------------------------------------------------------------


def test_an_upload_is_served_privately_without_sniffing_or_scripts(client):
    community = CommunityFactory()
    upload = UploadFactory(community=community)
    client.force_login(_member(community))

    response = client.get(reverse("knowledge:upload", kwargs={"pk": upload.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_an_upload_of_a_private_community_is_the_same_404_to_outsiders(client):
    upload = UploadFactory(community=CommunityFactory(visibility=Visibility.PRIVATE))
    client.force_login(UserFactory())

    hidden = client.get(reverse("knowledge:upload", kwargs={"pk": upload.pk}))
    missing = client.get(reverse("knowledge:upload", kwargs={"pk": upload.pk + 99}))

    assert hidden.status_code == missing.status_code == 404
    assert _main(hidden) == _main(missing)
