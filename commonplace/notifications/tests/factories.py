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


def notifications_on_every_target(recipient, count):
    """`count` notifications for `recipient`, cycling through every target
    type (post, answer, comment, report, request to join, invitation), each
    about a thing of its own that the recipient may see.

    The recipient is made an owner of a private community, so they read its
    threads, review its reports and decide its requests to join.
    """
    from commonplace.communities.models import Role, Visibility
    from commonplace.communities.tests.factories import (
        CommunityFactory,
        CommunityInvitationFactory,
        JoinRequestFactory,
        MembershipFactory,
    )
    from commonplace.knowledge.tests.factories import (
        AnswerFactory,
        CommentFactory,
        PostFactory,
        ReportFactory,
    )

    community = CommunityFactory(visibility=Visibility.PRIVATE)
    MembershipFactory(community=community, person=recipient, role=Role.OWNER)

    def post():
        return PostFactory(community=community)

    makers = [
        ("mentioned", "", post),
        ("replied", "", lambda: AnswerFactory(post=post())),
        ("reacted", "helpful", lambda: CommentFactory(post=post())),
        ("report", "", lambda: ReportFactory(post=post())),
        ("join_request", "", lambda: JoinRequestFactory(community=community)),
        (
            "invited",
            "",
            lambda: CommunityInvitationFactory(email=recipient.email),
        ),
    ]
    made = []
    for number in range(count):
        kind, detail, make = makers[number % len(makers)]
        made.append(
            NotificationFactory(
                recipient=recipient, kind=kind, detail=detail, target=make()
            )
        )
    return made
