"""Pages for people: merging duplicates (supervisors), and recording vulnerability from a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.accounts.models import Capability, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_view
from tandem.cases.selectors import case_get_visible
from tandem.core.policies import capability
from tandem.people.forms import KEEP_THIS, MergeForm, UnmergeForm, VulnerabilityForm
from tandem.people.matching import find_candidates
from tandem.people.models import PersonMerge
from tandem.people.policies import can_record_sensitive, can_see_sensitive
from tandem.people.selectors import (
    person_details,
    person_merges,
    person_visible_to,
    visible_person_ids,
)
from tandem.people.services import person_merge, person_record_vulnerability, person_unmerge


@capability(Capability.MERGE_PEOPLE)
def merge(request: HttpRequest, person_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = person_visible_to(user, person_id)
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="person",
            object_id=person.pk,
            request=request,
            detail={"page": "merge"},
        )
    candidates = (
        []
        if person.merged_into_id
        else find_candidates(person_details(person), exclude_ids=[person.pk])
    )
    # Only records the user could open themselves: another agency's people stay out of sight.
    visible = visible_person_ids(user, [candidate.person.pk for candidate in candidates])
    candidates = [candidate for candidate in candidates if candidate.person.pk in visible]
    form = MergeForm(request.POST or None, candidates=candidates)
    errors: list[str] = []
    if request.method == "POST" and candidates and form.is_valid():
        other = form.chosen().person
        keep_this = form.cleaned_data["keep"] == KEEP_THIS
        survivor, duplicate = (person, other) if keep_this else (other, person)
        try:
            person_merge(
                survivor=survivor,
                duplicate=duplicate,
                actor=user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors = [m for ms in error.message_dict.values() for m in ms]
        else:
            messages.success(
                request,
                f"{duplicate.full_name} (record {duplicate.pk}) merged into record {survivor.pk}",
            )
            return redirect("people:merge", person_id=person.pk)
    return render(
        request,
        "people/merge.html",
        {
            "person": person,
            "form": form,
            "candidates": candidates,
            "merges": person_merges(person),
            "errors": errors,
        },
    )


@capability(Capability.MERGE_PEOPLE)
def unmerge(request: HttpRequest, merge_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    record = PersonMerge.objects.select_related("survivor", "duplicate").filter(pk=merge_id).first()
    if record is None:
        raise Http404("No such merge")
    # Reachable from either record's page; 404 if neither is the user's to see.
    try:
        person = person_visible_to(user, record.survivor_id)
    except Http404:
        person = person_visible_to(user, record.duplicate_id)
    form = UnmergeForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            person_unmerge(merge=record, actor=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            errors = [m for ms in error.message_dict.values() for m in ms]
        else:
            messages.success(
                request,
                f"Merge undone: {record.duplicate.full_name} (record {record.duplicate_id}) is a "
                "separate record again",
            )
            return redirect("people:merge", person_id=person.pk)
    audit_view(
        actor=user,
        page="unmerge",
        object_type="person",
        object_id=person.pk,
        detail={"merge": record.pk},
    )
    return render(
        request,
        "people/unmerge.html",
        {"merge": record, "person": person, "form": form, "errors": errors},
    )


@capability(Capability.RECORD_SENSITIVE)
def vulnerability(request: HttpRequest, person_id: int, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    person = next(
        (
            involvement.person
            for incident in case.incidents.all()
            for involvement in incident.involvements.all()
            if involvement.person_id == person_id
        ),
        None,
    )
    if person is None:
        raise Http404("No such person on this case")
    if not can_record_sensitive(user, case):
        raise PermissionDenied
    sees = can_see_sensitive(user, case)
    initial = {}
    if sees:
        initial = {
            "factors": [factor.code for factor in person.vulnerability_factors.all()],
            "hate_strands": [strand.code for strand in person.hate_strands.all()],
            "notes": person.vulnerability_notes,
        }
    form = VulnerabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person_record_vulnerability(
            person=person,
            actor=user,
            factors=form.cleaned_data["factors"],
            hate_strands=form.cleaned_data["hate_strands"],
            notes=form.cleaned_data["notes"],
            replace=sees,
            case_reference=case.reference,
        )
        messages.success(request, f"Vulnerability recorded for {person.full_name}")
        return redirect("cases:detail", reference=case.reference)
    audit_view(
        actor=user,
        page="vulnerability",
        case_reference=case.reference,
        object_type="person",
        object_id=person.pk,
    )
    return render(
        request,
        "people/vulnerability.html",
        {"case": case, "person": person, "form": form, "sees": sees},
    )
