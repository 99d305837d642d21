from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handbook")

    def ready(self):
        from django.db.backends.signals import connection_created

        from handbook import search, signals

        signals.connect()
        connection_created.connect(search.register_sqlite_functions, dispatch_uid="handbook-sqlite-functions")
