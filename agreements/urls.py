"""Public pages of the agreements app."""

app_name = "agreements"

urlpatterns: list = []
