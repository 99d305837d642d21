"""The interface's translations: `locale/<language>/LC_MESSAGES/django.po`, written by
`manage.py makemessages`, translated by hand, and compiled into the `.mo` files Django reads.

The compiled files are committed, so that running the handbook needs nothing but Python: Babel
compiles them (`manage.py compile_catalogues`), and a test checks that every `.mo` is what its
`.po` compiles to, and that no message is left untranslated or fuzzy.
"""

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings


def sources():
    """Every catalogue's `.po` file, of every language but English."""
    return sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/*.po"))


def read(po_path):
    with open(po_path, "rb") as source:
        return read_po(source, locale=po_path.parent.parent.name)


def compiled(po_path):
    """The bytes of the `.mo` that `po_path` compiles to."""
    output = io.BytesIO()
    write_mo(output, read(po_path), use_fuzzy=False)
    return output.getvalue()


def problems(po_path):
    """One line per message that is untranslated (in any plural form) or fuzzy."""
    found = []
    for message in read(po_path):
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        name = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.fuzzy:
            found.append(f"{po_path}: fuzzy: {name!r}")
        elif not all(strings):
            found.append(f"{po_path}: untranslated: {name!r}")
    return found
