"""The portal's home page: what each app contributes, gathered through their selectors.

Each app exposes `portal_home_items()` in its selectors module; apps that are not ready yet simply add nothing.
"""

from __future__ import annotations

import importlib

PORTAL_APPS = ("artisans", "exhibitions", "meetings", "agreements")


def home_context() -> dict:
    context: dict = {"home_sections": [], "key_figures": []}
    for app in PORTAL_APPS:
        try:
            selectors = importlib.import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        contribute = getattr(selectors, "portal_home_items", None)
        if contribute is not None:
            part = contribute()
            context["key_figures"].extend(part.get("key_figures", []))
            if part.get("section"):
                context["home_sections"].append(part["section"])
            context.update(part.get("context", {}))
    return context
