from django.urls import path

from drafting import views

urlpatterns = [
    path("", views.request_form, name="request-form"),
    path("schema.json", views.schema_view, name="request-schema"),
    path("render", views.render_view, name="request-render"),
]
