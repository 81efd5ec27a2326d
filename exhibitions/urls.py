"""Public pages of the exhibitions app, mounted at /exhibitions/."""

from django.urls import path

from exhibitions import views

app_name = "exhibitions"

urlpatterns: list = [
    path("", views.calendar, name="calendar"),
    path("calendar.ics", views.ical, name="ical"),
    path("past/", views.past, name="past"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
