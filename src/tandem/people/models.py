from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ContactChannel(models.TextChoices):
    TELEPHONE = "telephone", "Telephone"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Person(models.Model):
    """Someone involved in incidents, shared across the partnership's agencies.

    The ``*_key`` columns hold normalised forms used for matching (see ``keys.py``); services keep
    them in step. A person found to be a duplicate points at the record that survives through
    ``merged_into``; their involvements stay where they were, so a merge can be undone exactly.
    """

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    preferred_channel = models.CharField(max_length=20, choices=ContactChannel.choices, blank=True)

    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    surname_key = models.CharField(max_length=12, editable=False, blank=True)
    forename_key = models.CharField(max_length=12, editable=False, blank=True)
    phone_key = models.CharField(max_length=20, editable=False, blank=True, db_index=True)
    email_key = models.CharField(max_length=254, editable=False, blank=True, db_index=True)
    address_key = models.CharField(max_length=120, editable=False, blank=True, db_index=True)

    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_people",
        editable=False,
        help_text="Set when this record was found to be a duplicate of another.",
    )

    # Special-category data: shown only to those ``policies.can_see_sensitive`` allows.
    vulnerability_factors = models.ManyToManyField(
        "people.VulnerabilityFactor", blank=True, related_name="people"
    )
    vulnerability_notes = models.TextField(blank=True)
    hate_strands = models.ManyToManyField(
        "incidents.HateStrand",
        blank=True,
        related_name="targeted_people",
        help_text="Hate strands the person perceives they are targeted for.",
    )
    sensitive_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    sensitive_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set when the retention schedule cleared this person's details "
        "(tandem.dataprotection); such records are never offered as matches.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["name_key", "date_of_birth"]),
            # Candidate search: each block is an equality lookup on one of these.
            models.Index(fields=["surname_key", "forename_key"], name="person_names_block"),
            models.Index(fields=["date_of_birth", "surname_key"], name="person_birth_block"),
            # With person_birth_block, both halves of the birth-date block's OR are index
            # conditions (matching._block), so a common birth date is never read in full.
            models.Index(
                fields=["date_of_birth", "forename_key"], name="person_birth_forename_block"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class VulnerabilityFactor(models.Model):
    """A configurable kind of personal vulnerability (disability, mental health, …)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Nickname(models.Model):
    """A short or familiar form of a name: ``variant`` (Bob) is a form of ``name`` (Robert).

    Stored folded (lower-case letters only). A name may have many variants and a variant may
    belong to several names (Sam: Samuel, Samantha).
    """

    name = models.CharField(max_length=50, help_text="The full name, e.g. robert")
    variant = models.CharField(max_length=50, db_index=True, help_text="A short form, e.g. bob")

    class Meta:
        ordering = ["name", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["name", "variant"], name="one_nickname_row_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(name=models.F("variant")), name="nickname_differs_from_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant} → {self.name}"


FRACTION = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class MatchingSettings(models.Model):
    """The partnership's matching thresholds: one row, edited in the admin screens."""

    offer_threshold = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=FRACTION,
        help_text="Known people at or above this confidence are offered to the user (0 to 1).",
    )
    confident_threshold = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.90"),
        validators=FRACTION,
        help_text="At or above this a match is 'confident'. Reports through the API link to a "
        "single confident match that shares a birth date, phone or email; nothing is merged.",
    )
    repeat_location_metres = models.PositiveIntegerField(
        default=50,
        help_text="Incidents within this distance (with map coordinates) count as the same "
        "location.",
    )

    class Meta:
        verbose_name = "matching settings"
        verbose_name_plural = "matching settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer_threshold__lte=models.F("confident_threshold")),
                name="offer_at_or_below_confident",
            )
        ]

    def __str__(self) -> str:
        return "Matching settings"


class MatchDecision(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed as the same person"
    REJECTED = "rejected", "Rejected: a different person"


class PersonMatchDecision(models.Model):
    """A user's answer to "is this someone already known?" for one offered candidate."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="match_decisions")
    decision = models.CharField(max_length=20, choices=MatchDecision.choices)
    confidence = models.DecimalField(max_digits=4, decimal_places=3)
    reasons = models.JSONField(default=list, blank=True)
    details = models.JSONField(
        default=dict, blank=True, help_text="The details as reported, compared with the person."
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match_decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.decision}"


class PersonMerge(models.Model):
    """One merge of a duplicate record into the one that survives, and its undoing."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_in")
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_out")
    reason = models.TextField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(survivor=models.F("duplicate")), name="merge_two_people"
            ),
            models.UniqueConstraint(
                fields=["duplicate"],
                condition=models.Q(undone_at__isnull=True),
                name="one_active_merge_per_duplicate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duplicate} → {self.survivor}"

    @property
    def active(self) -> bool:
        return self.undone_at is None
