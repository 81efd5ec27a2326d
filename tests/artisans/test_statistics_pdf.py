"""The register's statistics as a PDF: every breakdown with its numbers, and bar charts drawn as vector SVG."""

import subprocess
import tempfile

from django.urls import reverse

from artisans.models import Artisan
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool
from tests.pdftools import has_phrase, pdf_text


def _raster_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """Width and height of every raster image in the PDF (pdfimages lists a PNG's alpha mask as a second one)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        listing = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, check=True).stdout
    return {(int(line.split()[3]), int(line.split()[4])) for line in listing.decode().splitlines()[2:]}


def test_a_manager_prints_the_statistics_with_vector_charts(profile, manager, client):
    require_tool("pdftotext")
    require_tool("pdfimages")
    ArtisanFactory.create_batch(3, sex=Artisan.Sex.FEMALE)
    ArtisanFactory(sex=Artisan.Sex.MALE)
    client.force_login(manager)
    response = client.get(reverse("admin:artisans_artisan_statistics_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert has_phrase(text, "حسب الجنس")
    assert has_phrase(text, "أنثى 3 75,0")
    from PIL import Image

    logo = Image.open(profile.logo.path).size
    assert _raster_sizes(response.content) == {logo}  # the logo only: the bars are vector drawings


def test_the_statistics_pdf_needs_the_statistics_permission(profile, artisan_user, client):
    client.force_login(artisan_user)
    response = client.get(reverse("admin:artisans_artisan_statistics_pdf"))
    assert response.status_code in (302, 403)
