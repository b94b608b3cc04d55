"""The dashboard in a real browser: Playwright driving Debian's Chromium against `detente serve`.

`.ci/run` installs chromium with apt. Elsewhere, without /usr/bin/chromium, these tests are
skipped (in CI they fail instead: a missing browser must not pass for a passing test).
Set DETENTE_SCREENSHOTS=DIR to keep the screenshots (README's comes from here).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.coding.pipeline import Pipeline
from detente.store import Store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs the chromium package", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (apt install chromium)", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, example_article: Path) -> Iterator[str]:
    db = tmp_path_factory.mktemp("dashboard") / "x.duckdb"
    with Store(db) as store:
        Pipeline().run([str(example_article)], store)
    port = free_port()
    log = db.with_suffix(".log")
    with log.open("w") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "detente", "serve", "--db", str(db), "--port", str(port), "--read-only"],
            stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(url + "/openapi.json", timeout=1):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"detente serve exited: {log.read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def keep(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DETENTE_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=False)


def test_pick_china_and_nato_click_march_and_land_on_the_beijing_sentence(server: str, page: Page, tmp_path: Path) -> None:
    page.goto(server + "/")
    page.select_option("#actor-a", "CHN")
    page.select_option("#actor-b", "IGOWSTNAT")
    page.click("#show-dyad")
    march = page.locator('#dyad-periods tr[data-period="2024-03"]')
    expect(march).to_contain_text("CONSULT 1")
    expect(page.locator("#dyad-chart .main-svg").first).to_be_visible()  # plotly drew the chart
    keep(page, "dyad-view.png", tmp_path)
    march.click()
    consult = page.locator("#period-incidents tr.incident", has_text="CONSULT")
    expect(consult).to_have_count(1)
    consult.locator("a").click()
    selected = page.locator("#article-text mark#selected")
    expect(selected).to_contain_text("Beijing hosted the eighth military staff dialogue")
    expect(page.locator("#article-text mark")).not_to_have_count(0)


def test_the_event_table_filters_and_reports_bad_dates(server: str, page: Page) -> None:
    page.goto(server + "/#events")
    page.fill('#events-form input[name="type"]', "ACCUSE")
    page.click("#events-form button")
    expect(page.locator("#events-table tbody tr")).to_have_count(1)
    expect(page.locator("#events-table tbody")).to_contain_text("distorting its position")


def test_the_network_view_draws_the_actors(server: str, page: Page) -> None:
    page.goto(server + "/#network")
    expect(page.locator("#network-chart .main-svg").first).to_be_visible()
    expect(page.locator("#network-chart")).to_contain_text("IGOWSTNAT")
