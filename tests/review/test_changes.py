"""Recent changes (/changes/ and its Atom feed /changes/feed/): what changed, where, when and how,
never who; officials-only contact points never reach anonymous readers, not even as a count."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Authority, ContactPoint
from countries.models import Answer, Question

ATOM = "{http://www.w3.org/2005/Atom}"
EDITOR_MARKERS = ["ed-the-editor", "Edwina", "Editorson"]
RESTRICTED_MARKERS = ["Covert operations lead", "Zebulon"]


def _save(instance, editor):
    instance._history_user = editor  # what HistoryRequestMiddleware records for an admin edit
    instance.save()
    return instance


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        username="ed-the-editor", email="ed-the-editor@example.org", first_name="Edwina", last_name="Editorson"
    )


@pytest.fixture
def changes(albania, editor):
    """An authority, a public desk and an officials-only person in Albania, each added then changed
    by the editor; an answer changed; a second officials-only contact deleted."""
    authority = _save(Authority(country=albania, name="Drug Enforcement Directorate", kind="police"), editor)
    public = _save(
        ContactPoint(authority=authority, function="24/7 duty desk", phone="+442079460111", visibility="public"), editor
    )
    public.is_24_7 = True
    _save(public, editor)
    restricted = _save(
        ContactPoint(
            authority=authority,
            function="Covert operations lead",
            person_name="Zebulon Quartermaine",
            email="zq@example.org",
        ),
        editor,
    )
    restricted.hours = "08-16"
    _save(restricted, editor)
    gone = _save(ContactPoint(authority=authority, function="Covert backup", phone="+442079460112"), editor)
    gone._history_user = editor
    gone.delete()
    answer = Answer.objects.filter(country=albania, question__key="permitted").first() or Answer(
        country=albania, question=Question.objects.get(key="permitted")
    )
    answer.value = "yes"
    _save(answer, editor)
    assert ContactPoint.history.filter(history_user=editor).count() == 6  # the editor is on record
    return public, restricted


def _page(client):
    response = client.get("/changes/")
    assert response.status_code == 200
    return response.content.decode()


def _feed(client):
    response = client.get("/changes/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response


def test_anonymous_page_shows_public_changes_only_and_never_the_editor(client, changes):
    page = _page(client)
    assert "24/7 duty desk" in page
    assert "Drug Enforcement Directorate" in page
    assert "Is controlled delivery permitted" in page
    assert "Albania" in page
    assert "Added" in page and "Changed" in page
    for marker in RESTRICTED_MARKERS + EDITOR_MARKERS + ["Covert backup", "Deleted"]:
        assert marker not in page, marker
    # Only the visible rows are counted: two for the desk, one for the authority, one answer.
    assert "The latest 4 changes" in page


def test_signed_in_official_sees_officials_only_changes_on_the_page(client, changes, official):
    client.force_login(official)
    page = _page(client)
    assert "Covert operations lead" in page
    assert "Covert backup" in page and "Deleted" in page
    for marker in EDITOR_MARKERS:
        assert marker not in page, marker


def test_page_is_in_the_site_layout_and_announces_its_feed(client, changes):
    page = _page(client)
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert 'href="/changes/feed/"' in page
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert "<script>" not in page and "style=" not in page
    assert 'href="/changes/"' in client.get("/").content.decode()  # the footer links here


def test_anonymous_feed_is_atom_with_public_entries_only(client, changes, settings):
    settings.HANDBOOK_BASE_URL = "https://handbook.example.org"
    response = _feed(client)
    body = response.content.decode()
    for marker in RESTRICTED_MARKERS + EDITOR_MARKERS + ["Covert backup", "zq@example.org"]:
        assert marker not in body, marker
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None and root.find(f"{ATOM}{tag}").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{tag}").text, tag
        # On the site's address, not on the Host the feed reader sent.
        assert entry.find(f"{ATOM}link").get("href").startswith("https://handbook.example.org/")
        assert entry.find(f"{ATOM}author") is None
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Contact point: 24/7 duty desk" in titles
    assert any(title.startswith("Answer: Is controlled delivery permitted") for title in titles)


def test_feed_of_a_signed_in_official_has_every_entry_and_is_private(client, changes, official):
    client.force_login(official)
    response = _feed(client)
    body = response.content.decode()
    assert "Covert operations lead" in body
    assert "private" in response["Cache-Control"]
    for marker in EDITOR_MARKERS:
        assert marker not in body, marker


def test_a_contact_made_officials_only_hides_its_change_from_anonymous_readers(client, changes, editor):
    public, _restricted = changes
    public.visibility = "officials"
    public.function = "Duty desk, now internal"
    _save(public, editor)
    assert "Duty desk, now internal" not in _page(client)
    assert "Duty desk, now internal" not in _feed(client).content.decode()


def _counts(client):
    counts = []
    for url in ("/changes/", "/changes/feed/"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_changes_page_and_feed_run_a_fixed_number_of_queries(client, official, editor):
    call_command("seed_sample", scale=1, verbosity=0)
    small = _counts(client)
    for contact in ContactPoint.objects.all()[:120]:
        contact.hours = "24/7"
        _save(contact, editor)
    for answer in Answer.objects.all()[:120]:
        answer.details = "Updated."
        _save(answer, editor)
    large = _counts(client)
    client.force_login(official)
    signed_in = _counts(client)
    # Page: the sample-data banner (one "exists"), then one query per history table, each limited
    # to 50 rows with what it shows joined: countries, answers (+ country, question), authorities
    # (+ country, organization), contact points (+ authority, its country and organization),
    # instruments (+ country), provisions (+ instrument and its country), memberships (+ country,
    # organization). The feed has no banner. A signed-in reader adds the session and the user.
    assert small == large == [8, 7]
    assert signed_in == [10, 9]


def test_a_countrys_change_is_named_in_the_readers_language(client, albania, editor):
    albania.summary = "Reviewed."
    _save(albania, editor)
    assert ">Albanie<" in client.get("/fr/changes/").content.decode()
    assert ">Албания<" in client.get("/ru/changes/").content.decode()
    assert ">Albania<" in client.get("/changes/").content.decode()
