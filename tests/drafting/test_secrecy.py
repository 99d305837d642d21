"""Nothing of a case is kept: a marker typed into every text field of a draft, sent in every format
through the JSON endpoint and the form, is afterwards found in no table, cache entry, log record,
console output or file written meanwhile; every answer says `no-store`; only signed-in officials,
with a CSRF token, get documents."""

import io
import logging
import os
import pickle
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client

from drafting.draft import CrossingForm, DraftForm, PersonForm
from tests.drafting.drafts import FORM_URL, full_draft, post_form, render
from tests.drafting.files import docx_text, pdf_text

FORMATS = ("docx", "pdf", "notice", "zip")
BORDER = ("leaving", "entering")  # a crossing's countries: codes, not text


def text_fields(form_class):
    return [name for name, field in form_class.base_fields.items() if isinstance(field, forms.CharField)]


def marked_draft(marker):
    """A valid draft with `marker` in every text field, every person's and every crossing's."""
    draft = full_draft()
    for name in text_fields(DraftForm):
        draft[name] = f"{marker} {name}"
    for row in draft["persons"]:
        row.update({name: f"{marker} {name}" for name in text_fields(PersonForm)})
    for row in draft["crossings"]:
        row.update({name: f"{marker} {name}" for name in text_fields(CrossingForm) if name not in BORDER})
    return draft


def rows_holding(marker):
    """(table, row) of every row of every table whose values hold `marker`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table's name)
            for row in cursor.fetchall():
                for value in row:
                    data = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
                    if marker.encode() in data:
                        found.append((table, row))
    return found


def sessions_holding(marker):
    """Sessions are stored signed and encoded: read each one's data."""
    return [session.pk for session in Session.objects.all() if marker in repr(session.get_decoded())]


def cache_entries_holding(marker):
    found = []
    for alias in settings.CACHES:
        cache = caches[alias]
        # The tests' cache (tests/conftest.py): its entries are pickled values in a dict.
        assert isinstance(cache, LocMemCache), f"scan the {type(cache).__name__} of cache {alias!r} too"
        for key, value in list(cache._cache.items()):
            if marker in key or marker.encode() in value or marker in repr(pickle.loads(value)):  # noqa: S301
                found.append((alias, key))
    return found


def files_holding(marker, *, since, folders):
    """Files under `folders` modified since `since` (a time stamp) whose bytes hold `marker`."""
    found = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(root) / name
                try:
                    if not path.is_file() or path.stat().st_mtime < since:
                        continue
                    if marker.encode() in path.read_bytes():
                        found.append(path)
                except OSError:  # gone since, or not ours to read
                    continue
    return found


@pytest.fixture
def every_log_record(caplog):
    """caplog at DEBUG on the root logger and on the loggers that do not pass records up."""
    caplog.set_level(logging.DEBUG)
    apart = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in apart:
        caplog.set_level(logging.DEBUG, logger=logger.name)
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in apart:
        logger.removeHandler(caplog.handler)


def test_nothing_typed_into_a_draft_is_kept(signed_in, every_log_record, capfd):
    since = time.time() - 1  # file systems keep modification times to the second, or coarser
    marker = uuid.uuid4().hex
    draft = marked_draft(marker)
    responses = []

    for format in FORMATS:
        response = render(signed_in, draft, country="MK", format=format)
        assert response.status_code == 200, (format, response.content[:300])
        responses.append(response)
    responses.append(render(signed_in, draft, format="zip"))
    docx, pdf, notice, one_state, every_state = (response.content for response in responses)
    # The marker did reach the documents: what follows would otherwise prove nothing.
    assert marker in docx_text(docx)[0] and marker in pdf_text(pdf) and marker in pdf_text(notice)
    for archive in (one_state, every_state):
        with zipfile.ZipFile(io.BytesIO(archive)) as package:
            names = [name for name in package.namelist() if name.endswith(".docx")]
            assert names and all(marker in docx_text(package.read(name))[0] for name in names)

    checked = post_form(signed_in, draft)
    assert checked.status_code == 200
    assert marker in checked.content.decode()
    as_zip = post_form(signed_in, draft, action="zip")
    assert as_zip.status_code == 200 and as_zip["Content-Type"] == "application/zip"
    responses += [checked, as_zip]

    for response in responses:
        assert "no-store" in response["Cache-Control"]
        for cookie in response.cookies.values():
            assert marker not in cookie.value
    assert rows_holding(marker) == []
    assert sessions_holding(marker) == []
    assert cache_entries_holding(marker) == []
    records = every_log_record.records
    assert records, "the requests are logged: the records are there to be read"
    assert [record for record in records if marker in repr(record.__dict__) or marker in record.getMessage()] == []
    assert marker not in every_log_record.text
    out, err = capfd.readouterr()
    assert marker not in out and marker not in err
    folders = [settings.BASE_DIR, Path(tempfile.gettempdir())]
    assert files_holding(marker, since=since, folders=folders) == []


def test_the_search_finds_a_marker_where_one_is(official, every_log_record, capfd, tmp_path):
    """The searches above, shown to find what they look for."""
    since = time.time() - 1
    marker = uuid.uuid4().hex
    official.last_name = marker
    official.save()
    caches["default"].set("some-key", {"kept": [marker]})
    logging.getLogger("handbook.requests").info("answered %s", marker)
    print(marker)
    (tmp_path / "kept.bin").write_bytes(marker.encode())

    assert [table for table, _row in rows_holding(marker)] == ["auth_user"]
    assert len(cache_entries_holding(marker)) == 1
    assert marker in every_log_record.text
    assert marker in capfd.readouterr().out
    assert files_holding(marker, since=since, folders=[Path(tempfile.gettempdir())]) == [tmp_path / "kept.bin"]


def test_anonymous_visitors_get_no_form_and_no_document(client, sample):
    response = client.get(FORM_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
    assert "no-store" in response["Cache-Control"]
    response = render(client, full_draft(), country="MK", format="pdf")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert post_form(client, full_draft(), action="pdf:MK").status_code == 302


def test_a_document_needs_a_csrf_token(official, sample):
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    assert render(client, full_draft(), country="MK", format="pdf").status_code == 403
    assert post_form(client, full_draft(), action="pdf:MK").status_code == 403
    # With the token the form's page carries, the same request is answered.
    client.get(FORM_URL)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert render(client, full_draft(), country="MK", format="pdf", headers={"X-CSRFToken": token}).status_code == 200
