"""Admin for party records (who is bound by each international instrument): the list, the
coordinators' view of what is known (one row per instrument, one column per country), the import of
a depositary's status table, and the download of the records as `parties.csv`.

Party records are reference facts: coordinators add and change them, focal points read them. The
reference file `countries/reference/parties.csv` is what a reload restores, so every change made
here is offered back as that file to be recorded with the code.
"""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from countries.models import Country, Instrument, Party
from countries.reference import PARTY_COLUMNS, party_row
from countries.standing import BOUND, CEASED, NOT_BOUND, OUTSIDE, UNRECORDED, coverage
from countries.status_tables import apply_plan, plan_import, read_table


class StatusTableForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=Instrument.objects.international().order_by("short_name")
    )
    text = forms.CharField(
        label=_("Status table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        help_text=_(
            "Paste the participants table as copied from the depositary's page (UN Treaty Collection "
            "status page, or the Council of Europe's chart of signatures and ratifications), or a CSV "
            "with the columns country, status, basis, bound_since."
        ),
    )
    upload = forms.FileField(label=_("or a file"), required=False)
    source_url = forms.URLField(label=_("Source (the page it was copied from)"), max_length=2000, assume_scheme="https")
    source_kind = forms.ChoiceField(label=_("Kind of source"), choices=Party.SourceKind.choices, initial="depositary")
    source_date = forms.DateField(
        label=_("Source dated (status as at)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    complete = forms.BooleanField(
        label=_("This is the complete list of participants: record the countries it does not name as not bound"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            if upload.size > settings.HANDBOOK_IMPORT_MAX_BYTES:
                raise forms.ValidationError(_("The file is too large."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a status table or choose a file."))
        return data


CELL_LABELS = {
    BOUND: _("bound"),
    NOT_BOUND: _("not bound"),
    CEASED: _("no longer bound"),
    OUTSIDE: _("outside (closed to members)"),
    UNRECORDED: _("not recorded"),
}


def _cell(instrument, country, state, party, *, today, only, can_add):
    """One cell of the coverage view: the country's standing, whether it is flagged for
    re-verification, and the link to its record (or to an add form filled in, for coordinators)."""
    flagged = party is not None and party.needs_recheck(today)
    if party is not None:
        url = reverse("admin:countries_party_change", args=[party.pk])
    elif can_add:
        url = (
            reverse("admin:countries_party_add") + "?" + urlencode({"instrument": instrument.pk, "country": country.pk})
        )
    else:
        url = ""
    return {
        "country": country,
        "state": state,
        "label": CELL_LABELS[state],
        "flagged": flagged,
        "url": url,
        "shown": not only or only == state or (only == "flagged" and flagged),
        "party": party,
    }


class PartyAdminViews:
    """The party admin's list and its three views; `countries.admin.PartyAdmin` puts it in front
    of the history admin."""

    list_display = [
        "instrument",
        "country",
        "status",
        "basis",
        "bound_since",
        "has_conditions",
        "source_kind",
        "source_read_on",
    ]
    list_filter = ["instrument", "status", "basis", "source_kind", "excludes_provision"]
    search_fields = ["country__name", "instrument__short_name"]
    list_select_related = ["instrument", "country"]
    autocomplete_fields = ["instrument", "country"]
    change_list_template = "admin/countries/party/change_list.html"

    @admin.display(description=_("reservation"), boolean=True, ordering="conditions")
    def has_conditions(self, party):
        return bool(party.conditions)

    def get_changeform_initial_data(self, request):
        # The coverage view's empty cells link here with instrument and country in the query
        # string, which Django fills in; the date read defaults to today.
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("source_read_on", timezone.localdate())
        return initial

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("coverage/", view(self.coverage_view), name="countries_party_coverage"),
            path("import-status/", view(self.import_status_view), name="countries_party_import_status"),
            path("parties.csv", view(self.file_view), name="countries_party_file"),
            *super().get_urls(),
        ]

    def coverage_view(self, request):
        """One row per instrument, one column per country: bound, not bound, no longer bound,
        outside a closed instrument, not recorded, and flagged for re-verification."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        countries = Country.objects.order_by("code")
        status = request.GET.get("osce_status", "")
        if status in Country.OsceStatus.values:
            countries = countries.filter(osce_status=status)
        kind = request.GET.get("kind", "")
        countries = list(countries)
        table = coverage(countries=countries, today=today)
        kinds_shown = {row.instrument.kind for row in table}
        if kind in Instrument.Kind.values:
            table = [row for row in table if row.instrument.kind == kind]
        only = request.GET.get("state", "")
        can_add = self.has_add_permission(request)
        rows = []
        for row in table:
            cells = [
                _cell(row.instrument, country, state, party, today=today, only=only, can_add=can_add)
                for country, state, party in row.cells
            ]
            rows.append(
                {
                    "coverage": row,
                    "cells": cells,
                    "bound": row.count(BOUND),
                    "not_bound": row.count(NOT_BOUND, CEASED, OUTSIDE),
                    "unrecorded": len(row.unrecorded),
                    "flagged": sum(1 for cell in cells if cell["flagged"]),
                }
            )
        stated = sum(row["coverage"].stated for row in rows)
        pairs = len(rows) * len(countries)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("What is known: who is bound by each instrument"),
            "countries": countries,
            "rows": rows,
            "stated": stated,
            "pairs": pairs,
            "share": round(100 * stated / pairs, 1) if pairs else 0,
            "osce_statuses": Country.OsceStatus.choices,
            "kinds": [(value, label) for value, label in Instrument.Kind.choices if value in kinds_shown],
            "states": [*CELL_LABELS.items(), ("flagged", _("flagged for re-verification"))],
            "filters": {"osce_status": status, "kind": kind, "state": only},
            "recheck_years": Party.RECHECK_NOT_BOUND_AFTER_YEARS,
            "can_import": can_add,
        }
        return TemplateResponse(request, "admin/countries/party/coverage.html", context)

    def import_status_view(self, request):
        """Preview, then record, a depositary's status table (coordinators only)."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = StatusTableForm(request.POST or None, request.FILES or None)
        plan = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            instrument = data["instrument"]
            plan = plan_import(
                instrument=instrument,
                table=read_table(data["text"]),
                source_url=data["source_url"],
                source_kind=data["source_kind"],
                source_date=data["source_date"],
                complete=data["complete"],
                today=timezone.localdate(),
            )
            if "confirm" in request.POST and plan.can_apply:
                written = apply_plan(instrument=instrument, plan=plan)
                messages.success(
                    request,
                    ngettext(
                        "%(count)d record of %(instrument)s written. Record it in countries/reference/parties.csv "
                        "(download the file below), or the next reload restores the file's version.",
                        "%(count)d records of %(instrument)s written. Record them in countries/reference/parties.csv "
                        "(download the file below), or the next reload restores the file's version.",
                        written,
                    )
                    % {"count": written, "instrument": instrument.short_name},
                )
                return HttpResponseRedirect(reverse("admin:countries_party_coverage"))
            # A preview from an upload carries the text on to the confirmation.
            form = StatusTableForm(initial={**data, "instrument": instrument.pk, "upload": None})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import a status table"),
            "form": form,
            "plan": plan,
        }
        return TemplateResponse(request, "admin/countries/party/import_status.html", context)

    def file_view(self, request):
        """Every party record as `countries/reference/parties.csv` (coordinators)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        parties = Party.objects.select_related("instrument", "country").order_by(
            "instrument__short_name", "country__code"
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="parties-{timezone.localdate().isoformat()}.csv"'
        writer = csv.DictWriter(response, PARTY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(party_row(party) for party in parties)
        return response
