"""Helpers for tests that read PDFs the way a person or a screen reader would (poppler-utils)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

# pdftotext and WeasyPrint add direction marks and isolates around mixed-direction runs; a reader never sees them.
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Unicode's bidi controls (ALM, LRM, RLM, the embeddings and the isolates): invisible. pdftotext writes embeddings
# around every run it reorders, the text layer carries a mark where a bracket or a space must stay on its side of a
# Latin word (chamber.pdftext), and the templates isolate numbers and references; none of them is something a reader
# sees, copies into a search box, or hears.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _run_on_file(pdf: bytes, args: list[str]) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run([*args[:-1], handle.name, *args[-1:]] if args[-1] == "-" else [*args, handle.name],
                                capture_output=True, check=True)  # fmt: skip
        return result.stdout.decode()


def pdf_text(pdf: bytes, *, layout: bool = False, raw: bool = False) -> str:
    """The text a reader or a search gets; `raw` keeps content-stream order, which also finds rotated text."""
    mode = ["-layout"] if layout else ["-raw"] if raw else []
    out = _run_on_file(pdf, ["pdftotext", "-enc", "UTF-8", *mode, "-"])
    text = _BIDI_MARKS.sub(" ", out)
    return re.sub(r"[ \t]+", " ", text)


def pdf_text_exact(pdf: bytes) -> str:
    """pdftotext's text without the bidi controls it writes (and the marks the text layer holds), nothing else
    changed: what a search or a copy gets."""
    return _BIDI_CONTROLS.sub("", _run_on_file(pdf, ["pdftotext", "-enc", "UTF-8", "-"]))


def pdf_fonts(pdf: bytes) -> list[str]:
    out = _run_on_file(pdf, ["pdffonts"])
    return [line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()]


def pdf_pages(pdf: bytes) -> int:
    out = _run_on_file(pdf, ["pdfinfo"])
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def pdf_info(pdf: bytes) -> str:
    return _run_on_file(pdf, ["pdfinfo"])


def pdf_metadata(pdf: bytes) -> str:
    return _run_on_file(pdf, ["pdfinfo", "-meta"])


def pdf_attachments(pdf: bytes) -> str:
    return _run_on_file(pdf, ["pdfdetach", "-list"])


def pdf_to_png(pdf: bytes, prefix: Path, *, resolution: int = 60, page: int = 1) -> Path:
    source = prefix.with_suffix(".pdf")
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            source,
            prefix,
        ],
        check=True,
    )
    return prefix.with_suffix(".png")


# pdftotext rebuilds logical order from glyph positions and cannot tell where a neutral (space, dash, colon)
# between an Arabic word and a number belonged, so "28.250.000,00 درهم" may come out as " 28.250.000,00درهم".
# Phrases are therefore compared as sequences of words and numbers, which is what a reader checks.
_TOKEN = re.compile(r"\w(?:[\w'’./,-]*\w)?")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(_BIDI_MARKS.sub(" ", text))


def count_phrase(text: str, phrase: str) -> int:
    """How many times the words of `phrase` appear one after the other in `text`."""
    hay, needle = tokens(text), tokens(phrase)
    if not needle:
        return 0
    return sum(1 for i in range(len(hay) - len(needle) + 1) if hay[i : i + len(needle)] == needle)


def has_phrase(text: str, phrase: str) -> bool:
    return count_phrase(text, phrase) > 0


def compact(text: str, *, ignore_lam: bool = False) -> str:
    """`text` without spaces and direction marks, and optionally without lams (ل).

    WeasyPrint maps some of Amiri's lam glyphs to the Unicode text of their first use in the document, so pdftotext
    may drop, double or move a lam and split a word ("ا قاعة"). Phrases with such words are compared this way;
    their exact text is checked in the HTML that the PDF is rendered from.
    """
    pattern = (
        r"[\sل\u200e\u200f\u202a-\u202e\u2066-\u2069]"
        if ignore_lam
        else r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    )
    return re.sub(pattern, "", text)


# --- Word-by-word comparison of a PDF's text layer with the HTML it was rendered from -------------------------

_LETTER_DIGIT = re.compile(r"([\u0600-\u06ff])(\d)")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_HIDDEN_TAGS = frozenset({"head", "style", "script", "title", "template"})
# Punctuation that pdftotext may attach to or detach from a word at a direction change; words are compared
# without it, the letters, marks (shadda, tatweel) and digits inside a word are compared exactly.
_EDGE_PUNCTUATION = "\"'«»“”‘’()[]{}.,:;!?،؛؟—–-…/*"


def words(text: str) -> list[str]:
    """The words of `text`: runs between spaces, without direction marks and edge punctuation."""
    found = []
    # A compound broken at its hyphen at the end of a line («Fès-» / «Meknès») is compared part by part, and so is
    # a letter written against a number («و3.297.960,00»): pdftotext puts a space where the direction changes.
    text = _LETTER_DIGIT.sub(r"\1 \2", _BIDI_MARKS.sub(" ", text).replace("-", " "))
    for raw in text.split():
        word = raw.strip(_EDGE_PUNCTUATION)
        if word:
            found.append(word)
    return found


# A compound broken at its hyphen at the end of a line («Fès-» / «Meknès») is one word.
_HYPHEN_AT_LINE_END = re.compile(r"(\w-)[ \t]*\n\s*")


def exact_words(text: str) -> list[str]:
    """The words of `text` as the page shows them, normalised only for whitespace: runs between spaces, with their
    punctuation, so a bracket or a colon on the wrong side of a word is a wrong word («)VAEP» for «(VAEP)»)."""
    return _HYPHEN_AT_LINE_END.sub(r"\1", _BIDI_CONTROLS.sub("", text)).split()


def html_words(html: str, *, exact: bool = False) -> list[str]:
    """The words a reader sees in `html`: body text only, block elements separated, inline ones joined."""
    return (exact_words if exact else words)(html_text(html))


def html_text(html: str) -> str:
    """The text a reader sees in `html`: body text only, block elements separated, inline ones joined."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0
            self.hidden_tags: list[str] = []

        def handle_starttag(self, tag, attrs):
            # A watermark (class "pdf-artifact") is drawn but deliberately left out of the text layer.
            if tag in _HIDDEN_TAGS or (tag == "div" and "pdf-artifact" in (dict(attrs).get("class") or "")):
                self.hidden += 1
                self.hidden_tags.append(tag)
            elif tag in _BLOCK_TAGS:
                self.parts.append(" ")

        def handle_endtag(self, tag):
            if self.hidden_tags and tag == self.hidden_tags[-1]:
                self.hidden_tags.pop()
                self.hidden -= 1
            elif tag in _BLOCK_TAGS:
                self.parts.append(" ")

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def wrong_words(html: str, pdf: bytes, *, generated: tuple[str, ...] = (), exact: bool = False) -> list[str]:
    """Words that the PDF's text layer gets wrong compared with the HTML it was rendered from.

    A word is wrong when the PDF gives a word the HTML never has (a broken or doubled letter, a split word), or
    gives a word of the HTML fewer times than the HTML has it (a word lost). `generated` lists text the stylesheet
    adds (page numbers, running labels, list numbers), which the HTML does not hold. `exact` compares the words
    with their punctuation (exact_words); otherwise punctuation at a word's edges is left out (words).
    """
    from collections import Counter

    def split(counter: Counter) -> tuple[Counter, Counter]:
        tifinagh = Counter({word: n for word, n in counter.items() if _TIFINAGH.fullmatch(word)})
        return counter - tifinagh, tifinagh

    split_words = exact_words if exact else words
    expected, expected_tifinagh = split(Counter(html_words(html, exact=exact)))
    generated_words = set(split_words(" ".join((*generated, *_css_content(html)))))
    pages = pdf_pages(pdf)
    generated_words |= {str(n) for n in range(1, max(pages, html.count("<li")) + 1)}
    if exact:
        generated_words |= {f"{n}." for n in range(1, html.count("<li") + 1)}  # an ordered list's numbers
    text = pdf_text_exact(pdf) if exact else pdf_text(pdf)
    got, _ = split(Counter(split_words(text)))
    # poppler's bidi tables predate Tifinagh, so in a right-to-left page it takes those letters for neutrals and
    # reverses them; its raw mode keeps the drawing order, which for this left-to-right script is the reading order.
    _, got_tifinagh = split(Counter(split_words(pdf_text(pdf, raw=True))))
    wrong = []
    for want, have in ((expected, got), (expected_tifinagh, got_tifinagh)):
        allowed = set(want) | generated_words
        wrong += [f"+{word}" for word in sorted(have) if word not in allowed]
        wrong += [f"-{word}" for word, count in sorted(want.items()) if have[word] < count]
    return wrong


_TIFINAGH = re.compile("[\u2d30-\u2d7f]+")
_CSS_CONTENT = re.compile(r"content:([^;}]*)")
_CSS_STRING = re.compile(r'"([^"]*)"')


def _css_content(html: str) -> list[str]:
    """The strings a page's stylesheet adds with `content:` (page labels, running heads)."""
    return [text for declaration in _CSS_CONTENT.findall(html) for text in _CSS_STRING.findall(declaration)]
