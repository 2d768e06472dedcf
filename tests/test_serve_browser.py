"""``tracker serve`` as a user meets it: the real command on a free loopback port, driven by
headless Chromium (see tests/test_browser.py for the DevTools client).

Each page is loaded; the test checks that every request stayed on the server, nothing was
logged as an error, no script ran (the hostile headline stays text), every image decoded,
the page fits a phone's width, the keyboard reaches the skip link first, and it keeps a
screenshot (``TRACKER_BROWSER_ARTIFACTS=<folder>`` keeps them for a look).  Then Ctrl-C
stops the server cleanly.
"""

from __future__ import annotations

import base64
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import test_browser
from tests.serve_fixture import EVIL, HOSTILE, fill, running_server

pytestmark = pytest.mark.browser

browser = test_browser.browser
DevTools = test_browser.DevTools

PAGES = [
    "/",
    "/issue/belarus-un-peacekeeping",
    "/week/2023-W09",
    "/section/security-issues",
    "/search?q=peacekeeping",
    "/review",
    "/report",
    "/issue/peacekeeping",  # the 404 page
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    from tracker import open_tracker

    folder = tmp_path_factory.mktemp("serve")
    db = folder / "site.db"
    tracker = open_tracker(str(db))
    try:
        fill(tracker)
    finally:
        tracker.close()
    with running_server(str(db)) as running:
        yield running


def load(browser: DevTools, url: str) -> list[dict[str, Any]]:
    browser.events.clear()
    browser.send("Page.navigate", url=url)
    browser.wait_for("Page.loadEventFired")
    browser.evaluate("Promise.all(Array.from(document.images, i => i.decode().catch(() => 0)))")
    browser.send("Runtime.evaluate", expression="1")
    return list(browser.events)


def screenshot(browser: DevTools, folder: Path, name: str) -> bytes:
    shot = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    png = base64.b64decode(shot["data"])
    (folder / name).write_bytes(png)
    test_browser.keep(folder / name)
    return png


def test_every_page_in_chromium(
    browser: DevTools, server: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, _ = server
    browser.send("Emulation.setDeviceMetricsOverride", width=1280, height=900,
                 deviceScaleFactor=1, mobile=False)  # fmt: skip
    for path in PAGES:
        events = load(browser, base + path)
        requests = [e["params"]["request"]["url"] for e in events
                    if e["method"] == "Network.requestWillBeSent"]  # fmt: skip
        assert requests and requests[0] == base + path
        outside = [u for u in requests if not u.startswith((base + "/", "data:"))]
        assert outside == [], (path, outside)
        failed = [e["params"] for e in events if e["method"] == "Network.loadingFailed"]
        assert failed == [], (path, failed)
        statuses = {e["params"]["response"]["url"]: e["params"]["response"]["status"]
                    for e in events if e["method"] == "Network.responseReceived"}  # fmt: skip
        expected = 404 if path == "/issue/peacekeeping" else 200
        assert statuses[base + path] == expected
        assert all(s in (200, 304) for u, s in statuses.items() if u != base + path), statuses
        errors = [e for e in events if e["method"] == "Runtime.exceptionThrown"]
        errors += [e for e in events if e["method"] == "Log.entryAdded"
                   and e["params"]["entry"]["level"] == "error"
                   and e["params"]["entry"].get("url") != base + path]  # fmt: skip
        assert errors == [], (path, errors)
        assert not [e for e in events if e["method"] == "Page.javascriptDialogOpening"]
        assert browser.evaluate("typeof window.__xss") == "undefined"
        assert browser.evaluate("document.scripts.length") == 0
        images = browser.evaluate(
            "Array.from(document.images, i => [i.complete, i.naturalWidth, i.alt.length])"
        )
        for complete, width, alt in images:
            assert complete and width > 0 and alt > 40, (path, images)
        if path in ("/issue/belarus-un-peacekeeping", "/section/security-issues"):
            assert images, path
        name = "serve" + (path.replace("/", "-").split("?")[0].rstrip("-") or "-index") + ".png"
        assert len(screenshot(browser, tmp_path, name)) > 10_000
    load(browser, base + "/week/2023-W09")
    shown = browser.evaluate("document.body.innerText")
    assert HOSTILE in shown and EVIL in shown


def test_phone_width_and_keyboard(
    browser: DevTools, server: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, _ = server
    browser.send("Emulation.setDeviceMetricsOverride", width=390, height=844,
                 deviceScaleFactor=2, mobile=True)  # fmt: skip
    try:
        for path in ["/", "/issue/belarus-un-peacekeeping", "/section/security-issues"]:
            load(browser, base + path)
            width = browser.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
            name = "serve-phone" + (path.replace("/", "-").rstrip("-") or "-index") + ".png"
            screenshot(browser, tmp_path, name)
    finally:
        browser.send("Emulation.clearDeviceMetricsOverride")
    load(browser, base + "/")
    for kind in ("keyDown", "keyUp"):
        browser.send("Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab",
                     windowsVirtualKeyCode=9)  # fmt: skip
    assert browser.evaluate("document.activeElement.textContent") == "Skip to content"


def test_ctrl_c_stops_the_server(server: tuple[str, subprocess.Popen[str]]) -> None:
    _, process = server
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 15
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process.returncode == 0
    assert process.stderr is not None and "stopped" in process.stderr.read()
