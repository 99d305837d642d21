"""Spreadsheet import and export (django-import-export) for the records focal points keep.

Every resource here is strict, because a spreadsheet is easy to get subtly wrong:

- columns must be exactly the known ones (a missing or unknown column is an error, not a silently
  ignored field);
- rows are matched on stable identifiers (`uid`, slugs, natural keys), never on database ids, so
  that re-importing a file changes nothing and a file moves between databases;
- a row for a country the importing focal point does not manage is a row error, whether it is
  new or matches an existing record of another country;
- a cell that a spreadsheet program would run as a formula is a row error;
- a file with any error writes nothing (the admin offers to confirm only a clean dry run, and the
  real import runs in one transaction).
"""

import re
import uuid
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from countries.models import Answer, Country, Instrument, Provision, Question, Topic
from countries.scope import country_id_at, managed_country_ids

# A cell starting like this is run as a formula by spreadsheet programs; a phone number or a
# plain (negative) number starting with + or - is fine.
FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d\s()./-]*$)")


class StrictResource(resources.ModelResource):
    """Base for the handbook's resources; see the module docstring."""

    #: Path from the model to its country's primary key (Django lookup syntax), or None.
    country_path = "country_id"
    #: Columns a file must have (the others the resource knows may be left out).
    required_columns = ()
    #: {many-to-many column: path from the linked model to its country's id}: a focal point may
    #: link records of the countries they manage or of no country (international), as the admin's
    #: forms let them, and nothing of another country.
    linked_country_paths = {}

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    # File level -------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        headers = [h.strip() if isinstance(h, str) else h for h in (dataset.headers or [])]
        known = {field.column_name for field in self.get_import_fields()}
        unknown = [h for h in headers if h not in known]
        missing = [c for c in self.required_columns if c not in headers]
        duplicated_headers = [h for h, n in Counter(headers).items() if n > 1]
        problems = []
        if unknown:
            problems.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(map(str, unknown))})
        if missing:
            problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        if duplicated_headers:
            problems.append(_("columns given twice: %(columns)s") % {"columns": ", ".join(duplicated_headers)})
        if problems:
            raise ValueError(
                _("The file's columns do not match (%(problems)s). Expected columns: %(expected)s.")
                % {"problems": "; ".join(problems), "expected": ", ".join(sorted(known))}
            )
        keys = [self._row_key(row) for row in dataset.dict]
        repeated = sorted({key for key, n in Counter(k for k in keys if k).items() if n > 1})
        if repeated:
            raise ValueError(
                _("The same record appears on several rows: %(keys)s. Keep one row per record.")
                % {"keys": "; ".join(" / ".join(map(str, key)) for key in repeated[:10])}
            )
        super().before_import(dataset, **kwargs)

    def _row_key(self, row):
        values = tuple(str(row.get(name) or "").strip() for name in self._meta.import_id_fields)
        return values if any(values) else None

    # Row level --------------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            if isinstance(value, str) and FORMULA_START.match(value):
                raise ValidationError(
                    _("Column “%(column)s” holds a spreadsheet formula (%(value)s); enter plain values only.")
                    % {"column": column, "value": value[:40]}
                )
        super().before_import_row(row, **kwargs)

    def _check_scope(self, instance):
        ids = managed_country_ids(self.user) if self.user is not None else None
        if ids is not None and country_id_at(instance, self.country_path) not in ids:
            raise ValidationError(_("This row is for a country you do not manage."))

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        if instance is not None:
            self._check_scope(instance)  # an existing record of another country
        return instance

    def _check_links(self, row):
        """Every identifier in a many-to-many column names a record (none is dropped unseen), and
        none is another country's."""
        ids = managed_country_ids(self.user) if self.user is not None else None
        errors = {}
        for field in self.get_import_fields():
            widget = field.widget
            if not isinstance(widget, widgets.ManyToManyWidget) or field.column_name not in row:
                continue
            value = row[field.column_name]
            wanted = {part.strip() for part in str(value or "").split(widget.separator) if part.strip()}
            linked = list(field.clean(row))
            # Compared without case: an identifier typed in capitals ("3F2A…") finds its record.
            found = {str(getattr(record, widget.field)).lower() for record in linked}
            unknown = {identifier for identifier in wanted if identifier.lower() not in found}
            path = self.linked_country_paths.get(field.column_name)
            foreign = []
            if ids is not None and path:
                foreign = [record for record in linked if country_id_at(record, path) not in (None, *ids)]
            if unknown:
                errors[field.attribute] = _("No such record: %(values)s.") % {"values": ", ".join(sorted(unknown))}
            elif foreign:
                errors[field.attribute] = _(
                    "%(values)s belong to a country you do not manage: link your country's records or "
                    "international ones."
                ) % {"values": ", ".join(str(getattr(record, widget.field)) for record in foreign)}
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        self._check_links(row)
        super().import_instance(instance, row, **kwargs)
        if hasattr(instance, "uid") and instance.uid is None:
            instance.uid = uuid.uuid4()  # a new record: a blank identifier column
        self._check_scope(instance)  # where the row puts it


class UidWidget(widgets.Widget):
    """A stable identifier; blank means a new record."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return uuid.UUID(str(value).strip())
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a valid identifier; leave it blank for a new record.") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def uid_field():
    return fields.Field(attribute="uid", column_name="uid", widget=UidWidget())


class CountryCodeWidget(widgets.ForeignKeyWidget):
    """A country by its ISO code, with a clear error for an unknown one."""

    def __init__(self):
        super().__init__(Country, field="code")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        code = str(value).strip().upper()
        try:
            return Country.objects.get(code=code)
        except Country.DoesNotExist:
            raise ValueError(_("Unknown country code “%(code)s”.") % {"code": value}) from None


def country_field(attribute="country", column="country"):
    return fields.Field(attribute=attribute, column_name=column, widget=CountryCodeWidget())


class InstrumentResource(StrictResource):
    country = country_field()
    required_columns = ("slug", "short_name", "kind")

    class Meta:
        model = Instrument
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "short_name",
            "title",
            "kind",
            "country",
            "adopted_on",
            "in_force",
            "in_force_on",
            "applicable_from",
            "transposition_deadline",
            "in_force_source_url",
            "in_force_source_read_on",
            "official_url",
        ]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class ProvisionResource(StrictResource):
    country_path = "instrument__country_id"
    uid = uid_field()
    instrument = fields.Field(
        attribute="instrument", column_name="instrument", widget=widgets.ForeignKeyWidget(Instrument, field="slug")
    )
    topics = fields.Field(
        attribute="topics", column_name="topics", widget=widgets.ManyToManyWidget(Topic, field="slug", separator=",")
    )
    required_columns = ("uid", "instrument", "article")

    class Meta:
        model = Provision
        import_id_fields = ["uid"]
        fields = ["uid", "instrument", "article", "title", "summary", "excerpt", "official_url", "topics", "order"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class AnswerResource(StrictResource):
    country = country_field()
    question = fields.Field(
        attribute="question", column_name="question", widget=widgets.ForeignKeyWidget(Question, field="key")
    )
    provisions = fields.Field(
        attribute="provisions",
        column_name="provisions",
        widget=widgets.ManyToManyWidget(Provision, field="uid", separator=","),
    )
    required_columns = ("country", "question", "value", "details")
    linked_country_paths = {"provisions": "instrument__country_id"}

    class Meta:
        model = Answer
        import_id_fields = ["country", "question"]
        fields = ["country", "question", "value", "details", "details_fr", "details_ru", "provisions"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
