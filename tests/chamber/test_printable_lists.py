"""Printable admin lists: the artisans' and the members' lists, as filtered on screen, as a PDF."""

import re

import pytest
from django.urls import reverse

from artisans.models import Artisan
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool
from tests.meetings.factories import MemberFactory
from tests.pdftools import has_phrase, pdf_info, pdf_text


@pytest.fixture
def register(profile):
    return {
        "woman": ArtisanFactory(full_name="فاطمة الزهراء بناني", sex=Artisan.Sex.FEMALE),
        "man": ArtisanFactory(full_name="عبد الله الكتاني", sex=Artisan.Sex.MALE),
    }


def test_the_artisans_list_prints_as_filtered_on_screen(register, registry_clerk, client):
    require_tool("pdftotext")
    client.force_login(registry_clerk)
    response = client.get(reverse("admin:artisans_artisan_print"), {"sex__exact": Artisan.Sex.FEMALE})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert has_phrase(text, "فاطمة الزهراء بناني")
    assert not has_phrase(text, "عبد الله الكتاني")
    assert has_phrase(text, "عدد السجلات: 1")
    # seven columns: the page is landscape
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", pdf_info(response.content))
    assert float(size.group(1)) > float(size.group(2))


def test_the_printed_list_leaves_out_the_cin_and_the_phone(register, registry_clerk, client):
    require_tool("pdftotext")
    client.force_login(registry_clerk)
    text = pdf_text(client.get(reverse("admin:artisans_artisan_print")).content)
    for artisan in register.values():
        assert artisan.cin not in text
        if artisan.phone:
            assert artisan.phone[-6:] not in text.replace(" ", "")


def test_the_members_list_prints(profile, secretary, client):
    require_tool("pdftotext")
    MemberFactory(name_ar="نعيمة الحمداوي")
    client.force_login(secretary)
    response = client.get(reverse("admin:meetings_member_print"))
    assert response.status_code == 200
    assert has_phrase(pdf_text(response.content), "نعيمة الحمداوي")


def test_the_change_list_links_to_its_printable_list(register, registry_clerk, client):
    client.force_login(registry_clerk)
    page = client.get(reverse("admin:artisans_artisan_changelist"), {"sex__exact": Artisan.Sex.FEMALE})
    assert reverse("admin:artisans_artisan_print") + "?sex__exact=" in page.content.decode()


def test_an_artisan_cannot_print_the_register(register, artisan_user, client):
    client.force_login(artisan_user)
    response = client.get(reverse("admin:artisans_artisan_print"))
    assert response.status_code in (302, 403)
