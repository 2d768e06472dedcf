"""The HTML report seen by a real browser: headless Chromium driven over the DevTools protocol.

Chromium (Debian's ``chromium`` package, ``/usr/bin/chromium``) is started with a fresh
profile and ``--remote-debugging-port=0``; the port it picked is read from
``DevToolsActivePort`` in the profile folder.  The test opens the report from a ``file://``
URL, then checks that the page made no network request, that every image decoded
(``naturalWidth > 0``), that nothing was logged as an error and that no script ran; it also
takes a screenshot and prints the page to PDF.  Set ``TRACKER_BROWSER_ARTIFACTS=<folder>`` to
keep the screenshots and PDFs for a look.

Skipped, with the reason, where Chromium or the ``websocket-client`` package is missing.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_report import EVIL, sample_content
from tracker.report import write_report

pytestmark = pytest.mark.browser

websocket = pytest.importorskip("websocket", reason="websocket-client is not installed")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-port=0",
]
TIMEOUT = 30.0


def find_chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """A minimal DevTools-protocol client: one websocket to the browser, one page session."""

    def __init__(self, url: str) -> None:
        self.ws = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command (to the page session once attached) and wait for its result."""
        number = next(self.ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str) -> dict[str, Any]:
        for event in self.events:
            if event["method"] == method:
                return event
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv())
            if "method" in reply:
                self.events.append(reply)
                if reply["method"] == method:
                    return reply
        raise TimeoutError(method)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)  # fmt: skip
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def close(self) -> None:
        self.ws.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevTools]:
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required here (TRACKER_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("Chromium is not installed (Debian: apt-get install -y chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    log = (profile.parent / "chromium.log").open("wb")
    process = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    client: DevTools | None = None
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while not (active.exists() and len(active.read_text().splitlines()) >= 2):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Chromium did not start (exit code {process.poll()}); see {log.name}")
            time.sleep(0.05)
        port, path = active.read_text().splitlines()[:2]
        client = DevTools(f"ws://127.0.0.1:{port}{path}")
        target = client.send("Target.createTarget", url="about:blank")["targetId"]
        client.session = client.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network", "Log"):
            client.send(f"{domain}.enable")
        yield client
    finally:
        if client is not None:
            with contextlib.suppress(Exception):  # the browser may already be gone
                client.send("Browser.close")
            client.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def open_page(browser: DevTools, path: Path) -> list[dict[str, Any]]:
    """Load ``path`` and return the events it caused."""
    browser.events.clear()
    browser.send("Page.navigate", url=path.as_uri())
    browser.wait_for("Page.loadEventFired")
    browser.evaluate("Promise.all(Array.from(document.images, i => i.decode().catch(() => 0)))")
    browser.send("Runtime.evaluate", expression="1")  # flush events queued before the load
    return list(browser.events)


def keep(artifact: Path) -> None:
    folder = os.environ.get("TRACKER_BROWSER_ARTIFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(artifact, Path(folder) / artifact.name)


@pytest.mark.parametrize("image_format", ["svg", "png"])
def test_report_in_chromium(browser: DevTools, tmp_path: Path, image_format: str) -> None:
    report = tmp_path / f"report-{image_format}.html"
    write_report(sample_content(), report, image_format=image_format)
    events = open_page(browser, report)

    requests = [e["params"]["request"]["url"] for e in events
                if e["method"] == "Network.requestWillBeSent"]  # fmt: skip
    assert requests, "the page load itself should be seen"
    external = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert external == [], f"the report made network requests: {external}"

    errors = [e for e in events if e["method"] == "Runtime.exceptionThrown"]
    errors += [e for e in events if e["method"] == "Runtime.consoleAPICalled"
               and e["params"]["type"] in ("error", "assert")]  # fmt: skip
    errors += [e for e in events if e["method"] == "Log.entryAdded"
               and e["params"]["entry"]["level"] == "error"]  # fmt: skip
    assert errors == []

    images = browser.evaluate(
        "Array.from(document.images, i => [i.complete, i.naturalWidth, i.naturalHeight,"
        " i.getBoundingClientRect().width])"
    )
    assert len(images) == 2
    for complete, natural_width, natural_height, shown_width in images:
        assert complete and natural_width > 0 and natural_height > 0 and shown_width > 100

    # The headline with markup is shown as text, and its script never ran.
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert EVIL in browser.evaluate("document.body.innerText")
    assert browser.evaluate("document.querySelectorAll('script').length") == 0
    # The status chips kept their colours.
    colour = browser.evaluate(
        "getComputedStyle(document.querySelector('#issues td .chip')).backgroundColor"
    )
    assert colour == "rgb(204, 51, 17)"  # STATUS_COLOURS["deteriorated"] = #cc3311

    shot = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    (tmp_path / f"screenshot-{image_format}.png").write_bytes(png)
    keep(tmp_path / f"screenshot-{image_format}.png")

    printed = browser.send("Page.printToPDF", printBackground=True, preferCSSPageSize=True)
    pdf = base64.b64decode(printed["data"])
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}
    (tmp_path / f"printed-{image_format}.pdf").write_bytes(pdf)
    keep(tmp_path / f"printed-{image_format}.pdf")
