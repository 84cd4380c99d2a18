from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tandem.accounts.models import Agency
from tandem.cases.models import Case
from tandem.core.forms import GovukDateField
from tandem.sharing.models import AgreementStatus, SharingAgreement
from tandem.sharing.selectors import agreements_covering, share_agencies

# Where the services' error keys go on the share form.
SHARE_FIELD_FOR_ERROR = {"expires_at": "expires_on", "starts_at": "expires_on"}


def add_service_errors(
    form: forms.BaseForm, errors: dict[str, list[str]], renames: dict[str, str] | None = None
) -> None:
    renames = renames or {}
    for field, messages in errors.items():
        name = renames.get(field, field)
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency to share with",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency to share the case with"},
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Why the agency needs to see this case, for example to plan a joint visit.",
        error_messages={"required": "Say why the case is being shared"},
    )
    agreement = forms.ModelChoiceField(
        label="Information-sharing agreement",
        queryset=SharingAgreement.objects.none(),
        required=False,
        empty_label="None: give the legal basis below",
        help_text="Agreements in force that your agency has signed. The agency you share with "
        "must have signed it too.",
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="Needed when no agreement applies, for example Crime and Disorder Act 1998 "
        "section 115.",
    )
    expires_on = GovukDateField(
        label="Share until",
        label_for_errors="expiry date",
        required=False,
        help_text="The last day the agency can see the case, for example 31 3 2027. Leave blank "
        "to share until you revoke it.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        agreement = self.fields["agreement"]
        assert isinstance(agency, forms.ModelChoiceField)
        assert isinstance(agreement, forms.ModelChoiceField)
        agency.queryset = share_agencies(case)
        agreement.queryset = agreements_covering(case.lead_agency_id)

    def clean_expires_on(self) -> Any:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError("The expiry date must be today or in the future")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = not data.get("agreement") and not (data.get("legal_basis") or "").strip()
        if missing and "agreement" not in self.errors and "legal_basis" not in self.errors:
            self.add_error(
                "legal_basis", "Choose an information-sharing agreement or give the legal basis"
            )
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why are you revoking this share?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kept with the share and on the case's audit record.",
        error_messages={"required": "Give the reason for revoking the share"},
    )


class AgreementForm(forms.ModelForm):
    """An entry in the information-sharing agreements register."""

    parties = forms.ModelMultipleChoiceField(
        label="Parties",
        queryset=Agency.objects.filter(active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Every agency that has signed. The owner is always a party.",
        error_messages={"required": "Choose the agencies that have signed the agreement"},
    )
    starts_on = GovukDateField(label="Start date", label_for_errors="start date")
    review_due = GovukDateField(label="Review due", label_for_errors="review date")
    ends_on = GovukDateField(
        label="End date",
        label_for_errors="end date",
        required=False,
        help_text="Leave blank if the agreement has no fixed end.",
    )
    status = forms.ChoiceField(
        label="Status", choices=AgreementStatus.choices, widget=forms.RadioSelect
    )
    document_url = forms.URLField(
        label="Link to the signed agreement",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="Where the signed agreement is kept, for example on the partnership's "
        "document store.",
    )

    class Meta:
        model = SharingAgreement
        fields = [
            "title",
            "reference",
            "owner_agency",
            "parties",
            "purpose",
            "legal_basis",
            "data_categories",
            "special_category_data",
            "special_category_condition",
            "starts_on",
            "review_due",
            "ends_on",
            "status",
            "document_url",
            "notes",
        ]
        labels = {
            "owner_agency": "Owner",
            "legal_basis": "Legal basis",
            "data_categories": "Information covered",
            "special_category_data": "Special-category and criminal offence data may be shared",
            "special_category_condition": "Condition for special-category data",
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "data_categories": forms.Textarea(attrs={"rows": 3}),
            "special_category_condition": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter the agreement's title"},
            "reference": {
                "required": "Enter the agreement's reference",
                "unique": "Another agreement has that reference",
            },
            "owner_agency": {"required": "Choose the agency that owns the agreement"},
            "purpose": {"required": "Say what the information is shared for"},
            "legal_basis": {"required": "Give the legal basis for sharing"},
            "data_categories": {"required": "Say what information the agreement covers"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_agency"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = Agency.objects.filter(active=True).order_by("name")
        owner.empty_label = "Choose an agency"

        if self.instance.pk:
            self.fields["reference"].disabled = True
            self.fields["reference"].widget.attrs["readonly"] = "readonly"
            self.fields["reference"].help_text = "The reference cannot be changed."
