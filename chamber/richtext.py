"""Rich text of the minutes: the editor widget (django-prose-editor, served from static) and the nh3 cleaning.

The editor offers exactly the formatting that the cleaning keeps, so what the secretary sees is what the minutes print.
"""

from __future__ import annotations

import nh3
from django import forms

# Paragraphs, line breaks, bold, italics, underline and lists: the formatting the minutes use. No attribute at all,
# so no style, no class, no link, no url().
ALLOWED_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={},
    url_schemes=set(),
    link_rel=None,
    strip_comments=True,
    clean_content_tags={"script", "style"},
)


def clean_html(value: str | None) -> str:
    """Keep only the allowed tags, without attributes; drop scripts and styles with their content; escape text."""
    if not value:
        return ""
    cleaned = _cleaner.clean(value).strip()
    # The editor always holds one paragraph: an empty one means no text.
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned


class RichTextWidget(forms.Textarea):
    """A textarea that the editor module turns into a small toolbar editor; without JavaScript it stays a textarea."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"data-chamber-prose": "", "rows": 8, **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            css={
                "all": (
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                    "chamber/prose-editor-core.css",
                )
            },
            js=(forms.Script("chamber/prose-editor.js", type="module"),),
        )
