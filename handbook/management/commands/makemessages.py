"""`manage.py makemessages`, which reads the site's Jinja2 templates.

Django's makemessages reads Python files and Django templates. The site's pages and e-mails under
`templates/` are Jinja2 (handbook/templating.py), whose `gettext` and `ngettext` calls it would
misread as Django template text: it skips them, and Jinja2's own extractor finds their messages
instead, each written as a Python call into a file beside its template for the duration of the
run, so that the messages land in the same catalogue with a reference to their template. The
admin's templates (each app's `templates/admin/`) stay in the Django template language and are
read by Django's own pass.

Catalogues are compiled by `manage.py compile_catalogues` (Python only; the compiled files are
committed and a test checks that they match their sources). Use it as:

    manage.py makemessages -l fr -l ru --no-obsolete && manage.py compile_catalogues
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages
from jinja2.ext import babel_extract

KEYWORDS = ("gettext", "ngettext", "_")
JINJA_SUFFIXES = (".html", ".txt")
IGNORED = [".venv/*", "bench/*", "tests/*", "staticfiles/*", "var/*"]
# The Jinja2 templates, which Django's pass must not read as Django templates (their stand-ins,
# `.html.py` and `.txt.py`, are read as Python).
JINJA_IGNORED = [f"templates/*{suffix}" for suffix in JINJA_SUFFIXES]
STAND_IN_REFERENCE = re.compile(r"(\.(?:html|txt))\.py:")


def _python_call(function, message):
    # Jinja2 gives a tuple when a call has more arguments than the message (keyword placeholders
    # give None in their place): ngettext's are singular, plural.
    if function == "ngettext":
        return f"ngettext({message[0]!r}, {message[1]!r}, 1)"
    return f"gettext({(message[0] if isinstance(message, tuple) else message)!r})"


def jinja_messages(template):
    """The lines of a Python stand-in for `template`: each message on its template's line."""
    lines = {}
    with open(template, "rb") as source:
        for lineno, function, message, _comments in babel_extract(source, KEYWORDS, [], {}):
            lines.setdefault(lineno, []).append(_python_call(function, message))
    count = max(lines, default=0)
    return ["; ".join(lines.get(number, [])) for number in range(1, count + 1)]


def jinja_templates():
    folder = Path(settings.BASE_DIR) / "templates"
    return sorted(path for path in folder.rglob("*") if path.suffix in JINJA_SUFFIXES)


class Command(makemessages.Command):
    help = makemessages.Command.help + " Reads the Jinja2 templates under templates/ with Jinja2's extractor."

    def handle(self, *args, **options):
        options["ignore_patterns"] = list(options.get("ignore_patterns") or []) + IGNORED + JINJA_IGNORED
        stand_ins = []
        try:
            for template in jinja_templates():
                lines = jinja_messages(template)
                if not lines:
                    continue
                stand_in = template.with_name(template.name + ".py")
                # Each call on its template's line; the note comes last so as not to shift them.
                stand_in.write_text("\n".join([*lines, "# A stand-in for makemessages, removed when it ends.\n"]))
                stand_ins.append(stand_in)
            super().handle(*args, **options)
        finally:
            for stand_in in stand_ins:
                stand_in.unlink(missing_ok=True)
        # References name the templates, not their stand-ins.
        for po_path in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"):
            po_path.write_text(STAND_IN_REFERENCE.sub(r"\1:", po_path.read_text()))
