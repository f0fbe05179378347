import pytest
from django.db.models import Q

from commonplace.core.errors import InvalidInput
from commonplace.core.pagination import Branches, paginate, paginate_merged
from commonplace.people.models import User
from commonplace.people.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

NEWEST_FIRST = ("-date_joined", "-id")


def _walk(size):
    """Every page of all people, newest first, as lists of ids."""
    pages, cursor = [], None
    while True:
        page = paginate(
            User.objects.all(), ordering=NEWEST_FIRST, cursor=cursor, size=size
        )
        pages.append([person.pk for person in page.items])
        if not page.has_next:
            return pages
        cursor = page.next_cursor


def test_pages_cover_every_row_once_in_order():
    people = UserFactory.create_batch(7)
    expected = [
        person.pk
        for person in sorted(people, key=lambda p: (p.date_joined, p.pk), reverse=True)
    ]

    pages = _walk(size=3)

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [pk for page in pages for pk in page] == expected


def test_rows_sharing_an_ordering_value_are_neither_skipped_nor_repeated():
    first = UserFactory()
    UserFactory.create_batch(4, date_joined=first.date_joined)

    pages = _walk(size=2)

    ids = [pk for page in pages for pk in page]
    assert sorted(ids) == sorted(User.objects.values_list("pk", flat=True))
    assert len(ids) == len(set(ids))


def test_a_full_last_page_has_no_next_cursor():
    UserFactory.create_batch(4)

    page = paginate(User.objects.all(), ordering=NEWEST_FIRST, size=4)

    assert page.next_cursor is None


@pytest.mark.parametrize(
    "cursor", ["not-base64!", "WzFd", "eyJhIjoxfQ", "WyJub3QgYSBkYXRlIiwxXQ"]
)
def test_a_cursor_not_made_by_the_list_is_invalid_input(cursor):
    with pytest.raises(InvalidInput) as raised:
        paginate(User.objects.all(), ordering=NEWEST_FIRST, cursor=cursor)

    assert "cursor" in raised.value.fields


@pytest.mark.parametrize("size", [0, 101, -5])
def test_a_page_size_out_of_range_is_invalid_input(size):
    with pytest.raises(InvalidInput):
        paginate(User.objects.all(), ordering=NEWEST_FIRST, size=size)


def test_ordering_must_end_with_a_unique_field():
    with pytest.raises(ValueError, match="unique"):
        paginate(User.objects.all(), ordering=("-date_joined",))


@pytest.mark.parametrize("rows", [5, 50])
def test_a_deep_page_costs_one_query_whatever_the_rows(
    rows, django_assert_max_num_queries
):
    UserFactory.create_batch(rows)
    cursor = paginate(User.objects.all(), ordering=NEWEST_FIRST, size=2).next_cursor

    with django_assert_max_num_queries(1):
        paginate(User.objects.all(), ordering=NEWEST_FIRST, cursor=cursor, size=2)


# --- Pages of a union of branches -----------------------------------------------


def _walk_merged(branches, size):
    pages, cursor = [], None
    while True:
        page = paginate_merged(
            User.objects.all(),
            branches,
            ordering=NEWEST_FIRST,
            cursor=cursor,
            size=size,
        )
        pages.append([person.pk for person in page.items])
        if not page.has_next:
            return pages
        cursor = page.next_cursor


def test_a_union_of_branches_pages_like_one_filter_over_all_of_them():
    teams = TeamFactory.create_batch(3)
    for team in teams:
        UserFactory.create_batch(4, team=team)
    UserFactory.create_batch(3)  # in no branch
    followed = UserFactory.create_batch(2)
    wanted = Q(team__in=teams[:2]) | Q(pk__in=[person.pk for person in followed])
    branches = [
        Branches(lambda pk: Q(team_id=pk), [team.pk for team in teams[:2]]),
        Branches(lambda pk: Q(pk=pk), [person.pk for person in followed]),
    ]

    merged = _walk_merged(branches, size=3)

    one_filter = User.objects.filter(wanted).order_by(*NEWEST_FIRST)
    assert [pk for page in merged for pk in page] == [
        person.pk for person in one_filter
    ]
    assert [len(page) for page in merged] == [3, 3, 3, 1]


def test_a_row_in_two_branches_shows_once():
    team = TeamFactory()
    person = UserFactory(team=team)
    branches = [
        Branches(lambda pk: Q(team_id=pk), [team.pk]),
        Branches(lambda pk: Q(pk=pk), [person.pk]),
    ]

    assert _walk_merged(branches, size=5) == [[person.pk]]


def test_no_branch_values_give_an_empty_page():
    UserFactory()

    page = paginate_merged(
        User.objects.all(),
        [Branches(lambda pk: Q(pk=pk), [])],
        ordering=NEWEST_FIRST,
    )

    assert page.items == []
    assert page.next_cursor is None


def test_a_branch_must_use_its_value_once():
    with pytest.raises(ValueError, match="exactly once"):
        paginate_merged(
            User.objects.all(),
            [Branches(lambda pk: Q(is_active=True), [1])],
            ordering=NEWEST_FIRST,
        )


def test_a_merged_page_refuses_a_size_out_of_range():
    with pytest.raises(InvalidInput):
        paginate_merged(
            User.objects.all(),
            [Branches(lambda pk: Q(pk=pk), [1])],
            ordering=NEWEST_FIRST,
            size=0,
        )
