"""Public pages of the exhibitions app."""

app_name = "exhibitions"

urlpatterns: list = []
