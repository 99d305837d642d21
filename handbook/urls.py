"""URL routes of the handbook."""

from django.contrib import admin
from django.urls import include, path

from contacts import views as contact_views
from countries import views as country_views
from handbook import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<slug:slug>/", views.country_detail, name="country-detail"),
    path("countries/<slug:slug>/print/", views.country_print, name="country-print"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("legislation/", country_views.legislation, name="legislation"),
    path("contacts/", contact_views.directory, name="contact-directory"),
    path("search/", views.search_view, name="search"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
