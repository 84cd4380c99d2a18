"""Pages of evidence: take down a diary entry, upload a file, download a file.

Every page starts from ``case_get_visible``: a case the user may not see is a 404, and so is a
file that is not on that case, whatever its id.
"""

from __future__ import annotations

import logging
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.accounts.models import Capability, User
from tandem.audit.services import audit_view
from tandem.cases.selectors import case_get_visible
from tandem.core.forms import posted
from tandem.core.policies import capability, signed_in
from tandem.evidence.forms import DiaryEntryForm, EvidenceFileForm
from tandem.evidence.policies import may_add_evidence
from tandem.evidence.selectors import allowed_file_types, case_evidence_file, case_people
from tandem.evidence.services import diary_entry_record, evidence_file_open, evidence_file_upload

logger = logging.getLogger(__name__)


@capability(Capability.CONTRIBUTE)
def diary_new(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_add_evidence(user, case):
        raise PermissionDenied
    people = case_people(case)
    form = DiaryEntryForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        try:
            diary_entry_record(
                case=case,
                actor=user,
                person=form.chosen_person(),
                occurred_on=form.cleaned_data["occurred_date"],
                occurred_time=form.cleaned_data["occurred_time"],
                what_happened=form.cleaned_data["what_happened"],
                effect=form.cleaned_data["effect"],
                witnesses=form.cleaned_data["witnesses"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "Diary entry added")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="diary_new", case_reference=case.reference)
    return render(
        request, "evidence/diary_form.html", {"case": case, "form": form, "people": people}
    )


@capability(Capability.CONTRIBUTE)
def file_new(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_add_evidence(user, case):
        raise PermissionDenied
    form = EvidenceFileForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_file_upload(
                case=case,
                actor=user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "File uploaded")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="file_new", case_reference=case.reference)
    return render(
        request,
        "evidence/file_form.html",
        {"case": case, "form": form, "types": allowed_file_types()},
    )


@signed_in
def file_download(request: HttpRequest, reference: str, public_id: UUID) -> HttpResponse:
    """A copy of one file, as an attachment, after the visibility check; recorded in the audit."""
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    evidence = case_evidence_file(case, public_id)
    try:
        handle = evidence_file_open(evidence=evidence, actor=user, request=request)
    except FileNotFoundError:
        logger.error("Evidence file %s is missing from the evidence store", evidence.public_id)
        raise Http404("The stored file is missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A streaming response; the policy decorators are typed for ordinary ones.
    return response  # type: ignore[return-value]
