"""Many-to-many history: each version records its many-to-many values, and the admin's revert
shows and restores them (simple-history alone would show and save the current ones)."""

import re

import pytest
from django.urls import reverse

from contacts.models import Authority, Channel
from countries.models import Answer, Instrument, Language, Provision, Question


def _recorded(record, field):
    """The primary keys `record` (a history row) holds for `field`, read from its own rows."""
    rows = getattr(record, field).all()
    target = rows.model._meta.get_field(getattr(type(record.instance), field).field.m2m_reverse_field_name())
    return set(rows.values_list(target.attname, flat=True))


def _current(obj, field):
    return set(getattr(obj, field).values_list("pk", flat=True))


def _revert_url(obj, version):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])


def _as_post(form):
    """What the browser would send for the fields the form shows, as they are shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


def _selected_in_html(html, field):
    """The values of the options selected in the page's <select name="field">."""
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert select, field
    return {int(value) for value in re.findall(r'<option value="(\d+)"[^>]*\bselected\b', select.group(1))}


def _revert(client, obj, version, fields):
    """Open the revert page of `version`, check its many-to-many fields show what `version`
    recorded (in the form and in the page), and save the page as shown."""
    url = _revert_url(obj, version)
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    for field in fields:
        shown = {int(pk) for pk in form[field].value()}
        assert shown == _recorded(version, field), field
        assert _selected_in_html(response.content.decode(), field) == shown, field
    response = client.post(url, _as_post(form))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


@pytest.fixture
def provisions(albania):
    law = Instrument.objects.create(
        country=albania, slug="law-al-test", short_name="Test law", title="Test law", kind="national_law"
    )
    return [
        Provision.objects.create(instrument=law, article=f"Art. {number}", title=f"Provision {number}")
        for number in (1, 2, 3)
    ]


def test_answer_provisions_are_recorded_and_reverted(client, coordinator, albania, provisions):
    first, second, third = provisions
    answer = Answer.objects.create(country=albania, question=Question.objects.get(key="permitted"), value="yes")
    answer.provisions.set([first, second])
    old = answer.history.first()

    answer.provisions.set([third])
    assert _recorded(answer.history.first(), "provisions") == {third.pk}
    assert _recorded(old, "provisions") == {first.pk, second.pk}
    # Each change of the set is a version: created empty, {1, 2}, then 2 removed and 3 added.
    assert [_recorded(record, "provisions") for record in answer.history.all()] == [
        {third.pk},
        set(),
        {first.pk, second.pk},
        set(),
    ]

    client.force_login(coordinator)
    _revert(client, answer, old, ["provisions"])
    assert _current(answer, "provisions") == {first.pk, second.pk}
    assert _recorded(answer.history.first(), "provisions") == {first.pk, second.pk}


def test_country_request_languages_are_recorded_and_reverted(client, coordinator, albania):
    english, french, albanian = (Language.objects.get(code=code) for code in ("en", "fr", "sq"))
    albania.request_languages.set([english, albanian])
    old = albania.history.first()

    albania.request_languages.set([french])
    assert _recorded(albania.history.first(), "request_languages") == {french.pk}
    assert _recorded(old, "request_languages") == {english.pk, albanian.pk}

    client.force_login(coordinator)
    _revert(client, albania, old, ["request_languages"])
    assert _current(albania, "request_languages") == {english.pk, albanian.pk}


def test_authority_languages_and_channels_are_recorded_and_reverted(client, coordinator, albania):
    english, french = Language.objects.get(code="en"), Language.objects.get(code="fr")
    interpol, siena = Channel.objects.get(slug="interpol-i24-7"), Channel.objects.get(slug="europol-siena")
    authority = Authority.objects.create(country=albania, name="State Police", kind="police")
    authority.languages.set([english])
    authority.channels.set([interpol])
    old = authority.history.first()

    authority.languages.set([french])
    authority.channels.set([interpol, siena])
    latest = authority.history.first()
    assert (_recorded(latest, "languages"), _recorded(latest, "channels")) == ({french.pk}, {interpol.pk, siena.pk})
    assert (_recorded(old, "languages"), _recorded(old, "channels")) == ({english.pk}, {interpol.pk})

    client.force_login(coordinator)
    _revert(client, authority, old, ["languages", "channels"])
    assert _current(authority, "languages") == {english.pk}
    assert _current(authority, "channels") == {interpol.pk}


def test_revert_of_a_version_without_many_to_many_values_empties_the_set(client, coordinator, albania):
    authority = Authority.objects.create(country=albania, name="State Police", kind="police")
    empty = authority.history.first()
    authority.languages.set([Language.objects.get(code="en")])

    client.force_login(coordinator)
    _revert(client, authority, empty, ["languages", "channels"])
    assert _current(authority, "languages") == set()


def test_the_change_form_still_shows_the_current_values(client, coordinator, albania):
    english, french = Language.objects.get(code="en"), Language.objects.get(code="fr")
    authority = Authority.objects.create(country=albania, name="State Police", kind="police")
    authority.languages.set([english])
    authority.languages.set([french])

    client.force_login(coordinator)
    response = client.get(reverse("admin:contacts_authority_change", args=[authority.pk]))
    assert [int(pk) for pk in response.context["adminform"].form["languages"].value()] == [french.pk]


def test_focal_point_cannot_revert(client, focal_point_a, albania):
    english, french = Language.objects.get(code="en"), Language.objects.get(code="fr")
    authority = Authority.objects.create(country=albania, name="State Police", kind="police")
    authority.languages.set([english])
    old = authority.history.first()
    authority.languages.set([french])

    client.force_login(focal_point_a)
    url = _revert_url(authority, old)
    assert client.get(url).status_code == 403
    data = {"name": authority.name, "kind": authority.kind, "country": albania.pk, "languages": [english.pk]}
    data["concurrency_token"] = authority.updated_at.isoformat()
    assert client.post(url, data).status_code == 403
    assert _current(authority, "languages") == {french.pk}
