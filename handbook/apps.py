from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handbook")

    def ready(self):
        from django.db.backends.signals import connection_created

        from handbook import search, signals
        from operations.backups import restored

        signals.connect()
        connection_created.connect(search.register_sqlite_functions, dispatch_uid="handbook-sqlite-functions")
        post_migrate.connect(_tune_search, sender=self, dispatch_uid="handbook-tune-search")
        # A restored dump recreates pg_trgm with its default costs.
        restored.connect(_tune_restored_search, dispatch_uid="handbook-tune-restored-search")


def _tune_search(sender, using="default", **kwargs):
    from django.db import connections

    from handbook.search import tune_postgresql

    tune_postgresql(connections[using])


def _tune_restored_search(sender, connection, **kwargs):
    from handbook.search import tune_postgresql

    tune_postgresql(connection)
