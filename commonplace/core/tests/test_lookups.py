import pytest

from commonplace.core.lookups import Ids
from commonplace.people.models import User
from commonplace.people.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_rows_by_numbers_and_by_text():
    ana, bo, _cy = (UserFactory(display_name=name) for name in ("Ana", "Bo", "Cy"))

    by_id = User.objects.filter(pk__any_of=[ana.pk, bo.pk, 10**9])
    by_name = User.objects.filter(display_name__any_of=["Bo", "Cy's twin", "Ana"])

    assert set(by_id) == {ana, bo}
    assert set(by_name) == {ana, bo}


def test_any_of_follows_foreign_keys():
    ops, data = TeamFactory(), TeamFactory()
    ana = UserFactory(team=ops)
    UserFactory(team=TeamFactory())

    assert list(User.objects.filter(team__any_of=[ops.pk, data.pk])) == [ana]


def test_any_of_nothing_matches_nothing():
    UserFactory()

    assert not User.objects.filter(pk__any_of=[]).exists()


def test_any_of_sends_thousands_of_values_as_one_parameter():
    ana = UserFactory()
    wanted = [ana.pk, *range(10**6, 10**6 + 5000)]
    found = User.objects.filter(pk__any_of=wanted)

    _sql, params = found.query.sql_with_params()

    assert len(params) == 1
    assert list(found) == [ana]


def test_any_of_takes_checked_ids_as_they_are():
    ana, bo = UserFactory(), UserFactory()
    team = TeamFactory()
    UserFactory(team=team)

    assert set(User.objects.filter(pk__any_of=Ids([str(ana.pk), bo.pk]))) == {ana, bo}
    assert User.objects.filter(team_id__any_of=Ids([team.pk])).count() == 1
    assert not User.objects.filter(pk__any_of=Ids([])).exists()


def test_ids_refuse_what_is_not_a_whole_number():
    with pytest.raises(ValueError):
        Ids(["1; DROP TABLE people_user"])
