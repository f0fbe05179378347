"""Asking people for help: by name, of a community, and by the routing
rule; who may be asked, what is refused with what message, what each
person is told, and that nothing is half-written."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from commonplace.communities.models import Role, Visibility
from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from commonplace.core.models import AuditEntry, OutboxTask
from commonplace.expertise import selectors, services
from commonplace.expertise.models import (
    HelpRequest,
    RoutedQuestion,
    RoutingPreference,
    RoutingRule,
)
from commonplace.expertise.ranker import Question, suggest_people
from commonplace.expertise.tests.worlds import answered, ready
from commonplace.knowledge import services as knowledge
from commonplace.knowledge.models import Post
from commonplace.knowledge.tests.factories import AnswerFactory, PostFactory
from commonplace.notifications.selectors import notification_page
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIMILAR = (
    "Rotating vault signing keys without downtime",
    "How often should vault signing keys rotate?",
    "Vault signing keys expired overnight",
)


@pytest.fixture
def guild():
    return CommunityFactory(name="Platform Guild")


@pytest.fixture
def asker(guild):
    person = UserFactory(display_name="Ana Asker")
    MembershipFactory(community=guild, person=person)
    return person


@pytest.fixture
def question(guild, asker):
    return PostFactory(
        community=guild, author=asker, title="Our vault signing keys keep expiring"
    )


def _expert(guild, name, titles=SIMILAR, **fields):
    person = UserFactory(display_name=name, **fields)
    MembershipFactory(community=guild, person=person)
    for title in titles:
        answered(guild, person, title)
    return person


def _texts(person):
    return [shown.text for shown in notification_page(person).items]


def _refusal(error):
    return " ".join(error.value.fields["people"])


# --- Asking people by name --------------------------------------------------------


def test_a_requested_person_is_told_who_asks_about_what(asker, question, run_tasks):
    vera = UserFactory(display_name="Vera Vault")

    services.request_help(asker=asker, post=question, people=[vera])
    run_tasks()

    assert _texts(vera) == [
        "Ana Asker asked for your help with “Our vault signing keys keep expiring”"
    ]
    request = HelpRequest.objects.get()
    assert (request.person, request.asked_by, request.source) == (
        vera,
        asker,
        HelpRequest.Source.PERSON,
    )


def test_everyone_who_may_not_be_asked_is_named_and_nobody_is_asked(
    guild, asker, question, run_tasks
):
    secret = CommunityFactory(visibility=Visibility.PRIVATE, name="Secret Room")
    hidden = PostFactory(community=secret, author=asker)
    MembershipFactory(community=secret, person=asker)
    left = UserFactory(display_name="Lee Left", is_active=False)
    resting = UserFactory(display_name="Otto Out")
    RoutingPreference.objects.create(person=resting, opted_out=True)
    stranger = UserFactory(display_name="Stan Stranger")
    fine = UserFactory(display_name="Fine Person")
    for member in (resting, fine):
        MembershipFactory(community=secret, person=member)

    with pytest.raises(InvalidInput) as refused:
        services.request_help(
            asker=asker, post=hidden, people=[left, resting, stranger, fine]
        )
    run_tasks()

    said = _refusal(refused)
    assert "Lee Left is no longer active here." in said
    assert "Otto Out does not take requests for help." in said
    assert "Stan Stranger cannot see Secret Room" in said
    assert "Fine Person" not in said
    assert not HelpRequest.objects.exists()
    assert _texts(fine) == []


def test_at_most_ten_people_are_asked_at_once(asker, question):
    people = UserFactory.create_batch(services.MAX_AT_ONCE + 1)

    with pytest.raises(InvalidInput) as refused:
        services.request_help(asker=asker, post=question, people=people)

    assert _refusal(refused) == "Ask at most 10 people at once."
    assert not HelpRequest.objects.exists()


def test_asking_nobody_yourself_or_the_same_person_twice_is_refused(asker, question):
    vera = UserFactory(display_name="Vera Vault")
    services.request_help(asker=asker, post=question, people=[vera])

    with pytest.raises(InvalidInput) as nobody:
        services.request_help(asker=asker, post=question, people=[])
    with pytest.raises(InvalidInput) as again:
        services.request_help(asker=asker, post=question, people=[vera, asker])

    assert _refusal(nobody) == "Choose at least one person to ask."
    assert "Vera Vault has already been asked about this question." in _refusal(again)
    assert "You cannot ask yourself." in _refusal(again)
    assert HelpRequest.objects.count() == 1


def test_someone_away_is_not_asked_until_the_day_after(asker, question):
    vera = UserFactory(display_name="Vera Vault", time_zone="Europe/Lisbon")
    today = timezone.now().astimezone(ZoneInfo("Europe/Lisbon")).date()
    RoutingPreference.objects.create(person=vera, away_until=today)

    with pytest.raises(InvalidInput) as refused:
        services.request_help(asker=asker, post=question, people=[vera])
    services.request_help(
        asker=asker,
        post=question,
        people=[vera],
        now=timezone.now() + timedelta(days=1),
    )

    assert "Vera Vault is away until" in _refusal(refused)
    assert HelpRequest.objects.filter(person=vera).count() == 1


def test_the_weekly_limit_counts_the_persons_own_week(guild, asker):
    # Monday 00:30 in Auckland is still Sunday in UTC: last week's requests
    # there do not count, this week's do.
    auckland = ZoneInfo("Pacific/Auckland")
    monday = datetime(2026, 11, 30, 0, 30, tzinfo=auckland)
    vera = UserFactory(display_name="Vera Vault", time_zone="Pacific/Auckland")
    RoutingPreference.objects.create(person=vera, weekly_limit=2)
    questions = PostFactory.create_batch(4, community=guild, author=asker)
    services.request_help(
        asker=asker, post=questions[0], people=[vera], now=monday - timedelta(hours=1)
    )
    for post in questions[1:3]:
        services.request_help(asker=asker, post=post, people=[vera], now=monday)

    with pytest.raises(InvalidInput) as refused:
        services.request_help(asker=asker, post=questions[3], people=[vera], now=monday)

    assert _refusal(refused) == (
        "Vera Vault has been asked enough this week; ask someone else."
    )


def test_only_the_asker_and_moderators_ask_for_help_with_a_question(guild, question):
    member = UserFactory()
    MembershipFactory(community=guild, person=member)
    moderator = UserFactory()
    MembershipFactory(community=guild, person=moderator, role=Role.MODERATOR)
    vera = UserFactory()

    with pytest.raises(NotAllowed):
        services.request_help(asker=member, post=question, people=[vera])
    services.request_help(asker=moderator, post=question, people=[vera])

    assert HelpRequest.objects.get().asked_by == moderator


def test_a_question_nobody_may_read_cannot_be_asked_about(asker):
    hidden = PostFactory(community=CommunityFactory(visibility=Visibility.SECRET))

    with pytest.raises(NotFound):
        services.request_help(asker=asker, post=hidden, people=[UserFactory()])


def test_a_solved_question_needs_no_more_help(asker, question):
    answer = AnswerFactory(post=question)
    Post.objects.filter(pk=question.pk).update(accepted_answer=answer)
    question.refresh_from_db()

    with pytest.raises(Conflict):
        services.request_help(asker=asker, post=question, people=[UserFactory()])


def test_posting_a_question_asks_the_people_chosen_or_posts_nothing(
    guild, asker, run_tasks
):
    vera = UserFactory(display_name="Vera Vault")
    resting = UserFactory(display_name="Otto Out")
    RoutingPreference.objects.create(person=resting, opted_out=True)
    fields = {"community": guild, "author": asker, "kind": "question"}

    with pytest.raises(InvalidInput):
        knowledge.create_post(
            **fields, title="First try", body="Why?", ask_for_help=[resting]
        )
    post = knowledge.create_post(
        **fields, title="Second try", body="Why?", ask_for_help=[vera]
    )
    run_tasks()

    assert list(Post.objects.values_list("title", flat=True)) == ["Second try"]
    assert _texts(vera) == ["Ana Asker asked for your help with “Second try”"]
    assert HelpRequest.objects.get().post == post


# --- Asking a community -----------------------------------------------------------


def test_asking_a_community_asks_its_members_most_likely_to_help(
    guild, asker, question, run_tasks
):
    platform = CommunityFactory(name="Platform")
    vera = _expert(guild, "Vera Vault")
    MembershipFactory(community=platform, person=vera)
    _expert(guild, "Outside Olga")
    ready()

    services.ask_community(asker=asker, post=question, community=platform)
    run_tasks()

    assert [r.person for r in HelpRequest.objects.all()] == [vera]
    assert _texts(vera) == [
        "Ana Asker asked Platform for help with “Our vault signing keys keep expiring”"
    ]


def test_a_community_with_nobody_to_ask_says_so(asker, question):
    empty = CommunityFactory(name="Quiet Corner")

    with pytest.raises(InvalidInput) as refused:
        services.ask_community(asker=asker, post=question, community=empty)

    assert "Nobody in Quiet Corner can be asked" in refused.value.message


def test_a_community_the_asker_cannot_read_is_not_there(asker, question):
    secret = CommunityFactory(visibility=Visibility.SECRET)

    with pytest.raises(NotFound):
        services.ask_community(asker=asker, post=question, community=secret)


# --- Declining --------------------------------------------------------------------


def test_only_the_person_asked_declines_and_with_a_known_reason(asker, question):
    vera = UserFactory()
    [request] = services.request_help(asker=asker, post=question, people=[vera])

    with pytest.raises(NotFound):
        services.decline(person=asker, request_id=request.pk, reason="no_time")
    with pytest.raises(InvalidInput):
        services.decline(person=vera, request_id=request.pk, reason="bored")
    services.decline(person=vera, request_id=request.pk, reason="no_time")

    request.refresh_from_db()
    assert request.declined == HelpRequest.Decline.NO_TIME


def test_not_my_area_lowers_the_person_for_similar_questions(guild, asker, question):
    vera = _expert(guild, "Vera Vault")
    walt = _expert(guild, "Walt Wise")
    ready()
    similar = Question(title="Vault signing keys keep expiring on us")

    def scores():
        return {s.person: s.score for s in suggest_people(asker, similar, size=2)}

    before = scores()
    [request] = services.request_help(asker=asker, post=question, people=[vera])
    services.decline(person=vera, request_id=request.pk, reason="not_my_area")
    after = scores()

    # The declined question is the nearest one: Vera's place is divided by
    # three; Walt's only moves by the request Vera no longer carries.
    assert after[vera] == pytest.approx(before[vera] / 3, rel=1e-6)
    assert after[walt] == pytest.approx(before[walt], rel=1e-6)
    assert after[vera] < after[walt]


def test_a_declined_request_tells_nothing_when_its_task_runs_late(
    asker, question, run_tasks
):
    vera = UserFactory()
    [request] = services.request_help(asker=asker, post=question, people=[vera])
    services.decline(person=vera, request_id=request.pk, reason="no_time")

    run_tasks()

    assert _texts(vera) == []


# --- Preferences and rules --------------------------------------------------------


def test_preferences_refuse_a_limit_or_an_away_day_out_of_range():
    person = UserFactory()

    with pytest.raises(InvalidInput) as refused:
        services.set_preferences(
            person=person, opted_out=False, weekly_limit=5, away_until=date(2000, 1, 1)
        )

    assert set(refused.value.fields) == {"weekly_limit", "away_until"}
    assert not RoutingPreference.objects.exists()


def test_leaders_set_the_rule_and_it_is_audited(guild):
    leader = UserFactory()
    MembershipFactory(community=guild, person=leader, role=Role.LEADER)

    rule = services.set_rule(
        leader=leader, community=guild, mode="notify", top=2, after_minutes=15
    )

    assert (rule.mode, rule.top, rule.after_minutes) == ("notify", 2, 15)
    assert rule.notifying_since is not None
    assert AuditEntry.objects.filter(action="routing.set_rule").count() == 1


@pytest.mark.parametrize(
    ("mode", "top", "minutes", "field"),
    [
        ("notify", 0, 30, "top"),
        ("notify", 3, 0, "after_minutes"),
        ("loud", 3, 30, "mode"),
    ],
)
def test_a_rule_out_of_range_is_refused(guild, mode, top, minutes, field):
    leader = UserFactory()
    MembershipFactory(community=guild, person=leader, role=Role.LEADER)

    with pytest.raises(InvalidInput) as refused:
        services.set_rule(
            leader=leader, community=guild, mode=mode, top=top, after_minutes=minutes
        )

    assert list(refused.value.fields) == [field]
    assert not RoutingRule.objects.exists()


def test_members_may_not_set_the_rule(guild, asker):
    with pytest.raises(NotAllowed):
        services.set_rule(
            leader=asker, community=guild, mode="off", top=3, after_minutes=30
        )


# --- Routing after posting --------------------------------------------------------


def _notifying(community, top=3, minutes=30):
    return RoutingRule.objects.create(
        community=community, mode="notify", top=top, after_minutes=minutes
    )


def _routings():
    """The routing tasks enqueued: task rows in the database, or outbox rows
    on their way to Redis."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult if not settings.REDIS_URL else OutboxTask
    return rows.objects.filter(task_path__endswith="route_question")


def test_a_question_is_routed_once_it_has_waited_the_rules_minutes(guild, asker):
    _notifying(guild, minutes=45)

    post = knowledge.create_post(
        community=guild, author=asker, kind="question", title="Keys?", body="Why?"
    )

    routed = _routings().get()
    assert routed.run_after == post.created_at + timedelta(minutes=45)
    assert routed.args_kwargs["kwargs"] == {"post_id": post.pk}


def test_a_community_that_only_suggests_routes_nothing(guild, asker):
    knowledge.create_post(
        community=guild, author=asker, kind="question", title="Keys?", body="Why?"
    )

    assert not _routings().exists()


def test_routing_asks_the_top_people_once_however_often_it_runs(
    guild, asker, question, run_tasks
):
    _notifying(guild, top=2)
    experts = [_expert(guild, name) for name in ("Vera", "Walt", "Xena")]
    ready()

    first = services.route(question.pk)
    second = services.route(question.pk)
    run_tasks()

    assert first.asked == 2 and second is None
    asked = set(HelpRequest.objects.values_list("person", flat=True))
    assert len(asked) == 2 and asked <= {person.pk for person in experts}
    assert {r.source for r in HelpRequest.objects.all()} == {"routing"}
    assert _texts(HelpRequest.objects.first().person) == [
        "A question in Platform Guild is waiting for someone who knows: "
        "“Our vault signing keys keep expiring”"
    ]


def test_routing_skips_the_away_the_opted_out_and_the_busy(guild, asker, question):
    _notifying(guild, top=3)
    away = _expert(guild, "Away")
    RoutingPreference.objects.create(
        person=away, away_until=timezone.localdate() + timedelta(days=3)
    )
    out = _expert(guild, "Out")
    RoutingPreference.objects.create(person=out, opted_out=True)
    busy = _expert(guild, "Busy")
    RoutingPreference.objects.create(person=busy, weekly_limit=1)
    services.request_help(
        asker=asker, post=PostFactory(community=guild, author=asker), people=[busy]
    )
    free = _expert(guild, "Free")
    ready()

    services.route(question.pk)

    assert list(
        HelpRequest.objects.filter(post=question).values_list("person", flat=True)
    ) == [free.pk]


def test_routing_never_asks_someone_who_cannot_read_the_question(asker):
    private = CommunityFactory(visibility=Visibility.PRIVATE)
    MembershipFactory(community=private, person=asker)
    public = CommunityFactory()
    outsider = _expert(public, "Outsider")
    _notifying(private)
    question = PostFactory(community=private, author=asker, title=SIMILAR[0])
    ready()

    routed = services.route(question.pk)

    assert routed.asked == 0
    assert not HelpRequest.objects.filter(person=outsider).exists()


@pytest.mark.parametrize("why", ["answered", "rule", "removed"])
def test_a_question_that_no_longer_waits_is_not_routed(guild, asker, question, why):
    rule = _notifying(guild)
    _expert(guild, "Vera")
    ready()
    if why == "answered":
        AnswerFactory(post=question)
    elif why == "rule":
        rule.mode = "suggest"
        rule.save()
    else:
        Post.objects.filter(pk=question.pk).update(deleted_at=timezone.now())

    routed = services.route(question.pk)

    assert routed.skipped == why and routed.asked == 0
    assert not HelpRequest.objects.exists()
    assert RoutedQuestion.objects.count() == 1


def test_the_leaders_figures_count_what_routing_did(guild, asker):
    leader = UserFactory()
    MembershipFactory(community=guild, person=leader, role=Role.LEADER)
    _notifying(guild, top=2)
    vera, walt = _expert(guild, "Vera"), _expert(guild, "Walt")
    first, second = PostFactory.create_batch(2, community=guild, author=asker)
    ready()
    services.route(first.pk)
    services.route(second.pk)
    AnswerFactory(post=first, author=vera, created_at=timezone.now())

    figures = selectors.figures(leader, guild)

    assert (figures.routed, figures.answered_after) == (2, 1)
    assert (figures.requests, figures.people_asked) == (4, 2)
    assert figures.busiest_share == 1.0
    assert figures.most_in_a_week in (1, 2)
    assert {vera.pk, walt.pk} == set(
        HelpRequest.objects.values_list("person", flat=True)
    )
