"""Phone number fields whose stored numbers are cheap to show.

django-phonenumber-field parses every number it reads from the database, then checks and formats
it again each time it is printed or tested for truth (`{% if contact.phone %}` formats it too),
several times a number on pages that show hundreds. A number read from the database is stored in
E.164 and never changes its meaning, so here it is parsed once per process and number, and its
display text is worked out once.
"""

import functools

import phonenumbers
from phonenumber_field.modelfields import PhoneNumberDescriptor
from phonenumber_field.modelfields import PhoneNumberField as BasePhoneNumberField
from phonenumber_field.phonenumber import PhoneNumber, to_python


class StoredPhoneNumber(PhoneNumber):
    """A number read from the database: shown as `PHONENUMBER_DEFAULT_FORMAT` says, worked out once.

    Instances are shared between the records that hold the same number: never change one."""

    @functools.cached_property
    def display(self):
        return super().__str__()

    @functools.cached_property
    def as_e164(self):
        return super().as_e164

    def __str__(self):
        return self.display

    def __len__(self):
        return len(self.display)


@functools.lru_cache(maxsize=20_000)  # a few thousand numbers in real data; a few MB
def stored_number(value):
    """The number stored as `value` (E.164, or the raw text of a number that was not valid)."""
    try:
        return StoredPhoneNumber.from_string(value)
    except phonenumbers.NumberParseException:  # as django-phonenumber-field keeps such text
        return StoredPhoneNumber(raw_input=value)


class StoredNumberDescriptor(PhoneNumberDescriptor):
    """Keeps a number that is one already (read from the database, or assigned as one) and an empty
    value as they are, as django-phonenumber-field's `to_python` would, without first reading the
    default region from the settings for each of a page's hundreds of numbers."""

    def __set__(self, instance, value):
        if value is None or isinstance(value, PhoneNumber) or (type(value) is str and value == ""):
            instance.__dict__[self.field.name] = value
        else:
            super().__set__(instance, value)


class PhoneNumberField(BasePhoneNumberField):
    """django-phonenumber-field's field, reading numbers through `stored_number`."""

    descriptor_class = StoredNumberDescriptor

    def from_db_value(self, value, expression, connection):
        if not value:
            return to_python(value)
        return stored_number(value)
