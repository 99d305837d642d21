"""Addresses of pages: a page's absolute address on the site's configured address (`on_site`),
and the addresses of country and organization pages, worked out once per process, language and
prefix (`reverse_slug`).

A list page links every row to its country or organization: a hundred `reverse()` calls on a page
of the contact directory, a tenth of its time. The address of a slug depends on the URL
configuration, the script prefix and the active language, which are all in the key; a test that
swaps the URL configuration clears the memo through `setting_changed`.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language


def on_site(path):
    """`path` on the site's configured address (HANDBOOK_BASE_URL): for e-mails, feeds and the
    pages' own absolute links, never the Host header a client sent."""
    return settings.HANDBOOK_BASE_URL.rstrip("/") + path


@functools.lru_cache(maxsize=8192)
def _reverse_slug(viewname, slug, script_prefix, language):
    return reverse(viewname, kwargs={"slug": slug})


def reverse_slug(viewname, slug):
    """`reverse(viewname, kwargs={"slug": slug})`, memoised."""
    return _reverse_slug(viewname, slug, get_script_prefix(), get_language())


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse_slug.cache_clear()
