"""A CSP violation collector for the browser tests: every page the tests open reports what the
Content-Security-Policy blocked (the `securitypolicyviolation` event, and Chromium's console message), and a test
that saw one fails (tests/conftest.py's `_no_csp_violations`).

The browser fixtures hand tests a watched browser: its contexts get an init script that forwards each violation
to Python through an exposed binding, so a violation on a page the test left long ago is counted too.
"""

from __future__ import annotations

import contextlib

VIOLATIONS: list[str] = []
_PAGES: list = []

_INIT_SCRIPT = """
document.addEventListener('securitypolicyviolation', (e) => {
  const report = [e.violatedDirective, e.blockedURI || 'inline', (e.sourceFile || '') + ':' + (e.lineNumber || 0),
                  (e.sample || '').slice(0, 80)].join(' | ');
  try { window.__chamberCSPViolation(document.location.pathname + ' — ' + report); } catch (err) {}
}, true);
"""


def _on_console(message) -> None:
    text = message.text
    if "Content Security Policy" in text or "Content-Security-Policy" in text:
        VIOLATIONS.append(f"console: {text[:300]}")


def _track(page) -> None:
    _PAGES.append(page)
    page.on("console", _on_console)


def watch_context(context):
    """Collect the CSP violations of every page of `context` (a context that bypasses CSP has none to report)."""
    context.expose_binding("__chamberCSPViolation", lambda source, report: VIOLATIONS.append(report))
    context.add_init_script(_INIT_SCRIPT)
    context.on("page", _track)
    return context


def pump() -> None:
    """Let the pages' pending reports reach Python: one round trip to each page still open."""
    for page in list(_PAGES):
        # A page closing under us has nothing left to report.
        with contextlib.suppress(Exception):
            if not page.is_closed():
                page.evaluate("0")
    _PAGES.clear()


class WatchedBrowser:
    """A Playwright Browser whose every context, and so every page, reports CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return watch_context(self._browser.new_context(**options))

    def new_page(self, **options):
        # Like Browser.new_page: a page in a context of its own, closed with it.
        context = self.new_context(**options)
        page = context.new_page()
        page.on("close", lambda _page: context.close())
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)
