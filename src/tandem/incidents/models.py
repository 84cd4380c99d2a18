from __future__ import annotations

from django.conf import settings
from django.db import models


class ConfigListItem(models.Model):
    """A row of a configurable list: a stable code for systems, a name for people."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Category(ConfigListItem):
    """One of the national categories: personal, nuisance, environmental."""

    default_priority = models.PositiveSmallIntegerField(
        choices=[(1, "High"), (2, "Medium"), (3, "Standard")],
        default=3,
        help_text="Priority of a new case in this category before any risk assessment.",
    )

    class Meta(ConfigListItem.Meta):
        verbose_name_plural = "categories"


class IncidentType(ConfigListItem):
    """A local incident type; any type may be used under any category."""

    serious = models.BooleanField(
        default=False,
        help_text="Violence or serious threats: the case is a priority with an appointment due "
        "within the serious-case standard.",
    )


class HateStrand(ConfigListItem):
    """A monitored hate strand (race, religion or belief, …)."""


class Channel(models.TextChoices):
    PHONE = "phone", "Telephone"
    WEB = "web", "Online"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    PARTNER_REFERRAL = "partner_referral", "Partner referral"
    OTHER = "other", "Other"


class PersonRole(models.TextChoices):
    VICTIM = "victim", "Victim or complainant"
    WITNESS = "witness", "Witness"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    REPORTING_ON_BEHALF = "reporting_on_behalf", "Reporting on behalf of someone"


class HappenedBefore(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Don't know"


class Incident(models.Model):
    """One report of anti-social behaviour or a hate incident, from any channel."""

    reference = models.CharField(max_length=20, unique=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="incidents")
    occurred_at = models.DateTimeField()
    reported_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    receiving_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="received_incidents"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="incidents")
    types = models.ManyToManyField(IncidentType, related_name="incidents")
    description = models.TextField()
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=8, blank=True)
    ward = models.ForeignKey(
        "geography.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    hate_motivated = models.BooleanField(default=False)
    hate_strands = models.ManyToManyField(HateStrand, blank=True, related_name="incidents")
    domestic_abuse = models.BooleanField(default=False)
    crime_reference = models.CharField(max_length=50, blank=True)
    happened_before = models.CharField(
        max_length=10,
        choices=HappenedBefore.choices,
        blank=True,
        help_text="The victim's answer to 'has this happened to you before?'; blank if not asked.",
    )
    address_key = models.CharField(
        max_length=120,
        blank=True,
        editable=False,
        help_text="The address normalised (see people.keys.address_key), for repeat locations.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["case", "reported_at"]),
            models.Index(fields=["address_key", "reported_at"], name="incident_place_block"),
            models.Index(fields=["latitude", "longitude"], name="incident_point_block"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(occurred_at__lte=models.F("reported_at")),
                name="incident_occurs_before_report",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class IncidentPerson(models.Model):
    """A person's part in an incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="involvements"
    )
    role = models.CharField(max_length=30, choices=PersonRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "person", "role"], name="one_role_per_person_per_incident"
            )
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
