from __future__ import annotations

import pytest
from rest_framework import exceptions
from rest_framework.authtoken.models import Token

from tandem.core.authentication import TokenAuthentication

pytestmark = pytest.mark.django_db


def test_the_token_brings_its_user_and_agency_in_one_query(officer, django_assert_num_queries):
    token = Token.objects.create(user=officer)
    with django_assert_num_queries(1):
        user, _ = TokenAuthentication().authenticate_credentials(token.key)
        assert user.agency.code == officer.agency.code


def test_an_unknown_or_inactive_users_token_is_refused(officer):
    token = Token.objects.create(user=officer)
    with pytest.raises(exceptions.AuthenticationFailed):
        TokenAuthentication().authenticate_credentials("not-a-token")
    officer.is_active = False
    officer.save()
    with pytest.raises(exceptions.AuthenticationFailed):
        TokenAuthentication().authenticate_credentials(token.key)
