"""Signing in, asking for an account, and the second factor (under each language's prefix)."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    # Before Django's own, which it replaces: rate limited (accounts/views.py).
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/request/", views.access_request, name="access-request"),
    path("accounts/request/sent/", views.access_request_sent, name="access-request-sent"),
    path("accounts/two-factor/", views.two_factor, name="two-factor"),
    path("accounts/two-factor/qr.svg", views.two_factor_qr, name="two-factor-qr"),
    path("accounts/two-factor/enrol/<str:token>/", views.two_factor_enrol, name="two-factor-enrol"),
]
