"""Sample data for the drafting tests, and an official signed in to draft with it."""

import pytest
from django.core.management import call_command


@pytest.fixture
def sample(db):
    """Fictional authorities, contacts and answers for every country."""
    call_command("seed_sample", scale=1, verbosity=0)


@pytest.fixture
def signed_in(client, official, sample):
    client.force_login(official)
    return client
