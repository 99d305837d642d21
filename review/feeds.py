"""Recent changes: the public page and its Atom feed, both built by review/changes.py.

Feed readers fetch without a session, so the feed is built for an anonymous reader (public
information only) unless the request itself is signed in.
"""

from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from countries.urls_cache import on_site
from review.changes import Change, recent_changes


@require_safe
def changes_page(request):
    return render(request, "review/changes.html", {"changes": recent_changes(user=request.user)})


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Controlled Delivery Handbook: recent changes")
    subtitle = _("The latest additions, changes and deletions in the handbook.")
    author_name = _("Controlled Delivery Handbook")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        if request.user.is_authenticated:
            # A signed-in feed may list officials-only entries: no shared cache may keep it.
            patch_cache_control(response, private=True)
        return response

    def get_object(self, request, *args, **kwargs):
        return {"user": request.user, "changes_url": on_site(reverse("changes"))}

    def link(self):
        return on_site(reverse("changes"))

    def feed_url(self):
        return on_site(reverse("changes-feed"))

    def items(self, feed):
        return [FeedItem(change, f"{feed['changes_url']}#{change.key}") for change in recent_changes(user=feed["user"])]

    def item_title(self, item):
        return item.change.title

    def item_description(self, item):
        change = item.change
        kind = capfirst(change.kind_label)
        return f"{kind} · {change.place}" if change.place else kind

    def item_link(self, item):
        return on_site(item.change.url) if item.change.url else item.anchor

    def item_guid(self, item):
        # Several changes share a page: each one's anchor on the changes page tells them apart.
        return item.anchor

    def item_pubdate(self, item):
        return item.change.date

    def item_updateddate(self, item):
        return item.change.date


class FeedItem(NamedTuple):
    change: Change
    anchor: str  # absolute URL of the change on the changes page, its Atom id
