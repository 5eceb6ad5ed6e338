"""``diff --html`` opened in headless Chromium: offline, error-free, hover and focus work.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package, like the report's
browser test; skipped with the reason elsewhere (a failure in CI).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.browser import ARTIFACTS, start_chromium
from tests.cli_helpers import run, specs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "sample.py"


def test_diff_page_in_chromium(real_tokenizers: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    # A file name with markup and HTML in it: it must show as written.
    source = tmp_path / "<b>a[bold].py"
    source.write_bytes(SAMPLE.read_bytes() + 'x = "Ǵ"  # <script>alert(1)</script>\n'.encode())
    page = tmp_path / "diff.html"
    names = specs(real_tokenizers, "modernbert", "xlm-roberta", "roberta")
    result = run(["diff", str(source), *[a for n in names for a in ("-t", n)], "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""

    browser = start_chromium(tmp_path / "profile")
    try:
        browser.set_window_size(1280, 760)
        browser.get(page.as_uri())
        title = browser.find_element(By.TAG_NAME, "h1").text
        rows = browser.find_elements(By.CSS_SELECTOR, "table.lines tbody tr")
        # Hover `return` of ModernBERT on line 5: the same text lights up in all three columns.
        cells = rows[4].find_elements(By.CSS_SELECTOR, "td.tokens")
        target = next(s for s in cells[0].find_elements(By.TAG_NAME, "span") if s.text == "return")
        ActionChains(browser).move_to_element(target).perform()
        lit: list[dict[str, Any]] = browser.execute_script(
            "return Array.from(document.querySelectorAll('.hl')).map(function (m) {"
            "  return {text: m.textContent, column: m.closest('td').cellIndex}; });"
        )
        hover_tip = browser.execute_script(
            "return getComputedStyle(arguments[0], '::after').content;", target
        )
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "diff.png"))
        # Keyboard: Tab from the page start reaches the first token, which shows its tooltip.
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        focused: dict[str, Any] = browser.execute_script(
            "var a = document.activeElement;"
            "return {text: a.textContent, tip: getComputedStyle(a, '::after').content,"
            "        lit: document.querySelectorAll('.hl').length};"
        )
        unknown = [u.text for u in browser.find_elements(By.CSS_SELECTOR, ".tokens span.unknown")]
        console = browser.get_log("browser")
        logs = browser.get_log("performance")
        events = [json.loads(e["message"])["message"] for e in logs]
    finally:
        browser.quit()

    assert [e for e in console if e["level"] in ("SEVERE", "ERROR", "WARNING")] == []
    sent = [e["params"] for e in events if e["method"] == "Network.requestWillBeSent"]
    from_page = {p["request"]["url"] for p in sent if p.get("documentURL") == page.as_uri()}
    assert from_page == {page.as_uri()}
    assert title == str(source)
    assert len(rows) == 6
    assert {m["column"] for m in lit} == {1, 3, 5}
    assert {m["text"] for m in lit} == {"return", "·return"}
    assert "id " in hover_tip and "entry" in hover_tip and "bytes [" in hover_tip
    assert "chars [" in hover_tip
    assert focused["text"] == "class" and "id " in focused["tip"] and focused["lit"] >= 3
    assert unknown == ["Ǵ"]
    assert (ARTIFACTS / "diff.png").stat().st_size > 10_000
