"""The artisan's photo on the professional card: an image by its content, size-capped, stored under a random name
through Django's storage, and printed on the card."""

import datetime as dt
import io
import subprocess
import tempfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from artisans import documents, services
from artisans.models import PHOTO_MAX_BYTES, Artisan, validate_photo
from tests.artisans.factories import ArtisanFactory
from tests.conftest import require_tool


def _image(kind="JPEG", size=(300, 400)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, kind)
    return buffer.getvalue()


def _upload(content: bytes, name="photo.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def test_a_jpeg_photo_is_accepted():
    validate_photo(_upload(_image()))


def test_a_text_file_named_like_a_photo_is_refused_by_its_content():
    with pytest.raises(ValidationError, match="ليس صورة"):
        validate_photo(_upload(b"CIN;AB123456\n" * 50, name="photo.jpg"))


def test_a_photo_over_two_megabytes_is_refused_naming_its_size():
    big = _upload(_image() + b"\0" * PHOTO_MAX_BYTES)
    with pytest.raises(ValidationError) as refused:
        validate_photo(big)
    assert str(PHOTO_MAX_BYTES // 1024) in refused.value.messages[0]


def test_a_gif_is_refused_with_the_formats_to_use():
    with pytest.raises(ValidationError, match="JPEG"):
        validate_photo(_upload(_image("GIF"), name="photo.gif"))


def test_the_admin_form_field_checks_the_content_too():
    field = Artisan._meta.get_field("photo").formfield()
    with pytest.raises(ValidationError):
        field.clean(_upload(b"not an image at all", name="photo.png"))


@pytest.fixture
def card_with_photo(profile):
    artisan = ArtisanFactory(full_name="فاطمة الزهراء بناني", register_number="FM2025000123")
    artisan.photo.save("any name with CIN AB123456.jpg", io.BytesIO(_image()), save=True)
    return services.card_issue(artisan=artisan, issued_on=dt.date(2025, 1, 15))


def test_the_photo_is_stored_under_a_random_name(card_with_photo):
    name = card_with_photo.artisan.photo.name
    assert name.startswith("artisans/photos/") and "AB123456" not in name


def test_the_card_prints_the_photo_and_the_register_id(card_with_photo):
    require_tool("pdfimages")
    require_tool("pdftotext")
    from tests.pdftools import pdf_text

    pdf = documents.card_pdf(card=card_with_photo).content
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        listing = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True, check=True).stdout
    sizes = {(int(line.split()[3]), int(line.split()[4])) for line in listing.decode().splitlines()[2:]}
    assert (300, 400) in sizes
    assert "FM2025000123" in pdf_text(pdf)
