"""The funnel page and its CSV, through the test client: a chart and a
table of the same figures, filters by stage, topic and author (bad ones
refused with the form kept), the ideas waiting longest, formula cells
escaped in the CSV, and a cost that does not grow with the ideas."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from commonplace.communities.tests.factories import CommunityFactory
from commonplace.ideas import services
from commonplace.ideas.models import Stage, StageKind
from commonplace.ideas.tests.factories import IdeaFactory, goal_community, member_of

pytestmark = pytest.mark.django_db

# Whatever the number of ideas: the session, the viewer, the community
# (with its topics and the viewer's role), its stages, the funnel's version
# and figures (ideas, moves, stages: computed on a first request), the
# ideas waiting longest and the header's unread count.
FUNNEL_QUERIES = 13
HEADER = [
    "stage",
    "kind",
    "reached",
    "in it now",
    "conversion (%)",
    "median days",
]


def _url(name, community):
    return reverse(f"ideas:{name}", kwargs={"slug": community.slug})


def _html(response):
    return response.content.decode()


def _steps(community):
    return list(Stage.objects.filter(community=community, kind=StageKind.STEP))


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def trip():
    """Four ideas, two of them (one by Ada) moved on to discussion; returns
    (community, leader, Ada)."""
    community, leader = goal_community()
    ada = member_of(community, handle="ada")
    ideas = [IdeaFactory(community=community, author=ada)] + [
        IdeaFactory(community=community) for _ in range(3)
    ]
    discussed = _steps(community)[1]
    for idea in ideas[:2]:
        services.move_idea(idea=idea, to_stage=discussed, moved_by=leader)
    return community, leader, ada


def test_the_funnel_shows_a_chart_and_a_table_of_the_same_figures(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    response = client.get(_url("funnel", community))

    html = _html(response)
    assert response.status_code == 200
    assert 'role="img"' in html
    assert 'aria-labelledby="funnel-chart-name"' in html
    assert "Ideas that reached each stage: Proposed 4, Under discussion 2," in html
    assert html.count('class="funnel-chart__bar"') == len(response.context["rows"])
    assert "<caption" in html
    assert '<th scope="row" translate="no">Under discussion</th>' in html
    assert "<td>50%</td>" in html


def test_the_longest_bar_is_the_stage_most_ideas_reached(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    rows = client.get(_url("funnel", community)).context["rows"]

    widths = {row.figures.name: row.bar_width for row in rows}
    assert widths["Proposed"] == 560
    assert widths["Under discussion"] == 280
    assert widths["Decided"] == 0


def test_the_funnel_filters_by_author_handle(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    response = client.get(_url("funnel", community), {"author": "@ada"})

    assert response.context["funnel"].ideas == 1
    assert 'value="@ada"' in _html(response)


def test_the_funnel_filters_by_a_stage_reached(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))
    discussed = _steps(community)[1]

    response = client.get(_url("funnel", community), {"stage": discussed.pk})

    assert response.context["funnel"].ideas == 2


@pytest.mark.parametrize("typed", ["On-call", "on-call"])
def test_the_funnel_filters_by_a_topic_s_name_or_slug(client, typed):
    community, _leader = goal_community()
    IdeaFactory(community=community, topics=["On-call"])
    IdeaFactory(community=community)
    client.force_login(member_of(community))

    response = client.get(_url("funnel", community), {"topic": typed})

    assert response.context["funnel"].ideas == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"stage": "999999"}, "stage"),
        ({"stage": "first"}, "stage"),
        ({"topic": "Underwater basket weaving"}, "topic"),
        ({"author": "@nobody"}, "author"),
        ({"author": "@ada @bo"}, "author"),
    ],
)
def test_bad_filters_answer_400_with_the_form_kept(client, trip, query, field):
    community, _leader, _ada = trip
    member_of(community, handle="bo")
    client.force_login(member_of(community))

    response = client.get(_url("funnel", community), query)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in _html(response)
    assert response.context["funnel"] is None


def test_the_funnel_lists_the_ideas_waiting_longest(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    response = client.get(_url("funnel", community))

    assert len(response.context["waiting"]) == 4
    assert "Waiting longest for a move" in _html(response)


def test_the_ideas_page_links_to_the_funnel(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    html = _html(client.get(reverse("ideas:list", kwargs={"slug": community.slug})))

    assert _url("funnel", community) in html


def test_the_page_links_to_the_csv_with_the_same_filters(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    html = _html(client.get(_url("funnel", community), {"author": "@ada"}))

    assert _url("funnel-csv", community) + "?author=%40ada" in html


def test_a_reader_outside_a_private_community_finds_no_funnel(client):
    community = CommunityFactory(visibility="private")
    client.force_login(member_of(CommunityFactory()))

    page = client.get(_url("funnel", community))
    download = client.get(_url("funnel-csv", community))

    assert (page.status_code, download.status_code) == (404, 404)


# --- The CSV ------------------------------------------------------------------------


def test_the_csv_holds_the_figures_named_for_the_community(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    response = client.get(_url("funnel-csv", community))

    rows = _rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="funnel-{community.slug}.csv"'
    )
    assert rows[0] == HEADER
    assert rows[1] == ["Proposed", "step", "4", "2", "", "0.0"]
    assert rows[2][:5] == ["Under discussion", "step", "2", "2", "50.0"]


def test_the_csv_keeps_the_filters(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    rows = _rows(client.get(_url("funnel-csv", community), {"author": "@ada"}))

    assert rows[1][:3] == ["Proposed", "step", "1"]


def test_csv_cells_that_would_start_a_formula_are_escaped(client, trip):
    community, leader, _ada = trip
    proposed, discussed, _evaluated = _steps(community)
    services.rename_stage(stage=proposed, renamed_by=leader, name='=HYPERLINK("x")')
    services.rename_stage(stage=discussed, renamed_by=leader, name="-1")
    client.force_login(member_of(community))

    rows = _rows(client.get(_url("funnel-csv", community)))

    assert rows[1][0] == '\'=HYPERLINK("x")'
    assert rows[2][0] == "'-1"
    assert rows[3][0] == "Being evaluated"


def test_bad_filters_refuse_the_csv_as_the_page_does(client, trip):
    community, _leader, _ada = trip
    client.force_login(member_of(community))

    response = client.get(_url("funnel-csv", community), {"author": "@nobody"})

    assert response.status_code == 400
    assert "author" in response.context["form"].errors


# --- Query counts -------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 12])
def test_the_funnel_page_costs_the_same_queries_for_2_or_12_ideas(
    client, django_assert_max_num_queries, count
):
    community, leader = goal_community()
    ideas = [IdeaFactory(community=community) for _ in range(count)]
    discussed = _steps(community)[1]
    for idea in ideas:
        services.move_idea(idea=idea, to_stage=discussed, moved_by=leader)
    client.force_login(leader)

    with django_assert_max_num_queries(FUNNEL_QUERIES):
        response = client.get(_url("funnel", community))

    assert response.context["funnel"].ideas == count
