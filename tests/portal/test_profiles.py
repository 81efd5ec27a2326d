"""Public artisan profiles: consent, the Registry's photo review, what the page shows and hides, the photos'
processing (content check, metadata stripped, sizes), the contact the artisan chooses and the forwarding form."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from artisans import demo as artisans_demo
from artisans.models import Artisan
from chamber.models import OutboxMail
from portal import demo_profiles, services
from portal.models import ProfilePhoto, PublicProfile

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _language_left_as_found():
    """A request with the language cookie leaves its language active in this thread: later tests on the same
    worker would get French or English messages."""
    yield
    translation.deactivate()


def jpeg_with_gps(size=(1800, 1200), color=(150, 60, 40)) -> bytes:
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (34.0, 2.0, 5.0), 3: "W", 4: (5.0, 0.0, 12.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "the fixture itself must carry a position"
    return data


def upload(data: bytes, name="product.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture
def demo_artisan(profile):
    """A consenting, registered demo artisan, as the demo loaders leave them."""
    artisans_demo.seed()
    artisan = (
        Artisan.objects.filter(public_profile=True, registration_status="registered")
        .exclude(phone="")
        .exclude(birth_date=None)
        .exclude(address="")
        .order_by("pk")
        .first()
    )
    assert artisan is not None
    return artisan


def test_a_demo_artisan_has_a_profile_with_photos_after_registry_approval(
    demo_artisan, client, registry_clerk
):
    photo = services.profile_photo_add(artisan=demo_artisan, upload=upload(jpeg_with_gps()), caption="زربية")
    slug = PublicProfile.objects.get(artisan=demo_artisan).slug
    page_url = reverse("artisans:profile", args=[slug])
    photo_url = reverse("artisans:profile_photo", args=[slug, photo.token, "medium"])

    # Before the review: the page exists, the photo does not.
    assert photo.token not in client.get(page_url).content.decode()
    assert client.get(photo_url).status_code == 404

    # Registry approves it in the admin.
    client.force_login(registry_clerk)
    change_url = reverse("admin:portal_profilephoto_change", args=[photo.pk])
    assert b'name="_approve"' in client.get(change_url).content
    client.post(change_url, {"decision_reason": "", "_approve": "1"})
    photo.refresh_from_db()
    assert photo.status == ProfilePhoto.Status.APPROVED and photo.decided_by == registry_clerk
    client.logout()

    # The directory links to the profile by its random address.
    directory = client.get(
        reverse("artisans:directory"), {"q": demo_artisan.full_name_latin}
    ).content.decode()
    assert f'href="{page_url}"' in directory

    html = client.get(page_url).content.decode()
    assert demo_artisan.full_name in html
    assert photo_url in html and 'property="og:image"' in html and 'property="og:title"' in html
    # No personal data: no CIN, birth date, address, and no phone since the artisan did not choose to show it.
    assert demo_artisan.cin not in html and demo_artisan.cin not in page_url
    assert demo_artisan.address not in html
    for shown in (demo_artisan.birth_date.isoformat(), demo_artisan.birth_date.strftime("%d/%m/%Y")):
        assert shown not in html
    digits = demo_artisan.phone[-8:]
    assert digits not in re.sub(r"\D", "", html)
    assert str(demo_artisan.pk) not in slug

    # The photo is served through the storage, re-encoded without EXIF (no GPS), at most 900 px on a side.
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.format == "JPEG" and max(served.size) == 900
    assert not served.getexif().get_ifd(GPS_IFD) and len(served.getexif()) == 0
    for name in (photo.small, photo.medium, photo.large):
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        assert b"Exif" not in data and b"PhoneMaker" not in data


def test_the_phone_shows_only_when_the_artisan_chooses_it(demo_artisan, client):
    services.artisan_set_public_profile(artisan=demo_artisan, public=True)
    slug = PublicProfile.objects.get(artisan=demo_artisan).slug
    digits = demo_artisan.phone[-8:]
    assert digits not in re.sub(
        r"\D", "", client.get(reverse("artisans:profile", args=[slug])).content.decode()
    )
    services.profile_set_contact(artisan=demo_artisan, contact="phone")
    assert digits in re.sub(r"\D", "", client.get(reverse("artisans:profile", args=[slug])).content.decode())


def test_a_non_consenting_artisans_profile_is_404_and_their_photos_too(demo_artisan, client):
    photo = services.profile_photo_add(artisan=demo_artisan, upload=upload(jpeg_with_gps()))
    services.profile_photo_approve(photo=photo, by=None)
    slug = PublicProfile.objects.get(artisan=demo_artisan).slug
    photo_url = reverse("artisans:profile_photo", args=[slug, photo.token, "small"])
    assert client.get(photo_url).status_code == 200
    services.artisan_set_public_profile(artisan=demo_artisan, public=False)
    assert client.get(reverse("artisans:profile", args=[slug])).status_code == 404
    assert client.get(photo_url).status_code == 404
    assert client.get(reverse("artisans:profile", args=["nosuchprofile"])).status_code == 404


def test_a_non_image_is_refused_with_a_clear_message(client_a, artisan_a):
    url = reverse("artisans:my_profile")
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fake = SimpleUploadedFile("rug.jpg", b"%PDF-1.4 not a picture at all", content_type="image/jpeg")
    response = client_a.post(url, {"image": fake, "caption": ""})
    assert response.status_code == 200
    assert "The photo is not an image (JPEG, PNG or WebP)." in response.content.decode()
    assert not ProfilePhoto.objects.exists()


def test_the_artisan_uploads_from_their_page_and_registry_refuses_with_a_reason(
    client_a, artisan_a, client, registry_clerk
):
    response = client_a.post(
        reverse("artisans:my_profile"), {"image": upload(jpeg_with_gps()), "caption": "فخار"}
    )
    assert response.status_code == 302
    photo = ProfilePhoto.objects.get(profile__artisan=artisan_a)
    assert photo.status == "pending"
    assert client_a.get(reverse("artisans:my_photo", args=[photo.pk])).status_code == 200
    from django.test import Client

    staff = Client()
    staff.force_login(registry_clerk)
    change_url = reverse("admin:portal_profilephoto_change", args=[photo.pk])
    staff.post(change_url, {"decision_reason": "", "_reject": "1"})
    photo.refresh_from_db()
    assert photo.status == "pending", "a refusal without a reason must be refused"
    staff.post(change_url, {"decision_reason": "الصورة غير واضحة", "_reject": "1"})
    photo.refresh_from_db()
    assert photo.status == "refused"
    mail = OutboxMail.objects.get(
        to_address=artisan_a.email, template="portal/account/email/photo_refused.txt"
    )
    assert "الصورة غير واضحة" in mail.body
    assert "الصورة غير واضحة" in client_a.get(reverse("artisans:my_profile")).content.decode()


def test_at_most_eight_photos(artisan_a):
    small = jpeg_with_gps(size=(200, 150))
    for _n in range(services.PROFILE_PHOTOS_MAX):
        services.profile_photo_add(artisan=artisan_a, upload=upload(small))
    with pytest.raises(Exception) as caught:
        services.profile_photo_add(artisan=artisan_a, upload=upload(small))
    assert "8" in str(caught.value)
    assert ProfilePhoto.objects.count() == services.PROFILE_PHOTOS_MAX


def test_the_contact_form_forwards_without_revealing_and_is_rate_limited(artisan_a, client):
    services.profile_set_contact(artisan=artisan_a, contact="form")
    slug = PublicProfile.objects.get(artisan=artisan_a).slug
    url = reverse("artisans:profile", args=[slug])
    html = client.get(url).content.decode()
    assert artisan_a.email not in html and 'name="message"' in html
    data = {
        "name": "Claire",
        "email": "claire@example.invalid",
        "message": "Bonjour, vendez-vous des tapis ?",
    }
    assert client.post(url, data).status_code == 302
    mail = OutboxMail.objects.get(template="portal/account/email/profile_message.txt")
    assert mail.to_address == artisan_a.email and mail.reply_to == "claire@example.invalid"
    assert "vendez-vous des tapis" in mail.body
    statuses = [client.post(url, data).status_code for _n in range(6)]
    assert statuses[-1] == 429


def test_the_portal_demo_gives_consenting_artisans_approved_photos(profile):
    artisans_demo.seed()
    demo_profiles.seed()
    approved = ProfilePhoto.objects.filter(status="approved")
    assert approved.values("profile").distinct().count() >= 10
    assert not PublicProfile.objects.filter(artisan__public_profile=False).exists()
    consenting = Artisan.objects.filter(public_profile=True, registration_status="registered")
    assert PublicProfile.objects.count() == consenting.count() > 20
