from typing import Any

from django import template

from tandem.dataprotection.policies import can_export_subject_access

register = template.Library()


@register.filter
def handles_subject_access(user: Any) -> bool:
    """``{% if request.user|handles_subject_access %}``: show links to the data protection
    pages only to those who may use them."""
    return can_export_subject_access(user)
