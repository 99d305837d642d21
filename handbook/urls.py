"""URL routes of the handbook: each app's own, and the pages that combine the domain apps."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from contacts import views as contact_views
from contacts.filters import ContactPointFilter
from countries import views as country_views
from countries.filters import ProvisionFilter
from handbook import languages, views
from handbook.filters import CountryFilter
from handbook.route import views as route_views
from operations.page_cache import cache_page_per_audience as public
from review import urls as review_urls

# Admin pages of records that moved out of the "handbook" app, at their new addresses.
MOVED_ADMIN = {"accessrequest": "accounts", "reviewreminder": "review", "scheduledrun": "operations"}


class MovedAdminRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, model, rest, **kwargs):
        url = f"/admin/{MOVED_ADMIN[model]}/{model}/{rest}"
        query = self.request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query else url


def filter_params(filterset_class, *others):
    """The query parameters of a page with a filter form: its filters' names, and `others`."""
    return lambda: [*filterset_class.base_filters, *others]


# Outside the language prefixes: probes, metrics, the language switcher and the admin (which speaks
# the reader's chosen language, handbook/languages.py).
urlpatterns = [
    path("", include("operations.urls")),
    path("language/<str:code>/", languages.choose_language, name="choose-language"),
    re_path(rf"^admin/handbook/(?P<model>{'|'.join(MOVED_ADMIN)})/(?P<rest>.*)$", MovedAdminRedirect.as_view()),
    re_path(r"^admin/handbook/$", RedirectView.as_view(url="/admin/", permanent=True)),
    # Before the admin's own routes, which would otherwise answer /admin/review/ with a 404.
    path("", include(review_urls.admin_urlpatterns)),
    path("admin/", admin.site.urls),
]

# Every page a reader opens, in English at these addresses and under /fr/ and /ru/.
urlpatterns += i18n_patterns(
    path("", public(views.home), name="home"),
    path("countries/", public(views.country_list, params=filter_params(CountryFilter)), name="country-list"),
    path("countries/<slug:slug>/", public(views.country_detail), name="country-detail"),
    path("countries/<slug:slug>/print/", public(views.country_print), name="country-print"),
    re_path(
        r"^countries/(?P<slug>[-a-zA-Z0-9_]+)/contacts\.(?P<format>csv|xlsx|vcf)$",
        views.country_contacts_export,
        name="country-contacts-export",
    ),
    path("organizations/", public(views.organization_list), name="organization-list"),
    path("organizations/<slug:slug>/", public(views.organization_detail), name="organization-detail"),
    path("legislation/", public(country_views.legislation, params=filter_params(ProvisionFilter)), name="legislation"),
    path(
        "contacts/",
        public(contact_views.directory, params=filter_params(ContactPointFilter, "page")),
        name="contact-directory",
    ),
    # Exports hold what the requester may see: never from the anonymous page cache.
    re_path(r"^contacts/export\.(?P<format>csv|xlsx|vcf)$", contact_views.directory_export, name="contact-export"),
    path("search/", public(views.search_view, header_query=views.search_query, params=["q"]), name="search"),
    path("compare/", public(route_views.compare_view, params=route_views.COMPARE_PARAMS), name="compare"),
    path("compare/print/", public(route_views.compare_print, params=route_views.COMPARE_PARAMS), name="compare-print"),
    re_path(r"^compare/export\.(?P<format>csv|xlsx)$", route_views.compare_export, name="compare-export"),
    path("route/", public(route_views.route_view, params=route_views.ROUTE_PARAMS), name="route"),
    # Requests drafted from a route: never cached, nothing of a case kept (drafting/views.py).
    path("route/requests/", include("drafting.urls")),
    path("route/print/", public(route_views.route_print, params=route_views.ROUTE_PARAMS), name="route-print"),
    path(
        "route/plan.json", public(route_views.route_plan_json, params=route_views.ROUTE_PARAMS), name="route-plan-json"
    ),
    re_path(
        r"^route/contacts\.(?P<format>csv|xlsx|vcf)$", route_views.route_contacts_export, name="route-contacts-export"
    ),
    path("", include("review.urls")),
    path("", include("accounts.urls")),
    prefix_default_language=False,
)

handler500 = "operations.views.server_error"
