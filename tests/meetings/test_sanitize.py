"""The secretary's rich-text summaries keep simple formatting only."""

from meetings.sanitize import sanitize_html


def test_simple_tags_survive_without_attributes():
    assert sanitize_html('<p class="x" onclick="y">نص <b>مهم</b></p>') == "<p>نص <b>مهم</b></p>"


def test_scripts_links_and_styles_are_dropped_with_their_content():
    html = '<script>alert(1)</script><a href="javascript:x">رابط</a><style>p{}</style><img src=x onerror=y>'
    assert sanitize_html(html) == "رابط"


def test_text_is_escaped_and_open_tags_are_closed():
    assert sanitize_html("<ul><li>1 < 2 & 3") == "<ul><li>1 &lt; 2 &amp; 3</li></ul>"
