"""Factories for notifications; other apps' tests import them."""

import factory

from commonplace.notifications.models import Notification
from commonplace.people.tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notification; pass target=<a post, answer...> and kind=."""

    class Meta:
        model = Notification
        exclude = ("target",)

    recipient = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(UserFactory)
    kind = "mentioned"
    target = None
    target_type = factory.LazyAttribute(lambda o: type(o.target).__name__.lower())
    target_id = factory.LazyAttribute(lambda o: o.target.pk)
    group_key = factory.Sequence(lambda n: f"event:{n}")
