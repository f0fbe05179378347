"""The ranker asked about each test question, as of the question's time.

The database holds only the learning window (`evaluation.write_window`),
imported like any dump, so the ranker reads exactly what the product
would have had then. Each test question is asked by its asker when they
are a person there (else by a reader of the community), with its tags as
topics. Requests the ranker would have sent are its load: the top 3 of
every question count against those people for a week, as routing will
count them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime

from commonplace.communities.models import Community
from commonplace.expertise import evaluation
from commonplace.expertise.ranker import LOAD_WINDOW, MAX_SUGGESTIONS, suggest_people
from commonplace.expertise.ranker import Question as Asked
from commonplace.integrations.models import ImportedRecord
from commonplace.people.models import User
from commonplace.topics.models import Topic

OnQuestion = Callable[[int, int], None]


def rank_test_questions(
    community: Community,
    test: Sequence[evaluation.Question],
    *,
    on_question: OnQuestion | None = None,
) -> list[evaluation.Scores]:
    """The ranker's scores for each test question, by dump user id."""
    source = f"stackexchange:{community.pk}"
    people = _records(source, "user")
    local = {external: pk for pk, external in people.items()}
    tags = _records(source, "tag")
    topics = {tags[topic.pk]: topic for topic in Topic.objects.filter(pk__in=tags)}
    askers = {
        user.pk: user
        for user in User.objects.filter(pk__in=list(people), is_active=True)
    }
    reader = User.objects.create_user(display_name="Evaluation asker")
    asked: deque[tuple[datetime, list[int]]] = deque()
    ranked: list[evaluation.Scores] = []
    for done, question in enumerate(test, start=1):
        while asked and asked[0][0] <= question.created_at - LOAD_WINDOW:
            asked.popleft()
        load: dict[int, int] = {}
        for _moment, chosen in asked:
            for pk in chosen:
                load[pk] = load.get(pk, 0) + 1
        asker = askers.get(local.get(question.asker or "", 0), reader)
        suggestions = suggest_people(
            asker,
            Asked(
                title=question.title,
                body=question.body,
                topics=[topics[tag] for tag in question.tags if tag in topics],
            ),
            size=MAX_SUGGESTIONS,
            now=question.created_at,
            load=load,
        )
        asked.append(
            (question.created_at, [s.person.pk for s in suggestions[: evaluation.TOP]])
        )
        ranked.append(
            {people[s.person.pk]: s.score for s in suggestions if s.person.pk in people}
        )
        if on_question:
            on_question(done, len(test))
    return ranked


def _records(source: str, kind: str) -> dict[int, str]:
    rows = ImportedRecord.objects.filter(source=source, kind=kind)
    return dict(rows.values_list("local_id", "external_id"))
