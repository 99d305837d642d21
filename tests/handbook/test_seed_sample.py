"""`manage.py seed_sample`: fictional, deterministic, idempotent sample data that never touches a
record a person entered."""

import re
from io import StringIO

import phonenumbers
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.forms.models import model_to_dict
from django.utils import timezone

from contacts.models import Authority, ContactPoint
from countries.models import Answer, Country, Instrument, Language, Organization, Provision, Question, stale_cutoff

# UK drama numbers +44 20 7946 0000-0999 and US fiction numbers +1 202 555 0100-0199.
FICTION_PHONE = re.compile(r"^(\+442079460\d{3}|\+120255501\d{2})$")

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_sample", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "authorities": Authority.objects.count(),
        "contact points": ContactPoint.objects.count(),
        "answers": Answer.objects.count(),
        "instruments": Instrument.objects.count(),
        "provisions": Provision.objects.count(),
    }


def snapshot():
    contacts = {
        (
            cp.authority.name,
            cp.function,
            cp.phone.as_e164 if cp.phone else "",
            cp.email,
            cp.visibility,
        )
        for cp in ContactPoint.objects.select_related("authority")
    }
    answers = set(Answer.objects.values_list("country__code", "question__key", "value", "details"))
    return contacts, answers


def test_scale_1_gives_every_country_a_full_fictional_set():
    output = seed()

    assert "created" in output and "\n" not in output.strip()
    countries = Country.objects.count()
    assert countries == 68
    per_country = Country.objects.annotate(
        n_answers=Count("answers", distinct=True),
        n_authorities=Count("authorities", distinct=True),
        n_contacts=Count("authorities__contact_points", distinct=True),
    )
    for country in per_country:
        assert country.n_answers == Question.objects.count() == 22, country
        assert country.n_authorities >= 5, country
        assert 12 <= country.n_contacts <= 18, country
        law = Instrument.objects.get(country=country, kind=Instrument.Kind.NATIONAL_LAW)
        assert law.provisions.count() == 10
        spocs = Authority.objects.filter(country=country, is_single_point_of_contact=True)
        assert [(a.is_24_7, a.receives_requests) for a in spocs] == [(True, True)], country
    for organization in Organization.objects.all():
        authorities = Authority.objects.filter(organization=organization, country=None)
        assert 1 <= authorities.count() <= 2
        assert ContactPoint.objects.filter(authority__in=authorities).exists()

    for model in (Authority, ContactPoint, Answer):
        assert not model.objects.filter(is_sample=False).exists(), model
    assert not Instrument.objects.national().filter(is_sample=False).exists()
    assert not Provision.objects.filter(instrument__country__isnull=False, is_sample=False).exists()
    assert not Instrument.objects.international().filter(is_sample=True).exists()
    assert all("Sample" in name for name in Authority.objects.values_list("name", flat=True))


def test_sample_contacts_are_fictional_and_varied():
    seed()
    contacts = list(ContactPoint.objects.all())

    emails = [cp.email for cp in contacts if cp.email] + list(
        Authority.objects.exclude(email="").values_list("email", flat=True)
    )
    assert emails and all(email.endswith("@example.org") for email in emails)
    numbers = [n for cp in contacts for n in (cp.phone, cp.mobile, cp.fax) if n]
    numbers += [a.switchboard for a in Authority.objects.exclude(switchboard="")]
    for number in numbers:
        assert FICTION_PHONE.match(number.as_e164), number
        assert phonenumbers.is_valid_number(number), number
    assert all(cp.phone or cp.mobile or cp.email for cp in contacts)
    assert all(re.fullmatch(r"Sample \w+ \d+", cp.person_name) for cp in contacts if cp.person_name)
    assert not Authority.objects.exclude(website__startswith="https://example.org/").exists()

    public = [cp for cp in contacts if cp.is_public]
    assert 0.1 < len(public) / len(contacts) < 0.3
    assert all(cp.person_name == "" for cp in public), "a named person is never public"
    assert all(cp.is_24_7 or cp.hours for cp in contacts)
    assert ContactPoint.objects.stale().exists()
    assert ContactPoint.objects.filter(last_verified_on__isnull=True).exists()
    assert ContactPoint.objects.filter(last_verified_on__gte=stale_cutoff()).exists()
    assert len(set(Authority.objects.values_list("kind", flat=True))) >= 8
    assert Authority.objects.filter(languages__code="en").exists()
    assert Authority.objects.filter(channels__isnull=False).exists()


def test_sample_answers_and_reviews_are_varied():
    seed()
    yes_no = Answer.objects.filter(question__kind=Question.Kind.YES_NO)
    unknown = yes_no.filter(value=Answer.Value.UNKNOWN).count()
    assert 0.05 < unknown / yes_no.count() < 0.25
    assert set(yes_no.values_list("value", flat=True)) == set(Answer.Value.values)
    text = Answer.objects.filter(question__kind=Question.Kind.TEXT)
    assert set(text.values_list("value", flat=True)) == {""}
    assert all(
        d.startswith("Sample answer: ") for d in Answer.objects.exclude(details="").values_list("details", flat=True)
    )
    assert Answer.objects.filter(provisions__instrument__is_sample=True).exists()
    assert Answer.objects.filter(provisions__instrument__country__isnull=True).exists()
    # Answers cite their own country's law, never another country's.
    links = Answer.provisions.through.objects.filter(provision__instrument__country__isnull=False)
    assert all(a == b for a, b in links.values_list("answer__country", "provision__instrument__country"))

    cutoff = stale_cutoff()
    stale = Country.objects.filter(last_reviewed_on__lt=cutoff).count()
    assert 8 <= stale <= 28
    assert Country.objects.filter(last_reviewed_on__isnull=True).exists()
    assert Country.objects.filter(last_reviewed_on__gte=cutoff).exists()
    assert Country.objects.filter(request_languages__code="en").distinct().count() == 68


def test_scale_2_doubles_authorities_contact_points_and_provisions():
    seed()
    at_1 = counts()
    seed("--scale", "2")
    at_2 = counts()

    assert at_2["authorities"] == 2 * at_1["authorities"]
    assert at_2["contact points"] == 2 * at_1["contact points"]
    assert at_2["answers"] == at_1["answers"] == 68 * 22
    assert at_2["instruments"] == at_1["instruments"]
    national = Provision.objects.filter(instrument__country__isnull=False).count()
    assert national == 68 * 20
    assert Authority.objects.filter(is_single_point_of_contact=True).count() == 68


def test_the_same_data_every_run():
    seed()
    first, first_counts = snapshot(), counts()
    seed()

    assert snapshot() == first
    assert counts() == first_counts


def test_rerun_and_clear_keep_hand_entered_records(albania, serbia, official):
    seed()
    sample_authority = Authority.objects.get(name="Sample National Police Directorate (Serbia)")
    sample_provision = Provision.objects.get(instrument__country=serbia, article="Art. 2")
    permitted = Question.objects.get(key="permitted")
    Answer.objects.filter(country=serbia, question=permitted).delete()

    hand_authority = Authority.objects.create(country=albania, name="Real Police", kind=Authority.Kind.POLICE)
    hand_contact = ContactPoint.objects.create(
        authority=hand_authority, function="Duty officer", email="duty@police.example"
    )
    hand_contact.languages.set([Language.objects.get(code="sq")])
    # A person adds a desk to a sample authority: that authority must stay.
    hand_contact_under_sample = ContactPoint.objects.create(
        authority=sample_authority, function="Night desk", phone="+442079460500", last_verified_by=official
    )
    hand_answer = Answer.objects.create(country=serbia, question=permitted, value="yes", details="Art. 2 of the act.")
    hand_answer.provisions.set([sample_provision])
    hand_records = [hand_authority, hand_contact, hand_contact_under_sample, hand_answer]
    before = {(type(r), r.pk): (model_to_dict(r), r.updated_at) for r in hand_records}

    def unchanged():
        for record in hand_records:
            record.refresh_from_db()
            assert (model_to_dict(record), record.updated_at) == before[(type(record), record.pk)]

    seed()

    unchanged()
    assert Authority.objects.filter(name=sample_authority.name).get().pk == sample_authority.pk
    assert sample_authority.contact_points.filter(is_sample=True).count() == 3
    assert Provision.objects.filter(pk=sample_provision.pk).exists()
    assert Instrument.objects.filter(country=serbia).count() == 1
    assert Provision.objects.filter(instrument__country=serbia).count() == 10
    assert Answer.objects.filter(country=serbia).count() == 22
    assert Answer.objects.get(country=serbia, question=permitted).pk == hand_answer.pk

    seed("--clear")

    unchanged()
    assert list(Authority.objects.filter(is_sample=True)) == [sample_authority]
    assert list(ContactPoint.objects.order_by("pk")) == [hand_contact, hand_contact_under_sample]
    assert list(Provision.objects.filter(is_sample=True)) == [sample_provision]
    assert list(Instrument.objects.filter(is_sample=True)) == [sample_provision.instrument]
    assert list(Answer.objects.all()) == [hand_answer]


def test_a_country_reviewed_by_a_person_is_left_untouched(albania, focal_point_a):
    reviewed_on = timezone.localdate().replace(day=1)
    albania.mark_reviewed(focal_point_a, today=reviewed_on)
    albania.request_languages.set([Language.objects.get(code="fr")])
    albania.refresh_from_db()
    before = (model_to_dict(albania), albania.updated_at, albania.history.count())

    seed()

    albania.refresh_from_db()
    assert (model_to_dict(albania), albania.updated_at, albania.history.count()) == before
    assert albania.last_reviewed_on == reviewed_on
    assert list(albania.request_languages.values_list("code", flat=True)) == ["fr"]
    assert Country.objects.exclude(pk=albania.pk).filter(request_languages__isnull=False).distinct().count() == 67


def test_if_empty_leaves_a_filled_handbook_alone():
    seed()
    filled = counts()

    output = seed("--if-empty", "--scale", "2")

    assert counts() == filled
    assert "no sample data created" in output


def test_scale_must_be_positive():
    with pytest.raises(CommandError):
        seed("--scale", "0")
