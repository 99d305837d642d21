"""Wire every save, delete and many-to-many change of handbook data to the data version."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from operations import data_version

DATA_APPS = ("countries", "contacts")


def connect():
    for app_label in DATA_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            post_save.connect(data_version.bump, sender=model, dispatch_uid=f"bump-save-{model._meta.label}")
            post_delete.connect(data_version.bump, sender=model, dispatch_uid=f"bump-delete-{model._meta.label}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(data_version.bump, sender=through, dispatch_uid=f"bump-m2m-{through._meta.label}")
