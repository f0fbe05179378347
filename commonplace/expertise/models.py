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
            models.Index(fields=["topic", "community"], name="topic_expertise_topic")
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
