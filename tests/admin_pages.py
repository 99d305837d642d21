"""The checks every app's admin gets: each model is registered, and each of its pages and a
changelist search answer 200 for a coordinator.

A test module calls `admin_page_tests(app_label, search_term)` and binds the returned tests to
module-level names so that pytest collects them; the module provides a `records` fixture holding
one row per model.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse


def admin_page_tests(app_label, search_term):
    models = [
        model for model in apps.get_app_config(app_label).get_models() if not model.__name__.startswith("Historical")
    ]
    # Every admin page of every model; the history page only where the model keeps history.
    pages = [
        pytest.param(model, page, id=f"{model._meta.model_name}-{page}")
        for model in models
        for page in ["changelist", "add", "change", "history"]
        if page != "history" or hasattr(model, "history")
    ]

    @pytest.mark.parametrize("model", models, ids=lambda model: model._meta.model_name)
    def test_every_model_is_registered(model):
        assert admin.site.is_registered(model)

    @pytest.mark.parametrize(("model", "page"), pages)
    def test_admin_page_answers(client, coordinator, records, model, page):
        opts = model._meta
        args = [] if page in ("changelist", "add") else [records[model].pk]
        client.force_login(coordinator)
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args))
        assert response.status_code == 200

    @pytest.mark.parametrize("model", models, ids=lambda model: model._meta.model_name)
    def test_changelist_search_answers(client, coordinator, records, model):
        opts = model._meta
        client.force_login(coordinator)
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": search_term})
        assert response.status_code == 200

    return test_every_model_is_registered, test_admin_page_answers, test_changelist_search_answers
