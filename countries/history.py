"""Many-to-many values as a historical record holds them, for the admin's revert form.

simple-history builds its revert form on `historical_record.instance`, a model instance rebuilt
from the record's own columns. Its many-to-many relations are not columns: read through that
instance they return today's rows, so the form would show, and a revert would save, the current
set. For the fields a model's history tracks (`HistoricalRecords(m2m_fields=[...])`), the record
keeps rows of its own (`historical_record.<field>.all()`, each with a foreign key to the target
model); these functions read them back.
"""


def recorded_m2m_values(historical_record):
    """{field name: [primary keys of the targets]} for each many-to-many field whose values
    `historical_record` recorded."""
    values = {}
    for field in getattr(historical_record, "_history_m2m_fields", ()):
        rows = getattr(historical_record, field.name).all()
        # The historical row's foreign key to the target model ("language" for Authority.languages).
        target = rows.model._meta.get_field(field.m2m_reverse_field_name()).attname
        values[field.name] = [pk for pk in rows.values_list(target, flat=True) if pk is not None]
    return values


def form_with_recorded_m2m(form_class, historical_record):
    """`form_class`, its many-to-many fields initially showing the values `historical_record`
    recorded rather than the current ones.

    The values are read when the form is made (once per page), not when the class is: the admin
    builds the class more than once per request.
    """

    class RevertForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, pks in recorded_m2m_values(historical_record).items():
                if name in self.fields:
                    self.initial[name] = pks

    RevertForm.__name__ = RevertForm.__qualname__ = form_class.__name__
    return RevertForm
