"""Public pages of the agreements app (mounted at /agreements/)."""

from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/fact-sheet.pdf", views.agreement_fact_sheet, name="fact_sheet"),
    path("<int:pk>/signed.pdf", views.signed_scan_download, name="signed_scan"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
]
