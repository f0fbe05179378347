"""Communities and who belongs to them, in which role."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_NAME_LENGTH = 80
MAX_PURPOSE_LENGTH = 2000
INVITATION_LIFETIME = timedelta(days=14)


class Kind(models.TextChoices):
    PRACTICE = "practice", _("Community of practice")
    GOAL = "goal", _("Goal community")
    TEAM = "team", _("Team")
    INTEREST = "interest", _("Interest group")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    SECRET = "secret", _("Secret")


class Role(models.TextChoices):
    """Roles, most powerful first; RANK orders them."""

    OWNER = "owner", _("Owner")
    LEADER = "leader", _("Leader")
    MODERATOR = "moderator", _("Moderator")
    MEMBER = "member", _("Member")
    GUEST = "guest", _("Guest")


ROLE_RANK = {
    Role.OWNER: 5,
    Role.LEADER: 4,
    Role.MODERATOR: 3,
    Role.MEMBER: 2,
    Role.GUEST: 1,
}
LEADING_ROLES = frozenset({Role.OWNER, Role.LEADER})

COVER_COLOURS = [
    ("#1f5fbf", _("Blue")),
    ("#1e6b3a", _("Green")),
    ("#8a5300", _("Amber")),
    ("#8e2a6b", _("Plum")),
    ("#0f6e72", _("Teal")),
    ("#5b4bb7", _("Indigo")),
    ("#a33a2a", _("Brick")),
    ("#4a5560", _("Slate")),
]


class Community(models.Model):
    """A group of people around a practice, a goal, a team or an interest."""

    name = models.CharField(_("name"), max_length=MAX_NAME_LENGTH)
    slug = models.SlugField(_("address"), max_length=MAX_NAME_LENGTH, unique=True)
    purpose = models.TextField(_("purpose"), max_length=MAX_PURPOSE_LENGTH)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    goal = models.TextField(_("goal"), max_length=MAX_PURPOSE_LENGTH, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    allows_externals = models.BooleanField(
        _("external members may be invited"), default=False
    )
    topics = models.ManyToManyField(
        "topics.Topic", blank=True, related_name="communities", verbose_name=_("topics")
    )
    cover_colour = models.CharField(
        _("cover colour"),
        max_length=7,
        choices=COVER_COLOURS,
        default=COVER_COLOURS[0][0],
    )
    cover_image = models.FileField(_("cover image"), upload_to="covers/", blank=True)
    # Kept by the membership services so the directory sorts by size
    # without counting rows.
    member_count = models.PositiveIntegerField(default=0, editable=False)
    # When someone last posted, answered or commented: the "most active" sort.
    last_activity_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="community_name_unique",
                violation_error_message=_("A community with this name already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["-member_count", "-id"], name="community_by_size"),
            models.Index(fields=["-created_at", "-id"], name="community_by_newest"),
            models.Index(
                fields=["-last_activity_at", "-id"], name="community_by_activity"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One person's place in one community."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"], name="membership_once"
            ),
        ]
        indexes = [
            models.Index(fields=["person", "community"], name="membership_by_person"),
            models.Index(fields=["community", "role"], name="membership_by_role"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.community} ({self.role})"


class JoinRequest(models.Model):
    """A request to join a private community, decided by its leaders."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="join_requests"
    )
    person = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                condition=models.Q(status="pending"),
                name="join_request_one_pending",
            ),
        ]
        indexes = [models.Index(fields=["community", "status", "-created_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.community}"


class CommunityInvitation(models.Model):
    """An invitation into one community: for a person or an e-mail address.

    Single use, valid 14 days, admits only the invited address; only a hash
    of the link's token is stored.
    """

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    # For an address without an account: whether the account it creates is
    # an external member's, and from which organisation.
    as_external = models.BooleanField(_("from another organisation"), default=False)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "people.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("community invitation")
        verbose_name_plural = _("community invitations")
        indexes = [
            models.Index(fields=["email", "accepted_at"]),
            models.Index(fields=["community", "-created_at", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.community}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
