"""`eval routing`: the protocol, the fixed baselines and the figures,
on small dumps written here, and the whole command on one of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commonplace.expertise import evaluation
from commonplace.expertise.tests.replaying import routing_report
from commonplace.integrations.tests.dumps import row, write

START = datetime(2020, 1, 1, tzinfo=UTC)
KNOWERS = {"kubernetes": "10", "postgres": "11"}
TITLES = {
    "kubernetes": [
        "pod crash loop",
        "pod restart policy",
        "ingress timeout",
        "node drain",
    ],
    "postgres": ["vacuum slow", "index bloat", "replication lag", "lock timeout"],
}


def _when(hours: float) -> str:
    return (START + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.000")


def routing_dump(directory: Path, *, accepted: bool = True) -> Path:
    """Two people who each know one tag: four learning questions each,
    then one test question on each tag, answered by the one who knows."""
    directory.mkdir(parents=True, exist_ok=True)
    posts = []
    plan = [(tag, title) for tag, titles in TITLES.items() for title in titles]
    plan += [
        ("kubernetes", "pod crash after deploy"),
        ("postgres", "vacuum never ends"),
    ]
    for number, (tag, title) in enumerate(plan, start=1):
        question, answer = 2 * number - 1, 2 * number
        extra = {"AcceptedAnswerId": answer} if accepted else {}
        posts.append(
            row(
                Id=question,
                PostTypeId=1,
                CreationDate=_when(number * 10),
                OwnerUserId=1,
                Title=f"{tag} {title}",
                Body=f"<p>Our {tag} {title} problem.</p>",
                Tags=f"<{tag}>",
                **extra,
            )
        )
        posts.append(
            row(
                Id=answer,
                PostTypeId=2,
                ParentId=question,
                CreationDate=_when(number * 10 + 1),
                OwnerUserId=KNOWERS[tag],
                Body=f"<p>Fix the {tag} {title} like this.</p>",
            )
        )
    write(directory, "Posts.xml", posts)
    people = [("1", "Ana Asker"), ("10", "Kim Kubernetes"), ("11", "Pat Postgres")]
    write(
        directory,
        "Users.xml",
        [row(Id=pk, DisplayName=name, CreationDate=_when(0)) for pk, name in people],
    )
    return directory


def test_the_split_keeps_time_order_and_the_last_fifth_for_testing(tmp_path):
    split = evaluation.split(evaluation.questions(routing_dump(tmp_path)))

    assert [len(split.learn), len(split.test)] == [8, 2]
    assert max(q.created_at for q in split.learn) < split.moment
    assert split.candidates(3) == ["10", "11"]
    assert [q.answerer for q in split.test] == ["10", "11"]


def test_a_dump_without_accepted_answers_is_refused_clearly(tmp_path):
    found = evaluation.questions(routing_dump(tmp_path, accepted=False))

    with pytest.raises(evaluation.ProtocolError, match="nothing to learn from"):
        evaluation.split(found)


def test_too_few_questions_for_a_split_are_refused_clearly(tmp_path):
    found = evaluation.questions(routing_dump(tmp_path))[:1]

    with pytest.raises(evaluation.ProtocolError, match="too few"):
        evaluation.split(found)


def test_a_self_answered_question_is_not_a_question_of_the_protocol(tmp_path):
    write(
        tmp_path,
        "Posts.xml",
        [
            row(
                Id=1,
                PostTypeId=1,
                CreationDate=_when(1),
                OwnerUserId=5,
                Title="t",
                Body="<p>b</p>",
                AcceptedAnswerId=2,
            ),
            row(
                Id=2,
                PostTypeId=2,
                ParentId=1,
                CreationDate=_when(2),
                OwnerUserId=5,
                Body="<p>mine</p>",
            ),
        ],
    )
    write(tmp_path, "Users.xml", [row(Id=5, DisplayName="Solo")])

    assert evaluation.questions(tmp_path) == []


def test_both_baselines_rank_the_person_who_knows_the_tag_first(tmp_path):
    split = evaluation.split(evaluation.questions(routing_dump(tmp_path)))
    methods = [
        evaluation.popularity(split),
        evaluation.bm25(split, evaluation.Tokens()),
    ]

    for method in methods:
        for question in split.test:
            ranked = evaluation.top(method(question), split.candidates(3))
            assert ranked[0] == question.answerer


def test_figures_count_a_tie_as_its_expected_place():
    candidates = ["a", "b", "c", "d"]

    first = evaluation.figures({"a": 2.0}, candidates, "a")
    tied = evaluation.figures({"a": 1.0, "b": 1.0}, candidates, "b")
    unscored = evaluation.figures({}, candidates, "c")

    assert first["MRR"] == 1.0
    assert first["P@1"] == 1.0
    assert tied["MRR"] == pytest.approx((1 + 1 / 2) / 2)
    assert tied["P@1"] == pytest.approx(0.5)
    assert unscored["MRR"] == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4)
    assert unscored["R@5"] == 1.0
    assert unscored["NDCG@3"] == pytest.approx((1 + 1 / 1.5849625 + 0.5) / 4, rel=1e-6)


def test_the_spread_counts_distinct_people_and_the_busiest_share():
    found = evaluation.spread([["a", "b", "c"], ["a", "b", "d"]])

    assert found.people == 4
    assert found.busiest_share == 1.0


def test_the_bootstrap_interval_holds_the_ratio_when_every_question_agrees():
    low, high = evaluation.bootstrap_ratio([1.0, 0.5, 1.0], [0.5, 0.25, 0.5])

    assert low == pytest.approx(2.0)
    assert high == pytest.approx(2.0)


def test_the_learning_window_holds_nothing_from_the_test_on(tmp_path):
    dump = routing_dump(tmp_path / "dump")
    split = evaluation.split(evaluation.questions(dump))

    evaluation.write_window(dump, split.moment, tmp_path / "window")

    kept = evaluation.questions(tmp_path / "window")
    assert [q.pk for q in kept] == [q.pk for q in split.learn]


@pytest.mark.django_db
def test_the_command_prints_one_line_per_method_and_known_figures(tmp_path):
    lines = routing_report(routing_dump(tmp_path / "dump")).splitlines()
    for prefix in ("", "pool>=1 "):
        assert sum(line.startswith(f"{prefix}method ") for line in lines) == 1
        for name in evaluation.METHODS:
            found = [line for line in lines if line.startswith(f"{prefix}{name} ")]
            assert len(found) == 1, lines
            # Each method ranks the right person first for both questions.
            figures = found[0].removeprefix(prefix).split()[1:]
            assert figures == ["1.000"] * len(evaluation.METRICS)
    assert any(line.startswith("MRR(commonplace) / MRR(bm25) = 1.00") for line in lines)
    assert any("covered 2 (100.0%)" in line for line in lines)
    assert sum(line.startswith("load spread of") for line in lines) == 3


def test_the_command_refuses_a_dump_it_cannot_split(tmp_path):
    dump = routing_dump(tmp_path, accepted=False)

    with pytest.raises(CommandError, match="nothing to learn from"):
        call_command("eval", "routing", str(dump))


def test_the_command_refuses_a_folder_without_posts(tmp_path):
    with pytest.raises(CommandError, match=r"holds no Posts\.xml"):
        call_command("eval", "routing", str(tmp_path))


def test_the_test_is_replayed_in_at_most_ten_consecutive_slices(tmp_path):
    test = evaluation.questions(routing_dump(tmp_path))
    many = test * 3  # 30 questions

    parts = evaluation.slices(many)

    assert len(parts) == evaluation.SLICES
    assert [q for part in parts for q in part] == many
    assert {len(part) for part in parts} == {3}
    assert evaluation.slices(test[:2]) == [[test[0]], [test[1]]]
