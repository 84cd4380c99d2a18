"""Shares over the API: one share as returned, and the bodies that grant and revoke one."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tandem.accounts.models import Agency
from tandem.sharing.models import ShareStatus, SharingAgreement


class ShareAgencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ShareAgreementSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()


class ShareSerializer(serializers.Serializer):
    """A share of the case, in force or ended."""

    id = serializers.IntegerField(source="pk")
    agency = ShareAgencySerializer()
    purpose = serializers.CharField()
    legal_basis = serializers.CharField()
    agreement = ShareAgreementSerializer(allow_null=True)
    referral = serializers.IntegerField(
        source="referral_id", allow_null=True, help_text="The accepted referral that opened it."
    )
    granted_by = serializers.CharField(source="granted_by.display_name")
    granted_at = serializers.DateTimeField()
    starts_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="When it stops being in force; null: until revoked."
    )
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_by = serializers.CharField(source="revoked_by.display_name", allow_null=True)
    revoke_reason = serializers.CharField()
    status = serializers.ChoiceField(choices=ShareStatus.choices)
    in_force = serializers.BooleanField()


class ShareCreateSerializer(serializers.Serializer):
    """Share the case with an agency. Give an agreement, a legal basis, or both."""

    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), help_text="The agency's code."
    )
    purpose = serializers.CharField(max_length=2000, help_text="Why the agency needs the case.")
    legal_basis = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    agreement = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=SharingAgreement.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The reference of an information-sharing agreement in force that both "
        "agencies are party to.",
    )
    expires = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The last day the share is in force (it ends at midnight after it); "
        "omit or null: until revoked.",
    )
    starts = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The first day it is in force; omit: now.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("agreement") is None and not attrs.get("legal_basis", "").strip():
            raise serializers.ValidationError(
                {"legal_basis": ["Give an agreement reference or the legal basis."]}
            )
        return attrs


class ShareRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def share_api_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The services' error keys as the API's field names."""
    renames = {"expires_at": "expires", "starts_at": "starts", "__all__": "non_field_errors"}
    return {renames.get(key, key): value for key, value in errors.items()}
