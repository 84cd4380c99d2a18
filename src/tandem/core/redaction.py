"""Sensitive data over the API: withheld values are ``null`` and named in ``restricted``.

Who may see sensitive data on a case is ``tandem.people.policies.can_see_sensitive``; the view
puts the answer in the serializer's context as ``sensitive`` (nested serializers share it).
Without it, sensitive fields are withheld: deny by default.
"""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

RESTRICTED_HELP = (
    "Fields withheld from you because they are sensitive (health, vulnerability, domestic abuse, "
    "protected characteristics) and your role may not see them on this case: their values are "
    "null. Empty when nothing is withheld."
)


def reader_sees_sensitive(serializer: serializers.BaseSerializer[Any]) -> bool:
    return bool(serializer.context.get("sensitive", False))


class RedactedFieldsMixin:
    """Declare ``sensitive_fields``; readers who may not see them get ``null`` and the field's
    name in ``restricted``."""

    sensitive_fields: ClassVar[tuple[str, ...]] = ()

    def withheld_fields(self, instance: Any) -> list[str]:
        if reader_sees_sensitive(self):  # type: ignore[arg-type]
            return []
        return list(self.sensitive_fields)

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)  # type: ignore[misc]
        withheld = self.withheld_fields(instance)
        for name in withheld:
            data[name] = None
        data["restricted"] = withheld
        return data


@extend_schema_field(
    serializers.ListField(child=serializers.CharField(), help_text=RESTRICTED_HELP)
)
class RestrictedField(serializers.Field):
    """The ``restricted`` list (filled in by ``RedactedFieldsMixin.to_representation``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", RESTRICTED_HELP)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> list[str]:
        return []
