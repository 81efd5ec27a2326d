"""Helpers for admin form tests: the data a change or add form posts back as the user left it, and its errors."""

from __future__ import annotations

from django import forms


def _field_value(value):
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    return str(value)


def form_data(client, url) -> dict:
    """What the admin form at `url` posts back when the user saves it untouched (main form only)."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.MultiWidget):  # a date and a time: name_0, name_1
            for index, part in enumerate(field.widget.decompress(form[name].value())):
                data[f"{name}_{index}"] = "" if part is None else str(part)
            continue
        value = _field_value(form[name].value())
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField) and not value:
            continue
        if value is not None and not field.disabled:
            data[name] = value
    return data


def form_data_with_inlines(client, url) -> dict:
    """The same, with every inline's management form and rows."""
    response = client.get(url)
    data = form_data(client, url)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.formset.forms:
            for name in form.fields:
                value = form[name].value()
                if isinstance(value, bool):
                    if value:
                        data[form.add_prefix(name)] = "on"
                elif isinstance(value, list | tuple):
                    data[form.add_prefix(name)] = [str(v) for v in value]
                elif value is not None:
                    data[form.add_prefix(name)] = str(value)
    return data


def inline_row(data: dict, prefix: str, **fields) -> dict:
    """Add one new row to the inline whose formset prefix is `prefix` (data from form_data_with_inlines)."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{total}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    return data


def errors(response):
    """The main form's and the inlines' errors, for an assertion message."""
    context = response.context
    if context is None or "adminform" not in context:
        return response.status_code
    return context["adminform"].form.errors, [f.formset.errors for f in context["inline_admin_formsets"]]
