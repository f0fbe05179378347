"""The ranker asked about each test question, as of the question's time.

The test questions are replayed in slices (`evaluation.slices`). For each
slice the database holds what was written before the slice's first
question (`evaluation.write_window`), imported like any dump into a
community of its own, so the ranker reads what the product would have had
then; the slices before are closed to the asker (made private), so
nothing of them counts. Each question is asked by its asker when they are
a person there (else by a reader of the community), with its tags as
topics. The requests the ranker would have sent are its load: the top 3
of every question count against those people for a week, as routing
will count them, across slices.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Sequence
from datetime import datetime

from commonplace.communities.models import Community, Visibility
from commonplace.expertise import evaluation
from commonplace.expertise.ranker import LOAD_WINDOW, MAX_SUGGESTIONS, suggest_people
from commonplace.expertise.ranker import Question as Asked
from commonplace.integrations.models import ImportedRecord
from commonplace.people.models import User
from commonplace.topics.models import Topic

OnQuestion = Callable[[int, int], None]


class Replay:
    """Slice after slice, the ranker's scores by dump user id, with the
    requests of the week before each question as its load."""

    def __init__(self) -> None:
        self._asked: deque[tuple[datetime, list[str]]] = deque()
        self._reader: User | None = None

    def rank(
        self,
        community: Community,
        questions: Sequence[evaluation.Question],
        *,
        on_question: OnQuestion | None = None,
    ) -> list[evaluation.Scores]:
        """Each of `questions`, asked in `community`; the community is
        closed afterwards, for the next slice's."""
        source = f"stackexchange:{community.pk}"
        people = _records(source, "user")
        local = {external: pk for pk, external in people.items()}
        tags = _records(source, "tag")
        topics = {tags[topic.pk]: topic for topic in Topic.objects.filter(pk__in=tags)}
        askers = {
            user.pk: user
            for user in User.objects.filter(pk__in=list(people), is_active=True)
        }
        ranked: list[evaluation.Scores] = []
        for done, question in enumerate(questions, start=1):
            asker = askers.get(local.get(question.asker or "", 0)) or self._anyone()
            suggestions = suggest_people(
                asker,
                Asked(
                    title=question.title,
                    body=question.body,
                    topics=[topics[tag] for tag in question.tags if tag in topics],
                ),
                size=MAX_SUGGESTIONS,
                now=question.created_at,
                load=self._load(question.created_at, local),
            )
            # The order shown is the ranking (a busy third place may have
            # given way to a lower score), so the places are the scores.
            scores = {
                people[s.person.pk]: float(len(suggestions) - place)
                for place, s in enumerate(suggestions)
                if s.person.pk in people
            }
            chosen = evaluation.top(scores, list(scores))
            self._asked.append((question.created_at, chosen))
            ranked.append(scores)
            if on_question:
                on_question(done, len(questions))
        Community.objects.filter(pk=community.pk).update(visibility=Visibility.PRIVATE)
        return ranked

    def _load(self, moment: datetime, local: dict[str, int]) -> dict[int, int]:
        """Requests of the week before `moment`, by this slice's people."""
        while self._asked and self._asked[0][0] <= moment - LOAD_WINDOW:
            self._asked.popleft()
        counts = Counter(person for _when, chosen in self._asked for person in chosen)
        return {local[person]: n for person, n in counts.items() if person in local}

    def _anyone(self) -> User:
        """An asker for questions whose own asker is not a person here: a
        member of the organisation, in no community."""
        if self._reader is None:
            self._reader = User.objects.create_user(display_name="Evaluation asker")
        return self._reader


def _records(source: str, kind: str) -> dict[int, str]:
    rows = ImportedRecord.objects.filter(source=source, kind=kind)
    return dict(rows.values_list("local_id", "external_id"))
