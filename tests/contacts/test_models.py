"""Invariants of the contacts app: owners, phone numbers, emails, reachability, visibility."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction

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


# The directory's order rests on copies of the country's and the authority's names.


def _directory(user):
    from contacts.views import directory_queryset

    return [(point.function, point.authority.name) for point in directory_queryset(user).select_related("authority")]


def test_directory_order_follows_renames_and_moves(albania, serbia, europol, official):
    police = Authority.objects.create(country=serbia, name="B Police", kind="police")
    customs = Authority.objects.create(country=albania, name="Customs", kind="customs")
    liaison = Authority.objects.create(organization=europol, name="Liaison desk", kind="liaison")
    ContactPoint.objects.create(authority=police, function="Duty desk", email="a@example.org")
    ContactPoint.objects.create(authority=customs, function="Duty desk", email="b@example.org")
    ContactPoint.objects.create(authority=customs, function="Analyst", email="c@example.org")
    ContactPoint.objects.create(authority=liaison, function="Desk", email="d@example.org")
    # Albania, then Serbia, then the organizations' contact points; by authority, then function.
    assert _directory(official) == [
        ("Analyst", "Customs"),
        ("Duty desk", "Customs"),
        ("Duty desk", "B Police"),
        ("Desk", "Liaison desk"),
    ]

    serbia.name = "Aaa Serbia"  # a country renamed moves its contact points
    serbia.save()
    assert _directory(official)[0] == ("Duty desk", "B Police")

    police.country = albania  # an authority moved to another country, and renamed
    police.name = "A Police"
    police.save()
    assert _directory(official)[:2] == [("Duty desk", "A Police"), ("Analyst", "Customs")]

    point = ContactPoint.objects.get(function="Desk")
    point.authority = customs  # a contact point moved to another authority
    point.save()
    assert ("Desk", "Customs") in _directory(official)[:4]
    assert ContactPoint.objects.filter(sort_country=None).count() == 0


def test_sample_data_and_bulk_copies_carry_the_sort_keys(db):
    from django.core.management import call_command

    call_command("seed_sample", scale=1, verbosity=0)
    wrong = ContactPoint.objects.exclude(sort_authority=models.F("authority__name"))
    assert not wrong.exists()
    assert not ContactPoint.objects.filter(authority__country__isnull=False, sort_country=None).exists()
    ContactPoint.objects.update(sort_country="x", sort_country_fr="x", sort_country_ru="x", sort_authority="y")
    ContactPoint.objects.copy_sort_keys()
    assert not ContactPoint.objects.filter(authority__country__isnull=False, sort_country_fr="x").exists()
    assert not ContactPoint.objects.filter(authority__country__isnull=False, sort_country_ru="x").exists()
    assert not ContactPoint.objects.exclude(sort_authority=models.F("authority__name")).exists()
    assert not ContactPoint.objects.exclude(
        models.Q(sort_country=models.F("authority__country__name")) | models.Q(authority__country__isnull=True)
    ).exists()


def _directory_countries(user, language):
    from django.utils import translation

    from contacts.views import directory_queryset

    with translation.override(language):
        points = directory_queryset(user).select_related("authority__country")
        names = [point.authority.country.name for point in points]
    return list(dict.fromkeys(names))


def test_directory_order_follows_the_readers_language(official):
    from countries.models import Country

    for code in ("EG", "FI", "DE"):
        authority = Authority.objects.create(country=Country.objects.get(code=code), name="Police", kind="police")
        ContactPoint.objects.create(authority=authority, function="Duty desk", email=f"desk@{code.lower()}.example.org")
    assert _directory_countries(official, "en") == ["Egypt", "Finland", "Germany"]
    # "Égypte" sorts among the E, not after the Z, on every database.
    assert _directory_countries(official, "fr") == ["Allemagne", "Égypte", "Finlande"]
    assert _directory_countries(official, "ru") == ["Германия", "Египет", "Финляндия"]

    germany = Country.objects.get(code="DE")  # a French name edited: the French order follows
    germany.name_fr = "Zzz Allemagne"
    germany.save()
    assert _directory_countries(official, "fr") == ["Égypte", "Finlande", "Zzz Allemagne"]
    assert _directory_countries(official, "en") == ["Egypt", "Finland", "Germany"]


def test_a_french_reader_saving_a_contact_point_keeps_every_sort_column_right(albania, police):
    from django.utils import translation

    with translation.override("fr"):
        point = ContactPoint.objects.create(authority=police, function="Desk", email="desk@example.org")
        police.save()
    point.refresh_from_db()
    assert (point.sort_country, point.sort_country_fr, point.sort_country_ru) == ("Albania", "albanie", "албания")
