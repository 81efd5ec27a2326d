"""Django's generic admin displays (the read-only fields of a view-only form, and list columns named after a model
field) show amounts in MAD the Moroccan way (2.160.000,00 درهم), percentages as 90 % or 90,5 % (not 90.00), and the
chamber's phones as their inputs do: in the national form, 06 12 34 56 78, left to right, with the inputs' help text
(the models' own, «+212535000000» in an Arabic sentence, puts the plus sign on the wrong end).

Django builds those displays with django.contrib.admin.utils.display_for_field and help_text_for_field, which have
no hook for a kind of CharField; their callers (the read-only field of helpers, the list cells of admin_list) take
ours instead.
"""

from __future__ import annotations

from django.contrib.admin import helpers
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import display_for_field as django_display_for_field
from django.contrib.admin.utils import help_text_for_field as django_help_text_for_field
from django.core.exceptions import FieldDoesNotExist


def display_for_field(value, field, empty_value_display, avoid_link=False):
    from chamber.admin_base import is_money_field, is_percent_field, is_phone_field, phone_display
    from chamber.formatting import format_amount, format_percent

    if value and is_phone_field(field):
        return phone_display(value)
    if value is not None and is_money_field(field):
        return format_amount(value)
    if value is not None and is_percent_field(field):
        return format_percent(value, decimals=None)
    return django_display_for_field(value, field, empty_value_display, avoid_link)


def help_text_for_field(name, model):
    from chamber.admin_base import is_phone_field, phone_help_text

    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and is_phone_field(field):
        return phone_help_text()
    return django_help_text_for_field(name, model)


def install() -> None:
    helpers.display_for_field = display_for_field  # type: ignore[attr-defined]
    helpers.help_text_for_field = help_text_for_field  # type: ignore[attr-defined]
    admin_list.display_for_field = display_for_field  # type: ignore[attr-defined]
