"""Probes and metrics, outside the language prefixes."""

from django.urls import path

from operations import observability, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
]
