"""The demo runner: each app's demo loader, imported explicitly and run in the apps' dependency order (chamber ←
artisans ← meetings ← agreements ← programmes, exhibitions), each in its own transaction. An error stops it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from agreements import demo as agreements_demo
from artisans import demo as artisans_demo
from chamber import demo as chamber_demo
from exhibitions import demo as exhibitions_demo
from meetings import demo as meetings_demo
from portal import demo_profiles
from programmes import demo as programmes_demo

# meetings before agreements: the meetings seed's decisions would otherwise approve the agreements' drafts.
DEMO_LOADERS: dict[str, Callable[..., object]] = {
    "chamber": chamber_demo.seed,
    "artisans": artisans_demo.seed,
    "meetings": meetings_demo.seed,
    "agreements": agreements_demo.seed,
    "programmes": programmes_demo.seed,
    "exhibitions": exhibitions_demo.seed,
    "portal": demo_profiles.seed,  # public profiles of the consenting artisans, with approved photos
}


def demo_seed(*, stdout=None, only: list[str] | tuple[str, ...] | None = None) -> None:
    """Load the demo data (idempotent), every app's or only those named, always in dependency order."""
    for app, seed in DEMO_LOADERS.items():
        if only and app not in only:
            continue
        with transaction.atomic():
            seed(stdout=stdout)
