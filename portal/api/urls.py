"""/api/v1/: the open-data API's URLs, included by chamber/urls.py by name (chamber imports no app)."""

from portal.api.views import api

urlpatterns, _app_name, _namespace = api.urls
app_name = _namespace  # "api-v1": the docs page reverses "api-v1:openapi-json"
