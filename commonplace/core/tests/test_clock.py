from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import override_settings

from commonplace.core.clock import week_window, zone_named


def test_the_week_starts_on_monday_midnight_in_the_persons_zone():
    auckland = ZoneInfo("Pacific/Auckland")
    # Sunday 20:00 UTC is already Monday morning in Auckland.
    moment = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)

    start, end = week_window(moment, auckland)

    assert start == datetime(2026, 11, 23, 0, 0, tzinfo=auckland)
    assert end == datetime(2026, 11, 30, 0, 0, tzinfo=auckland)


def test_the_same_instant_can_fall_in_different_weeks_for_different_people():
    moment = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)

    lima_week = week_window(moment, ZoneInfo("America/Lima"))
    auckland_week = week_window(moment, ZoneInfo("Pacific/Auckland"))

    assert lima_week[0].date() != auckland_week[0].date()


def test_a_week_across_a_clock_change_lasts_as_long_as_people_live_it():
    berlin = ZoneInfo("Europe/Berlin")
    # Clocks go back on Sunday 25 October 2026.
    start, end = week_window(datetime(2026, 10, 21, 12, 0, tzinfo=UTC), berlin)

    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=169)


@override_settings(TIME_ZONE="Europe/Lisbon")
def test_an_unknown_zone_name_falls_back_to_the_organisations_zone():
    assert zone_named("Mars/Olympus_Mons") == ZoneInfo("Europe/Lisbon")
    assert zone_named("") == ZoneInfo("Europe/Lisbon")
