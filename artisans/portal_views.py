"""The public artisan directory: consenting artisans only, searched and filtered through the register's selector."""

from django.shortcuts import render


def directory(request):
    return render(request, "artisans/portal/directory.html", {})
