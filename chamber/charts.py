"""Charts for printed documents, drawn on the server as SVG: vector in the PDF, no JavaScript, no text inside the
drawing (labels and numbers stay in the HTML around it, so the text layer reads them exactly)."""

from __future__ import annotations

from django.utils.html import format_html

BAR_COLOUR = "#7a1f1f"


def bar_svg(
    value: int | float, top: int | float, *, rtl: bool = True, width_mm: int = 70, height_mm: int = 4
):
    """One bar of a bar chart, `value` out of `top`, growing from the start side (the right in Arabic)."""
    share = 0 if not top else max(0.0, min(1.0, value / top))
    length = round(100 * share, 2)
    x = round(100 - length, 2) if rtl else 0
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar" width="{}mm" height="{}mm" viewBox="0 0 100 10" '
        'preserveAspectRatio="none" aria-hidden="true"><rect x="0" y="0" width="100" height="10" fill="#f1e9e9"/>'
        '<rect x="{}" y="0" width="{}" height="10" fill="{}"/></svg>',
        width_mm,
        height_mm,
        x,
        length,
        BAR_COLOUR,
    )
