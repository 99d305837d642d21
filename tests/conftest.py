"""Named personas shared by every test: an anonymous visitor, an official, the focal point
for one country, the focal point for another, and a coordinator."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from countries.models import Country, FocalPointAssignment
from countries.scope import COORDINATORS, FOCAL_POINTS, OFFICIALS
from tests.processes import drop_served_database, environment, manage, served_database_url

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Each test starts in English: a request under /fr/ or /ru/ leaves its language active in the
    thread, as a server's next request would replace it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets an empty in-process cache: cached fragments never cross tests or databases."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def albania(db):
    return Country.objects.get(code="AL")


@pytest.fixture
def serbia(db):
    return Country.objects.get(code="RS")


def _user(username, role, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def official(db):
    return _user("olivia", OFFICIALS)


@pytest.fixture
def focal_point_a(db, albania):
    """Focal point for Albania."""
    user = _user("alba", FOCAL_POINTS, is_staff=True)
    FocalPointAssignment.objects.create(user=user, country=albania)
    return user


@pytest.fixture
def focal_point_b(db, serbia):
    """Focal point for Serbia."""
    user = _user("boris", FOCAL_POINTS, is_staff=True)
    FocalPointAssignment.objects.create(user=user, country=serbia)
    return user


@pytest.fixture
def coordinator(db):
    """A coordinator by role (not a superuser), as `manage.py grant --role coordinator` makes one."""
    return _user("charlie", COORDINATORS, is_staff=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A migrated database with sample data for processes served by the tests (tests/processes.py),
    and their static files: (folder, database URL)."""
    tmp = tmp_path_factory.mktemp("served")
    url = served_database_url(tmp, "handbook_served")
    env = environment(tmp, database_url=url)
    manage(env, "migrate", "--no-input")
    manage(env, "seed_sample", "--scale", "1")
    manage(env, "collectstatic", "--no-input")
    yield tmp, url
    drop_served_database(url)
