"""factory_boy factories for test data. Workflows themselves go through the real services."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from tandem.accounts.models import Agency, AgencyKind, Role, User
from tandem.cases.models import Case, Priority
from tandem.geography.models import Area, AreaKind, Postcode
from tandem.incidents.models import Category
from tandem.people.keys import person_keys
from tandem.people.models import Person

TEST_PASSWORD = "correct-horse-battery-staple"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("ons_code",)

    name = factory.Sequence(lambda n: f"Area {n}")
    kind = AreaKind.PARTNERSHIP
    ons_code = factory.Sequence(lambda n: f"E1000{n:04d}")


class DistrictFactory(AreaFactory):
    kind = AreaKind.DISTRICT
    parent = factory.SubFactory(AreaFactory)
    ons_code = factory.Sequence(lambda n: f"E0700{n:04d}")


class WardFactory(AreaFactory):
    kind = AreaKind.WARD
    parent = factory.SubFactory(DistrictFactory)
    ons_code = factory.Sequence(lambda n: f"E0500{n:04d}")
    name = factory.Sequence(lambda n: f"Ward {n}")


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode

    postcode = factory.Sequence(lambda n: f"ME{n % 20 + 1} {n % 10}AB")
    ward = factory.SubFactory(WardFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.COUNCIL
    area = factory.SubFactory(AreaFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Officer"
    agency = factory.SubFactory(AgencyFactory)
    role = Role.CASE_OFFICER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = "Testperson"
    phone = ""
    email = ""
    address = ""
    postcode = ""
    name_key = factory.LazyAttribute(lambda o: _keys(o).name_key)
    surname_key = factory.LazyAttribute(lambda o: _keys(o).surname_key)
    forename_key = factory.LazyAttribute(lambda o: _keys(o).forename_key)
    phone_key = factory.LazyAttribute(lambda o: _keys(o).phone_key)
    email_key = factory.LazyAttribute(lambda o: _keys(o).email_key)
    address_key = factory.LazyAttribute(lambda o: _keys(o).address_key)


def _keys(o):
    return person_keys(
        first_name=o.first_name,
        last_name=o.last_name,
        phone=o.phone,
        email=o.email,
        address=o.address,
        postcode=o.postcode,
    )


def category(code: str = "personal") -> Category:
    return Category.objects.get(code=code)


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare case row, for selector and list tests; use the services for workflows."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"ASB-2026-T{n:04d}")
    lead_agency = factory.SubFactory(AgencyFactory)
    category = factory.LazyFunction(lambda: category("nuisance"))
    priority = Priority.STANDARD
    opened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    next_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))
