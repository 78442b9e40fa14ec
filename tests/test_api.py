"""HTTP API against a real uvicorn server on 127.0.0.1 and a real database file (the ingested samples/)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from eventwire.api import create_app
from eventwire.jobs import ingest
from eventwire.models import Actor, Cameo, Document, Event, Place, Plover, Span
from eventwire.pipeline import Pipeline
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.query import make_filter

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TOKEN = "test-token-123"
ENVELOPE_KEYS = {"status", "code", "message", "field"}

_SAMPLE: dict[str, Any] = {}  # built once per test process, shared with test_web.py
# The samples tell distinct stories (one report each): these three reports of one attack make a cluster.
KIRKUK_REPORTS = [
    (
        "kirkuk-a",
        "Kirkuk Daily",
        "Gunmen attacked a police checkpoint in Kirkuk on Friday, killing two police "
        "officers, local officials said.",
        2,
    ),
    (
        "kirkuk-b",
        "Tigris Wire",
        "Gunmen attacked a police checkpoint in Kirkuk on Friday, killing three police "
        "officers, security sources said.",
        3,
    ),
    (
        "kirkuk-c",
        "Kirkuk Daily",
        "Two police officers were killed when gunmen attacked a checkpoint in Kirkuk on Friday.",
        2,
    ),
]


def sample_database(base: Path) -> tuple[str, Pipeline]:
    """Return the path of a database holding the ingested samples/ (built once), and the pipeline used."""
    if not _SAMPLE:
        pipeline = Pipeline(Settings())
        db = str(base / "sample.db")
        summary = ingest([str(SAMPLES)], db, Settings(), pipeline=pipeline)
        assert summary.events > 20, summary.line()
        with Store(db) as store:  # one real event told by three reports from two outlets
            for doc_id, outlet, text, killed in KIRKUK_REPORTS:
                store.put(_event_doc(doc_id, text=text, outlet=outlet, killed=killed))
        _SAMPLE.update(db=db, pipeline=pipeline)
    return _SAMPLE["db"], _SAMPLE["pipeline"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A real uvicorn server for an app, on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    return sample_database(tmp_path_factory.mktemp("api"))[0]


@pytest.fixture(scope="module")
def api(sample_db):
    with LiveServer(create_app(sample_db)) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def store(sample_db):
    with Store(sample_db, readonly=True) as s:
        yield s


def ids(events: list[dict]) -> list[str]:
    return [e["event_id"] for e in events]


# ---- events, filters, pages
def test_events_come_in_the_record_contract(api, store) -> None:
    body = api.get("/api/events", params={"limit": 1000}).json()
    assert set(body) == {"events", "next_cursor", "limit"} and body["next_cursor"] is None
    assert len(body["events"]) == store.stats()["events"]
    for ev in body["events"]:
        for key in (
            "event_id",
            "doc_id",
            "date",
            "date_precision",
            "plover",
            "cameo",
            "actors",
            "recipients",
            "location",
            "fatalities",
            "injured",
            "modality",
            "attribution",
            "evidence",
            "confidence",
        ):
            assert key in ev


@pytest.mark.parametrize(
    "params",
    [
        {"type": "ASSAULT"},
        {"country": "IRQ"},
        {"since": "2023-05-01", "until": "2023-09-30"},
        {"actor": "police"},
        {"near": "33.3,44.4,300"},
        {"q": "killed"},
        {"type": "assault", "country": "som"},
    ],
)
def test_filters_are_the_clis(api, store, params) -> None:
    cli_names = {("text" if k == "q" else k): v for k, v in params.items()}
    expected = ids(store.events(make_filter(**cli_names, limit=1000)))
    got = api.get("/api/events", params={**params, "limit": 1000}).json()["events"]
    assert ids(got) == expected
    assert expected, f"the sample has no event for {params}: pick a filter that matches some"


def test_empty_parameters_mean_no_filter(api) -> None:
    empty = {name: "" for name in ("since", "until", "country", "type", "actor", "near", "q")}
    assert api.get("/api/events", params=empty).json() == api.get("/api/events").json()


@pytest.mark.parametrize("sort", ["-date", "date"])
def test_cursor_pages_visit_every_event_once_in_order(api, store, sort) -> None:
    seen: list[dict] = []
    cursor = None
    for _ in range(100):
        params = {"limit": 7, "sort": sort, **({"cursor": cursor} if cursor else {})}
        body = api.get("/api/events", params=params).json()
        seen += body["events"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert ids(seen) == ids(store.events(make_filter(limit=1000, sort=sort)))
    assert len(set(ids(seen))) == store.stats()["events"]
    assert any(e["date"] is None for e in seen), "the sample should hold an undated event to page over"


def test_cursor_pages_keep_the_filter(api, store) -> None:
    first = api.get("/api/events", params={"type": "ASSAULT", "limit": 5}).json()
    second = api.get(
        "/api/events", params={"type": "ASSAULT", "limit": 100, "cursor": first["next_cursor"]}
    ).json()
    assert ids(first["events"] + second["events"]) == ids(
        store.events(make_filter(type="ASSAULT", limit=1000))
    )


def test_geojson_gives_points_inside_the_box(api, store) -> None:
    everything = api.get("/api/events.geojson").json()
    located = [e for e in store.events(make_filter(limit=1000)) if e.get("location")]
    assert everything["type"] == "FeatureCollection" and everything["truncated"] is False
    assert len(everything["features"]) == len(located)
    feature = everything["features"][0]
    assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2
    assert {"plover_type", "fatalities", "date", "actors"} <= set(feature["properties"])
    box = (25.0, -5.0, 50.0, 40.0)  # Middle East and East Africa
    inside = api.get("/api/events.geojson", params={"bbox": ",".join(map(str, box))}).json()["features"]
    expected = [
        e["event_id"]
        for e in located
        if box[0] <= e["location"]["lon"] <= box[2] and box[1] <= e["location"]["lat"] <= box[3]
    ]
    assert sorted(f["id"] for f in inside) == sorted(expected) and expected
    few = api.get("/api/events.geojson", params={"limit": 3}).json()
    assert len(few["features"]) <= 3 and few["truncated"] is True


def test_one_event_and_its_document_with_evidence_offsets(api) -> None:
    listed = api.get("/api/events", params={"type": "ASSAULT", "limit": 1}).json()["events"][0]
    event = api.get(f"/api/events/{listed['event_id']}").json()
    assert event["event_id"] == listed["event_id"] and event["doc_id"] == listed["doc_id"]
    doc = api.get(f"/api/documents/{event['doc_id']}").json()
    assert doc["doc_id"] == event["doc_id"] and doc["text"]
    assert event["event_id"] in ids(doc["events"])
    for span in event["evidence"]:
        assert doc["text"][span["start"] : span["end"]] == span["text"]


def test_stats_count_clusters_by_default_and_mentions_on_request(api, store) -> None:
    shape = {"counted", "events", "documents", "failures", "by_day", "by_country", "by_type"}
    mentions = api.get("/api/stats", params={"count": "mentions"}).json()
    assert mentions == {"counted": "mentions", **store.stats()}
    got = api.get("/api/stats", params={"type": "ASSAULT", "q": "killed", "count": "mentions"}).json()
    assert got == {"counted": "mentions", **store.stats(make_filter(type="ASSAULT", text="killed"))}
    clusters = api.get("/api/stats").json()
    expected = store.cluster_stats()
    assert set(clusters) >= shape and clusters["counted"] == "clusters"
    assert clusters["events"] == expected["clusters"] == len(store.iter_clusters())
    assert clusters["by_day"] == expected["by_day"] and clusters["by_type"] == expected["by_type"]
    assert clusters["mentions"] == mentions["events"] > clusters["events"]  # the three Kirkuk reports
    assert sum(clusters["by_day"].values()) == clusters["events"]
    flt = make_filter(type="ASSAULT", country="IRQ")
    assert (
        api.get("/api/stats", params={"type": "ASSAULT", "country": "IRQ"}).json()["by_country"]
        == (store.cluster_stats(flt)["by_country"])
    )


# ---- clusters: one record per real event, the default view
def cluster_ids(clusters: list[dict]) -> list[str]:
    return [c["cluster_id"] for c in clusters]


def test_clusters_list_under_the_same_filters_as_the_cli(api, store) -> None:
    body = api.get("/api/clusters", params={"limit": 1000}).json()
    assert set(body) == {"clusters", "next_cursor", "limit"} and body["next_cursor"] is None
    assert cluster_ids(body["clusters"]) == cluster_ids(store.clusters(make_filter(limit=1000)))
    kirkuk = next(c for c in body["clusters"] if c["mentions"] == 3)
    assert kirkuk["outlets"] == ["Kirkuk Daily", "Tigris Wire"] and kirkuk["documents"] == 3
    assert kirkuk["fatalities_range"] == [2, 3]
    assert {e["event_id"] for e in kirkuk["events"]} == {"kirkuk-a-0", "kirkuk-b-0", "kirkuk-c-0"}
    for params in ({"type": "ASSAULT", "country": "IRQ"}, {"q": "checkpoint"}, {"actor": "police"}):
        cli_names = {("text" if k == "q" else k): v for k, v in params.items()}
        got = api.get("/api/clusters", params={**params, "limit": 1000}).json()["clusters"]
        assert cluster_ids(got) == cluster_ids(store.clusters(make_filter(**cli_names, limit=1000)))
        assert kirkuk["cluster_id"] in cluster_ids(got)


@pytest.mark.parametrize("sort", ["-date", "date"])
def test_cluster_pages_visit_every_cluster_once_in_order(api, store, sort) -> None:
    seen: list[dict] = []
    cursor = None
    for _ in range(100):
        params = {"limit": 9, "sort": sort, **({"cursor": cursor} if cursor else {})}
        body = api.get("/api/clusters", params=params).json()
        seen += body["clusters"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert cluster_ids(seen) == cluster_ids(store.clusters(make_filter(limit=1000, sort=sort)))
    assert len(set(cluster_ids(seen))) == len(store.iter_clusters())
    assert any(c["date"] is None for c in seen), "the sample should hold an undated cluster to page over"


def test_one_cluster_with_every_report_and_their_evidence(api, store) -> None:
    cluster_id = store.cluster_of("kirkuk-b-0")
    cluster = api.get(f"/api/clusters/{cluster_id}").json()
    assert cluster["cluster_id"] == cluster_id and cluster["mentions"] == len(cluster["reports"]) == 3
    assert {r["outlet"] for r in cluster["reports"]} == {"Kirkuk Daily", "Tigris Wire"}
    for report in cluster["reports"]:
        assert {"event_id", "doc_id", "outlet", "title", "published", "url", "evidence"} <= set(report)
        event = api.get(f"/api/events/{report['event_id']}").json()
        doc = api.get(f"/api/documents/{report['doc_id']}").json()
        assert event["doc_id"] == report["doc_id"] and doc["url"] == report["url"]
        for span in report["evidence"]:
            assert doc["text"][span["start"] : span["end"]] == span["text"]
    single = store.cluster_of(api.get("/api/events", params={"limit": 1}).json()["events"][0]["event_id"])
    assert api.get(f"/api/clusters/{single}").json()["mentions"] >= 1


def test_clusters_geojson_gives_one_point_per_located_cluster_in_the_box(api, store) -> None:
    everything = api.get("/api/clusters.geojson").json()
    located = [c for c in store.iter_clusters() if c.get("location")]
    assert everything["truncated"] is False and len(everything["features"]) == len(located)
    props = {f["id"]: f["properties"] for f in everything["features"]}
    kirkuk = props[store.cluster_of("kirkuk-a-0")]
    assert kirkuk["mentions"] == 3 and kirkuk["outlet_count"] == 2 and kirkuk["plover_type"] == "ASSAULT"
    box = (25.0, -5.0, 50.0, 40.0)
    inside = api.get("/api/clusters.geojson", params={"bbox": ",".join(map(str, box))}).json()["features"]
    expected = [
        c["cluster_id"]
        for c in located
        if box[0] <= c["location"]["lon"] <= box[2] and box[1] <= c["location"]["lat"] <= box[3]
    ]
    assert sorted(f["id"] for f in inside) == sorted(expected) and expected
    few = api.get("/api/clusters.geojson", params={"limit": 3, "type": "ASSAULT"}).json()
    assert len(few["features"]) <= 3 and few["truncated"] is True


# ---- errors: one envelope, the field named
@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/api/events?since=2023-13-01", 400, "since"),
        ("/api/events?until=yesterday", 400, "until"),
        ("/api/events?since=2023-05-02&until=2023-05-01", 400, "since"),
        ("/api/events?type=RIOT", 400, "type"),
        ("/api/events?country=Iraq", 400, "country"),
        ("/api/events?near=33,44", 400, "near"),
        ("/api/events?near=99,44,10", 400, "near"),
        ("/api/events?q=%21%21%21", 400, "q"),
        ("/api/events?limit=0", 400, "limit"),
        ("/api/events?limit=many", 400, "limit"),
        ("/api/events?sort=fatalities", 400, "sort"),
        ("/api/events?cursor=not-a-cursor", 400, "cursor"),
        ("/api/events.geojson?bbox=1,2,3", 400, "bbox"),
        ("/api/events.geojson?bbox=10,0,-10,5", 400, "bbox"),
        ("/api/stats?type=nope", 400, "type"),
        ("/api/stats?count=documents", 400, "count"),
        ("/api/clusters?since=2023-13-01", 400, "since"),
        ("/api/clusters?cursor=not-a-cursor", 400, "cursor"),
        ("/api/clusters?sort=mentions", 400, "sort"),
        ("/api/clusters.geojson?bbox=1,2,3", 400, "bbox"),
        ("/api/clusters/no-such-cluster", 404, None),
        ("/api/events/no-such-event", 404, None),
        ("/api/documents/no-such-document", 404, None),
        ("/api/no/such/route", 404, None),
    ],
)
def test_every_error_has_the_one_envelope(api, path, status, field) -> None:
    response = api.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ENVELOPE_KEYS
    assert body["error"]["status"] == status
    assert body["error"]["code"] == {400: "bad_request", 404: "not_found"}[status]
    assert body["error"]["field"] == field
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    if field:
        assert body["error"]["message"].startswith(f"{field}:")


def test_read_only_by_default(api) -> None:
    response = api.post("/api/documents", json={"text": "Rebels attacked a base."})
    assert response.status_code in (404, 405)
    assert set(response.json()["error"]) == ENVELOPE_KEYS
    assert "post" not in api.get("/openapi.json").json()["paths"].get("/api/documents", {})


# ---- schema, docs and page assets
def test_openapi_schema_and_docs_page_work_offline(api) -> None:
    schema = api.get("/openapi.json").json()
    assert {
        "/api/clusters",
        "/api/clusters.geojson",
        "/api/clusters/{cluster_id}",
        "/api/events",
        "/api/events.geojson",
        "/api/events/{event_id}",
        "/api/documents/{doc_id}",
        "/api/stats",
    } <= set(schema["paths"])
    for path in ("/api/events", "/api/clusters"):
        params = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params == {
            "since",
            "until",
            "country",
            "type",
            "actor",
            "near",
            "q",
            "sort",
            "limit",
            "cursor",
        }
    assert {"Cluster", "ClusterDetail", "ClusterPage"} <= set(schema["components"]["schemas"])
    assert "ErrorEnvelope" in schema["components"]["schemas"]
    docs = api.get("/docs").text
    assert "/static/build/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert api.get("/static/build/swagger-ui/swagger-ui-bundle.js").status_code == 200, "run `make setup`"


def test_page_and_its_assets_are_served_by_eventwire(api) -> None:
    page = api.get("/")
    assert page.status_code == 200 and "<title>eventwire</title>" in page.text
    for asset in (
        "/static/style.css",
        "/static/js/main.js",
        "/static/js/map.js",
        "/static/js/timeline.js",
        "/static/build/topojson-client.min.js",
        "/static/build/world.json",
    ):
        assert api.get(asset).status_code == 200, f"{asset} missing: run `make setup` (npm build)"
    assert "http" not in page.text.replace("http-equiv", ""), "the page must load nothing from elsewhere"


# ---- reading while writing, ingest over HTTP
def _event_doc(
    doc_id: str,
    text: str = "Gunmen attacked a police post in Kirkuk on Friday, killing two officers.",
    outlet: str | None = None,
    killed: int = 2,
    date: str = "2024-02-02",
) -> Document:
    kirkuk = Place("Kirkuk", "Kirkuk", "IRQ", 35.47, 44.39, "city")
    event = Event(
        event_id=f"{doc_id}-0",
        plover=Plover("ASSAULT"),
        cameo=Cameo("190", "19", 4, -10.0),
        date=date,
        date_precision="day",
        actors=(Actor("Gunmen"),),
        recipients=(Actor("police", None, "IRQ", "COP", "IRQCOP"),),
        location=kirkuk,
        fatalities=killed,
        evidence=(Span(text, 0, len(text)),),
        confidence=0.8,
    )
    return Document(
        doc_id=doc_id,
        source=f"test/{doc_id}",
        text=text,
        outlet=outlet,
        title=text[:40],
        published=f"{date}T12:00:00+00:00",
        url=f"https://example.org/{doc_id}",
        events=(event,),
    )


def test_serves_what_an_ingest_writes_meanwhile(tmp_path, sample_db) -> None:
    db = tmp_path / "live.db"
    shutil.copy(sample_db, db)
    with LiveServer(create_app(str(db))) as server, httpx.Client(base_url=server.url) as client:
        before = client.get("/api/events", params={"since": "2024-06-01"}).json()["events"]
        with Store(db) as writer:
            writer.put(_event_doc("live1", date="2024-06-02"))
            after = client.get("/api/events", params={"since": "2024-06-01"}).json()["events"]
    assert before == [] and ids(after) == ["live1-0"]


@pytest.mark.model
def test_post_documents_needs_the_token_and_ingests(tmp_path, sample_db) -> None:
    _, pipeline = sample_database(Path(sample_db).parent)
    db = tmp_path / "intake.db"
    Store(db).close()
    article = {
        "text": "Insurgents stormed an army checkpoint near Mosul on Tuesday, killing three soldiers, "
        "the Iraqi military said.",
        "title": "Checkpoint attacked near Mosul",
        "published": "2024-03-06T09:00:00+03:00",
        "url": "https://example.org/mosul-checkpoint",
    }
    with (
        LiveServer(create_app(str(db), ingest_token=TOKEN, pipeline=pipeline)) as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        assert "post" in client.get("/openapi.json").json()["paths"]["/api/documents"]
        for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": TOKEN}):
            refused = client.post("/api/documents", json=article, headers=headers)
            assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
        auth = {"Authorization": f"Bearer {TOKEN}"}
        empty = client.post("/api/documents", json=[{"title": "no text"}], headers=auth)
        assert empty.status_code == 400 and empty.json()["error"]["field"] == "text"
        done = client.post("/api/documents", json=[article], headers=auth)
        assert done.status_code == 200, done.text
        (result,) = done.json()["documents"]
        assert result["status"] == "added" and result["events"] >= 1
        again = client.post("/api/documents", json=article, headers=auth).json()["documents"][0]
        assert again == {**result, "status": "unchanged", "events": 0} or again["status"] == "unchanged"
        doc = client.get(f"/api/documents/{result['doc_id']}").json()
        assert doc["url"] == article["url"] and doc["events"]


# ---- schemathesis: requests generated from the published schema get no server error and match it
SCHEMATHESIS_EXAMPLES = 30  # per operation: enough to reach every parameter, ~10 s in all


def test_schemathesis_finds_no_server_errors(api) -> None:
    schema = schemathesis.openapi.from_url(f"{api.base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:

        @settings(
            max_examples=SCHEMATHESIS_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:
            # every check (no 5xx, documented status codes, responses match the schema) but one: a
            # request can fit the schema and still be refused (since after until, a latitude of 91)
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()


def test_eventwire_serve_starts_its_worker_processes_and_answers(sample_db) -> None:
    """The real command, with its default of one process per core, until it is stopped."""
    import os
    import signal
    import subprocess
    import sys

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", sample_db, "--port", str(port)],
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).json()
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "eventwire serve did not answer"
                time.sleep(0.3)
        assert stats["clusters"] > 0
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    expected = f"{min(4, os.cpu_count() or 1)} processes" if (os.cpu_count() or 1) > 1 else "read-only)"
    assert expected in err
