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


def wait_for_map(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelector('#map svg').dataset.events == '{count}'", timeout=TIMEOUT_MS
    )


def wait_for_rows(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('#list .event-row').length == {count}", timeout=TIMEOUT_MS
    )


def test_map_shows_real_events_by_default_and_reports_on_the_toggle(page, site) -> None:
    clusters = httpx.get(f"{site}/api/clusters.geojson").json()["features"]
    located = httpx.get(f"{site}/api/events.geojson").json()["features"]
    assert len(clusters) < len(located), "the sample should hold an event told by several reports"
    open_page(page, site)
    assert page.locator("#map path.country").count() > 150, "country outlines missing: run `make setup`"
    page.click("button[title='show all events']")  # a view around every event, then its events load
    wait_for_map(page, len(clusters))
    assert markers_shown(page) == len(clusters) > 20
    assert page.get_attribute(".view-toggle button[data-view=events]", "aria-pressed") == "true"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"))

    page.click(".view-toggle button[data-view=reports]")
    page.wait_for_function("location.search.includes('view=reports')", timeout=TIMEOUT_MS)
    page.click("button[title='show all events']")
    wait_for_map(page, len(located))
    assert markers_shown(page) == len(located)
    wait_for_rows(page, len(httpx.get(f"{site}/api/events").json()["events"]))
    assert page.locator("#list .cluster-row").count() == 0
    assert "reports" in page.inner_text("#count")
    page.reload()  # the URL keeps the view
    page.wait_for_selector("body[data-ready=true]", timeout=TIMEOUT_MS)
    assert page.get_attribute(".view-toggle button[data-view=reports]", "aria-pressed") == "true"
    page.go_back()
    page.wait_for_function("!location.search.includes('view=reports')", timeout=TIMEOUT_MS)
    page.wait_for_selector("#list .cluster-row", timeout=TIMEOUT_MS)


def test_a_real_event_shows_its_report_and_outlet_counts(page, site) -> None:
    (kirkuk,) = httpx.get(f"{site}/api/clusters", params={"since": "2024-01-01"}).json()["clusters"]
    assert kirkuk["mentions"] == 3
    open_page(page, site, "?since=2024-01-01")  # only the real event told by three reports
    row = f"#list .cluster-row[data-cluster-id='{kirkuk['cluster_id']}']"
    page.wait_for_selector(row, timeout=TIMEOUT_MS)
    assert "3 reports · 2 outlets" in page.inner_text(row)
    marker = f"#map .marker[data-event-id='{kirkuk['cluster_id']}']"
    page.wait_for_selector(marker, timeout=TIMEOUT_MS)
    assert page.get_attribute(marker, "data-mentions") == "3"
    assert page.get_attribute(marker, "data-outlets") == "2"
    assert page.text_content("#map .marker-reports text") == "3"
    assert "1 events matching (3 reports)" in page.inner_text("#count")


def test_filter_by_type_updates_map_list_and_url(page, site) -> None:
    open_page(page, site)
    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_function("location.search.includes('type=ASSAULT')", timeout=TIMEOUT_MS)
    expected = httpx.get(f"{site}/api/clusters", params={"type": "ASSAULT", "limit": 50}).json()["clusters"]
    wait_for_rows(page, len(expected))
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
    expected = httpx.get(f"{site}/api/clusters", params={"type": "ASSAULT", "country": "SOM"}).json()
    wait_for_rows(page, len(expected["clusters"]))
    assert expected["clusters"] and list_types(page) == {"ASSAULT"}


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
    expected = httpx.get(f"{site}/api/clusters", params={"since": since, "until": until, "limit": 50}).json()
    wait_for_rows(page, len(expected["clusters"]))
    dates = page.eval_on_selector_all("#list .row-head", "rows => rows.map(r => r.textContent.slice(0, 10))")
    assert dates and all(since <= d <= until for d in dates)
    stats = httpx.get(f"{site}/api/stats", params={"since": since, "until": until}).json()
    page.wait_for_function(f"document.querySelector('#map svg').dataset.events <= {stats['events']}")
    assert page.locator("#timeline rect.brush").count() == 1


def test_opening_a_real_event_lists_its_reports_and_opens_each(page, site) -> None:
    clusters = httpx.get(f"{site}/api/clusters", params={"type": "ASSAULT", "limit": 1000}).json()["clusters"]
    (kirkuk,) = [c for c in clusters if c["mentions"] == 3]
    open_page(page, site, "?type=ASSAULT")
    page.click(f"#list .cluster-row[data-cluster-id='{kirkuk['cluster_id']}']")
    page.wait_for_selector(f"#panel[data-cluster-id='{kirkuk['cluster_id']}'] .report", timeout=TIMEOUT_MS)
    assert url_params(page)["cluster"] == kirkuk["cluster_id"]
    panel = page.inner_text("#panel")
    assert "consensus of 3 reports" in panel and "Kirkuk Daily, Tigris Wire" in panel
    assert "reports say 2–3" in panel  # the consensus toll with the range across reports
    reports = page.eval_on_selector_all("#panel .report", "bs => bs.map(b => b.dataset.eventId)")
    assert sorted(reports) == sorted(e["event_id"] for e in kirkuk["events"])
    assert page.locator("#map .halo[visibility=visible]").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cluster.png"))
    for event_id in reports:
        page.click(f"#panel .report[data-event-id='{event_id}']")
        page.wait_for_selector(f"#panel[data-event-id='{event_id}'] mark.evidence", timeout=TIMEOUT_MS)
        event = httpx.get(f"{site}/api/events/{event_id}").json()
        marked = "".join(
            page.eval_on_selector_all("#panel mark.evidence", "ms => ms.map(m => m.textContent)")
        )
        assert all(span["text"] in marked for span in event["evidence"])
        assert url_params(page) == {"type": "ASSAULT", "cluster": kirkuk["cluster_id"], "event": event_id}
        page.click("#panel .back")
        page.wait_for_selector(
            f"#panel[data-cluster-id='{kirkuk['cluster_id']}'] .report", timeout=TIMEOUT_MS
        )
    page.click(f"#panel .report[data-event-id='{reports[-1]}']")
    page.wait_for_selector(f"#panel[data-event-id='{reports[-1]}'] mark.evidence", timeout=TIMEOUT_MS)
    page.reload()  # the deep link reopens the report, and its way back to the real event
    page.wait_for_selector(f"#panel[data-event-id='{reports[-1]}'] .back", timeout=TIMEOUT_MS)


def test_opening_an_event_shows_its_evidence_highlighted(page, site) -> None:
    open_page(page, site, "?view=reports&type=ASSAULT")
    page.wait_for_selector("#list .event-row")
    event_id = page.get_attribute("#list .event-row >> nth=0", "data-event-id")
    page.click("#list .event-row >> nth=0")
    page.wait_for_selector("#panel mark.evidence", timeout=TIMEOUT_MS)
    assert url_params(page) == {"view": "reports", "type": "ASSAULT", "event": event_id}
    event = httpx.get(f"{site}/api/events/{event_id}").json()
    # a sentence is split into several marks where a place mention starts or ends inside it
    marked = "".join(page.eval_on_selector_all("#panel mark.evidence", "ms => ms.map(m => m.textContent)"))
    assert event["evidence"] and all(span["text"] in marked for span in event["evidence"])
    panel = page.inner_text("#panel")
    assert "ASSAULT" in panel and event["modality"] in panel
    assert "null" not in panel.split(), "no placeholder text leaks into the panel"
    if event["location"]:
        assert event["location"]["name"] in panel
    assert page.locator("#map .halo[visibility=visible]").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event.png"))
    page.reload()  # the deep link reopens the same event
    page.wait_for_selector(f"#panel[data-event-id='{event_id}'] mark.evidence", timeout=TIMEOUT_MS)
