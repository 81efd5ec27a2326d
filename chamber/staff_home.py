"""The staff home that replaces the admin's index: each office's cards (a count, a note, a link to the filtered admin
list) and, for Management, the key figures of the year.

Chamber is the lowest app and imports no domain app: each app registers the card functions of its own selectors.py
from its AppConfig.ready() (`card_register`, `figure_register`). A card function takes `today` and makes one query,
so the home costs the same number of queries whatever the size of the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise

from chamber import roles


@dataclass(frozen=True)
class Card:
    """What an office has to do: `count` records, `late` of them past a deadline, in the admin list `url_name`."""

    title: str | Promise
    count: int
    url_name: str
    query: dict = field(default_factory=dict)
    note: str = ""
    late: int = 0

    @property
    def url(self) -> str:
        base = reverse(self.url_name)
        return f"{base}?{urlencode(self.query, doseq=True)}" if self.query else base


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: str


@dataclass(frozen=True)
class Section:
    office: str
    title: str
    cards: list[Card]


CardFunction = Callable[..., Card]
FigureFunction = Callable[..., list[Figure]]

_cards: dict[str, dict[str, CardFunction]] = {office: {} for office in roles.ALL_ROLES}
_figures: dict[str, FigureFunction] = {}


def card_register(*, office: str, key: str, function: CardFunction) -> None:
    """Show `function(today=…)`'s card to `office` (and to Management); `key` keeps a second ready() harmless."""
    if office not in _cards:
        raise ValueError(f"unknown office {office!r}")
    _cards[office][key] = function


def figure_register(*, key: str, function: FigureFunction) -> None:
    """Add `function(today=…)`'s key figures of the year to Management's home."""
    _figures[key] = function


def offices_of(user) -> list[str]:
    """The offices whose cards the user sees, in the roles' order: all of them for Management and IT."""
    if user.is_superuser:
        return list(roles.ALL_ROLES)
    names = {group.name for group in user.groups.all()}
    if roles.MANAGEMENT in names:
        return list(roles.ALL_ROLES)
    return [office for office in roles.ALL_ROLES if office in names]


def home_sections(*, user, today: dt.date) -> list[Section]:
    sections = []
    for office in offices_of(user):
        cards = [function(today=today) for function in _cards[office].values()]
        if cards:
            sections.append(Section(office=office, title=roles.office_label(office), cards=cards))
    return sections


def home_figures(*, user, today: dt.date) -> list[Figure]:
    if roles.MANAGEMENT not in offices_of(user):
        return []
    figures: list[Figure] = []
    for function in _figures.values():
        figures.extend(function(today=today))
    return figures
