"""The roles' default capabilities and record scopes, as Tandem behaved before they became
configuration. Loaded by a data migration; administrators change them in the admin screens.

Every role sees the cases its agency leads and those shared with or referred to its agency
(``shared``). What each may do:
"""

from __future__ import annotations

# Written out with plain strings: a migration must not change when the enums do.
CASE_WORK = [
    "log_reports",
    "assess_risk",
    "work_cases",
    "contribute",
    "close_cases",
    "refer",
    "answer_referrals",
    "conferences",
    "record_conferences",
    "export",
    "see_sensitive",
    "record_sensitive",
]

DEFAULTS: dict[str, dict[str, object]] = {
    # Logs reports and asks the risk questions; records what a caller says about their health
    # or vulnerability, but never reads it back.
    "call_handler": {
        "record_scope": "shared",
        "capabilities": ["log_reports", "assess_risk", "record_sensitive", "export"],
    },
    "case_officer": {"record_scope": "shared", "capabilities": CASE_WORK},
    "supervisor": {
        "record_scope": "shared",
        "capabilities": [*CASE_WORK, "share", "assign", "review", "approve", "merge_people"],
    },
    # Works the cases referred to (or shared with) their agency: evidence, interventions,
    # referrals and tasks set for them, case conferences. Never sensitive data.
    "partner_worker": {
        "record_scope": "shared",
        "capabilities": ["contribute", "answer_referrals", "conferences", "export"],
    },
    "analyst": {"record_scope": "shared", "capabilities": ["export"]},
    "administrator": {
        "record_scope": "shared",
        "capabilities": [*CASE_WORK, "share", "review", "merge_people", "administer"],
    },
    "auditor": {"record_scope": "shared", "capabilities": ["export", "read_audit"]},
}
