"""The shapes of topics in the API."""

from ninja import Schema

from commonplace.topics.models import Topic


class TopicOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    people_count: int
    synonyms: list[str]

    @staticmethod
    def resolve_synonyms(topic: Topic) -> list[str]:
        return [synonym.name for synonym in topic.synonyms.all()]


class TopicListOut(Schema):
    items: list[TopicOut]
    next_cursor: str | None


class TopicPersonOut(Schema):
    """A person who states a topic, as a list of people shows them."""

    id: int
    display_name: str
    job_title: str


class TopicPeopleOut(Schema):
    items: list[TopicPersonOut]
    next_cursor: str | None
