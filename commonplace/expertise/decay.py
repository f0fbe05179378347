"""Recency, as arithmetic a database row can keep.

A contribution's weight halves every HALF_LIFE. Instead of storing the
weight as of one moment (which would go stale every day), a row stores it
*grown*: multiplied by 2^(age of the contribution's date since EPOCH /
HALF_LIFE). Grown weights add up like plain ones, so a row is a sum
kept by adding; reading it as of a moment divides by that moment's growth
(`as_of`), the same factor for every row, so rows compare without it.
With a one-year half-life a float holds a thousand years of growth.

Recent activity fades much faster (RECENT_HALF_LIFE), too fast to grow
from a fixed epoch; it is kept as of the person's last answer instead
(`recent_sum`), which every new answer moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
HALF_LIFE = timedelta(days=365)
# How fast "active now" fades: an answer four weeks old counts half
# (chosen on the validation slice, docs/quality.md). Stored sums use it:
# after changing it, run `rebuild_expertise`.
RECENT_HALF_LIFE = timedelta(days=28)


def _growth(moment: datetime) -> float:
    return float(2 ** ((moment - EPOCH) / HALF_LIFE))


def grown(weight: float, moment: datetime) -> float:
    """`weight` of a contribution made at `moment`, grown to be stored."""
    return weight * _growth(moment)


def remaining(
    made_at: datetime, moment: datetime, half_life: timedelta = HALF_LIFE
) -> float:
    """What is left at `moment` of a weight of 1 given at `made_at`; all
    of it when `moment` comes first (nothing grows back)."""
    return float(2 ** (-max(moment - made_at, timedelta(0)) / half_life))


def recent_sum(moments: Iterable[datetime], last: datetime) -> float:
    """How active answers at `moments` show someone to be, as of `last`
    (their latest): each counts 1, halving every RECENT_HALF_LIFE."""
    return sum(remaining(moment, last, RECENT_HALF_LIFE) for moment in moments)


def as_of(stored: float, moment: datetime) -> float:
    """A stored (grown) weight as it stands at `moment`."""
    return stored / _growth(moment)
