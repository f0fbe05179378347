import factory

from commonplace.topics.models import Topic
from commonplace.topics.naming import topic_key, topic_slug


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    key = factory.LazyAttribute(lambda topic: topic_key(topic.name))
    slug = factory.LazyAttribute(lambda topic: topic_slug(topic.key))
