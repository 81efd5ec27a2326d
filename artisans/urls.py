"""Public pages of the artisans app."""

from django.urls import path

from artisans import account_views, portal_views

app_name = "artisans"

urlpatterns: list = [
    # Portal: public directory and the artisans' own accounts (portal_views.py, account_views.py).
    path("", portal_views.directory, name="directory"),
    path("signup/", account_views.signup, name="signup"),
    path("me/", account_views.me, name="me"),
]
