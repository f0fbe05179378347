"""Time as people live it: their own zone, their own week.

Stored times are UTC (USE_TZ); anything shown or counted per person goes
through the person's zone, so "this week" means the same to a person in
Auckland and one in Lima.
"""

from __future__ import annotations

import functools
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings


def zone_named(name: str | None) -> ZoneInfo:
    """The zone called `name`, or the organisation's zone when unknown."""
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


@functools.cache
def zone_names() -> frozenset[str]:
    """Every zone name the system knows; read once, the tz data is static."""
    return frozenset(available_timezones())


def week_window(moment: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The week (Monday 00:00 to the next Monday 00:00) holding `moment`.

    Both bounds are aware datetimes in `zone`; a week spanning a daylight
    saving change is 167 or 169 hours long, as the person lives it.
    """
    local = moment.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    start = datetime.combine(monday, time.min, tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone)
    return start, end
