from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from tandem.accounts.models import Role, User


def run(*args: str, stdin: str | None = None, **options: object) -> str:
    output = io.StringIO()
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command(*args, stdout=output, **options)
    return output.getvalue()


def test_agencies_lists_codes_names_and_kinds(agency, other_agency):
    lines = run("agencies").splitlines()
    assert lines[0].split() == ["CODE", "NAME", "KIND", "AREA"]
    assert lines[2].startswith("TESTCOUNCIL")
    assert "Test Council" in lines[2]
    assert "Council" in lines[2].split("Test Council", 1)[1]
    assert lines[3].startswith("TESTPOLICE")
    # Columns line up: every row's name starts where the NAME heading does.
    name_column = lines[0].index("NAME")
    assert lines[2][name_column:].startswith("Test Council")
    assert lines[3][name_column:].startswith("Test Police")


def test_agencies_with_none(db):
    assert "No agencies" in run("agencies")


def test_create_user_reads_password_from_stdin(agency):
    output = run(
        "create_user",
        "new.officer",
        "--agency",
        "testcouncil",
        "--role",
        "case-officer",
        "--first-name",
        "Nia",
        "--last-name",
        "Example",
        "--email",
        "nia@example.com",
        stdin="a-long-enough-passphrase\nignored second line\n",
    )
    user = User.objects.get(username="new.officer")
    assert user.agency == agency
    assert user.role == Role.CASE_OFFICER
    assert (user.first_name, user.last_name, user.email) == ("Nia", "Example", "nia@example.com")
    assert user.check_password("a-long-enough-passphrase")
    assert "Created new.officer" in output
    assert "a-long-enough-passphrase" not in output
    assert "Password" not in output


def test_create_user_generates_a_password_when_none_is_piped(agency):
    output = run(
        "create_user", "new.handler", "--agency", "TESTCOUNCIL", "--role", "call_handler", stdin=""
    )
    password = output.strip().splitlines()[-1].rsplit(" ", 1)[-1]
    assert "shown once" in output
    assert len(password) >= 20
    user = User.objects.get(username="new.handler")
    assert user.check_password(password)
    assert not user.is_staff


def test_create_user_administrator_is_staff(agency):
    run("create_user", "new.admin", "--agency", "TESTCOUNCIL", "--role", "administrator", stdin="")
    assert User.objects.get(username="new.admin").is_staff


def test_create_user_unknown_agency_lists_codes(agency, other_agency):
    with pytest.raises(CommandError, match=r"Unknown agency 'NOPE'.*TESTCOUNCIL, TESTPOLICE"):
        run("create_user", "x.y", "--agency", "NOPE", "--role", "case_officer", stdin="")
    assert not User.objects.filter(username="x.y").exists()


def test_create_user_unknown_role_lists_roles(agency):
    with pytest.raises(CommandError, match=r"Unknown role 'boss'.*call_handler, case_officer"):
        run("create_user", "x.y", "--agency", "TESTCOUNCIL", "--role", "boss", stdin="")


def test_create_user_duplicate_username(officer):
    with pytest.raises(CommandError, match="already exists"):
        run(
            "create_user",
            "OFFICER",
            "--agency",
            officer.agency.code,
            "--role",
            "case_officer",
            stdin="",
        )


def test_create_user_weak_password_shows_validator_messages(agency):
    with pytest.raises(CommandError, match="too short") as error:
        run(
            "create_user", "x.y", "--agency", "TESTCOUNCIL", "--role", "analyst", stdin="password\n"
        )
    assert "too common" in str(error.value)
    assert not User.objects.filter(username="x.y").exists()


def test_api_token_prints_a_working_token(officer):
    token = run("api_token", "officer").strip()
    assert Token.objects.get(user=officer).key == token
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Token {token}")
    user, _ = TokenAuthentication().authenticate(request)
    assert user == officer


def test_api_token_replaces_the_earlier_one(officer):
    first = run("api_token", "officer").strip()
    second = run("api_token", "officer").strip()
    assert first != second
    assert list(Token.objects.filter(user=officer).values_list("key", flat=True)) == [second]


def test_api_token_unknown_user(db):
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        run("api_token", "ghost")
