"""Invariants of the countries app hold in the database and read clearly in forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from countries.models import Answer, Country, Question


@pytest.fixture
def permitted(db):
    return Question.objects.get(key="permitted")


@pytest.fixture
def national_basis(db):
    return Question.objects.get(key="national_basis")


def test_second_answer_for_same_country_and_question_is_refused_by_the_database(albania, permitted):
    Answer.objects.create(country=albania, question=permitted, value="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(country=albania, question=permitted, value="no")
    assert Answer.objects.filter(country=albania, question=permitted).count() == 1


def test_second_answer_gets_a_clear_form_error(albania, permitted):
    Answer.objects.create(country=albania, question=permitted, value="yes")
    Form = modelform_factory(Answer, fields=["country", "question", "value", "details"])
    form = Form(data={"country": albania.pk, "question": permitted.pk, "value": "no", "details": ""})
    assert not form.is_valid()
    assert "This country already has an answer to this question." in str(form.errors)


def test_yes_no_question_needs_a_value_and_text_question_refuses_one(albania, permitted, national_basis):
    with pytest.raises(ValidationError) as err:
        Answer(country=albania, question=permitted, value="").full_clean()
    assert "value" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        Answer(country=albania, question=national_basis, value="yes", details="Law 1").full_clean()
    assert "A text question takes details only" in str(err.value)
    Answer(country=albania, question=national_basis, value="", details="Law 1").full_clean()


def test_country_slug_is_unique(db, albania):
    with pytest.raises(ValidationError) as err:
        Country(code="XK", name="Another", slug=albania.slug, osce_status="participating_state").full_clean()
    assert "slug" in err.value.message_dict


def test_history_rows_are_written_on_save(albania):
    before = albania.history.count()
    albania.summary = "Controlled deliveries are decided case by case."
    albania.save()
    assert albania.history.count() == before + 1
    assert albania.history.first().summary == "Controlled deliveries are decided case by case."


def test_mark_reviewed_stamps_date_and_user(albania, focal_point_a):
    albania.mark_reviewed(focal_point_a)
    albania.refresh_from_db()
    assert albania.last_reviewed_by == focal_point_a
    assert not albania.is_stale
    assert albania not in Country.objects.stale()
