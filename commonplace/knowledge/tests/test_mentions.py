"""Handles and @mentions: how a person is named in text, how a mention is
checked while the text is written, who is told, and the suggestions that
appear while typing."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.core.errors import InvalidInput, NotFound
from commonplace.knowledge import services
from commonplace.knowledge.markdown import mentioned_handles, render
from commonplace.knowledge.models import Answer, Comment, Mention, Post, Revision
from commonplace.knowledge.selectors import MAX_MENTIONS
from commonplace.notifications.models import Notification
from commonplace.people.handles import FALLBACK, base_handle, first_free
from commonplace.people.tests.factories import ExternalMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _member(community, role=Role.MEMBER, **fields):
    return MembershipFactory(
        community=community, person=UserFactory(**fields), role=role
    ).person


def _post(community, author, body="A plain text.", **fields):
    return services.create_post(
        community=community,
        author=author,
        kind="question",
        title="Who knows about the build farm?",
        body=body,
        **fields,
    )


def _mentioned(item):
    field = type(item).__name__.lower()
    return set(
        Mention.objects.filter(**{field: item}).values_list("person__handle", flat=True)
    )


def _profile(person):
    return reverse("people:person", kwargs={"pk": person.pk})


class _Links(HTMLParser):
    """Every <a> in a fragment: its attributes and its text."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append({**dict(attrs), "text": ""})
            self.inside = True

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "a"

    def handle_data(self, data):
        if self.inside:
            self.links[-1]["text"] += data


def _links(html):
    parser = _Links()
    parser.feed(html)
    return parser.links


def _mention_links(html):
    return [link for link in _links(html) if link.get("class") == "mention"]


# --- Handles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "handle"),
    [
        ("Ana María Lima", "ana.maria.lima"),
        ("ANA LIMA", "ana.lima"),
        ("Łukasz Żółć", "lukasz.zolc"),
        ("Søren Ærø", "soren.aero"),
        ("Œdipe Đorđević", "oedipe.dordevic"),
        ("Þóra Guðmundsdóttir", "thora.gudmundsdottir"),
        ("Ħamrun Ħal", "hamrun.hal"),
        ("Jürgen Straße", "jurgen.strasse"),
        ("Siobhán O'Brien", "siobhan.obrien"),
        ("Dr. Jane-Doe (Ops)", "dr.jane.doe.ops"),
        ("Room 101", "room.101"),
    ],
)
def test_a_base_handle_is_the_names_letters_and_digits_joined_by_dots(name, handle):
    assert base_handle(name) == handle


@pytest.mark.parametrize("name", ["", "李小龙", "...", "!!!"])
def test_a_name_with_no_latin_letters_gets_the_fallback_handle(name):
    assert base_handle(name) == FALLBACK


def test_a_long_name_makes_a_handle_with_room_for_a_number():
    handle = base_handle("Maximiliana " * 10)

    assert len(handle) <= 32
    assert not handle.endswith(".")
    assert handle.startswith("maximiliana.maximiliana")


def test_first_free_takes_the_base_when_nobody_has_it():
    assert first_free("ana.lima", {"ana.lima2"}) == "ana.lima"


def test_first_free_numbers_from_two_when_the_base_is_taken():
    assert first_free("ana.lima", {"ana.lima", "ana.lima2"}) == "ana.lima3"


def test_first_free_accepts_a_function_saying_what_is_taken():
    taken = {"bo", "bo2", "bo3"}

    assert first_free("bo", taken.__contains__) == "bo4"


def test_a_person_gets_a_lower_case_handle_from_their_name_on_first_save():
    person = UserFactory(display_name="Ana María Lima")

    assert person.handle == "ana.maria.lima"


def test_a_second_person_with_the_same_name_gets_a_numbered_handle():
    UserFactory(display_name="Ana María Lima")

    second = UserFactory(display_name="ana maria lima")

    assert second.handle == "ana.maria.lima2"


def test_a_third_person_with_the_same_name_gets_the_next_number():
    UserFactory.create_batch(2, display_name="Bo Brown")

    third = UserFactory(display_name="Bo Brown")

    assert third.handle == "bo.brown3"


def test_a_person_without_a_name_gets_a_handle_from_their_address():
    person = UserFactory(display_name="", email="ana.lima@example.org")

    assert person.handle == "ana.lima"


def test_a_handle_stays_when_the_name_changes():
    person = UserFactory(display_name="Ana Lima")

    person.display_name = "Ana Souza"
    person.save()

    person.refresh_from_db()
    assert person.handle == "ana.lima"


# --- Rendering mentions -------------------------------------------------------------


def test_a_resolved_mention_becomes_a_link_to_the_profile():
    html = render("Ask @ana.lima about it.", {"ana.lima": "/people/7/"})

    assert _mention_links(html) == [
        {
            "href": "/people/7/",
            "class": "mention",
            "rel": "nofollow ugc noopener",
            "text": "@ana.lima",
        }
    ]
    assert html.startswith("<p>Ask <a ")
    assert html.endswith("</a> about it.</p>\n")


def test_a_mention_in_capitals_links_to_the_same_person():
    html = render("Thanks @Ana.Lima!", {"ana.lima": "/people/7/"})

    assert [link["href"] for link in _mention_links(html)] == ["/people/7/"]


def test_a_full_stop_after_a_mention_ends_the_sentence_not_the_handle():
    html = render("Ask @bo.", {"bo": "/people/3/"})

    assert [link["text"] for link in _mention_links(html)] == ["@bo"]
    assert html == (
        '<p>Ask <a href="/people/3/" class="mention" rel="nofollow ugc noopener">'
        "@bo</a>.</p>\n"
    )


def test_an_unresolved_mention_stays_text():
    html = render("Ask @nobody.here about it.", {"bo": "/people/3/"})

    assert html == "<p>Ask @nobody.here about it.</p>\n"


def test_without_resolved_people_no_mention_is_linked():
    assert render("Ask @bo.") == "<p>Ask @bo.</p>\n"


def test_several_mentions_in_one_text_each_become_links():
    html = render("@ana and @bo, with @ana again", {"ana": "/a/", "bo": "/b/"})

    assert [link["href"] for link in _mention_links(html)] == ["/a/", "/b/", "/a/"]


@pytest.mark.parametrize(
    "source",
    [
        "**@bo**",
        "*@bo*",
        "~~@bo~~",
        "# @bo",
        "> @bo",
        "- @bo",
        "| who |\n|-----|\n| @bo |",
        "(@bo)",
    ],
)
def test_a_mention_inside_formatting_is_linked(source):
    html = render(source, {"bo": "/b/"})

    assert [link["href"] for link in _mention_links(html)] == ["/b/"]


@pytest.mark.parametrize(
    "source",
    [
        "Run `@bo` in the shell",
        "```\n@bo\n```",
        "    @bo in an indented block",
        "[@bo](https://example.org/)",
        "[ask @bo here](https://example.org/)",
        "<https://example.org/@bo>",
        "![@bo](https://example.org/bo.png)",
    ],
)
def test_a_mention_in_code_or_inside_a_link_stays_text(source):
    html = render(source, {"bo": "/b/"})

    assert _mention_links(html) == []
    assert mentioned_handles(source) == []


@pytest.mark.parametrize(
    "address",
    [
        "bo@example.org",
        "first.last@bo.org",
        "first_last@example.org",
        "first-last@example.org",
        "bo+news@example.org",
        "ops-@example.org",
        "news+@example.org",
        "BO@EXAMPLE.ORG",
        "<bo@example.org>",
        "mailto:bo@example.org",
    ],
)
def test_an_email_address_is_never_a_mention(address):
    resolved = {"example.org": "/x/", "bo.org": "/y/", "bo": "/b/"}

    html = render(f"Write to {address} today", resolved)

    assert _mention_links(html) == []
    assert mentioned_handles(f"Write to {address} today") == []


@pytest.mark.parametrize(
    "address",
    [
        "https://medium.com/@bo/how-we-deploy",
        "https://mastodon.social/@bo",
        "see example.org/@bo.",
    ],
)
def test_a_bare_web_address_holds_no_mention(address):
    html = render(f"Read {address}", {"bo": "/b/"})

    assert _mention_links(html) == []
    assert mentioned_handles(f"Read {address}") == []


def test_a_mention_cannot_carry_markup_into_the_link():
    html = render('@bo"><script>alert(1)</script>', {"bo": "/b/"})

    assert "<script" not in html
    assert [link["href"] for link in _mention_links(html)] == ["/b/"]


def test_only_the_mention_class_survives_on_links():
    html = render('<a class="mention evil" href="/x/">x</a>', {})

    assert _mention_links(html) == []


def test_mentioned_handles_are_distinct_lower_case_and_in_order():
    source = "@Zoe then @ana.lima, @ZOE and @bo"

    assert mentioned_handles(source) == ["zoe", "ana.lima", "bo"]


def test_mentioned_handles_leave_out_code_links_and_addresses():
    source = "`@code` [@link](https://x.org) ana@example.org and @real"

    assert mentioned_handles(source) == ["real"]


def test_a_text_without_mentions_names_nobody():
    assert mentioned_handles("No one here. Not even @ alone.") == []


# --- Checking mentions while writing -------------------------------------------------


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def author(community):
    return _member(community, display_name="Alex Author")


@pytest.fixture
def ana(community):
    return _member(community, display_name="Ana Lima")


def test_a_mention_links_the_person_and_is_kept(community, author, ana):
    post = _post(community, author, body="Ask @ana.lima about the farm.")

    post.refresh_from_db()
    assert [link["href"] for link in _mention_links(post.body_html)] == [_profile(ana)]
    assert _mentioned(post) == {"ana.lima"}


def test_mentioning_nobody_is_refused_on_the_body_and_nothing_is_written(
    community, author
):
    with pytest.raises(InvalidInput) as refused:
        _post(community, author, body="Ask @nobody.at.all", topics=["Builds"])

    assert set(refused.value.fields) == {"body"}
    assert "@nobody.at.all" in refused.value.fields["body"][0]
    assert not Post.objects.exists()
    assert not Revision.objects.exists()
    assert not Mention.objects.exists()


def test_a_text_with_a_bare_web_address_is_not_refused(community, author):
    post = _post(community, author, body="Read https://medium.com/@someone/post")

    assert Post.objects.get(pk=post.pk).body_source.endswith("@someone/post")
    assert _mentioned(post) == set()


def test_mentioning_a_deactivated_person_is_refused(community, author):
    gone = _member(community, display_name="Gone Person", is_active=False)

    with pytest.raises(InvalidInput) as refused:
        _post(community, author, body=f"Ask @{gone.handle}")

    assert "no longer has an active account" in refused.value.fields["body"][0]
    assert not Post.objects.exists()
    assert not Mention.objects.exists()


def test_more_than_twenty_mentions_are_refused(community, author):
    people = [_member(community) for _ in range(MAX_MENTIONS + 1)]
    body = " ".join(f"@{person.handle}" for person in people)

    with pytest.raises(InvalidInput) as refused:
        _post(community, author, body=body)

    assert "at most 20" in refused.value.fields["body"][0]
    assert not Post.objects.exists()


def test_twenty_mentions_are_allowed(community, author):
    people = [_member(community) for _ in range(MAX_MENTIONS)]
    body = " ".join(f"@{person.handle}" for person in people)

    post = _post(community, author, body=body)

    assert Mention.objects.filter(post=post).count() == MAX_MENTIONS


def test_mentioning_one_person_many_times_counts_once(community, author, ana):
    body = " ".join(["@ana.lima"] * (MAX_MENTIONS + 5))

    post = _post(community, author, body=body)

    assert Mention.objects.filter(post=post).count() == 1


def test_an_answer_mentioning_nobody_is_refused_and_not_written(community, author):
    question = _post(community, author)
    answerer = _member(community)

    with pytest.raises(InvalidInput) as refused:
        services.post_answer(question=question, author=answerer, body="@nobody knows")

    assert set(refused.value.fields) == {"body"}
    assert not Answer.objects.exists()
    assert Revision.objects.filter(answer__isnull=False).count() == 0
    question.refresh_from_db()
    assert question.answer_count == 0


def test_a_comment_mentioning_nobody_is_refused_and_not_written(community, author):
    post = _post(community, author)

    with pytest.raises(InvalidInput):
        services.add_comment(post=post, author=author, body="cc @nobody")

    assert not Comment.objects.exists()
    post.refresh_from_db()
    assert post.comment_count == 0


def test_answers_and_comments_keep_who_they_mention(community, author, ana):
    question = _post(community, author)

    answer = services.post_answer(question=question, author=author, body="@ana.lima?")
    comment = services.add_comment(
        post=question, author=author, answer=answer, body="Thanks @ana.lima"
    )

    assert _mentioned(answer) == {"ana.lima"}
    assert _mentioned(comment) == {"ana.lima"}
    assert _mention_links(Comment.objects.get(pk=comment.pk).body_html)


def test_an_edit_updates_who_the_text_mentions(community, author, ana):
    bo = _member(community, display_name="Bo Brown")
    post = _post(community, author, body="Ask @ana.lima")

    services.edit_post(post=post, edited_by=author, body=f"Ask @{bo.handle} instead")

    assert _mentioned(post) == {"bo.brown"}
    assert Revision.objects.filter(post=post).count() == 2


def test_an_edit_mentioning_nobody_is_refused_and_the_text_stays(
    community, author, ana
):
    post = _post(community, author, body="Ask @ana.lima")
    revisions = Revision.objects.filter(post=post).count()

    with pytest.raises(InvalidInput) as refused:
        services.edit_post(post=post, edited_by=author, body="Ask @nobody")

    assert set(refused.value.fields) == {"body"}
    post.refresh_from_db()
    assert post.body_source == "Ask @ana.lima"
    assert _mentioned(post) == {"ana.lima"}
    assert Revision.objects.filter(post=post).count() == revisions


def test_editing_a_text_that_mentions_someone_since_deactivated_is_allowed(
    community, author, ana
):
    post = _post(community, author, body="Ask @ana.lima")
    ana.is_active = False
    ana.save()

    services.edit_post(post=post, edited_by=author, body="Ask @ana.lima, or me.")

    post.refresh_from_db()
    assert post.body_source == "Ask @ana.lima, or me."
    assert _mention_links(post.body_html) == []
    assert _mentioned(post) == set()


def test_editing_an_answer_that_mentions_someone_since_deactivated_is_allowed(
    community, author, ana
):
    question = _post(community, author)
    answer = services.post_answer(question=question, author=author, body="@ana.lima")
    ana.is_active = False
    ana.save()

    services.edit_answer(answer=answer, edited_by=author, body="@ana.lima knew.")

    assert Answer.objects.get(pk=answer.pk).body_source == "@ana.lima knew."


def test_an_edit_newly_mentioning_a_deactivated_person_is_refused(
    community, author, ana
):
    post = _post(community, author, body="Ask around")
    ana.is_active = False
    ana.save()

    with pytest.raises(InvalidInput):
        services.edit_post(post=post, edited_by=author, body="Ask @ana.lima")


def test_editing_a_comment_checks_its_new_mentions(community, author):
    post = _post(community, author)
    comment = services.add_comment(post=post, author=author, body="Nice")

    with pytest.raises(InvalidInput):
        services.edit_comment(comment=comment, edited_by=author, body="@nobody")

    assert Comment.objects.get(pk=comment.pk).body_source == "Nice"


def test_a_person_who_cannot_read_the_community_is_linked_but_marked_unreachable():
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    outsider = UserFactory(display_name="Olga Outside")
    _member(community, display_name="Ana Lima")

    mentions = services.resolve_mentions("@ana.lima and @olga.outside", community)

    assert [person.handle for person in mentions.people] == [
        "ana.lima",
        "olga.outside",
    ]
    assert mentions.unreachable == [outsider]


# --- Who is told -------------------------------------------------------------------


def _told(person):
    return list(
        Notification.objects.filter(recipient=person, kind="mentioned").values_list(
            "target_type", flat=True
        )
    )


def test_a_mentioned_member_is_told(run_tasks, community, author, ana):
    _post(community, author, body="Ask @ana.lima")

    run_tasks()

    assert _told(ana) == ["post"]


def test_a_mentioned_person_who_cannot_read_the_community_is_not_told(run_tasks):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    author = _member(community)
    ana = _member(community, display_name="Ana Lima")
    outsider = UserFactory(display_name="Olga Outside")

    _post(community, author, body="Ask @ana.lima or @olga.outside")
    run_tasks()

    assert _told(ana) == ["post"]
    assert _told(outsider) == []


def test_mentioning_oneself_tells_nobody(run_tasks, community, author):
    _post(community, author, body=f"Note to self, @{author.handle}")

    run_tasks()

    assert _told(author) == []


def test_a_person_mentioned_in_an_answer_is_told(run_tasks, community, author, ana):
    question = _post(community, author)

    services.post_answer(question=question, author=author, body="Ask @ana.lima")
    run_tasks()

    assert _told(ana) == ["answer"]


def test_a_person_mentioned_in_a_comment_is_told(run_tasks, community, author, ana):
    post = _post(community, author)

    services.add_comment(post=post, author=author, body="cc @ana.lima")
    run_tasks()

    assert _told(ana) == ["comment"]


def test_an_edit_tells_only_the_people_newly_mentioned(
    run_tasks, community, author, ana
):
    bo = _member(community, display_name="Bo Brown")
    post = _post(community, author, body="Ask @ana.lima")
    run_tasks()

    services.edit_post(post=post, edited_by=author, body="Ask @ana.lima or @bo.brown")
    run_tasks()

    assert _told(ana) == ["post"]
    assert _told(bo) == ["post"]


# --- Through the pages -------------------------------------------------------------


def _new_post(client, community, body):
    return client.post(
        reverse("knowledge:new-post", kwargs={"slug": community.slug}),
        {"kind": "question", "title": "Who runs the farm?", "body": body},
        follow=True,
    )


def test_a_page_post_mentioning_nobody_comes_back_with_what_was_typed(
    client, community, author
):
    client.force_login(author)

    response = _new_post(client, community, "Ask @nobody.known please")

    assert response.status_code == 400
    assert "Ask @nobody.known please" in response.text
    assert "Who runs the farm?" in response.text
    assert "Nobody is called @nobody.known" in response.text
    assert not Post.objects.exists()


def test_the_author_is_warned_about_a_mentioned_person_who_cannot_see_it(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    author = _member(community)
    UserFactory(display_name="Olga Outside")
    client.force_login(author)

    response = _new_post(client, community, "Ask @olga.outside")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "knowledge:post", kwargs={"pk": Post.objects.get().pk}
    )
    assert (
        "Olga Outside cannot see this community, so they were not told."
        in response.text
    )


def test_no_warning_when_everyone_mentioned_can_see_it(client, community, author, ana):
    client.force_login(author)

    response = _new_post(client, community, "Ask @ana.lima")

    assert response.status_code == 200
    assert "so they were not told" not in response.text


def test_an_answer_mentioning_nobody_comes_back_on_the_post_page(
    client, community, author
):
    question = _post(community, author)
    client.force_login(author)

    response = client.post(
        reverse("knowledge:answer", kwargs={"pk": question.pk}),
        {"body": "I think @nobody.known did it"},
    )

    assert response.status_code == 400
    assert "I think @nobody.known did it" in response.text
    assert not Answer.objects.exists()


def test_a_comment_mentioning_nobody_comes_back_on_the_post_page(
    client, community, author
):
    post = _post(community, author)
    client.force_login(author)

    response = client.post(
        reverse("knowledge:comment", kwargs={"pk": post.pk}),
        {"body": "cc @nobody.known"},
    )

    assert response.status_code == 400
    assert "cc @nobody.known" in response.text
    assert not Comment.objects.exists()


def test_an_edit_through_the_page_warns_about_a_new_unreachable_mention(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    author = _member(community)
    UserFactory(display_name="Olga Outside")
    post = _post(community, author)
    client.force_login(author)

    response = client.post(
        reverse("knowledge:edit-post", kwargs={"pk": post.pk}),
        {"title": post.title, "body": "Ask @olga.outside", "summary": "", "topics": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert "Olga Outside cannot see this community" in response.text


def test_an_edit_through_the_page_mentioning_nobody_keeps_what_was_typed(
    client, community, author
):
    post = _post(community, author, body="Before the edit")
    client.force_login(author)

    response = client.post(
        reverse("knowledge:edit-post", kwargs={"pk": post.pk}),
        {
            "title": post.title,
            "body": "After @nobody.known",
            "summary": "",
            "topics": "",
        },
    )

    assert response.status_code == 400
    assert "After @nobody.known" in response.text
    assert Post.objects.get(pk=post.pk).body_source == "Before the edit"


def test_an_answer_through_the_page_warns_about_an_unreachable_mention(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    author = _member(community)
    UserFactory(display_name="Olga Outside")
    question = _post(community, author)
    client.force_login(author)

    response = client.post(
        reverse("knowledge:answer", kwargs={"pk": question.pk}),
        {"body": "Maybe @olga.outside knows"},
    )
    page = client.get(response["Location"])

    answer = Answer.objects.get()
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    assert "Olga Outside cannot see this community, so they were not told." in (
        page.text
    )


def test_the_api_refuses_a_post_mentioning_nobody_on_the_body(client, community):
    author = _member(community)
    client.force_login(author)

    response = client.post(
        reverse("api:community-posts", args=[community.slug]),
        {"kind": "question", "title": "Who?", "body": "@nobody.known"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"body"}
    assert not Post.objects.exists()


# --- Suggestions while typing --------------------------------------------------------


def _suggestions(client, community, text):
    return client.get(
        reverse("knowledge:mention-suggestions", kwargs={"slug": community.slug}),
        {"q": text},
    )


def _mentionable(client, community, text):
    return client.get(
        reverse("api:community-mentionable", args=[community.slug]), {"q": text}
    )


def _handles(response):
    return [person["handle"] for person in response.json()]


@pytest.fixture
def people(community):
    return {
        "ana": _member(community, display_name="Ana Lima"),
        "anabel": UserFactory(display_name="Anabel Souza"),
        "bo": _member(community, display_name="Bo Anand"),
        "zed": UserFactory(display_name="Zed Quinn"),
    }


def test_suggestions_match_the_start_of_a_handle_or_any_word_of_a_name(
    client, community, author, people
):
    client.force_login(author)

    response = _mentionable(client, community, "ana")

    assert response.status_code == 200
    assert sorted(_handles(response)) == ["ana.lima", "anabel.souza", "bo.anand"]


def test_suggestions_do_not_match_the_middle_of_a_word(
    client, community, author, people
):
    client.force_login(author)

    response = _mentionable(client, community, "uinn")

    assert _handles(response) == []


def test_suggestions_match_a_handle_past_its_first_dot(
    client, community, author, people
):
    client.force_login(author)

    response = _mentionable(client, community, "ana.l")

    assert _handles(response) == ["ana.lima"]


def test_suggestions_take_a_leading_at_sign(client, community, author, people):
    client.force_login(author)

    response = _mentionable(client, community, "@zed")

    assert _handles(response) == ["zed.quinn"]


def test_an_empty_query_suggests_nobody(client, community, author, people):
    client.force_login(author)

    response = _mentionable(client, community, "  ")

    assert response.json() == []


def test_members_of_the_community_are_suggested_first(
    client, community, author, people
):
    client.force_login(author)

    handles = _handles(_mentionable(client, community, "ana"))

    assert set(handles[:2]) == {"ana.lima", "bo.anand"}
    assert handles[2] == "anabel.souza"


def test_deactivated_people_are_never_suggested(client, community, author):
    _member(community, display_name="Gone Away", is_active=False)
    client.force_login(author)

    assert _handles(_mentionable(client, community, "gone")) == []
    assert "gone.away" not in _suggestions(client, community, "gone").text


def test_at_most_eight_people_are_suggested(client, community, author):
    for number in range(10):
        _member(community, display_name=f"Kim Number{number}")
    client.force_login(author)

    assert len(_handles(_mentionable(client, community, "kim"))) == 8


def test_an_external_member_is_suggested_only_people_they_share_a_community_with(
    client,
):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    external = ExternalMemberFactory()
    MembershipFactory(community=community, person=external, role=Role.GUEST)
    _member(community, display_name="Sam Inside")
    UserFactory(display_name="Sam Elsewhere")
    client.force_login(external)

    page = _suggestions(client, community, "sam")
    api = _mentionable(client, community, "sam")

    assert _handles(api) == ["sam.inside"]
    assert "sam.inside" in page.text
    assert "sam.elsewhere" not in page.text


def test_a_person_who_cannot_see_a_private_community_is_marked(client):
    community = CommunityFactory(visibility=Visibility.PRIVATE)
    author = _member(community, display_name="Alex Author")
    _member(community, display_name="Pat Member")
    UserFactory(display_name="Pat Outside")
    client.force_login(author)

    api = {
        person["handle"]: person["can_read"]
        for person in _mentionable(client, community, "pat").json()
    }
    page = _suggestions(client, community, "pat")

    assert api == {"pat.member": True, "pat.outside": False}
    assert page.status_code == 200
    assert page.text.count("cannot see this community") == 1
    assert page.text.count('data-unreachable="true"') == 1
    assert 'data-handle="pat.outside" data-name="Pat Outside" data-unreachable' in (
        page.text
    )


def test_everyone_inside_the_organisation_can_read_a_public_community(
    client, community, author
):
    UserFactory(display_name="Pat Outside")
    client.force_login(author)

    response = _mentionable(client, community, "pat")

    assert response.json()[0]["can_read"] is True


def test_an_external_non_member_cannot_read_a_public_community(
    client, community, author
):
    ExternalMemberFactory(display_name="Pat Partner")
    client.force_login(author)

    response = _mentionable(client, community, "pat")

    assert [(p["handle"], p["can_read"]) for p in response.json()] == [
        ("pat.partner", False)
    ]


def test_the_suggestions_page_lists_options_with_names_and_handles(
    client, community, author, people
):
    client.force_login(author)

    response = _suggestions(client, community, "zed")

    assert response.status_code == 200
    assert 'role="option"' in response.text
    assert "Zed Quinn" in response.text
    assert "@zed.quinn" in response.text
    assert "<html" not in response.text


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SECRET])
def test_suggestions_for_a_community_one_cannot_read_are_missing(client, visibility):
    community = CommunityFactory(visibility=visibility)
    _member(community, display_name="Pat Member")
    client.force_login(UserFactory())

    assert _suggestions(client, community, "pat").status_code == 404
    assert _mentionable(client, community, "pat").status_code == 404


def test_suggestions_for_an_unknown_community_are_missing(client):
    client.force_login(UserFactory())

    response = client.get(
        reverse("api:community-mentionable", args=["no-such-place"]), {"q": "a"}
    )

    assert response.status_code == 404


def test_suggestions_need_a_signed_in_person(client, community):
    page = _suggestions(client, community, "pat")
    api = _mentionable(client, community, "pat")

    assert page.status_code == 302
    assert api.status_code == 401


def test_an_overlong_query_to_the_api_is_refused_naming_the_field(
    client, community, author
):
    client.force_login(author)

    response = _mentionable(client, community, "a" * 51)

    assert response.status_code == 422
    assert "q" in response.json()["fields"]


def test_the_selector_refuses_a_community_the_viewer_cannot_read():
    from commonplace.knowledge.selectors import mentionable_people

    community = CommunityFactory(visibility=Visibility.PRIVATE)

    with pytest.raises(NotFound):
        mentionable_people(UserFactory(), community, "a")
