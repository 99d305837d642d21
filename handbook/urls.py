"""URL routes of the handbook."""

from django.contrib import admin
from django.urls import include, path

from contacts import views as contact_views
from countries import views as country_views
from handbook import accounts, feeds, review, views
from handbook.data_version import cache_for_anonymous as public

urlpatterns = [
    path("", public(views.home), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("countries/", public(views.country_list), name="country-list"),
    path("countries/<slug:slug>/", public(views.country_detail), name="country-detail"),
    path("countries/<slug:slug>/print/", public(views.country_print), name="country-print"),
    path("organizations/", public(views.organization_list), name="organization-list"),
    path("organizations/<slug:slug>/", public(views.organization_detail), name="organization-detail"),
    path("legislation/", public(country_views.legislation), name="legislation"),
    path("contacts/", public(contact_views.directory), name="contact-directory"),
    path("search/", public(views.search_view), name="search"),
    path("changes/", public(feeds.changes_page), name="changes"),
    path("changes/feed/", feeds.ChangesFeed(), name="changes-feed"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/request/", accounts.access_request, name="access-request"),
    path("accounts/request/sent/", accounts.access_request_sent, name="access-request-sent"),
    path("accounts/two-factor/", accounts.two_factor, name="two-factor"),
    path("accounts/two-factor/qr.svg", accounts.two_factor_qr, name="two-factor-qr"),
    # Before the admin's own routes, which would otherwise answer /admin/review/ with a 404.
    path("admin/review/", admin.site.admin_view(review.dashboard), name="review-dashboard"),
    path("admin/", admin.site.urls),
]
