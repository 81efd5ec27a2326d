"""Public pages of the artisans app."""

app_name = "artisans"

urlpatterns: list = []
