"""A query made into SQL once answers as the ORM would, for any values."""

from __future__ import annotations

import pytest
from django.db.models import IntegerField, Value

from commonplace.core.compiled import Compiled
from commonplace.people.models import User
from commonplace.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def people_named(handle: str, least_id: int):
    return (
        User.objects.filter(handle=handle, pk__gte=least_id)
        .annotate(asked_for=Value(least_id, output_field=IntegerField()))
        .order_by("pk")
    )


PEOPLE = Compiled(User, people_named, str, int)


def test_each_call_runs_with_its_own_values():
    ana, bruno = UserFactory(handle="ana"), UserFactory(handle="bruno")
    assert PEOPLE.rows("ana", 0) == [ana]
    assert PEOPLE.rows("bruno", 0) == [bruno]
    assert PEOPLE.rows("ana", ana.pk + 1) == []


def test_rows_come_back_as_the_orm_gives_them():
    UserFactory(handle="ana")
    (found,) = PEOPLE.rows("ana", 1)
    (expected,) = people_named("ana", 1)
    assert found.asked_for == expected.asked_for == 1
    assert found.date_joined == expected.date_joined
    assert found.display_name == expected.display_name


def test_a_value_is_only_ever_a_parameter():
    UserFactory(handle="ana")
    assert PEOPLE.rows("ana' OR '1'='1", 0) == []


def test_every_value_must_be_given():
    with pytest.raises(TypeError):
        PEOPLE.rows("ana")


def test_a_build_that_leaves_a_value_out_is_refused():
    ignoring = Compiled(
        User, lambda handle, _id: User.objects.filter(handle=handle), str, int
    )
    with pytest.raises(ValueError, match="stand-in"):
        ignoring.rows("ana", 1)


def test_columns_come_back_as_tuples():
    ana = UserFactory(handle="ana")
    handles = Compiled(
        User,
        lambda least_id: (
            User.objects.filter(pk__gte=least_id)
            .order_by("pk")
            .values_list("pk", "handle")
        ),
        int,
    )
    assert (ana.pk, "ana") in handles.tuples(0)
    assert handles.tuples(ana.pk + 1) == []
