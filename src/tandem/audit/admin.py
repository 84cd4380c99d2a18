from django.contrib import admin

from tandem.audit.models import PartnershipAuditTeam


@admin.register(PartnershipAuditTeam)
class PartnershipAuditTeamAdmin(admin.ModelAdmin):
    """Agencies whose auditors read the whole partnership's audit. The audit events themselves
    are read on the auditor's pages (/audit/), never changed here."""

    list_display = ("agency", "note", "added_at")
