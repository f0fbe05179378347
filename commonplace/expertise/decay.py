"""Recency, as arithmetic a database row can keep.

A contribution's weight halves every HALF_LIFE. Instead of storing the
weight as of one moment (which would go stale every day), a row stores it
*grown*: multiplied by 2^(age of the contribution's date since EPOCH /
HALF_LIFE). Grown weights add up like plain ones, so a row is a sum
kept by adding; reading it as of a moment divides by that moment's growth
(`as_of`), the same factor for every row, so rows compare without it.
With a one-year half-life a float holds a thousand years of growth.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
HALF_LIFE = timedelta(days=365)


def _growth(moment: datetime) -> float:
    return float(2 ** ((moment - EPOCH) / HALF_LIFE))


def grown(weight: float, moment: datetime) -> float:
    """`weight` of a contribution made at `moment`, grown to be stored."""
    return weight * _growth(moment)


def remaining(made_at: datetime, moment: datetime) -> float:
    """What is left at `moment` of a weight of 1 given at `made_at`."""
    return float(2 ** (-(moment - made_at) / HALF_LIFE))


def as_of(stored: float, moment: datetime) -> float:
    """A stored (grown) weight as it stands at `moment`."""
    return stored / _growth(moment)
