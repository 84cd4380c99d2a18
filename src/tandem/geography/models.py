from __future__ import annotations

from django.db import models


class AreaKind(models.TextChoices):
    PARTNERSHIP = "partnership", "Partnership"
    DISTRICT = "district", "District / Community Safety Partnership"
    WARD = "ward", "Ward"


class Area(models.Model):
    """A node of the area hierarchy: partnership → district (CSP) → ward."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    ons_code = models.CharField(max_length=12, unique=True, help_text="ONS GSS code, e.g. E05…")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    boundary = models.JSONField(
        null=True, blank=True, help_text="GeoJSON geometry (Polygon or MultiPolygon), WGS84"
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """A postcode and the ward it lies in (loaded from ONS postcode directory extracts)."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised, e.g. ME14 1XX")
    ward = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="postcodes")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
