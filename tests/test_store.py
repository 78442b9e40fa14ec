"""Store: round trips, idempotent puts, replacement of changed inputs, filters, failures."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oldschema import undo_migration_3

from eventwire.errors import StoreError, UsageError
from eventwire.models import Actor, Cameo, Document, ErrorInfo, Event, Place, Plover, Span, to_dict
from eventwire.store import Store, open_store
from eventwire.store.migrations import MIGRATIONS
from eventwire.store.query import make_filter

BAGHDAD = Place("Baghdad", "Baghdad", "IRQ", 33.34, 44.40, "city", admin1="Baghdad", geonames_id=98182)


def make_event(doc_id: str, n: int, text: str, date: str = "2024-03-02", **kw) -> Event:
    return Event(
        event_id=f"{doc_id}-{n}", plover=Plover("ASSAULT", "explosives", ("military",)),
        cameo=Cameo("183", "18", 4, -10.0), date=date, date_precision="day", date_text="on Saturday",
        actors=(Actor("gunmen", None, None, "UAF", "UAF"),),
        recipients=(Actor("Iraqi police", None, "IRQ", "COP", "IRQCOP"),), location=kw.get("location", BAGHDAD),
        fatalities=kw.get("fatalities", 3), evidence=(Span(text[:20], 0, 20),), confidence=0.7,
    )


def make_doc(doc_id: str = "d1", source: str = "a.txt", text: str = "A car bomb exploded in Baghdad on "
             "Saturday, killing three police officers.", n_events: int = 1, **kw) -> Document:
    return Document(doc_id=doc_id, source=source, text=text, title="Bomb in Baghdad",
                    published="2024-03-03T08:00:00+03:00", outlet="Test Wire", wire=("AFP",),
                    places=(BAGHDAD,), events=tuple(make_event(doc_id, i, text, **kw) for i in range(n_events)))


@pytest.fixture()
def store(db_url):
    """The same tests run on SQLite and on PostgreSQL (db_url in conftest.py)."""
    with open_store(db_url) as s:
        yield s


def test_round_trip_keeps_the_contract_record(store) -> None:
    doc = make_doc()
    assert store.put(doc) == "added"
    assert store.document("d1") == to_dict(doc)
    (ev,) = store.events()
    assert ev["event_id"] == "d1-0" and ev["doc_id"] == "d1" and ev["location"]["name"] == "Baghdad"


def test_put_is_idempotent_and_changed_input_replaces(store) -> None:
    assert store.put(make_doc()) == "added"
    assert store.put(make_doc()) == "unchanged"
    changed = make_doc(doc_id="d2", n_events=2)
    assert store.put(changed) == "replaced"
    assert store.document("d1") is None
    assert len(store.events()) == 2
    assert store.db.execute("SELECT COUNT(*) FROM actors").fetchone()[0] == 4


def test_filters(store) -> None:
    store.put(make_doc())
    store.put(make_doc("d3", "b.txt", "Soldiers clashed with rebels near Goma; nobody was hurt at all.",
                       location=Place("Goma", "Goma", "COD", -1.68, 29.22, "city"), date="2024-04-01"))
    assert len(store.events(make_filter(country="COD"))) == 1
    assert len(store.events(make_filter(country="IRQ"))) == 2, "an actor's country counts too"
    assert len(store.events(make_filter(since="2024-03-15"))) == 1
    assert len(store.events(make_filter(near="33.3,44.4,50"))) == 1
    assert len(store.events(make_filter(text="car bomb"))) == 1
    assert len(store.events(make_filter(actor="police"))) == 2
    assert store.stats()["by_country"] == {"COD": 1, "IRQ": 1}
    assert len(store.events(make_filter(actor="IRQCOP"))) == 2, "an actor's code matches, in any case"
    assert store.events(make_filter(actor="police_")) == [], "LIKE wildcards in a name are plain characters"
    assert store.events(make_filter(actor="lice officer")) == []
    box = store.events(replace(make_filter(), box=(28.0, -3.0, 31.0, 0.0)))
    assert [e["location"]["name"] for e in box] == ["Goma"]


def test_clusters_are_filtered_on_their_reports(store) -> None:
    store.put(make_doc())
    store.put(make_doc("d3", "b.txt", "Soldiers clashed with rebels near Goma; nobody was hurt at all.",
                       location=Place("Goma", "Goma", "COD", -1.68, 29.22, "city"), date="2024-04-01"))
    assert len(store.clusters(make_filter(country="IRQ"))) == 2, "a report's actor country counts"
    assert [c["location"]["name"] for c in store.clusters(make_filter(country="COD"))] == ["Goma"]
    assert len(store.clusters(make_filter(actor="iraqi police"))) == 2
    assert [c["location"]["name"] for c in store.clusters(make_filter(text="soldiers"))] == ["Goma"]
    assert store.cluster_stats(make_filter(country="COD"))["clusters"] == 1


@pytest.mark.parametrize("sort", ["-date", "date"])
def test_after_key_pages_through_everything_once_in_order(store, sort) -> None:
    dates = ["2024-03-01", None, "2024-03-02", "2024-03-01", None, "2024-02-28"]
    for n, day in enumerate(dates):
        store.put(make_doc(f"p{n}", f"p{n}.txt", date=day, n_events=2))
    everything = store.events(make_filter(sort=sort))
    seen, after = [], None
    while True:
        page = store.events(replace(make_filter(sort=sort, limit=3), after=after))
        if not page:
            break
        seen += page
        after = (page[-1]["date"], page[-1]["event_id"])
    assert [e["event_id"] for e in seen] == [e["event_id"] for e in everything]
    assert len(seen) == 12
    undated = [e.get("date") is None for e in seen]
    assert undated == sorted(undated, reverse=sort == "date"), "undated events sort lowest"
    # a text query pages the same way (newest days first, windows of days widening)
    seen, after = [], None
    while page := store.events(replace(make_filter(sort=sort, limit=5, text="car bomb"), after=after)):
        seen += page
        after = (page[-1]["date"], page[-1]["event_id"])
    assert [e["event_id"] for e in seen] == [e["event_id"] for e in everything]


def test_a_text_query_finds_old_events_past_empty_recent_days(store) -> None:
    store.put(make_doc("old", "old.txt", date="1995-06-01"))
    store.put(make_doc("new", "new.txt", "Talks opened in Geneva on Monday.", date="2024-05-01"))
    assert [e["doc_id"] for e in store.events(make_filter(text="exploded"))] == ["old"]
    assert [e["doc_id"] for e in store.events(make_filter(text="exploded", until="2000-01-01"))] == ["old"]
    assert store.events(make_filter(text="exploded", since="1996-01-01")) == []


def test_an_older_database_is_upgraded_when_opened(tmp_path) -> None:
    """A schema-2 database (no filter columns, full-text rows numbered 1, 2, ...) opened read-only, as
    `eventwire serve` does after an upgrade, answers every filter as a new one does."""
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.put(make_doc())
        store.put(make_doc("d3", "b.txt", "Soldiers clashed with rebels near Goma; nobody was hurt at all.",
                           location=Place("Goma", "Goma", "COD", -1.68, 29.22, "city"), date="2024-04-01"))
        filters = [make_filter(country="COD"), make_filter(actor="police"), make_filter(text="soldiers"),
                   make_filter(country="IRQ")]
        expected = [store.events(f) for f in filters], [store.clusters(f) for f in filters]
        with store.db:  # back to schema 2: what migration 3 adds is gone
            undo_migration_3(store.db)
    with Store(path, readonly=True) as reader:
        assert ([reader.events(f) for f in filters], [reader.clusters(f) for f in filters]) == expected
        assert all(expected[0]) and all(expected[1]), "every filter matches something"
        assert reader.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


@pytest.mark.parametrize("kwargs, field", [
    ({"since": "yesterday"}, "since"), ({"country": "Iraq"}, "country"), ({"type": "BOMB"}, "type"),
    ({"near": "33,44"}, "near"), ({"limit": 0}, "limit"),
])
def test_bad_filters_name_the_field(kwargs, field) -> None:
    with pytest.raises(UsageError, match=field):
        make_filter(**kwargs)


def test_failures_are_recorded_once_per_source(store) -> None:
    store.record_failure("x.bin", "read", "binary")
    store.record_failure("x.bin", "read", "binary again")
    bad = Document("e1", "y.txt", "", error=ErrorInfo("clean", "no text"))
    store.put(bad)
    assert [(f["source"], f["message"]) for f in store.failures()] == [("x.bin", "binary again"), ("y.txt", "no text")]


def test_readers_work_while_a_writer_holds_a_transaction(tmp_path) -> None:
    path = tmp_path / "w.db"
    writer = Store(path)
    writer.put(make_doc())
    writer.db.execute("BEGIN IMMEDIATE")
    writer.db.execute("DELETE FROM failures")
    reader = Store(path, readonly=True)
    result = []
    t = threading.Thread(target=lambda: result.append(len(reader.events())))
    t.start()
    t.join(5)
    assert result == [1]
    writer.db.execute("COMMIT")
    reader.close()
    writer.close()


def test_not_a_database(tmp_path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store(path)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "none.db", readonly=True)


def test_schema_version_is_recorded(tmp_path) -> None:
    Store(tmp_path / "v.db").close()
    assert sqlite3.connect(tmp_path / "v.db").execute("PRAGMA user_version").fetchone()[0] >= 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=200), cuts=st.lists(st.integers(0, 200), min_size=2, max_size=6))
def test_offsets_survive_the_store(tmp_path_factory, text, cuts) -> None:
    cuts = sorted(min(c, len(text)) for c in cuts)
    spans = tuple(Span(text[a:b], a, b) for a, b in zip(cuts, cuts[1:], strict=False))
    doc = Document("p1", "p.txt", text, events=(
        Event("p1-0", Plover("PROTEST"), Cameo("141", "14", 4, -6.5), evidence=spans),))
    with Store(tmp_path_factory.mktemp("h") / "h.db") as s:
        s.put(doc)
        back = s.document("p1")
    for span in back["events"][0]["evidence"]:
        assert back["text"][span["start"]:span["end"]] == span["text"]


def test_full_text_row_ids_run_in_date_order() -> None:
    from eventwire.store.keys import UNDATED_IDS, day_number, fts_id, fts_range

    ids = [fts_id(f"e{n}", day) for n, day in enumerate(["2019-12-31", "2020-01-01", "2020-01-02"])]
    assert ids == sorted(ids)
    assert fts_id("e", None) < UNDATED_IDS <= fts_id("e", "0001-01-01")
    low, high = fts_range("2020-01-01", "2020-01-01")
    assert low <= fts_id("x", "2020-01-01") <= high and not low <= fts_id("x", "2020-01-02") <= high
    assert day_number("2020-02") == day_number("2020-02-01") and day_number("not a date") == 0
