"""Past its bound, a web process refuses at once and recovers by itself."""

import json
import threading
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from commonplace.web.shedding import Gate, LoadSheddingMiddleware

WAIT = 5  # seconds; a test that waits longer has hung


class Held:
    """Requests that stay inside the middleware until released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.entered = threading.Semaphore(0)

    def __call__(self, request) -> HttpResponse:
        self.entered.release()
        self.release.wait(WAIT)
        return HttpResponse("done")


@pytest.fixture
def held() -> Iterator[Held]:
    view = Held()
    yield view
    view.release.set()


def shedding(
    held: Held, *, concurrency: int = 1, queue: int = 0, wait_ms: int = 60_000, **more
):
    with override_settings(
        SHEDDING_CONCURRENCY=concurrency,
        SHEDDING_MAX_QUEUE=queue,
        SHEDDING_MAX_WAIT_MS=wait_ms,
        **more,
    ):
        return LoadSheddingMiddleware(held)


def in_background(middleware, path: str) -> tuple[threading.Thread, list]:
    answers: list[HttpResponse] = []
    thread = threading.Thread(
        target=lambda: answers.append(middleware(RequestFactory().get(path)))
    )
    thread.start()
    return thread, answers


def finished(thread: threading.Thread, answers: list) -> HttpResponse:
    thread.join(WAIT)
    assert not thread.is_alive()
    return answers[0]


def test_the_gate_admits_turns_and_line_then_refuses():
    gate = Gate(concurrency=2, queue=1, max_wait=60)

    assert [gate.admit() is not None for _ in range(4)] == [True, True, True, False]
    assert gate.admit(always=True) is not None


def test_a_place_comes_back_when_a_request_is_done():
    gate = Gate(concurrency=1, queue=0, max_wait=60)
    place = gate.admit()
    with gate.turn(place):
        assert gate.admit() is None

    assert gate.admit() is not None


def test_a_finished_turn_goes_to_the_oldest_waiting_not_to_a_newcomer():
    gate = Gate(concurrency=1, queue=2, max_wait=60)
    first, second = gate.admit(), gate.admit()
    assert first.turn.is_set() and not second.turn.is_set()

    with gate.turn(first):
        pass
    newcomer = gate.admit()

    assert second.turn.is_set()
    assert not newcomer.turn.is_set()


def test_a_line_standing_past_the_wait_budget_takes_no_newcomer(held):
    middleware = shedding(held, queue=10, wait_ms=50)
    working = in_background(middleware, "/communities/")
    assert held.entered.acquire(timeout=WAIT)
    waiting = in_background(middleware, "/communities/")
    time.sleep(0.01)
    assert middleware.gate.admit() is not None, "a short line takes newcomers"

    time.sleep(0.1)  # the head of the line has now waited past 50 ms
    response = middleware(RequestFactory().get("/communities/"))

    assert response.status_code == 503
    held.release.set()
    assert finished(*working).status_code == 200
    assert finished(*waiting).status_code == 200


def test_a_page_past_the_bound_is_refused_at_once_with_retry_after(held):
    middleware = shedding(held)
    working = in_background(middleware, "/communities/")
    assert held.entered.acquire(timeout=WAIT)

    response = middleware(RequestFactory().get("/communities/"))

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response["Content-Type"].startswith("text/plain")
    assert "try again" in response.content.decode()
    held.release.set()
    assert finished(*working).status_code == 200


def test_an_api_request_past_the_bound_gets_the_error_shape(held):
    middleware = shedding(held)
    working = in_background(middleware, "/api/v1/feed")
    assert held.entered.acquire(timeout=WAIT)

    response = middleware(RequestFactory().get("/api/v1/feed"))

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    body = json.loads(response.content)
    assert body["detail"]
    assert body["fields"] == {}
    held.release.set()
    finished(*working)


def test_requests_in_line_wait_for_a_turn_and_are_answered(held):
    middleware = shedding(held, queue=1)
    working = in_background(middleware, "/communities/")
    assert held.entered.acquire(timeout=WAIT)
    waiting = in_background(middleware, "/communities/")

    refused = middleware(RequestFactory().get("/communities/"))

    assert refused.status_code == 503
    held.release.set()
    assert finished(*working).status_code == 200
    assert finished(*waiting).status_code == 200


def test_the_process_recovers_once_the_load_is_gone(held):
    middleware = shedding(held)
    working = in_background(middleware, "/communities/")
    assert held.entered.acquire(timeout=WAIT)
    assert middleware(RequestFactory().get("/communities/")).status_code == 503

    held.release.set()
    finished(*working)

    assert middleware(RequestFactory().get("/communities/")).status_code == 200


def test_the_health_check_passes_a_full_process(held):
    middleware = shedding(held)
    working = in_background(middleware, "/communities/")
    assert held.entered.acquire(timeout=WAIT)

    health = in_background(middleware, "/api/v1/health")

    assert held.entered.acquire(timeout=WAIT), "the health check waited for a turn"
    held.release.set()
    assert finished(*health).status_code == 200
    finished(*working)


def test_bench_floors_wait_for_a_turn_but_are_never_refused(held):
    middleware = shedding(held, BENCH_FLOORS=True)
    working = in_background(middleware, "/communities/")
    assert held.entered.acquire(timeout=WAIT)

    floor = in_background(middleware, "/bench/plain/")

    assert not held.entered.acquire(timeout=0.2), "the floor did not wait its turn"
    held.release.set()
    assert finished(*floor).status_code == 200
    finished(*working)


def test_without_floors_mounted_their_path_is_refused_like_any(held):
    middleware = shedding(held, BENCH_FLOORS=False)
    working = in_background(middleware, "/communities/")
    assert held.entered.acquire(timeout=WAIT)

    assert middleware(RequestFactory().get("/bench/plain/")).status_code == 503
    held.release.set()
    finished(*working)


def test_shedding_comes_before_sessions_and_authentication():
    order = settings.MIDDLEWARE
    shed = order.index("commonplace.web.shedding.LoadSheddingMiddleware")

    assert shed < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert shed < order.index("django.contrib.auth.middleware.AuthenticationMiddleware")


@pytest.mark.django_db
def test_a_refusal_through_the_whole_stack_costs_no_query(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(
        Gate, "admit", lambda self, always=False: object() if always else None
    )

    with django_assert_num_queries(0):
        response = client.get("/communities/")

    assert response.status_code == 503
    assert response["X-Content-Type-Options"] == "nosniff"
