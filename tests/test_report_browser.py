"""The report opened in a real browser (headless Chromium): rendered, offline, error-free.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package; ``.ci/run``
installs them. Elsewhere the test is skipped with the reason when they are missing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.browser import ARTIFACTS, chromium_or_skip, start_chromium
from tests.cli_helpers import run, specs

ROOT = Path(__file__).resolve().parent.parent
CHARTS = (
    "bytes-per-token",
    "fertility",
    "indentation-runs",
    "indentation-parity",
    "overlap",
    "context-fit",
)


def test_report_renders_in_chromium(real_tokenizers: Path, tmp_path: Path) -> None:
    chromium_or_skip()
    page = tmp_path / "report.html"
    names = specs(real_tokenizers, "modernbert", "xlm-roberta", "roberta")
    result = run(
        [
            "report",
            str(ROOT / "corpora"),
            *[a for n in names for a in ("-t", n)],
            "-o",
            str(page),
            "-q",
        ]
    )
    assert result.exit_code == 0, result.output

    browser = start_chromium(tmp_path / "profile")
    try:
        browser.get(page.as_uri())
        sizes: dict[str, Any] = browser.execute_script(
            "const out = {};"
            "for (const f of document.querySelectorAll('figure.chart')) {"
            "  const svg = f.querySelector('svg'); const box = svg.getBoundingClientRect();"
            "  out[f.id] = {shapes: svg.querySelectorAll('path, rect, use, line, image').length,"
            "               width: box.width, height: box.height,"
            "               rows: f.querySelectorAll('tbody tr').length};"
            "}"
            "return out;"
        )
        browser.set_window_size(800, 1000)
        narrow: dict[str, Any] = browser.execute_script(
            "const root = document.documentElement;"
            "return {page: root.scrollWidth, view: root.clientWidth,"
            "  notLeft: [...document.querySelectorAll('th:not(.num)')]"
            "    .filter(t => getComputedStyle(t).textAlign !== 'left').length,"
            "  unboxed: [...document.querySelectorAll('table')]"
            "    .filter(t => !t.closest('.scroll')).length};"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        browser.set_window_size(800, browser.execute_script("return document.body.scrollHeight"))
        browser.save_screenshot(str(ARTIFACTS / "report-800.png"))
        browser.set_window_size(1280, 1000)
        console = browser.get_log("browser")
        logs = browser.get_log("performance")
        events = [json.loads(e["message"])["message"] for e in logs]
        ARTIFACTS.mkdir(exist_ok=True)
        browser.set_window_size(1280, browser.execute_script("return document.body.scrollHeight"))
        browser.save_screenshot(str(ARTIFACTS / "report.png"))
    finally:
        browser.quit()

    # At 800 px nothing is clipped: wide tables scroll in their own box, the page does not.
    assert narrow["page"] <= narrow["view"], narrow
    assert narrow["unboxed"] == 0 and narrow["notLeft"] == 0, narrow
    assert [e for e in console if e["level"] in ("SEVERE", "ERROR", "WARNING")] == []
    sent = [e["params"] for e in events if e["method"] == "Network.requestWillBeSent"]
    # The browser's own start page loads chrome:// resources first; only the report counts.
    from_page = {p["request"]["url"] for p in sent if p.get("documentURL") == page.as_uri()}
    assert {u for u in from_page if not u.startswith("data:")} == {page.as_uri()}
    network = {
        p["request"]["url"]
        for p in sent
        if p["request"]["url"].split(":")[0] in ("http", "https", "ws", "wss", "ftp")
    }
    assert network == set()
    assert sorted(sizes) == sorted(f"chart-{key}" for key in CHARTS)
    for key, size in sizes.items():
        assert size["shapes"] > 5, key
        assert size["width"] > 100 and size["height"] > 100, key
        assert size["rows"] >= 2, key
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
