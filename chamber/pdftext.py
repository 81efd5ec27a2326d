"""An exact text layer for WeasyPrint's PDFs: glyphs whose font mapping gives the wrong letters carry /ActualText.

WeasyPrint maps each glyph of a font to one Unicode string for the whole document (its ToUnicode map), taken from
the glyph's first use. Arabic fonts reuse glyphs across letter clusters, and marks (shadda) share their letter's
cluster, so copying, searching or reading the PDF aloud gave «الممللكة» for «المملكة» (WeasyPrint issue 2841).
This module draws text lines as WeasyPrint 70's `draw_first_line` does (its code, BSD licence, kept in step with
the pinned version) and wraps every cluster that the ToUnicode map would get wrong in a marked-content span whose
ActualText is the cluster's own text, in logical order. PDF readers (poppler, pdf.js, Acrobat, screen readers)
take that string instead of the glyphs' mapping. The glyphs, and so the look of the page, do not change.

It also keeps punctuation and spaces in their place around a Latin word or a number inside Arabic text («المهنية
(VAEP)», «غرفة Ziguinchor (السنغال)», «رقم 5/2025:»): see `_direction_marks`.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

import pydyf
from weasyprint import draw as weasyprint_draw
from weasyprint.draw import text as weasyprint_text
from weasyprint.formatting_structure import boxes
from weasyprint.logger import LOGGER
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.line_break import get_last_word_end

_original_draw_first_line = weasyprint_text.draw_first_line
_original_draw_inline_level = weasyprint_draw.draw_inline_level
_INVISIBLE = re.compile("[\\s\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _is_marks(text: str) -> bool:
    """True for text made only of combining marks (shadda, harakat), which Pango leaves as clusters of their own."""
    return bool(text) and all(unicodedata.category(char) in ("Mn", "Me") for char in text)


def _letter_groups(utf8_text: bytes, item_offset: int, item_length: int, clusters, num_glyphs: int):
    """The glyphs of each letter with its marks, in drawing (visual) order: [(text, [glyph index, …]), …].

    Pango gives a mark its own cluster, drawn raised and shifted over its letter; a reader must get the letter and
    its marks as one piece of text, so a mark's cluster joins the letter's cluster that precedes it logically.
    """
    starts = sorted({clusters[i] for i in range(num_glyphs)})
    ends = {start: (starts[k + 1] if k + 1 < len(starts) else item_length) for k, start in enumerate(starts)}
    group_of: dict[int, int] = {}
    group_end: dict[int, int] = {}
    current = None
    for start in starts:
        text = utf8_text[item_offset + start : item_offset + ends[start]].decode(errors="replace")
        if current is None or not _is_marks(text):
            current = start
        group_of[start] = current
        group_end[current] = ends[start]
    groups: list[tuple[int, list[int]]] = []
    for i in range(num_glyphs):
        group = group_of[clusters[i]]
        if groups and groups[-1][0] == group:
            groups[-1][1].append(i)
        else:
            groups.append((group, [i]))
    return [
        (utf8_text[item_offset + group : item_offset + group_end[group]].decode(errors="replace"), indexes)
        for group, indexes in groups
    ]


def indexes_start(clusters, indexes) -> int:
    """The logical start of a letter group: the smallest cluster offset among its glyphs."""
    return min(clusters[i] for i in indexes)


def _reading_text(text: str, *, rtl: bool) -> str:
    """The ActualText of one glyph standing for `text`.

    Readers that rebuild lines from glyph positions (poppler's pdftotext, pdf.js) take a glyph's several characters
    in visual order and turn right-to-left runs back; poppler does so itself only when every character is a
    right-to-left letter. A letter with its shadda is not, so in a right-to-left run its characters are given in
    visual order and come out in logical order.
    """
    if rtl and len(text) > 1 and not all(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return text[::-1]
    return text


def _close(stream, string: str) -> str:
    """Show the TJ string being built, if it holds any glyph; returns an empty string."""
    string = string[:-1] if string.endswith("<") else string + ">"
    if string:
        stream.show_text(string)
    return ""


def _is_artifact(textbox) -> bool:
    """Text of an element with the class "pdf-artifact" (the draft watermark) is drawn but not read: a reader would
    otherwise mix its big rotated letters into the lines it crosses."""
    element = getattr(textbox, "element", None)
    return element is not None and "pdf-artifact" in (element.get("class") or "").split()


RLM, LRM = "\u200f", "\u200e"


# What pdftotext takes for part of a number (poppler's "Num" class, found by trying each character): digits and the
# separators and signs that Unicode calls ES, ET and CS («.», «,», «:», «/», «-», «+», «%», and the Arabic comma).
_NUMBER_LIKE = frozenset({"EN", "AN", "ES", "ET", "CS"})


# Tifinagh letters are left to right for Unicode, but poppler gives them no direction of its own: a line of them alone
# comes out right whatever, and a mark after them would turn it round («ⵜⴰⴳⵍⴷⵉⵜ» read back as «ⵜⵉⴷⵍⴳⴰⵜ»).
_TIFINAGH = re.compile("[\u2d30-\u2d7f]")


def _strength(text: str) -> str:
    """How poppler's pdftotext sees a piece of text: "R" (Arabic, Hebrew), "L" (Latin), "#" (digits and number
    punctuation, which it lays out left to right) or "N" (spaces, brackets and other neutrals)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    if any(unicodedata.bidirectional(char) in _NUMBER_LIKE for char in text):
        return "#"
    return "N"


def _direction_marks(
    cells: list[tuple[object, str, int]], *, page: str = "rtl"
) -> dict[object, tuple[str, str]]:
    """The invisible direction marks that make pdftotext read one line of a right-to-left page in its logical order
    (`page="ltr"`: the mirror image, for a French page).

    `cells` are the line's letter groups in drawing order (left to right), as (key, text, bidi level). pdftotext
    rebuilds an Arabic line from the right and gives each neutral (a space, a bracket) the direction of the nearest
    letter or digit on its right; it takes «.», «:», «،» and other number punctuation for digits. The bidi
    algorithm does not: in «المهنية (VAEP)» the closing bracket belongs to the Arabic text but is drawn left of
    «VAEP», so pdftotext read «( )VAEP»; in «غرفة Ziguinchor (السنغال)» the space and the bracket after the Latin
    name came out before it, and «رقم 5/2025:» gave «:5/2025». No layout avoids this (a neutral written after a
    Latin run is always drawn beside it), so where pdftotext would give a character the wrong direction, the glyph
    beside it carries in its ActualText a right-to-left mark (or a left-to-right one) that closes the run:
    «المهنية (VAEP‏)». The marks are invisible bidi controls, like the embeddings pdftotext writes around every run
    itself; the glyphs drawn do not change.

    A line that ends with a number or a Latin word gets a mark after it too, as a table cell does, since pdftotext
    joins the cells of a row into one line. Returns {key: (mark drawn left of the glyph, mark drawn right of it)}.
    """
    marks: dict[object, tuple[str, str]] = {}
    tifinagh = any(_TIFINAGH.search(text) for _key, text, _level in cells)
    if tifinagh and page == "rtl" and not any(_strength(text) == "R" for _key, text, _level in cells):
        return (
            marks  # Tifinagh (and Latin or digits) with no Arabic: pdftotext reads such a line right as it is
        )

    def add(index: int, *, left: str = "", right: str = "") -> None:
        key = cells[index][0]
        before, after = marks.get(key, ("", ""))
        marks[key] = (left + before, after + right)

    # pdftotext starts a line on the page's own side and walks to the other: from the right on an Arabic page.
    rtl = page == "rtl"
    order = range(len(cells) - 1, -1, -1) if rtl else range(len(cells))
    start, other = ("R", "L") if rtl else ("L", "R")
    # Where a mark goes: beside a glyph, on the side pdftotext comes from ("far"), or on the glyph it came from.
    far, near = ("right", "left") if rtl else ("left", "right")
    step = 1 if rtl else -1
    current = start
    for index in order:
        _key, text, level = cells[index]
        strength = _strength(text)
        direction = "R" if level % 2 else "L"
        if strength in ("R", "L"):
            current = strength
            continue
        if strength == "#":
            # A separator of the Arabic text («،», or «.» after a number) is read as a run of its own: it needs a
            # mark only to part it from the number beside it.
            if rtl and direction == "R" and current == "L":
                add(index, right=RLM)
            current = "L"
            continue
        if direction == current:
            continue
        mark = RLM if direction == "R" else LRM
        beside = index + step
        if text.strip():
            add(index, **{far: mark})
        elif 0 <= beside < len(cells) and cells[beside][1].strip():
            # A space is no character for pdftotext (it ends a word): the mark goes on the glyph beside it.
            add(beside, **{near: mark})
        else:
            continue
        current = direction
    if current == other:
        # The line ends (on the far side) with a run against the page's direction: whatever pdftotext puts on the
        # same baseline further on (the next cell of a table row: «10» then «جمال») would join that run, the space
        # between them first («10جمال»).
        edge = [index for index in order if cells[index][1].strip()]
        if edge and not _TIFINAGH.search(cells[edge[-1]][1]):
            add(edge[-1], **{near: RLM if rtl else LRM})
    return marks


def _text_boxes(box):
    """The text boxes of a line box or inline box, inline-blocks excepted (they hold lines of their own)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _text_boxes(child)


def _box_cells(textbox) -> list[tuple[object, str, int]]:
    """The letter groups of a text box's first line in drawing order, as ((box, run, group), text, bidi level);
    text that draws nothing a reader could take (the isolates WeasyPrint and our filters add) is left out."""
    if textbox.style["font_size"] < 1e-6:
        return []
    # The layout is shaped again as draw_text will shape it (WeasyPrint drops it after laying the page out).
    textbox.pango_layout.reactivate(textbox.style)
    try:
        return _layout_cells(textbox)
    finally:
        textbox.pango_layout.deactivate()


def _layout_cells(textbox) -> list[tuple[object, str, int]]:
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    first_line, _index = textbox.pango_layout.get_first_line()
    utf8_text = textbox.pango_layout.text.encode()
    cells: list[tuple[object, str, int]] = []
    run = first_line.runs[0]
    run_index = 0
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        groups = _letter_groups(
            utf8_text,
            glyph_item.item.offset,
            glyph_item.item.length,
            glyph_string.log_clusters,
            glyph_string.num_glyphs,
        )
        for group_index, (text, _indexes) in enumerate(groups):
            if text.strip() and not _INVISIBLE.sub("", text):
                continue
            cells.append(((id(textbox), run_index, group_index), text, glyph_item.item.analysis.level))
        run_index += 1
    return cells


_page_direction: ContextVar[str] = ContextVar("page_direction", default="rtl")


@contextmanager
def page_direction(direction: str):
    """Render under `direction` ("rtl" or "ltr"), the html element's: pdftotext reads a page's lines from its side."""
    token = _page_direction.set(direction)
    try:
        yield
    finally:
        _page_direction.reset(token)


def mark_line(line) -> None:
    """Work out the direction marks of a line box and hand them to each of its text boxes, which draw_first_line
    draws one at a time."""
    page = _page_direction.get()
    # A left-to-right line in an Arabic page is left as it is: its Tifinagh letters, which poppler's tables take for
    # neutrals, would be turned round by a mark.
    if not isinstance(line, boxes.LineBox) or (page == "rtl" and line.style["direction"] != "rtl"):
        return
    textboxes = [box for box in _text_boxes(line) if not _is_artifact(box)]
    cells = [cell for box in sorted(textboxes, key=lambda box: box.position_x) for cell in _box_cells(box)]
    marks = _direction_marks(cells, page=page)
    for box in textboxes:
        box.direction_marks = marks


def draw_inline_level(stream, page, box, *args, **kwargs):
    """WeasyPrint's draw_inline_level, with the direction marks of each line worked out before it is drawn."""
    mark_line(box)
    return _original_draw_inline_level(stream, page, box, *args, **kwargs)


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Draw the given ``textbox`` line to the document ``stream`` (WeasyPrint 70, plus ActualText spans)."""
    if _is_artifact(textbox):
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String("")}))
        try:
            return _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            stream.end_marked_content()
    return _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)


def _draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style["font_size"] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == "ellipsis" or block_ellipsis != "none":
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == "ellipsis":
            pango.pango_layout_set_ellipsize(textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == "auto":
                ellipsis = "…"
            else:
                assert block_ellipsis[0] == "string"
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style["hyphenate_character"]):
                last_word_end = get_last_word_end(
                    new_text[: -len(textbox.style["hyphenate_character"])], textbox.style["lang"]
                )
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != "none":
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[: -len(ellipsis)], textbox.style["lang"]
            )
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ""
    emojis = []
    utf8_text = textbox.pango_layout.text.encode()
    marks = getattr(textbox, "direction_marks", {})
    run = first_line.runs[0]
    run_index = -1
    while run != ffi.NULL:
        run_index += 1
        # Get Pango objects.
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters
        item_offset = glyph_item.item.offset
        rtl = glyph_item.item.analysis.level % 2

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style["font_size"]

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += "<"

        groups = _letter_groups(utf8_text, item_offset, glyph_item.item.length, clusters, num_glyphs)
        for group_index, (cluster_text, indexes) in enumerate(groups):
            before, after = marks.get((id(textbox), run_index, group_index), ("", ""))
            # Map the glyphs as WeasyPrint does, then check whether the mapping reads back as the cluster.
            for i in indexes:
                glyph_id = glyphs_info[i].glyph
                if glyph_id == pango.PANGO_GLYPH_EMPTY or glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                    continue
                if glyph_id not in font.to_unicode:
                    t1 = clusters[i]
                    if rtl:
                        t2 = glyph_item.item.length if i == 0 else clusters[i - 1]
                    else:
                        t2 = glyph_item.item.length if i == num_glyphs - 1 else clusters[i + 1]
                    font.to_unicode[glyph_id] = utf8_text[item_offset + t1 : item_offset + t2].decode(
                        errors="replace"
                    )
            mapped = "".join(
                font.to_unicode.get(glyphs_info[i].glyph, "") for i in (reversed(indexes) if rtl else indexes)
            )
            # Invisible text (spaces, the bidi isolates WeasyPrint adds) needs no ActualText.
            plain = mapped == cluster_text and len(indexes) == 1 and not (before or after)
            if plain or not _INVISIBLE.sub("", cluster_text):
                for i in indexes:
                    string = _draw_glyph(stream, font, font_size, pango_font, glyphs_info[i], string)
                continue
            # The letter's own glyph carries the whole text; the marks drawn over it (raised, so a reader would
            # take them for a word of their own: «وذ ّكر») carry an empty ActualText.
            main = next((i for i in indexes if clusters[i] == indexes_start(clusters, indexes)), indexes[0])
            for i in indexes:
                text = before + _reading_text(cluster_text, rtl=rtl) + after if i == main else ""
                string = _close(stream, string)
                stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
                string = _draw_glyph(stream, font, font_size, pango_font, glyphs_info[i], "<")
                _close(stream, string)
                stream.end_marked_content()
                string = "<"

        # Close the last glyphs list, remove if empty.
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"

    # Draw text.
    if string:
        stream.show_text(string)

    return emojis


def _draw_glyph(stream, font, font_size, pango_font, glyph_info, string):
    """Append one glyph to the TJ string being built (WeasyPrint's loop body); returns the string."""
    glyph_id = glyph_info.glyph
    width = glyph_info.geometry.width

    # Display zero-width empty glyph.
    if glyph_id == pango.PANGO_GLYPH_EMPTY:
        return string + f">{-width / font_size}<"

    # Display .notdef and log warning for missing glyphs.
    if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
        codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
        LOGGER.warning(
            '.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)',
            chr(codepoint),
            codepoint,
        )
        glyph_id = font.get_unused_glyph_id(codepoint)
        font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
        if 0 not in font.widths:
            font.widths[0] = font.widths[glyph_id]
        font.to_unicode.setdefault(glyph_id, chr(codepoint))

    # Set horizontal and vertical offsets.
    offset = glyph_info.geometry.x_offset / font_size
    rise = glyph_info.geometry.y_offset / 1000
    if rise:
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"
        if string:
            stream.show_text(string)
        stream.set_text_rise(-rise)
        string = ""
        if offset:
            string = f"{-offset}"
        string += f"<{glyph_id:02x}>" if font.bitmap else f"<{glyph_id:04x}>"
        stream.show_text(string)
        stream.set_text_rise(0)
        string = "<"
    else:
        if offset:
            string += f">{-offset}<"
        string += f"{glyph_id:02x}" if font.bitmap else f"{glyph_id:04x}"

    # Get glyph logical widths.
    if glyph_id in font.widths:
        logical_width = font.widths[glyph_id]
    else:
        pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
        logical_width = font.widths[glyph_id] = round(
            stream.logical_rect.width * 1000 * FROM_UNITS / font_size
        )

    # Set kerning, word spacing, letter spacing.
    kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
    if kerning:
        string += f">{int(kerning)}<"
    if font.svg or font.png or font.colr:
        # Colour emoji fonts: the chamber's documents bundle none, so they are not drawn (WeasyPrint would).
        LOGGER.warning("colour glyph %s not drawn", glyph_id)
    return string


def install() -> None:
    """Route WeasyPrint's line drawing through this module (idempotent)."""
    weasyprint_text.draw_first_line = draw_first_line
    weasyprint_draw.draw_inline_level = draw_inline_level
