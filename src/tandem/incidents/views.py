"""The "Log a report" journey: answer the questions, check the answers (choosing any known person
and any open case it belongs to), then submit. Nothing is stored until the final submit."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from tandem.accounts.models import User
from tandem.audit.services import audit_list
from tandem.cases.models import Case
from tandem.cases.selectors import CaseSuggestion, cases_visible_to, open_cases_related_to
from tandem.core.policies import Capability, capability
from tandem.incidents.forms import (
    IncidentForm,
    PersonForm,
    PersonFormSet,
    build_report,
    officer_choices,
)
from tandem.incidents.models import Channel, PersonRole
from tandem.incidents.services import incident_log
from tandem.people.intake import IntakePerson, intake_people
from tandem.people.matching import matching_thresholds
from tandem.people.models import MatchDecision
from tandem.people.selectors import merged_families, repeat_location_summary
from tandem.people.services import MatchDecisionInput, match_decisions_record
from tandem.people.wording import perpetrator_repeat_text, victim_repeat_text
from tandem.risk.views import url_after_report

DRAFTS_SESSION_KEY = "report_drafts"
MAX_DRAFTS = 5
NEW = "new"


@capability(Capability.LOG_REPORTS)
def report_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        data = request.POST.copy()
        if "add_person" in data:
            total = int(data.get("person-TOTAL_FORMS", "1") or 1)
            data["person-TOTAL_FORMS"] = str(min(total + 1, 20))
            incident_form, formset = _bind(data)
            return _render_form(request, incident_form, formset, show_errors=False)
        incident_form, formset = _bind(data)
        if incident_form.is_valid() and formset.is_valid():
            draft_id = _save_draft(request, data)
            return redirect("incidents:check", draft_id=draft_id)
        return _render_form(request, incident_form, formset, show_errors=True)

    draft = _load_draft(request, request.GET.get("draft", ""))
    if draft is not None:
        incident_form, formset = _bind(draft)
    else:
        incident_form, formset = IncidentForm(), PersonFormSet(prefix="person")
    return _render_form(request, incident_form, formset, show_errors=False)


@capability(Capability.LOG_REPORTS)
def report_check(request: HttpRequest, draft_id: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    draft = _load_draft(request, draft_id)
    if draft is None:
        messages.info(request, "That report was already submitted or has expired: start again.")
        return redirect("incidents:new")
    incident_form, formset = _bind(draft)
    if not (incident_form.is_valid() and formset.is_valid()):
        return redirect(f"{reverse('incidents:new')}?draft={draft_id}")

    person_forms: list[PersonForm] = formset.people_forms()
    thresholds = matching_thresholds()
    people = intake_people(
        [(form.cleaned_data["role"], form.details()) for form in person_forms],
        thresholds=thresholds,
    )
    victim_ids = [
        option.person_id
        for person in people
        if person.role == PersonRole.VICTIM
        for option in person.candidates
    ]
    data = incident_form.cleaned_data
    suggestions = open_cases_related_to(
        user,
        person_ids=set().union(*merged_families(victim_ids).values()) if victim_ids else [],
        postcode=data.get("postcode", ""),
        address=data["address"],
    )
    location = repeat_location_summary(
        address=data["address"],
        postcode=data.get("postcode", ""),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        metres=thresholds.repeat_location_metres,
    )
    choice_form = ChoicesForm(
        request.POST or None, people=people, suggestions=suggestions, user=user
    )
    service_errors: list[str] = []
    if request.method == "POST" and choice_form.is_valid():
        report = build_report(
            actor=user,
            incident_form=incident_form,
            person_forms=person_forms,
            existing_people=choice_form.existing_people(),
            case=choice_form.chosen_case(),
            officer=choice_form.chosen_officer(),
        )
        try:
            with transaction.atomic():
                incident = incident_log(actor=user, report=report)
                match_decisions_record(
                    actor=user, decisions=choice_form.decisions(), incident_id=incident.pk
                )
        except ValidationError as error:
            service_errors = [
                message for messages_ in error.message_dict.values() for message in messages_
            ]
        else:
            _drop_draft(request, draft_id)
            messages.success(
                request,
                f"Report {incident.reference} logged on case {incident.case.reference}",
            )
            return redirect(url_after_report(user, incident))

    # The page offers stored people and open cases that match what was typed: a search of them.
    audit_list(
        actor=user,
        page="report_check",
        object_type="person",
        count=sum(len(person.candidates) for person in people),
        detail={"cases": len(suggestions)},
    )
    return render(
        request,
        "incidents/check.html",
        {
            "form": incident_form,
            "choice_form": choice_form,
            "people": [
                {
                    "form": form,
                    "intake": person,
                    "role": PersonRole(form.cleaned_data["role"]).label,
                    "counted_as": person.role,
                    "choice": choice_form[f"person_{index}"] if person.candidates else None,
                }
                for index, (form, person) in enumerate(zip(person_forms, people, strict=True))
            ],
            "location": location,
            "draft_id": draft_id,
            "service_errors": service_errors,
            "channel_label": Channel(incident_form.cleaned_data["channel"]).label.lower(),
            "agency": user.agency,
        },
    )


class ChoicesForm(forms.Form):
    """The decisions made on the check-answers page: known people, the case, the officer."""

    def __init__(
        self,
        *args: Any,
        people: list[IntakePerson],
        suggestions: list[CaseSuggestion],
        user: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.people = people
        for index, person in enumerate(people):
            if not person.candidates:
                continue
            field = forms.ChoiceField(
                label="Is this someone already known?",
                widget=forms.RadioSelect,
                choices=[
                    (str(option.person_id), _describe(option.candidate.person))
                    for option in person.candidates
                ]
                + [(NEW, "No, this is someone new")],
                error_messages={"required": "Select whether this is a person already known"},
            )
            field.option_hints = {  # type: ignore[attr-defined]
                str(option.person_id): _hint(person.role, option) for option in person.candidates
            }
            self.fields[f"person_{index}"] = field
        self.fields["case"] = forms.ChoiceField(
            label="Which case is this report part of?",
            widget=forms.RadioSelect,
            choices=[(NEW, "Open a new case")]
            + [(s.case.reference, _describe_case(s)) for s in suggestions],
            initial=NEW,
            error_messages={"required": "Select a case for this report"},
        )
        assert user.agency is not None
        self.fields["officer"] = forms.ChoiceField(
            label="Case officer for a new case",
            choices=officer_choices(user.agency),
            required=False,
            help_text="The single named point of contact for the victim.",
        )

    def existing_people(self) -> dict[int, Any]:
        chosen: dict[int, Any] = {}
        for index, person in enumerate(self.people):
            value = self.cleaned_data.get(f"person_{index}")
            if value and value != NEW:
                chosen[index] = next(
                    o.candidate.person for o in person.candidates if str(o.person_id) == value
                )
        return chosen

    def decisions(self) -> list[MatchDecisionInput]:
        """Every offered candidate, confirmed (the one chosen) or rejected (the others)."""
        decisions = []
        for index, person in enumerate(self.people):
            value = self.cleaned_data.get(f"person_{index}")
            for option in person.candidates:
                decisions.append(
                    MatchDecisionInput(
                        person=option.candidate.person,
                        decision=(
                            MatchDecision.CONFIRMED
                            if str(option.person_id) == value
                            else MatchDecision.REJECTED
                        ),
                        confidence=option.candidate.confidence,
                        reasons=option.candidate.reasons,
                        details=person.details,
                    )
                )
        return decisions

    def chosen_case(self) -> Case | None:
        reference = self.cleaned_data.get("case")
        if not reference or reference == NEW:
            return None
        return cases_visible_to(self.user).get(reference=reference)

    def chosen_officer(self) -> User | None:
        officer_id = self.cleaned_data.get("officer")
        if not officer_id or self.cleaned_data.get("case") not in (None, "", NEW):
            return None
        return User.objects.get(pk=officer_id, agency=self.user.agency)


def _describe(person: Any) -> str:
    parts = [person.full_name]
    if person.date_of_birth:
        parts.append(f"born {person.date_of_birth:%-d %B %Y}")
    if person.postcode:
        parts.append(person.postcode)
    return f"Yes: {', '.join(parts)}"


def _hint(role: str, option: Any) -> str:
    candidate = option.candidate
    text = f"{candidate.percent}% match: {', '.join(candidate.reasons) or 'some details'}."
    if role == PersonRole.VICTIM:
        text += f" {victim_repeat_text(option.repeat)}"
        if option.repeat is not None and option.repeat.incidents_last_12_months:
            text += ": if this is them, they are a repeat victim"
        text += "."
    elif role == PersonRole.ALLEGED_PERPETRATOR:
        text += f" {perpetrator_repeat_text(option.repeat)}."
    return text


def _describe_case(suggestion: CaseSuggestion) -> str:
    case = suggestion.case
    reasons = ", ".join(suggestion.reasons)
    return (
        f"Add to {case.reference}: {case.category.name}, {case.address or 'no address'} ({reasons})"
    )


def _bind(data: QueryDict | dict[str, Any]) -> tuple[IncidentForm, Any]:
    if not isinstance(data, QueryDict):  # a draft from the session: lists of values
        query = QueryDict(mutable=True)
        for key, values in data.items():
            query.setlist(key, [str(value) for value in values])
        data = query
    return IncidentForm(data), PersonFormSet(data, prefix="person")


def _render_form(
    request: HttpRequest, incident_form: IncidentForm, formset: Any, *, show_errors: bool
) -> HttpResponse:
    if not show_errors:
        for form in [incident_form, *formset.forms]:
            form._errors = ErrorDict()  # re-displaying answers is not a failed submit
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "incidents/new.html",
        {
            "form": incident_form,
            "formset": formset,
            "show_errors": show_errors,
            "agency": user.agency,
        },
    )


def _save_draft(request: HttpRequest, data: QueryDict) -> str:
    drafts: dict[str, Any] = request.session.get(DRAFTS_SESSION_KEY, {})
    while len(drafts) >= MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    draft_id = uuid.uuid4().hex
    drafts[draft_id] = {
        key: values
        for key, values in data.lists()
        if key not in {"csrfmiddlewaretoken", "add_person", "continue"}
    }
    request.session[DRAFTS_SESSION_KEY] = drafts
    return draft_id


def _load_draft(request: HttpRequest, draft_id: str) -> dict[str, Any] | None:
    drafts: dict[str, Any] = request.session.get(DRAFTS_SESSION_KEY, {})
    return drafts.get(draft_id)


def _drop_draft(request: HttpRequest, draft_id: str) -> None:
    drafts: dict[str, Any] = request.session.get(DRAFTS_SESSION_KEY, {})
    drafts.pop(draft_id, None)
    request.session[DRAFTS_SESSION_KEY] = drafts
