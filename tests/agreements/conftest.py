"""Fixtures of the agreements tests: the demo data, and an agreement approved by a recorded assembly decision."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(profile):
    """The chamber, meetings (when that app has its demo) and agreements demo data, in seed_demo's order."""
    try:
        from meetings import demo as meetings_demo
    except ImportError:
        meetings_demo = None
    if meetings_demo is not None:
        meetings_demo.seed()
    from agreements import demo as agreements_demo

    agreements_demo.seed()
    return profile
