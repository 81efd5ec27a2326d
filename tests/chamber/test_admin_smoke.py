"""Every registered model's changelist and add page opens for a superuser, in Arabic, right to left."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

MODELS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), MODELS, ids=[m._meta.label for m, _ in MODELS])
def test_changelist_and_add_page_open_in_arabic(admin_client, profile, model, model_admin):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = admin_client.get(changelist, follow=True)
    assert response.status_code == 200, changelist
    assert 'dir="rtl"' in response.content.decode()
    try:
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    except NoReverseMatch:
        return
    response = admin_client.get(add)
    if response.status_code == 403:  # some models (the singleton profile, frozen records) refuse additions
        assert not model_admin.has_add_permission(response.wsgi_request)
        return
    assert response.status_code == 200, add
    assert 'dir="rtl"' in response.content.decode()
