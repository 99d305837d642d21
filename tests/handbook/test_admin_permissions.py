"""Who may do what in the admin: a permission matrix over personas, models and actions, and crafted
requests that try to reach another country's records and must change nothing."""

import json

import pytest
from django.urls import reverse

from contacts.models import Authority, ContactPoint
from countries.models import (
    Answer,
    Country,
    FocalPointAssignment,
    Instrument,
    Language,
    Membership,
    Organization,
    Provision,
    Question,
    Section,
)


def _national_records(country):
    """One record of every country-owned kind for `country`, each with one history row."""
    authority = Authority.objects.create(country=country, name=f"Police of {country.name}", kind="police")
    law = Instrument.objects.create(
        country=country,
        slug=f"law-{country.code}".lower(),
        short_name=f"Law of {country.name}",
        title="Law",
        kind="national_law",
    )
    return {
        "country": country,
        "answer": Answer.objects.create(country=country, question=Question.objects.get(key="permitted"), value="yes"),
        "instrument": law,
        "provision": Provision.objects.create(instrument=law, article="Art. 1", title="Controlled delivery"),
        "membership": Membership.objects.get(country=country, organization__slug="osce"),
        "authority": authority,
        "contactpoint": ContactPoint.objects.create(authority=authority, function="Desk", email="desk@example.org"),
    }


@pytest.fixture
def records(albania, serbia):
    return {"own": _national_records(albania), "other": _national_records(serbia)}


@pytest.fixture
def reference_records(db, coordinator):
    international = Instrument.objects.get(short_name="UNTOC")
    return {
        "section": Section.objects.first(),
        "question": Question.objects.first(),
        "organization": Organization.objects.get(slug="europol"),
        "international instrument": international,
        "international provision": international.provisions.first(),
        "language": Language.objects.get(code="en"),
        "user": coordinator,
    }


def _history(obj):
    """Give the record a history row (reference data is loaded without one)."""
    obj.save()
    return obj.history.first().history_id if hasattr(obj, "history") else None


def _url(action, obj):
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    if action == "changelist":
        return reverse(f"{name}_changelist")
    if action == "add":
        return reverse(f"{name}_add")
    if action == "revert":
        return reverse(f"{name}_simple_history", args=[obj.pk, _history(obj)])
    return reverse(f"{name}_{action}", args=[obj.pk])


ACTIONS = ["changelist", "change", "add", "delete", "history", "revert"]


def _statuses(client, obj, actions=ACTIONS):
    return {action: client.get(_url(action, obj)).status_code for action in actions}


def _login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.fixture
def personas(official, focal_point_a, focal_point_b, coordinator):
    return {"anonymous": None, "official": official, "focal point A": focal_point_a, "coordinator": coordinator}


ALL_OK = dict.fromkeys(ACTIONS, 200)
REDIRECT_TO_LOGIN = dict.fromkeys(ACTIONS, 302)

# Focal point A (Albania) on an Albanian record: everything but revert; no adding or deleting countries.
FOCAL_OWN = {**ALL_OK, "revert": 403}
FOCAL_OWN_COUNTRY = {**FOCAL_OWN, "add": 403, "delete": 403}
# ... on a Serbian record: it does not exist for them (404), its history is forbidden (403).
FOCAL_OTHER = {"changelist": 200, "change": 404, "add": 200, "delete": 404, "history": 403, "revert": 403}
FOCAL_OTHER_COUNTRY = {**FOCAL_OTHER, "add": 403}
# Reference lists a focal point may read but never change.
FOCAL_READ_ONLY = {"changelist": 200, "change": 200, "add": 403, "delete": 403, "history": 200, "revert": 403}
# International legislation: read-only, although a focal point may add their own national laws.
FOCAL_READ_ONLY_MAY_ADD = {**FOCAL_READ_ONLY, "add": 200}
FORBIDDEN = dict.fromkeys(ACTIONS, 403)


@pytest.mark.parametrize(
    "kind", ["country", "answer", "instrument", "provision", "membership", "authority", "contactpoint"]
)
def test_permission_matrix_for_country_owned_records(client, personas, records, kind):
    own, other = records["own"][kind], records["other"][kind]
    expected = {
        "anonymous": (REDIRECT_TO_LOGIN, REDIRECT_TO_LOGIN),
        "official": (REDIRECT_TO_LOGIN, REDIRECT_TO_LOGIN),
        "focal point A": (FOCAL_OWN_COUNTRY, FOCAL_OTHER_COUNTRY) if kind == "country" else (FOCAL_OWN, FOCAL_OTHER),
        "coordinator": (ALL_OK, ALL_OK),
    }
    for persona, user in personas.items():
        client.logout()
        _login(client, user)
        assert _statuses(client, own) == expected[persona][0], (persona, kind, "own")
        assert _statuses(client, other) == expected[persona][1], (persona, kind, "other")


@pytest.mark.parametrize(
    "kind",
    [
        "section",
        "question",
        "organization",
        "international instrument",
        "international provision",
        "language",
        "user",
    ],
)
def test_permission_matrix_for_reference_records(client, personas, reference_records, kind):
    obj = reference_records[kind]
    has_history = hasattr(obj, "history")
    actions = ACTIONS if has_history else ["changelist", "change", "add", "delete"]
    focal = {"user": FORBIDDEN, "international instrument": FOCAL_READ_ONLY_MAY_ADD}.get(kind, FOCAL_READ_ONLY)
    if kind == "international provision":
        focal = FOCAL_READ_ONLY_MAY_ADD
    expected = {
        "anonymous": REDIRECT_TO_LOGIN,
        "official": REDIRECT_TO_LOGIN,
        "focal point A": focal,
        "coordinator": ALL_OK,
    }
    for persona, user in personas.items():
        client.logout()
        _login(client, user)
        want = {action: expected[persona][action] for action in actions}
        assert _statuses(client, obj, actions) == want, (persona, kind)


def test_focal_points_cannot_reach_focal_point_assignments(client, focal_point_a, focal_point_b):
    client.force_login(focal_point_a)
    assignment = FocalPointAssignment.objects.get(user=focal_point_b)
    assert client.get(reverse("admin:countries_focalpointassignment_changelist")).status_code == 403
    assert client.get(reverse("admin:countries_focalpointassignment_change", args=[assignment.pk])).status_code == 403


def _autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    return response.status_code, [row["text"] for row in json.loads(response.content)["results"]] if (
        response.status_code == 200
    ) else []


def test_autocomplete_offers_only_the_focal_points_own_records(client, records, focal_point_a, coordinator):
    client.force_login(focal_point_a)
    assert _autocomplete(client, "contacts", "authority", "country") == (200, ["Albania"])
    status, authorities = _autocomplete(client, "contacts", "contactpoint", "authority")
    assert (status, authorities) == (200, ["Police of Albania (Albania)"])  # an authority's name shows its owner
    status, provisions = _autocomplete(client, "countries", "answer", "provisions")
    assert "Law of Albania, Art. 1" in provisions and "Law of Serbia, Art. 1" not in provisions
    assert "UNTOC, Art. 20" in provisions  # international provisions may be cited, never changed
    client.force_login(coordinator)
    assert _autocomplete(client, "contacts", "authority", "country", "Serbia") == (200, ["Serbia"])


def test_anonymous_and_officials_get_no_autocomplete(client, official):
    assert _autocomplete(client, "contacts", "authority", "country")[0] == 302
    client.force_login(official)
    assert _autocomplete(client, "contacts", "authority", "country")[0] == 302


# Crafted requests ----------------------------------------------------------------------------------


def _contact_form(contact, **changes):
    data = {
        "authority": contact.authority_id,
        "function": contact.function,
        "person_name": contact.person_name,
        "email": contact.email,
        "visibility": contact.visibility,
        "concurrency_token": contact.updated_at.isoformat(),
    }
    data.update(changes)
    return data


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Country, Answer, Instrument, Provision, Membership, Authority, ContactPoint)
    }


def test_crafted_posts_for_another_country_change_nothing(client, records, focal_point_a):
    client.force_login(focal_point_a)
    own, other = records["own"], records["other"]
    revert_url = _url("revert", own["contactpoint"])  # saves once, to have a version to revert to
    own["contactpoint"].refresh_from_db()
    before = _snapshot()

    # Edit Serbia's contact point directly.
    url = reverse("admin:contacts_contactpoint_change", args=[other["contactpoint"].pk])
    assert client.post(url, _contact_form(other["contactpoint"], function="Hijacked")).status_code == 404
    # Move Albania's contact point under Serbia's authority.
    url = reverse("admin:contacts_contactpoint_change", args=[own["contactpoint"].pk])
    response = client.post(url, _contact_form(own["contactpoint"], authority=other["authority"].pk))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    # Create an authority in Serbia, and one that belongs to an organization.
    url = reverse("admin:contacts_authority_add")
    response = client.post(url, {"name": "Planted", "kind": "police", "country": other["country"].pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    europol = Organization.objects.get(slug="europol")
    response = client.post(url, {"name": "Planted", "kind": "police", "organization": europol.pk})
    assert response.status_code == 200
    # Answer for Serbia; move Albania's answer to Serbia.
    url = reverse("admin:countries_answer_change", args=[own["answer"].pk])
    response = client.post(
        url,
        {
            "country": other["country"].pk,
            "question": own["answer"].question_id,
            "value": "no",
            "concurrency_token": own["answer"].updated_at.isoformat(),
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    # Delete Serbia's authority, directly and through a bulk action.
    url = reverse("admin:contacts_authority_delete", args=[other["authority"].pk])
    assert client.post(url, {"post": "yes"}).status_code == 404
    response = client.post(
        reverse("admin:contacts_authority_changelist"),
        {"action": "delete_selected", "_selected_action": [other["authority"].pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    # Revert one's own record: coordinators only.
    assert client.post(revert_url, _contact_form(own["contactpoint"], function="Reverted")).status_code == 403
    # Change an international instrument.
    untoc = Instrument.objects.get(short_name="UNTOC")
    url = reverse("admin:countries_instrument_change", args=[untoc.pk])
    response = client.post(url, {"short_name": "Changed", "title": untoc.title, "kind": untoc.kind, "slug": untoc.slug})
    assert response.status_code == 403
    assert _snapshot() == before
    assert Authority.objects.filter(name="Planted").count() == 0


def test_another_countrys_inline_row_smuggled_into_ones_own_form_is_ignored(client, records, focal_point_a):
    client.force_login(focal_point_a)
    own, other = records["own"], records["other"]
    before = list(Answer.objects.order_by("pk").values_list("pk", "country_id", "question_id", "value", "updated_at"))
    response = client.post(
        reverse("admin:countries_country_change", args=[own["country"].pk]),
        {
            "summary": "",
            "concurrency_token": own["country"].updated_at.isoformat(),
            "answers-TOTAL_FORMS": "1",
            "answers-INITIAL_FORMS": "1",
            "answers-0-id": other["answer"].pk,
            "answers-0-country": own["country"].pk,
            "answers-0-question": other["answer"].question_id,
            "answers-0-value": "no",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    # The row is not among the form's own rows, so it is neither saved nor turned into a new one.
    assert response.status_code in (200, 302)
    after = list(Answer.objects.order_by("pk").values_list("pk", "country_id", "question_id", "value", "updated_at"))
    assert after == before


def test_focal_point_edits_their_own_records(client, records, focal_point_a):
    client.force_login(focal_point_a)
    contact = records["own"]["contactpoint"]
    url = reverse("admin:contacts_contactpoint_change", args=[contact.pk])
    response = client.post(url, _contact_form(contact, function="24/7 duty desk"))
    assert response.status_code == 302, response.content.decode()[:2000]
    contact.refresh_from_db()
    assert contact.function == "24/7 duty desk"
    country = records["own"]["country"]
    response = client.post(
        reverse("admin:countries_country_change", args=[country.pk]),
        {
            "summary": "Decided case by case.",
            "name": "Renamed",  # read-only for a focal point: ignored
            "concurrency_token": country.updated_at.isoformat(),
            "answers-TOTAL_FORMS": "0",
            "answers-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    country.refresh_from_db()
    assert (country.summary, country.name) == ("Decided case by case.", "Albania")
