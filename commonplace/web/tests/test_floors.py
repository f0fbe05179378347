import pytest

from commonplace.topics.tests.factories import TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("commonplace.web.floors")]


def test_the_plain_floor_answers_text(client):
    response = client.get("/plain/")

    assert response.status_code == 200
    assert response.content == b"Hello, World!"


def test_the_fortunes_floor_reads_twelve_rows_adds_one_sorts_and_escapes(
    client, django_assert_max_num_queries
):
    for name in ("zebra crossings", "apis", "kubernetes"):
        TopicFactory(name=name)

    with django_assert_max_num_queries(1):
        response = client.get("/fortunes/")

    text = response.content.decode()
    assert text.index("apis") < text.index("kubernetes") < text.index("zebra")
    assert "&lt;script&gt;" in text
    assert "<script>" not in text


def test_the_floors_are_not_part_of_the_site():
    from django.urls import NoReverseMatch, reverse

    with pytest.raises(NoReverseMatch):
        reverse("floors:plain", urlconf="commonplace.config.urls")
