import pytest

from commonplace.core.errors import InvalidInput
from commonplace.core.pagination import paginate
from commonplace.people.models import User
from commonplace.people.tests.factories import UserFactory

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
