"""Arabic name normalisation, so that a search finds أحمد typed احمد, فاطمة typed فاطمه, عبد الله typed عبدالله."""

from __future__ import annotations

import re
import unicodedata

_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_SPACES = re.compile(r"\s+")
# "عبد الله" and "عبدالله" are the same name: compound names built on عبد are written both ways.
_ABD = re.compile(r"(^|\s)عبد\s+")


def normalize_arabic(text: str) -> str:
    """Fold the spelling variants of Arabic names (and lower-case Latin) into one searchable form."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _HARAKAT.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTERS).lower()
    text = _SPACES.sub(" ", text).strip()
    return _ABD.sub(r"\1عبد", text)
