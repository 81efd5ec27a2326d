"""Public pages of the artisans app."""

from django.urls import path

from artisans import account_views, portal_views, views

app_name = "artisans"

urlpatterns: list = [
    # Portal: public directory and the artisans' own accounts (portal_views.py, account_views.py).
    path("", portal_views.directory, name="directory"),
    path("signup/", account_views.signup, name="signup"),
    path("signup/sent/", account_views.signup_sent, name="signup_sent"),
    path("signup/verify/<str:token>/", account_views.verify, name="verify"),
    path("me/", account_views.me, name="me"),
    path("me/consent/", account_views.consent, name="consent"),
    path("me/cards/<int:pk>/pdf/", account_views.card_download, name="card_download"),
    path("me/records/", account_views.records, name="records"),
    path("me/changes/", account_views.change_list, name="change_list"),
    path("me/changes/<int:pk>/", account_views.change_detail, name="change_detail"),
    path("me/changes/<int:pk>/withdraw/", account_views.change_withdraw, name="change_withdraw"),
    # The QR code of a professional card opens this page; the token is random and carries no personal data.
    path("card/<str:token>/", views.card_verify, name="card_verify"),
]
