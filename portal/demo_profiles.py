"""Demo data of the portal: public profiles of the consenting demo artisans, with product photos approved by
Registry and the contact each chose. Everything goes through the portal's services, as the artisan and Registry
would do it; the photos are drawn here (no files shipped, no network)."""

from __future__ import annotations

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from artisans.models import Artisan
from chamber.demo import say
from portal import selectors, services

SEED = 16
WITH_PHOTOS = 10  # consenting artisans whose profile gets photos
CAPTIONS = ("زربية منسوجة يدويا", "زليج تقليدي", "آنية فخارية", "Tapis tissé main", "Poterie de Fès", "")
PALETTES = (
    ((122, 31, 31), (214, 170, 90), (245, 236, 220)),
    ((20, 70, 120), (235, 235, 225), (200, 150, 60)),
    ((40, 95, 60), (240, 225, 190), (150, 60, 40)),
    ((90, 50, 30), (220, 190, 140), (30, 30, 30)),
)


def _drawing(rng: random.Random) -> SimpleUploadedFile:
    """A 960×720 JPEG of a craft-like pattern: stripes of a rug, or a grid of stars of a zellige panel."""
    from PIL import Image, ImageDraw

    background, ink, accent = rng.choice(PALETTES)
    image = Image.new("RGB", (960, 720), background)
    draw = ImageDraw.Draw(image)
    if rng.random() < 0.5:
        for y in range(0, 720, 60):
            draw.rectangle((0, y, 960, y + 30), fill=ink if (y // 60) % 2 else accent)
            for x in range(30, 960, 120):
                draw.regular_polygon((x, y + 45, 14), 4, fill=accent, outline=ink)
    else:
        for y in range(75, 720, 150):
            for x in range(75, 960, 150):
                draw.regular_polygon((x, y, 60), 8, rotation=22.5, fill=ink, outline=accent)
                draw.regular_polygon((x, y, 30), 4, rotation=rng.choice((0, 45)), fill=accent)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@transaction.atomic
def seed(stdout=None) -> None:
    rng = random.Random(SEED)  # noqa: S311 (demo data, not secrets)
    consenting = list(
        Artisan.objects.filter(
            public_profile=True, registration_status=Artisan.RegistrationStatus.REGISTERED
        ).order_by("pk")
    )
    added = 0
    for index, artisan in enumerate(consenting):
        services.artisan_set_public_profile(artisan=artisan, public=True)
        if artisan.phone and index % 3 == 0:
            services.profile_set_contact(artisan=artisan, contact="phone")
        if index >= WITH_PHOTOS or selectors.own_photos(artisan=artisan).exists():
            continue
        for _n in range(rng.randint(2, 3)):
            photo = services.profile_photo_add(
                artisan=artisan, upload=_drawing(rng), caption=rng.choice(CAPTIONS)
            )
            services.profile_photo_approve(photo=photo, by=None)
            added += 1
    say(stdout, f"portal: {len(consenting)} public profiles, {added} approved photos added")
