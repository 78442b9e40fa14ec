"""The web page in real headless Chromium (Debian's `chromium`, driven by Playwright) against a real server.

Screenshots go to artifacts/web/ (not committed).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from eventwire.api import create_app
from test_api import LiveServer, sample_database

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that let Chromium run headless as root in a container, without reaching for the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db, _ = sample_database(tmp_path_factory.mktemp("web"))
    with LiveServer(create_app(db)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make setup` installs Debian's chromium (as root)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 860},
        )
        yield context
        context.close()


@pytest.fixture()
def page(browser, site):
    page = browser.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((site, "data:")) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert not outside, f"the page reached outside eventwire: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def open_page(page, site: str, query: str = "") -> None:
    page.goto(f"{site}/{query}")
    page.wait_for_selector("body[data-ready=true]", timeout=TIMEOUT_MS)


def markers_shown(page) -> int:
    """Return how many events the map draws: single markers plus the counts of clusters."""
    return page.evaluate("""() => document.querySelectorAll('#map .marker').length +
        [...document.querySelectorAll('#map .cluster')].reduce((n, c) => n + Number(c.dataset.count), 0)""")


def url_params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def list_types(page) -> set[str]:
    return set(page.eval_on_selector_all("#list .event-row", "rows => rows.map(r => r.dataset.type)"))


def test_map_shows_a_marker_for_every_located_event(page, site) -> None:
    located = httpx.get(f"{site}/api/events.geojson").json()["features"]
    open_page(page, site)
    assert page.locator("#map path.country").count() > 150, "country outlines missing: run `make setup`"
    page.click("button[title='show all events']")  # a view around every event, then its events load
    page.wait_for_function(
        f"document.querySelector('#map svg').dataset.events == '{len(located)}'", timeout=TIMEOUT_MS
    )
    assert markers_shown(page) == len(located) > 20
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"))


def test_filter_by_type_updates_map_list_and_url(page, site) -> None:
    open_page(page, site)
    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_function("location.search.includes('type=ASSAULT')", timeout=TIMEOUT_MS)
    expected = httpx.get(f"{site}/api/events", params={"type": "ASSAULT", "limit": 50}).json()["events"]
    page.wait_for_function(
        f"document.querySelectorAll('#list .event-row').length == {len(expected)}", timeout=TIMEOUT_MS
    )
    assert list_types(page) == {"ASSAULT"}
    page.wait_for_function(
        "[...document.querySelectorAll('#map .marker, #map .cluster')].every(m => "
        "(m.dataset.type || m.dataset.types.replace(/:\\d+/g, '')) === 'ASSAULT')",
        timeout=TIMEOUT_MS,
    )
    assert page.input_value("select[name=type]") == "ASSAULT"


def test_deep_link_restores_filters(page, site) -> None:
    open_page(page, site, "?type=ASSAULT&country=SOM")
    assert page.input_value("select[name=type]") == "ASSAULT"
    assert page.input_value("select[name=country]") == "SOM"
    expected = httpx.get(f"{site}/api/events", params={"type": "ASSAULT", "country": "SOM"}).json()["events"]
    page.wait_for_function(
        f"document.querySelectorAll('#list .event-row').length == {len(expected)}", timeout=TIMEOUT_MS
    )
    assert expected and list_types(page) == {"ASSAULT"}


def test_brushing_the_timeline_filters_by_date(page, site) -> None:
    open_page(page, site)
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.45, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.70, y, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "location.search.includes('since=') && location.search.includes('until=')", timeout=TIMEOUT_MS
    )
    params = url_params(page)
    since, until = params["since"], params["until"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", since) and since <= until
    assert page.input_value("input[name=since]") == since and page.input_value("input[name=until]") == until
    expected = httpx.get(f"{site}/api/events", params={"since": since, "until": until, "limit": 50}).json()
    page.wait_for_function(
        f"document.querySelectorAll('#list .event-row').length == {len(expected['events'])}",
        timeout=TIMEOUT_MS,
    )
    dates = page.eval_on_selector_all("#list .row-head", "rows => rows.map(r => r.textContent.slice(0, 10))")
    assert dates and all(since <= d <= until for d in dates)
    stats = httpx.get(f"{site}/api/stats", params={"since": since, "until": until}).json()
    page.wait_for_function(f"document.querySelector('#map svg').dataset.events <= {stats['events']}")
    assert page.locator("#timeline rect.brush").count() == 1


def test_opening_an_event_shows_its_evidence_highlighted(page, site) -> None:
    open_page(page, site, "?type=ASSAULT")
    page.wait_for_selector("#list .event-row")
    event_id = page.get_attribute("#list .event-row >> nth=0", "data-event-id")
    page.click("#list .event-row >> nth=0")
    page.wait_for_selector("#panel mark.evidence", timeout=TIMEOUT_MS)
    assert url_params(page)["event"] == event_id
    event = httpx.get(f"{site}/api/events/{event_id}").json()
    # a sentence is split into several marks where a place mention starts or ends inside it
    marked = "".join(page.eval_on_selector_all("#panel mark.evidence", "ms => ms.map(m => m.textContent)"))
    assert event["evidence"] and all(span["text"] in marked for span in event["evidence"])
    panel = page.inner_text("#panel")
    assert "ASSAULT" in panel and event["modality"] in panel
    if event["location"]:
        assert event["location"]["name"] in panel
    assert page.locator("#map .halo[visibility=visible]").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event.png"))
    page.reload()  # the deep link reopens the same event
    page.wait_for_selector(f"#panel[data-event-id='{event_id}'] mark.evidence", timeout=TIMEOUT_MS)
