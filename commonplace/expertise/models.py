"""What people have shown they know, per community, kept for the ranker.

Expertise is read from contributions, never typed in: answers (accepted
ones most), helpful reactions received, articles and notes. It is kept per
community because a contribution may count toward a suggestion only for
someone who may read where it was made: the ranker sums the rows of the
communities the asker reads.

A row holds `weight`, the contributions' weights grown by their dates
(see `decay.grown`), so adding a contribution adds to it and reading it as
of any moment is one division; counts are kept beside it for the
evidence shown with a suggestion.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicExpertise(models.Model):
    """One person's contributions on one topic in one community."""

    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="+"
    )
    weight = models.FloatField(default=0.0)
    answers = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    helpful = models.PositiveIntegerField(default=0)
    writings = models.PositiveIntegerField(default=0)  # articles and notes
    last_contributed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "community", "topic"], name="topic_expertise_once"
            )
        ]
        indexes = [
            # Every column the ranker reads of a topic's rows, after the two
            # it looks them up by: the strongest rows of a question's topics
            # are read from the index alone (a quarter faster at 1M posts).
            models.Index(
                fields=[
                    "topic",
                    "community",
                    "weight",
                    "last_contributed_at",
                    "person",
                    "answers",
                    "accepted",
                    "writings",
                ],
                name="topic_expertise_topic_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.topic_id} in {self.community_id}"


class AnswerHabit(models.Model):
    """How one person answers in one community: how much, how lately and
    how soon after a question is asked."""

    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    answers = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    last_answer_at = models.DateTimeField()
    # How active they are, as of their last answer: each answer counts 1,
    # halving every four weeks (`decay.recent_sum`); the ranker reads it
    # as of now with `decay.remaining`, no answer counted on each request.
    recent = models.FloatField(default=0.0)
    # The median time from a question to this person's answer to it.
    typical_response = models.DurationField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "community"], name="answer_habit_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.community_id}"


class RoutingRule(models.Model):
    """How a community's questions reach people after they are posted.

    Without a row a community suggests only: the asker sees who can
    likely help and may ask them, and nobody is notified on their own.
    `notifying_since` keeps when notifying last began, so the leaders'
    figures can compare the questions before it with those after.
    """

    class Mode(models.TextChoices):
        OFF = "off", _("Off")
        SUGGEST = "suggest", _("Suggest only")
        NOTIFY = "notify", _("Notify the people most likely to help")

    DEFAULT_TOP = 3
    DEFAULT_MINUTES = 30
    MAX_TOP = 10

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.SUGGEST)
    top = models.PositiveSmallIntegerField(default=DEFAULT_TOP)
    after_minutes = models.PositiveIntegerField(default=DEFAULT_MINUTES)
    notifying_since = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(top__gte=1, top__lte=10), name="routing_rule_top"
            ),
            models.CheckConstraint(
                condition=models.Q(after_minutes__gte=1), name="routing_rule_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mode} in {self.community_id}"


class RoutingPreference(models.Model):
    """What one person lets routing ask of them. Without a row: asked at
    most the default number of times a week, never away, not opted out."""

    MAX_WEEKLY = 3

    person = models.OneToOneField(
        "people.User", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    opted_out = models.BooleanField(default=False)
    weekly_limit = models.PositiveSmallIntegerField(default=MAX_WEEKLY)
    # Away through this day, in the person's own time zone.
    away_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_limit__gte=1, weekly_limit__lte=3),
                name="routing_preference_weekly_limit",
            )
        ]

    def __str__(self) -> str:
        return f"routing for {self.person_id}"


class HelpRequest(models.Model):
    """One person asked to help with one question: by someone, on behalf
    of a community, or by the community's routing rule. A person is asked
    once per question (the constraint holds under concurrent routing).
    Whether they answered is read from the answers, never stored twice."""

    class Source(models.TextChoices):
        PERSON = "person", _("asked by a person")
        COMMUNITY = "community", _("asked of a community")
        ROUTING = "routing", _("routed automatically")

    class Decline(models.TextChoices):
        NOT_MY_AREA = "not_my_area", _("Not my area")
        NO_TIME = "no_time", _("No time")

    post = models.ForeignKey(
        "knowledge.Post", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+"
    )
    asked_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    via_community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(max_length=10, choices=Source)
    created_at = models.DateTimeField()
    declined = models.CharField(max_length=12, choices=Decline, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="help_asked_once")
        ]
        indexes = [
            models.Index(fields=["person", "created_at"], name="help_request_person"),
            models.Index(fields=["asked_by", "created_at"], name="help_request_asker"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.post_id}"


class RoutedQuestion(models.Model):
    """A question the routing rule has run for, once: a task that runs
    again, or two workers at once, find the row and ask nobody more."""

    post = models.OneToOneField(
        "knowledge.Post", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    routed_at = models.DateTimeField()
    asked = models.PositiveSmallIntegerField(default=0)
    # Why nobody was asked, when nobody was: answered, removed, rule off.
    skipped = models.CharField(max_length=20, blank=True)

    def __str__(self) -> str:
        return f"routed {self.post_id}"
