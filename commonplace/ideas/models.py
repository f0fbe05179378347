"""Ideas and their trip through a community's stages to a decision.

An idea states a problem before it proposes anything, so that people can
join an idea about the same problem rather than start another. Every move
between stages is kept with who made it and why; a move to a decision
stage carries a decision record, which is what comes back to the people
who proposed and supported the idea.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 10_000
MAX_MESSAGE_LENGTH = 2_000
MAX_STAGE_NAME_LENGTH = 60
MAX_STAGES = 20
MAX_COAUTHORS = 5
MAX_DECIDERS_LENGTH = 200
DEFAULT_WAITING_DAYS = 14


class StageKind(models.TextChoices):
    """What a stage means to the trip, whatever the leaders call it."""

    STEP = "step", _("Step")
    DECIDED = "decided", _("Decided")
    IMPLEMENTING = "implementing", _("Being implemented")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")
    PARKED = "parked", _("Parked (not now)")


# Stages an idea reaches only with a decision record.
DECISION_KINDS = (StageKind.DECIDED, StageKind.DECLINED, StageKind.PARKED)
# Where an idea's trip has ended or paused: not "waiting" for anyone.
OUTCOME_KINDS = (StageKind.DECLINED, StageKind.PARKED)
# Where an idea has a plan of steps: decided, and not yet measured.
PLANNED_KINDS = (StageKind.DECIDED, StageKind.IMPLEMENTING, StageKind.DONE)
MIN_SCORE = 1
MAX_SCORE = 5
MAX_WEIGHT = 10
MAX_CRITERIA = 10
MAX_CRITERION_NAME_LENGTH = 80
MAX_COMMENT_LENGTH = 2_000
MAX_STEP_TITLE_LENGTH = 200
MAX_STEPS = 50
MAX_OWNERS = 5
MAX_UNIT_LENGTH = 40


class Stage(models.Model):
    """One stage of a community's trip, in the order its leaders chose."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="idea_stages"
    )
    name = models.CharField(_("name"), max_length=MAX_STAGE_NAME_LENGTH)
    kind = models.CharField(
        _("kind"), max_length=16, choices=StageKind.choices, default=StageKind.STEP
    )
    position = models.PositiveIntegerField(default=0)
    # The last stage of the trip: an idea there waits for nobody.
    is_final = models.BooleanField(default=False)
    idea_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="stage_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_decision(self) -> bool:
        return self.kind in DECISION_KINDS

    @property
    def is_outcome(self) -> bool:
        return self.kind in OUTCOME_KINDS


class IdeaText(models.Model):
    """The words of an idea: what it says now, and each version before."""

    title = models.CharField(_("title"), max_length=MAX_TITLE_LENGTH)
    problem_source = models.TextField(_("problem"), max_length=MAX_TEXT_LENGTH)
    problem_html = models.TextField(editable=False)
    proposal_source = models.TextField(
        _("proposal"), max_length=MAX_TEXT_LENGTH, blank=True
    )
    proposal_html = models.TextField(editable=False, blank=True)
    impact_source = models.TextField(
        _("expected impact"), max_length=MAX_TEXT_LENGTH, blank=True
    )
    impact_html = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True


class Idea(IdeaText):
    """A problem worth solving and a proposal, in one community."""

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="ideas",
        db_index=False,
    )
    author = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    coauthors = models.ManyToManyField(
        "people.User", blank=True, related_name="coauthored_ideas"
    )
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="ideas")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="ideas")
    # When the idea last moved: the "waiting longest" order.
    stage_entered_at = models.DateTimeField(default=timezone.now)
    # The version people support; each edit adds one and keeps the one before.
    version = models.PositiveIntegerField(default=1)
    support_count = models.PositiveIntegerField(default=0)
    # Where it started, for the funnel: the first step when it was proposed.
    started_in = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The weighted mean of its evaluators' scores (0 until scored) and how
    # many scored it: kept by the scoring services, for the board's order.
    evaluation_score = models.FloatField(default=0)
    evaluator_count = models.PositiveIntegerField(default=0)
    owners = models.ManyToManyField(
        "people.User", blank=True, related_name="owned_ideas"
    )
    # Its discussion, in the community's conversations.
    thread = models.OneToOneField(
        "knowledge.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="idea",
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(
                fields=["community", "-created_at", "-id"], name="idea_newest"
            ),
            models.Index(
                fields=["community", "stage_entered_at", "id"], name="idea_waiting"
            ),
            models.Index(
                fields=["community", "-support_count", "-id"], name="idea_supported"
            ),
            models.Index(
                fields=["stage", "-evaluation_score", "-id"], name="idea_board"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IdeaVersion(IdeaText):
    """An idea's text as one version had it, so supporters can see what
    they supported after the idea changed."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    written_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "number"], name="idea_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.idea_id} v{self.number}"


class Support(models.Model):
    """One person backing one idea, as it read when they backed it."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="idea_supports"
    )
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["idea", "person"], name="support_once")
        ]
        indexes = [
            models.Index(fields=["idea", "-created_at", "-id"], name="support_by_idea")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} supports {self.idea_id}"


class DecisionRecord(models.Model):
    """What was decided about an idea, why, and what else was weighed.

    First-class: searchable, listed on the community's decisions page and
    discussed in a thread of its own, because a recorded decision teaches
    the next one.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="decisions")
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="decisions",
        db_index=False,
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=[(k.value, k.label) for k in DECISION_KINDS],
    )
    stage_name = models.CharField(max_length=MAX_STAGE_NAME_LENGTH)
    decision_source = models.TextField(_("decision"), max_length=MAX_TEXT_LENGTH)
    decision_html = models.TextField(editable=False)
    reasons_source = models.TextField(_("reasons"), max_length=MAX_TEXT_LENGTH)
    reasons_html = models.TextField(editable=False)
    alternatives_source = models.TextField(
        _("alternatives weighed"), max_length=MAX_TEXT_LENGTH, blank=True
    )
    alternatives_html = models.TextField(editable=False, blank=True)
    deciders = models.CharField(_("who decided"), max_length=MAX_DECIDERS_LENGTH)
    recorded_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For a parked idea: the day it comes back to the leaders.
    review_on = models.DateField(_("look again on"), null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    thread = models.OneToOneField(
        "knowledge.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision record")
        verbose_name_plural = _("decision records")
        indexes = [
            models.Index(
                fields=["community", "-created_at", "-id"], name="decision_newest"
            )
        ]

    def __str__(self) -> str:
        return self.decision_source[:80]


class StageMove(models.Model):
    """One move of an idea from a stage to another: who, when and why.

    Stage names are kept as they were, so the history reads true after a
    stage is renamed or removed.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.ForeignKey(
        Stage, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_stage = models.ForeignKey(
        Stage, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_name = models.CharField(max_length=MAX_STAGE_NAME_LENGTH)
    to_name = models.CharField(max_length=MAX_STAGE_NAME_LENGTH)
    moved_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), max_length=MAX_MESSAGE_LENGTH)
    decision = models.OneToOneField(
        DecisionRecord,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="move",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["idea", "-created_at", "-id"], name="move_by_idea")
        ]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name}"


class IdeaSettings(models.Model):
    """How long an idea may wait without a move before its leaders hear,
    and how often the community's trip has changed."""

    community = models.OneToOneField(
        "communities.Community", on_delete=models.CASCADE, related_name="idea_settings"
    )
    waiting_days = models.PositiveIntegerField(
        _("days an idea may wait"), default=DEFAULT_WAITING_DAYS
    )
    # One more with every idea proposed, edited or moved and every stage
    # edited, in the same transaction: the funnel's figures are kept under
    # it, so one indexed read tells whether they still hold.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"{self.community_id}: {self.waiting_days} days"


class Criterion(models.Model):
    """One thing a community's evaluators score ideas on, 1 to 5, and how
    much it weighs in the idea's evaluation."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=MAX_CRITERION_NAME_LENGTH)
    description = models.CharField(_("description"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"], name="criterion_name_once"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__lte=MAX_WEIGHT), name="criterion_weight"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EvaluatorAssignment(models.Model):
    """Someone asked to evaluate one idea, or every idea in one stage."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="evaluations"
    )
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluators"
    )
    stage = models.ForeignKey(
        Stage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluators",
    )
    assigned_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=False, stage__isnull=True)
                | models.Q(idea__isnull=True, stage__isnull=False),
                name="assignment_one_target",
            ),
            models.UniqueConstraint(
                fields=["person", "idea"],
                condition=models.Q(idea__isnull=False),
                name="assignment_once_per_idea",
            ),
            models.UniqueConstraint(
                fields=["person", "stage"],
                condition=models.Q(stage__isnull=False),
                name="assignment_once_per_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} evaluates {self.idea_id or self.stage_id}"


class Score(models.Model):
    """One evaluator's score of one idea on one criterion, with a comment."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores"
    )
    evaluator = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "criterion", "evaluator"], name="score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=MIN_SCORE, value__lte=MAX_SCORE),
                name="score_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.criterion_id}"


class PlanStep(models.Model):
    """One step of a decided idea's plan: what, who, by when, and done."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=MAX_STEP_TITLE_LENGTH)
    owner = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    position = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(done_at__isnull=True),
                name="step_open_by_due",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class StatusUpdate(models.Model):
    """An owner's update on an implementation, posted into the idea's
    thread as a reply and listed with the plan."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="updates")
    comment = models.OneToOneField(
        "knowledge.Comment", on_delete=models.CASCADE, related_name="status_update"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"update {self.pk} on {self.idea_id}"


class ImpactRecord(models.Model):
    """What a done idea measurably changed, beside what it expected."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="impact")
    measured_source = models.TextField(_("measured result"), max_length=MAX_TEXT_LENGTH)
    measured_html = models.TextField(editable=False)
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=MAX_UNIT_LENGTH, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.measured_source[:80]
