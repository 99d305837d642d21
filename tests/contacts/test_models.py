"""Invariants of the contacts app: owners, phone numbers, emails, reachability, visibility."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from contacts.models import Authority, ContactPoint
from countries.models import Organization


@pytest.fixture
def police(albania):
    return Authority.objects.create(country=albania, name="Police Directorate", kind="police")


@pytest.fixture
def europol(db):
    return Organization.objects.get(slug="europol")


def test_authority_with_both_owners_is_refused(albania, europol):
    authority = Authority(country=albania, organization=europol, name="Both", kind="police")
    with pytest.raises(ValidationError) as err:
        authority.full_clean()
    assert "either a country or an organization" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        authority.save()


def test_authority_with_no_owner_is_refused(db):
    authority = Authority(name="Nobody's", kind="police")
    with pytest.raises(ValidationError) as err:
        authority.full_clean()
    assert "either a country or an organization" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        authority.save()


def test_organization_authority_is_valid(europol):
    Authority(organization=europol, name="Europol Operational Centre", kind="international_body").full_clean()


def test_invalid_phone_number_is_refused_with_a_clear_error(police):
    contact = ContactPoint(authority=police, function="Duty desk", phone="+44 20 12")
    with pytest.raises(ValidationError) as err:
        contact.full_clean()
    assert "phone" in err.value.message_dict
    assert "The phone number entered is not valid." in str(err.value.message_dict["phone"])


def test_phone_number_is_stored_in_e164(police):
    contact = ContactPoint(authority=police, function="Duty desk", phone="+44 20 7946 0123")
    contact.full_clean()
    contact.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM contacts_contactpoint WHERE id = %s", [contact.pk])
        assert cursor.fetchone()[0] == "+442079460123"
    contact.refresh_from_db()
    assert str(contact.phone) == "+44 20 7946 0123"  # shown in international format


def test_invalid_email_is_refused(police):
    contact = ContactPoint(authority=police, function="Duty desk", email="not-an-address")
    with pytest.raises(ValidationError) as err:
        contact.full_clean()
    assert "email" in err.value.message_dict


def test_contact_point_needs_a_way_to_reach_it(police):
    contact = ContactPoint(authority=police, function="Nobody answers")
    with pytest.raises(ValidationError) as err:
        contact.full_clean()
    assert "at least a phone, a mobile or an email" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        contact.save()


def test_officials_only_contact_points_are_hidden_from_anonymous_visitors(police, official):
    public = ContactPoint.objects.create(
        authority=police, function="Switchboard", phone="+442079460100", visibility="public"
    )
    restricted = ContactPoint.objects.create(authority=police, function="Head of unit", email="head@example.org")
    assert restricted.visibility == "officials"  # the default protects
    assert list(ContactPoint.objects.visible_to(AnonymousUser())) == [public]
    assert set(ContactPoint.objects.visible_to(official)) == {public, restricted}


def test_history_rows_are_written_on_save(police):
    contact = ContactPoint.objects.create(authority=police, function="Desk", email="desk@example.org")
    contact.function = "24/7 desk"
    contact.save()
    assert [h.function for h in contact.history.all()] == ["24/7 desk", "Desk"]
    assert police.history.count() == 1
