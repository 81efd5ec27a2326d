"""The browser tests' CSP collector (tests/csp.py) sees a violation: a page whose policy blocks its inline style."""

from __future__ import annotations

import pytest

from tests import csp

pytestmark = [pytest.mark.browser]

PAGE = '<!DOCTYPE html><html><body><p style="color: red">inline</p><script>document.title = "x"</script></body></html>'


def test_a_blocked_inline_style_and_script_are_reported(chromium):
    page = chromium.new_page()
    page.route(
        "http://csp.invalid/",
        lambda route: route.fulfill(
            body=PAGE,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'"},
        ),
    )
    page.goto("http://csp.invalid/")
    csp.pump()
    found, csp.VIOLATIONS[:] = list(csp.VIOLATIONS), []  # seen here, so this test itself passes
    assert any("style-src" in v for v in found), found
    assert any("script-src" in v for v in found), found
