"""The admin's row-level scope and its protection against lost updates.

`CountryScopedMixin` goes in front of every ModelAdmin and inline whose records belong to a
country. A coordinator sees and changes everything; a focal point sees and changes the records of
the countries assigned to them, and nothing else: lists, change/delete/history pages, foreign-key
and many-to-many choices (autocomplete included), bulk actions and saves are all limited. A
crafted URL for another country's record answers 404 (403 for history and revert) and a crafted
POST changes nothing.

`ConcurrencyForm` refuses a save made from a form that was opened before someone else saved
the same record, and keeps the second person's input on the form.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.forms import ImportForm

from countries.scope import country_id_at, is_coordinator, managed_country_ids

TOKEN_FIELD = "concurrency_token"  # noqa: S105 (a form field name)


class ConcurrencyForm(forms.ModelForm):
    """A hidden token holds the record's `updated_at` as the form was opened; a save whose token
    no longer matches the database is refused. The refused form shows the current token, so that
    saving again deliberately overwrites the other person's change."""

    concurrency_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and getattr(self.instance, "updated_at", None):
            self.fields[TOKEN_FIELD].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk or not hasattr(self.instance, "updated_at"):
            return cleaned_data
        model = type(self.instance)
        # Locks the row until the admin's transaction ends (PostgreSQL), so no save slips in
        # between this check and ours.
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current is None:
            return cleaned_data  # deleted meanwhile: the admin reports it
        try:
            sent = parse_datetime(cleaned_data.get(TOKEN_FIELD) or "")
        except ValueError:  # shaped like a date and time but not one ("2024-13-45T99:00"): not ours
            sent = None
        if sent is None or sent != current:
            if self.is_bound:
                data = self.data.copy()
                data[self.add_prefix(TOKEN_FIELD)] = current.isoformat()
                self.data = data
            raise ValidationError(
                _(
                    "Someone else saved this record on %(when)s, after you opened it. Your changes have not "
                    "been saved and are still in the form: open the record in another tab to compare, then "
                    "save again to overwrite the other change, or reload to discard yours."
                ),
                code="concurrent_update",
                params={"when": date_format(localtime(current), "DATETIME_FORMAT")},
            )
        return cleaned_data


class CountryScopedMixin:
    """Limit a ModelAdmin or inline to the countries its user manages.

    `country_lookup` is the path from the model to its country's primary key ("country_id",
    "authority__country_id", "pk" for Country itself). `international_visible` lets a focal
    point *see* records without a country (international instruments and their provisions) that
    they may link to but never change.
    """

    country_lookup = "country_id"
    international_visible = False
    form = ConcurrencyForm
    # Fields only a coordinator may set; shown read-only to everyone else.
    coordinator_only_fields = ()

    # Scope -------------------------------------------------------------------------------------

    def _filter_lookup(self):
        return "pk" if self.country_lookup == "pk" else self.country_lookup.removesuffix("_id")

    def scope_queryset(self, request, queryset, *, editable):
        ids = managed_country_ids(request.user)
        if ids is None:
            return queryset
        lookup = self._filter_lookup()
        if lookup == "pk":
            return queryset.filter(pk__in=ids)
        condition = {f"{lookup}__in": ids}
        if self.international_visible and not editable:
            return queryset.filter(Q(**condition) | Q(**{f"{lookup}__isnull": True}))
        return queryset.filter(**condition)

    def country_id_of(self, obj):
        return obj.pk if self.country_lookup == "pk" else country_id_at(obj, self.country_lookup)

    def manages(self, request, obj):
        ids = managed_country_ids(request.user)
        return ids is None or self.country_id_of(obj) in ids

    def _owns(self, obj):
        """Whether `obj` is a record of this admin's model (inlines get the parent instead)."""
        return obj is not None and isinstance(obj, self.model)

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request), editable=False)

    # Object permissions --------------------------------------------------------------------------

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        if not self._owns(obj):
            return True
        ids = managed_country_ids(request.user)
        if ids is None:
            return True
        country_id = self.country_id_of(obj)
        return country_id in ids or (self.international_visible and country_id is None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (not self._owns(obj) or self.manages(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (not self._owns(obj) or self.manages(request, obj))

    def get_object(self, request, object_id, from_field=None):
        # A record outside the user's scope does not exist for them: 404, not the admin's
        # redirect with a message, so that a crafted URL reads like any unknown one.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    # Forms -------------------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_coordinator(request.user):
            readonly += [name for name in self.coordinator_only_fields if name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            name: sources
            for name, sources in super().get_prepopulated_fields(request, obj).items()
            if name not in readonly
        }

    def _owner_field(self):
        return self.country_lookup.split("__")[0].removesuffix("_id")

    def _related_queryset(self, request, db_field):
        """Choices for a relation, scoped by the related model's own admin when it is scoped:
        the record's owner link (the first step of `country_lookup`) offers only editable
        records; any other link also offers the visible international ones."""
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if not isinstance(related_admin, CountryScopedMixin):
            return None
        queryset = db_field.remote_field.model._default_manager.all()
        return related_admin.scope_queryset(request, queryset, editable=db_field.name == self._owner_field())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._related_queryset(request, db_field)
        if queryset is not None:
            kwargs["queryset"] = queryset
        if db_field.name == self._owner_field() and not is_coordinator(request.user):
            # A focal point's record always belongs to one of their countries.
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._related_queryset(request, db_field)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if TOKEN_FIELD not in fields:
            fields.append(TOKEN_FIELD)
        return fields

    # Saves: the last line of defence behind the scoped choices ----------------------------------

    def _check_scope(self, request, obj):
        if not self.manages(request, obj):
            raise PermissionDenied

    def save_model(self, request, obj, form, change):
        self._check_scope(request, obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self._check_scope(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._check_scope(request, obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        # Inline rows: the inline's own scope decides, for saved and deleted rows alike.
        inline = next((i for i in self.get_inline_instances(request, form.instance) if i.model is formset.model), None)
        if not isinstance(inline, CountryScopedMixin):
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in [*instances, *formset.deleted_objects]:
            inline._check_scope(request, obj)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            obj.save()
        formset.save_m2m()


# Spreadsheet import and export ------------------------------------------------------------------


class SizedImportForm(ImportForm):
    """Refuses a file larger than HANDBOOK_IMPORT_MAX_BYTES before reading it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.HANDBOOK_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class HandbookExportMixin(ExportMixin):
    """Export of what the changelist shows: a focal point's export holds their countries only
    (the export queryset is the admin's scoped queryset)."""

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), **self._user_kwargs(request)}

    def _user_kwargs(self, request):
        resource_classes = self.get_resource_classes(request)
        takes_user = resource_classes and all(hasattr(cls, "required_columns") for cls in resource_classes)
        return {"user": request.user} if takes_user else {}


class HandbookImportExportMixin(HandbookExportMixin, ImportMixin):
    import_form_class = SizedImportForm

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), **self._user_kwargs(request)}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError):
            form.add_error(
                "import_file",
                _("The file is not UTF-8 text. Save it as “CSV UTF-8” (or as an Excel workbook) and try again."),
            )
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_import(self, request, **kwargs):
        """The confirmation of an import whose uploaded file is gone (the temporary copy expired or
        was already imported) asks for the file again, rather than failing."""
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            self.message_user(
                request,
                _("The uploaded file is no longer available (it expires, and is used once). Upload it again."),
                messages.WARNING,
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")

    def has_import_permission(self, request):
        # Explicit: importing creates and changes records, so both permissions are needed.
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and request.user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )
