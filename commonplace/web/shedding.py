"""Load shedding: past its capacity, a web process says so at once.

Granian hands each request to one of its blocking threads, and queues it,
unseen by Python and without bound, while they are all busy; its
`--backpressure` only stops accepting connections, which then wait in the
kernel until the client gives up. Neither answers. So Granian gets more
threads than do work, and this middleware, ahead of sessions and
authentication, decides: `COMMONPLACE_CONCURRENCY` requests work at once
and the others wait in line for a turn. A newcomer is answered 503 with
Retry-After straight away, by the one thread kept free for that, when the
request at the head of the line has already waited longer than
`COMMONPLACE_MAX_WAIT_MS` (the line is standing: more work arrives than
is done), or when `COMMONPLACE_MAX_QUEUE` already wait. A short burst is
absorbed; a sustained overload keeps the wait near the budget instead of
growing it until clients time out, and the process recovers as soon as
the load falls.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.log import log_response
from django.utils.translation import gettext as _

from commonplace.web.middleware import GetResponse
from commonplace.web.views import API_PREFIX

RETRY_AFTER_SECONDS = 2
# Seconds a thread may keep the GIL while another waits (Python's default is
# 0.005). The thread that refuses waits for the GIL from the ones at work
# several times per refusal: with 32 connections on the community feed
# (bench.shedding), refusals took 200 ms at p95 with 0.005, 30 ms with 0.001.
SWITCH_INTERVAL = 0.001


@dataclass(eq=False)
class Place:
    """One request's place: when it arrived, and the signal of its turn."""

    arrived: float
    turn: threading.Event = field(default_factory=threading.Event)


class Gate:
    """Turns to work at once, and a first-come first-served line of requests
    waiting for one, which takes no newcomer once its head has waited
    longer than `max_wait` seconds.

    A finished request hands its turn to the head of the line itself: with
    a plain semaphore, newcomers took turns ahead of those waiting, the
    oldest starved, and the line looked standing while it moved.
    """

    def __init__(self, concurrency: int, queue: int, max_wait: float) -> None:
        self._free = concurrency
        self._room = concurrency + queue
        self._max_wait = max_wait
        self._held = 0
        self._line: deque[Place] = deque()
        self._lock = threading.Lock()

    def admit(self, *, always: bool = False) -> Place | None:
        """A place, or None when the line is full or standing; `always`
        takes one anyway."""
        now = time.monotonic()
        with self._lock:
            if not always and (self._held >= self._room or self._standing(now)):
                return None
            self._held += 1
            place = Place(arrived=now)
            if self._free and not self._line:
                self._free -= 1
                place.turn.set()
            else:
                self._line.append(place)
            return place

    def _standing(self, now: float) -> bool:
        return bool(self._line) and now - self._line[0].arrived > self._max_wait

    @contextlib.contextmanager
    def turn(self, place: Place) -> Iterator[None]:
        """Wait in line for a turn, work, then pass the turn on."""
        place.turn.wait()
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1
                if self._line:
                    self._line.popleft().turn.set()
                else:
                    self._free += 1


def refusal(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: a short text, or the API's error shape.

    Made without templates, sessions or the database, so refusing costs
    next to nothing while the process is busiest.
    """
    with translation.override(translation.get_language_from_request(request)):
        message = _("Commonplace is busy right now. Please try again in a moment.")
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse(
            {"detail": message, "fields": {}}, status=503
        )
    else:
        response = HttpResponse(
            message, content_type="text/plain; charset=utf-8", status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Django logs every 5xx as an error; under overload one line per
    # refusal would cost more than the refusal and bury real errors.
    log_response(
        "Refused (busy): %s",
        request.path,
        response=response,
        request=request,
        level="debug",
    )
    return response


class LoadSheddingMiddleware:
    """Bound the requests this process holds; refuse the rest at once.

    The health check passes by the gate: a load balancer must see a busy
    process as alive, and it costs one connection check. The benchmark's
    floors (only mounted when COMMONPLACE_BENCH_FLOORS is set) take turns
    like pages but are never refused, so they stay a yardstick.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.gate = Gate(
            settings.SHEDDING_CONCURRENCY,
            settings.SHEDDING_MAX_QUEUE,
            settings.SHEDDING_MAX_WAIT_MS / 1000,
        )
        # In the site's URL map, even where a test serves another one.
        self.ungated = reverse("api:health", urlconf="commonplace.config.urls")
        self.never_refused = ("/bench/",) if settings.BENCH_FLOORS else ()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == self.ungated:
            return self.get_response(request)
        place = self.gate.admit(always=request.path.startswith(self.never_refused))
        if place is None:
            return refusal(request)
        with self.gate.turn(place):
            return self.get_response(request)
