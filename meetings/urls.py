"""Public pages of the meetings app, mounted at /sessions/."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("<int:pk>/minutes.pdf", views.minutes_download, name="minutes_download"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
]
