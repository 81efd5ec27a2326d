"""The portal's pages under /artisans/: the public directory, the card check, sign-up and the artisan's own pages.

They keep the "artisans" URL namespace they had when the artisans app served them."""

from django.urls import path

from portal import directory, views

app_name = "artisans"

urlpatterns: list = [
    path("", directory.directory, name="directory"),
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/verify/<str:token>/", views.verify, name="verify"),
    path("me/", views.me, name="me"),
    path("me/consent/", views.consent, name="consent"),
    path("me/code/", views.code_enter, name="code_enter"),
    path("me/code/sms/", views.code_sms, name="code_sms"),
    path("me/profile/", views.my_profile, name="my_profile"),
    path("me/profile/photos/<int:pk>/", views.my_photo, name="my_photo"),
    path("me/profile/photos/<int:pk>/remove/", views.my_photo_remove, name="my_photo_remove"),
    path("me/cards/<int:pk>/pdf/", views.card_download, name="card_download"),
    path("me/records/", views.records, name="records"),
    path("me/changes/", views.change_list, name="change_list"),
    path("me/changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("me/changes/<int:pk>/withdraw/", views.change_withdraw, name="change_withdraw"),
    # The QR code of a professional card opens this page; the token is random and carries no personal data.
    path("card/<str:token>/", views.card_verify, name="card_verify"),
    # A public profile: a random slug, never a CIN, a pk or a name.
    path("p/<slug:slug>/", views.profile, name="profile"),
    path("p/<slug:slug>/photos/<slug:token>/<slug:size>.jpg", views.profile_photo, name="profile_photo"),
]
