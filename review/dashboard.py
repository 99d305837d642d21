"""The coordinators' review dashboard (/admin/review/): which countries and contact points have
gone longest without a review, and which focal points no longer sign in.

A fixed number of queries whatever the data size: the countries (reviewer joined, focal points
joined into one column), one grouped count of contact points per country, the oldest stale
contact points, and the inactive focal points (their countries joined).
"""

import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessRequest
from contacts.models import ContactPoint
from countries.expressions import joined_names
from countries.models import Country, is_stale_date, stale_cutoff
from countries.scope import is_coordinator
from review.reminders import active_focal_points

OLDEST_CONTACTS = 50
# A focal point who has not signed in for about six months is probably no longer in post.
INACTIVE_AFTER = datetime.timedelta(days=183)


def _contact_counts(cutoff):
    """Per country id (None for organizations): total, never verified, verified before the cut-off."""
    rows = (
        ContactPoint.objects.order_by()
        .values("authority__country")
        .annotate(
            total=Count("pk"),
            never_verified=Count("pk", filter=Q(last_verified_on__isnull=True)),
            outdated=Count("pk", filter=Q(last_verified_on__lt=cutoff)),
        )
    )
    return {row["authority__country"]: row for row in rows}


def review_context(*, today=None):
    today = today or timezone.localdate()
    cutoff = stale_cutoff(today)
    countries = list(
        Country.objects.select_related("last_reviewed_by")
        .annotate(focal_point_names=joined_names(get_user_model().objects.all(), "focal_point_countries", "username"))
        .order_by(F("last_reviewed_on").asc(nulls_first=True), "name")
    )
    counts = _contact_counts(cutoff)
    empty = {"total": 0, "never_verified": 0, "outdated": 0}
    for country in countries:
        country.contact_counts = counts.get(country.pk, empty)
        country.review_is_stale = is_stale_date(country.last_reviewed_on, cutoff)
    oldest_contacts = (
        ContactPoint.objects.stale(today)
        .select_related("authority__country", "authority__organization")
        .order_by(F("last_verified_on").asc(nulls_first=True), "authority__name", "function", "pk")[:OLDEST_CONTACTS]
    )
    inactive_since = timezone.now() - INACTIVE_AFTER
    inactive_focal_points = (
        active_focal_points()
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=inactive_since))
        .annotate(country_names=joined_names(Country.objects.all(), "focal_point_assignments__user"))
        .order_by(F("last_login").asc(nulls_first=True), "username")
    )
    return {
        "today": today,
        "cutoff": cutoff,
        "countries": countries,
        "stale_country_count": sum(country.review_is_stale for country in countries),
        "stale_contact_count": sum(row["never_verified"] + row["outdated"] for row in counts.values()),
        "oldest_contacts": oldest_contacts,
        "oldest_limit": OLDEST_CONTACTS,
        "inactive_focal_points": inactive_focal_points,
        "inactive_since": inactive_since,
        "pending_requests": AccessRequest.objects.pending().select_related("country")[:100],
    }


def dashboard(request):
    """Coordinators only; wrapped in admin.site.admin_view (handbook/urls.py), which sends
    anonymous visitors to the sign-in page first."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        **review_context(),
        "title": _("Review dashboard"),
    }
    return TemplateResponse(request, "admin/review_dashboard.html", context)
