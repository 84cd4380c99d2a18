from __future__ import annotations

from django.core.exceptions import ValidationError

from tandem.core.api import exception_handler


def test_service_field_errors_become_400_with_fields():
    response = exception_handler(
        ValidationError({"occurred_at": ["Not in the future"], "types": ["Select one"]}), {}
    )

    assert response is not None
    assert response.status_code == 400
    assert response.data == {"occurred_at": ["Not in the future"], "types": ["Select one"]}


def test_service_errors_without_a_field_are_non_field_errors():
    response = exception_handler(ValidationError("The case is locked"), {})

    assert response is not None
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["The case is locked"]}


def test_message_parameters_are_filled_in():
    error = ValidationError("%(n)s is too many", params={"n": 3}, code="max")

    response = exception_handler(ValidationError({"people": [error]}), {})

    assert response is not None
    assert response.data == {"people": ["3 is too many"]}
    assert response.data["people"][0].code == "max"
