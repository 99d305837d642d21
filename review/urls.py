"""Recent changes and their feed (under each language's prefix); the review dashboard, an admin
page (`admin_urlpatterns`, outside the prefixes like the admin)."""

from django.contrib import admin
from django.urls import path

from operations.page_cache import cache_page_per_audience as public
from review import dashboard, feeds

urlpatterns = [
    path("changes/", public(feeds.changes_page), name="changes"),
    path("changes/feed/", feeds.ChangesFeed(), name="changes-feed"),
]

admin_urlpatterns = [
    path("admin/review/", admin.site.admin_view(dashboard.dashboard), name="review-dashboard"),
]
