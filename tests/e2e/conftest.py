"""Browser tests: Playwright driving Debian's Chromium, axe-core on every page.

Skipped when /usr/bin/chromium or axe-core (npm) is missing, unless
WAYMARK_REQUIRE_BROWSER is set (CI sets it), in which case that is a failure.
Never downloads a browser.
"""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("WAYMARK_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A phone (iPhone 12 to 15) and a laptop: no page may be wider than either.
OVERFLOW_WIDTHS = (390, 1280)

# Playwright's sync API runs an event loop in the test thread; Django's guard
# against database calls from async code would otherwise refuse the test's own
# factory calls. (Set at import: database fixtures run before any test fixture.)
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core not installed (npm ci)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    for item in items:
        if "tests/e2e/" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not os.environ.get("WAYMARK_REQUIRE_BROWSER"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    reason = _missing()
    if reason:
        pytest.fail(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # The machine's network is closed; these stop Chromium reaching for it.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


# The elements that stick out of their own container past the window's right
# edge (where the page gets its width from), to say what to fix.
_PAST_THE_EDGE = """() => {
  const name = el => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '');
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const parent = el.parentElement;
    if (!parent || r.width === 0 || r.right <= window.innerWidth + 1) continue;
    const p = parent.getBoundingClientRect();
    const clips = getComputedStyle(parent).overflowX !== 'visible';
    if (r.right > p.right + 1 && !clips) {
      found.push(name(el) + ' (' + Math.round(r.right) + ' px) in ' + name(parent));
    }
  }
  return found.slice(0, 5).join(', ');
}"""


def assert_fits_viewport(page, widths=OVERFLOW_WIDTHS):
    """The page is no wider than the window at each width: nothing scrolls
    sideways (a wide table scrolls inside its own box instead). Puts the
    window back as it was."""
    original = page.viewport_size
    too_wide = []
    try:
        for width in widths:
            height = original["height"] if original else 800
            page.set_viewport_size({"width": width, "height": height})
            sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            if not sizes[0] <= sizes[1]:
                too_wide.append(
                    f"{sizes[0]} px wide in a {sizes[1]} px window, "
                    f"past the edge: {page.evaluate(_PAST_THE_EDGE)}"
                )
    finally:
        if original:
            page.set_viewport_size(original)
    assert too_wide == [], f"{page.url} scrolls sideways: {'; '.join(too_wide)}"


@pytest.fixture
def fits_viewport():
    """Call with a page: fails if it is wider than the window at 390 or 1280 px."""
    return assert_fits_viewport


@pytest.fixture
def axe_check():
    """Call with a page: fails listing every WCAG 2.2 AA violation axe finds,
    or if the page is wider than the window at 390 or 1280 px (every page a
    journey checks with axe is checked for sideways scrolling too)."""
    source = AXE.read_text()

    def check(page):
        assert_fits_viewport(page)
        # Evaluated through the DevTools protocol, so Waymark's Content-Security-
        # Policy stays switched on for the page under test.
        page.evaluate(source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]
        assert violations == [], f"axe found on {page.url}:\n{json.dumps(violations, indent=2)}"

    return check


@pytest.fixture
def sign_in(live_server, settings):
    """Sign a page in through the form, as a person would, and return it:
    ``sign_in(page, "police")`` for a demo user (the demo password), or pass
    the password for a factory user (``TEST_PASSWORD``)."""

    def do_sign_in(page, username, password=None):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password or settings.WAYMARK_DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do_sign_in
