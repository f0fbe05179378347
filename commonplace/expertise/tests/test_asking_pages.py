"""Asking for help on the pages: ticking people while asking, the panel
under a question, declining from the page a notification leads to, the
requests page with preferences, and a community's routing rule; what is
refused and kept, and query counts that do not grow with the list."""

import pytest
from django.urls import reverse

from commonplace.communities.models import Role
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise import services
from commonplace.expertise.models import HelpRequest, RoutingPreference, RoutingRule
from commonplace.expertise.tests.worlds import answered, ready
from commonplace.knowledge.models import Post
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.notifications.selectors import notification_page
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIMILAR = (
    "Rotating vault signing keys without downtime",
    "How often should vault signing keys rotate?",
)
TITLE = "Our vault signing keys keep expiring"


def _expert(guild, name):
    person = UserFactory(display_name=name)
    MembershipFactory(community=guild, person=person)
    for title in SIMILAR:
        answered(guild, person, title)
    return person


@pytest.fixture
def vera(guild):
    person = _expert(guild, "Vera Vault")
    ready()
    return person


@pytest.fixture
def question(guild, asker):
    return PostFactory(community=guild, author=asker, title=TITLE)


def _text(response):
    return response.content.decode()


# --- While asking -----------------------------------------------------------------


def test_people_who_can_help_can_be_ticked_and_the_unavailable_say_why(
    client, asker, guild, vera
):
    resting = _expert(guild, "Otto Out")
    RoutingPreference.objects.create(person=resting, opted_out=True)
    ready()

    response = client.post(
        reverse("expertise:suggestions"),
        {"title": TITLE, "kind": "question", "community": guild.slug},
    )

    text = _text(response)
    assert f'name="ask_for_help" value="{vera.pk}"' in text
    assert "Otto Out does not take requests for help." in text
    assert f'value="{resting.pk}" id="ask-{resting.pk}" disabled' in text


def test_people_ticked_stay_ticked_as_the_question_changes(client, asker, vera):
    response = client.post(
        reverse("expertise:suggestions"),
        {"title": "Short", "kind": "question", "ask_for_help": [vera.pk]},
    )

    assert f'value="{vera.pk}" id="ask-{vera.pk}" checked' in _text(response)


def test_posting_a_question_asks_the_people_ticked(client, asker, guild, vera):
    response = client.post(
        reverse("knowledge:new-post", kwargs={"slug": guild.slug}),
        {"kind": "question", "title": TITLE, "body": "Why?", "ask_for_help": vera.pk},
    )

    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert (request.person, request.asked_by) == (vera, asker)


def test_a_refused_request_posts_nothing_and_keeps_the_form(client, asker, guild):
    resting = UserFactory(display_name="Otto Out")
    RoutingPreference.objects.create(person=resting, opted_out=True)

    response = client.post(
        reverse("knowledge:new-post", kwargs={"slug": guild.slug}),
        {
            "kind": "question",
            "title": TITLE,
            "body": "Why?",
            "ask_for_help": resting.pk,
        },
    )

    assert response.status_code == 400
    text = _text(response)
    assert "Otto Out does not take requests for help." in text
    assert TITLE in text
    assert f'name="ask_for_help" value="{resting.pk}"' in text
    assert not Post.objects.exists()


def test_ids_that_are_not_people_are_refused(client, asker, guild):
    response = client.post(
        reverse("knowledge:new-post", kwargs={"slug": guild.slug}),
        {"kind": "question", "title": TITLE, "body": "Why?", "ask_for_help": "x"},
    )

    assert response.status_code == 400
    assert not Post.objects.exists()


# --- The panel under a question ---------------------------------------------------


def test_the_asker_gets_the_help_panel_and_others_do_not(
    client, asker, guild, question
):
    reader = UserFactory()
    MembershipFactory(community=guild, person=reader)
    panel = reverse("expertise:help", kwargs={"pk": question.pk})
    page = reverse("knowledge:post", kwargs={"pk": question.pk})

    mine = client.get(page)
    client.force_login(reader)
    theirs = client.get(page)

    assert panel in _text(mine)
    assert panel not in _text(theirs)
    assert client.get(panel).status_code == 403


def test_asking_from_the_panel_notifies_and_lists_who_was_asked(
    client, asker, question, vera, run_tasks
):
    response = client.post(
        reverse("expertise:request", kwargs={"pk": question.pk}),
        {"ask_for_help": vera.pk},
        headers={"HX-Request": "true"},
    )
    run_tasks()

    text = _text(response)
    assert "1 person was asked for help." in text
    assert "Asked so far" in text and "Vera Vault" in text
    [shown] = notification_page(vera).items
    assert shown.url.endswith(f"?help={HelpRequest.objects.get().pk}")


def test_asking_from_the_panel_without_htmx_goes_back_to_the_question(
    client, asker, question, vera
):
    response = client.post(
        reverse("expertise:request", kwargs={"pk": question.pk}),
        {"ask_for_help": vera.pk},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:post", kwargs={"pk": question.pk})


def test_asking_too_many_at_once_is_refused_on_the_panel(client, asker, question):
    people = UserFactory.create_batch(11)

    response = client.post(
        reverse("expertise:request", kwargs={"pk": question.pk}),
        {"ask_for_help": [person.pk for person in people]},
    )

    assert response.status_code == 400
    assert "Ask at most 10 people at once." in _text(response)
    assert not HelpRequest.objects.exists()


def test_asking_a_community_nobody_in_it_can_answer_says_so(client, asker, question):
    quiet = CommunityFactory(name="Quiet Corner")

    response = client.post(
        reverse("expertise:ask-community", kwargs={"pk": question.pk}),
        {"community": quiet.slug},
    )

    assert response.status_code == 400
    assert "Nobody in Quiet Corner can be asked" in _text(response)


# --- Declining --------------------------------------------------------------------


def test_the_person_asked_declines_from_the_question_page(
    client, asker, question, vera
):
    [request] = services.request_help(asker=asker, post=question, people=[vera])
    page = reverse("knowledge:post", kwargs={"pk": question.pk})
    client.force_login(vera)

    shown = client.get(f"{page}?help={request.pk}")
    declined = client.post(
        reverse("expertise:decline", kwargs={"pk": request.pk}),
        {"reason": "not_my_area", "next": f"{page}?help={request.pk}"},
    )

    assert "Ana Asker asked for your help" in _text(shown)
    assert "Not my area" in _text(shown)
    assert declined.status_code == 302
    assert declined["Location"] == f"{page}?help={request.pk}"
    request.refresh_from_db()
    assert request.declined == "not_my_area"


def test_nobody_else_sees_or_declines_a_request(client, asker, question, vera):
    [request] = services.request_help(asker=asker, post=question, people=[vera])
    page = reverse("knowledge:post", kwargs={"pk": question.pk})

    shown = client.get(f"{page}?help={request.pk}")
    declined = client.post(
        reverse("expertise:decline", kwargs={"pk": request.pk}), {"reason": "no_time"}
    )

    assert "asked for your help" not in _text(shown)
    assert declined.status_code == 404
    request.refresh_from_db()
    assert request.declined == ""


def test_a_decline_with_no_known_reason_is_refused(client, asker, question, vera):
    [request] = services.request_help(asker=asker, post=question, people=[vera])
    client.force_login(vera)

    response = client.post(
        reverse("expertise:decline", kwargs={"pk": request.pk}), {"reason": "meh"}
    )

    assert response.status_code == 400
    assert "Not my area" in _text(response)


def test_a_decline_never_sends_the_browser_to_another_site(
    client, asker, question, vera
):
    [request] = services.request_help(asker=asker, post=question, people=[vera])
    client.force_login(vera)

    response = client.post(
        reverse("expertise:decline", kwargs={"pk": request.pk}),
        {"reason": "no_time", "next": "https://elsewhere.example/"},
    )

    assert response["Location"] == reverse("expertise:requests")


# --- The requests page and preferences --------------------------------------------


def test_the_requests_page_lists_what_was_asked_of_you_and_by_you(
    client, asker, question, vera
):
    services.request_help(asker=asker, post=question, people=[vera])

    made = client.get(reverse("expertise:requests"), {"made": "1"})
    client.force_login(vera)
    received = client.get(reverse("expertise:requests"))

    assert "You asked Vera Vault" in _text(made)
    assert "Ana Asker asked you" in _text(received)
    assert "No time" in _text(received)


def test_preferences_are_saved_and_bad_ones_kept_with_the_reason(client, asker):
    saved = client.post(
        reverse("expertise:requests"), {"weekly_limit": "2", "opted_out": "on"}
    )
    refused = client.post(
        reverse("expertise:requests"), {"weekly_limit": "2", "away_until": "2001-01-01"}
    )

    assert saved.status_code == 302
    preference = RoutingPreference.objects.get(person=asker)
    assert (preference.weekly_limit, preference.opted_out) == (2, True)
    assert refused.status_code == 400
    assert "Choose a day from today to a year from now." in _text(refused)
    assert 'value="2001-01-01"' in _text(refused)


def test_a_bad_page_link_on_the_requests_page_is_refused(client, asker):
    response = client.get(reverse("expertise:requests"), {"cursor": "nonsense"})

    assert response.status_code == 400


@pytest.mark.parametrize("count", [2, 12])
def test_the_requests_page_costs_the_same_whatever_the_requests(
    client, asker, guild, count, django_assert_max_num_queries
):
    for _ in range(count):
        post = PostFactory(community=guild, author=UserFactory())
        HelpRequest.objects.create(
            post=post,
            person=asker,
            asked_by=post.author,
            source="person",
            created_at=post.created_at,
        )

    with django_assert_max_num_queries(8):
        response = client.get(reverse("expertise:requests"))

    assert _text(response).count('class="card" id="request-') == count


# --- A community's routing rule ---------------------------------------------------


@pytest.fixture
def leader(client, guild):
    person = UserFactory()
    MembershipFactory(community=guild, person=person, role=Role.LEADER)
    client.force_login(person)
    return person


def test_leaders_set_the_rule_and_see_how_routing_went(client, leader, guild):
    page = reverse("expertise:routing", kwargs={"slug": guild.slug})

    saved = client.post(page, {"mode": "notify", "top": "2", "after_minutes": "10"})
    shown = client.get(page)

    assert saved.status_code == 302
    rule = RoutingRule.objects.get(community=guild)
    assert (rule.mode, rule.top, rule.after_minutes) == ("notify", 2, 10)
    assert "Questions routed" in _text(shown)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("top", "0", "Notify at least one person."),
        ("after_minutes", "0", "Wait at least one minute."),
        ("mode", "loud", "Choose off, suggest only, or notify."),
    ],
)
def test_a_rule_out_of_range_is_refused_and_kept(
    client, leader, guild, field, value, message
):
    data = {"mode": "notify", "top": "3", "after_minutes": "30", field: value}

    response = client.post(
        reverse("expertise:routing", kwargs={"slug": guild.slug}), data
    )

    assert response.status_code == 400
    assert message in _text(response)
    assert not RoutingRule.objects.exists()


def test_members_may_not_see_the_routing_page(client, asker, guild):
    response = client.get(reverse("expertise:routing", kwargs={"slug": guild.slug}))

    assert response.status_code == 403


@pytest.mark.parametrize("people", [2, 12])
def test_the_form_s_people_cost_the_same_queries_whatever_their_number(
    client, asker, guild, people, django_assert_max_num_queries
):
    for number in range(people):
        _expert(guild, f"Keeper {number}")
    ready()

    # The API's 16, and whether each may be asked: their preferences,
    # their requests this week, who reads the community.
    with django_assert_max_num_queries(19):
        response = client.post(
            reverse("expertise:suggestions"),
            {"title": TITLE, "kind": "question", "community": guild.slug, "size": 10},
        )

    assert _text(response).count('name="ask_for_help"') == min(people, 10)
