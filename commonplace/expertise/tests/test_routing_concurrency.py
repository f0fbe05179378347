"""Two workers routing at once, on PostgreSQL where they truly run side by
side: the weekly limit, and asking nobody twice, still hold."""

import contextlib
import threading

import pytest
from django.db import connection

from commonplace.communities.tests.factories import CommunityFactory, MembershipFactory
from commonplace.expertise import services
from commonplace.expertise.models import (
    HelpRequest,
    RoutedQuestion,
    RoutingPreference,
    RoutingRule,
)
from commonplace.expertise.services import routing
from commonplace.expertise.tests.worlds import answered, ready
from commonplace.knowledge.tests.factories import PostFactory
from commonplace.people.tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SIMILAR = (
    "Rotating vault signing keys without downtime",
    "How often should vault signing keys rotate?",
)


def _at_once(*calls):
    """Run each call in its own thread and connection, released together."""
    start = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            start.wait()
            call()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.fixture
def guild():
    community = CommunityFactory()
    RoutingRule.objects.create(community=community, mode="notify", top=1)
    return community


def _expert(guild, name, limit=3):
    person = UserFactory(display_name=name)
    MembershipFactory(community=guild, person=person)
    RoutingPreference.objects.create(person=person, weekly_limit=limit)
    for title in SIMILAR:
        answered(guild, person, title)
    return person


def _questions(guild, count):
    asker = UserFactory()
    MembershipFactory(community=guild, person=asker)
    return [
        PostFactory(community=guild, author=asker, title=f"Vault signing keys {n}")
        for n in range(count)
    ]


def test_one_question_routed_by_two_workers_asks_each_person_once(guild):
    _expert(guild, "Vera")
    [question] = _questions(guild, 1)
    ready()

    _at_once(lambda: services.route(question.pk), lambda: services.route(question.pk))

    assert RoutedQuestion.objects.count() == 1
    assert HelpRequest.objects.count() == 1


def test_a_persons_last_request_of_the_week_goes_to_one_question_only(
    guild, monkeypatch
):
    vera = _expert(guild, "Vera", limit=1)
    walt = _expert(guild, "Walt", limit=1)
    first, second = _questions(guild, 2)
    ready()
    # Each worker, having read who is free, waits for the other to have
    # read too (or a second, when the other is held at the lock): without
    # the lock both would find Vera free and ask her.
    both_read = threading.Barrier(2, timeout=1)
    read = routing.unavailable

    def read_then_wait(*args, **kwargs):
        found = read(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()
        return found

    monkeypatch.setattr(routing, "unavailable", read_then_wait)

    _at_once(lambda: services.route(first.pk), lambda: services.route(second.pk))

    asked = list(HelpRequest.objects.values_list("person_id", flat=True))
    assert sorted(asked) == sorted([vera.pk, walt.pk])
