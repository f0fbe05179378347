"""Rate limits: fixed windows counted in the shared cache.

The budgets live in the RATE_LIMITS setting, one line per limit. Counters
sit in the cache (Redis when REDIS_URL is set), so a limit holds across every
web process. Keys are hashed: the cache never holds addresses in clear.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from commonplace.core.errors import TooManyRequests


def check_rate(limit: str, subject: str) -> None:
    """Count one attempt at `limit` by `subject`; raise when over budget.

    `limit` names an entry of RATE_LIMITS ("login:ip"); `subject` is who is
    counted (an address, an IP). Every attempt counts, successful or not, so
    probing known and unknown addresses costs the same.
    """
    attempts, window_seconds = settings.RATE_LIMITS[limit]
    digest = hashlib.sha256(f"{limit}|{subject}".encode()).hexdigest()[:32]
    key = f"ratelimit:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    if count > attempts:
        raise TooManyRequests(
            _("Too many attempts. Please wait %(minutes)d minutes and try again.")
            % {"minutes": max(1, window_seconds // 60)}
        )


def client_ip(request: HttpRequest) -> str:
    """The address rate limits count for this request.

    Behind a trusted proxy (COMMONPLACE_BEHIND_PROXY) the last address of
    X-Forwarded-For is the client: it is the one our proxy wrote. Any
    address before it came from the client itself, who could otherwise
    name a new one on every attempt and never be counted. Otherwise
    REMOTE_ADDR is.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))
