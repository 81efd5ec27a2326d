"""Artisans' own desk on the portal: sign-up, e-mail verification, registry data, card, records, change requests."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def signup(request):
    return render(request, "portal/message_page.html", {})


@login_required
def me(request):
    return render(request, "portal/message_page.html", {})
