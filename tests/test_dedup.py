"""Cross-document deduplication: fingerprints, scoring, clusters in the store, wire copies, quality gate.

The quality gate scores tests/data/dedup/corpus.txt through the real pipeline and store against its
gold incidents; floors live in tests/quality_floors.json (`dedup.*`) with a hash of the corpus, and
re-pinning them needs `--update-floors` (conftest.py) and a reason in the commit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from pathlib import Path

import numpy as np
import pytest
from oldschema import undo_migration_2, undo_migration_3

from eventwire.dedup import cluster_events, document_features
from eventwire.dedup.features import date_interval, own_windows, stem
from eventwire.dedup.fingerprint import align, jaccard, shingle_coverage, signature
from eventwire.dedup.linkage import _merge, _merge_small
from eventwire.dedup.score import compare, pair_score
from eventwire.dedup.stream import with_copies
from eventwire.eval.dedup_eval import DEFAULT_OWN, evaluate, load_own, process, store_clusters, wire_copy
from eventwire.models import Cameo, Document, Event, Place, Plover, Span, to_dict
from eventwire.store import Store
from eventwire.store.query import make_filter

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "quality_floors.json"
SADR = Place("Sadr City", "Sadr City", "IRQ", 33.3889, 44.4583, "city", admin1="Baghdad")
ABU_GHRAIB = Place("Abu Ghraib", "Abu Ghraib", "IRQ", 33.2922, 44.0656, "city", admin1="Baghdad")
BAGHDAD = Place("Baghdad", "Baghdad", "IRQ", 33.34, 44.40, "city", admin1="Baghdad")


def report(
    doc_id: str,
    sentence: str,
    date: str,
    killed: int | None = None,
    place: Place | None = BAGHDAD,
    published: str = "2024-01-07T10:00:00+03:00",
    precision: str = "day",
    outlet: str = "Wire",
) -> Document:
    """Return a one-event document reporting an attack."""
    event = Event(
        event_id=f"{doc_id}-e",
        plover=Plover("ASSAULT", "explosives"),
        cameo=Cameo("183", "18", 4, -10.0),
        date=date,
        date_precision=precision,
        location=place,
        fatalities=killed,
        evidence=(Span(sentence, 0, len(sentence)),),
    )
    return Document(
        doc_id=doc_id,
        source=f"{doc_id}.txt",
        text=sentence,
        published=published,
        outlet=outlet,
        title=None,
        events=(event,),
    )


def features(doc: Document):  # noqa: ANN201 - list of EventFeatures
    return document_features(to_dict(doc), doc.published)


# ---- unit: dates, scores, fingerprints ---------------------------------------------------------------


def test_date_interval_follows_precision() -> None:
    d = date_interval("2024-01-06", "day")
    assert d[0] == d[1]
    week = date_interval("2024-01-01", "week")
    assert week[1] - week[0] == 6
    month = date_interval("2024-02", "month")
    assert month[1] - month[0] == 28  # 2024 is a leap year
    published = date_interval("2024-01-08", "publication")
    assert published[1] == date_interval("2024-01-08", "day")[0] and published[1] - published[0] == 3
    assert date_interval(None, "day") == (None, None)


def test_follow_up_report_joins_and_look_alike_stays_apart() -> None:
    first = report(
        "a",
        "A car bomb exploded at a crowded vegetable market in Sadr City on Saturday evening, "
        "killing 12 people.",
        "2024-01-06",
        12,
        SADR,
        "2024-01-06T20:00:00+03:00",
    )
    toll = report(
        "b",
        "The number of people killed in a car bombing at a vegetable market in Baghdad's Sadr City "
        "rose to 18 after three of the wounded died.",
        "2024-01-06",
        18,
        SADR,
    )
    other = report(
        "c",
        "A roadside bomb hit an army patrol in Abu Ghraib on Saturday morning, killing three soldiers.",
        "2024-01-06",
        3,
        ABU_GHRAIB,
        "2024-01-06T13:00:00+03:00",
    )
    follow = report(
        "d",
        "Iraqi police arrested suspects over Saturday's vegetable market car bombing in Sadr City, "
        "which killed 18 people.",
        "2024-01-06",
        18,
        SADR,
        "2024-01-09T10:00:00+03:00",
    )
    groups = cluster_events([f for d in (first, toll, other, follow) for f in features(d)])
    assert sorted(sorted(f.doc_id for f in g) for g in groups) == [["a", "b", "d"], ["c"]]


def test_each_event_of_a_shared_sentence_reads_its_own_part() -> None:
    sentence = (
        "A bomb hit a minibus in Kabul on Saturday morning, killing four passengers, "
        "a day after a suicide bombing at a mosque killed nine worshippers."
    )
    span = {"text": sentence, "start": 0, "end": len(sentence)}
    events = [
        {"event_id": "bus", "trigger": "hit", "evidence": [span]},
        {"event_id": "mosque", "trigger": "bombing", "evidence": [span]},
    ]
    windows = own_windows(events)
    bus, mosque = (sentence[slice(*windows[e][0])] for e in ("bus", "mosque"))
    assert "minibus" in bus and "mosque" not in bus
    assert "mosque" in mosque and "minibus" not in mosque
    assert own_windows(events[:1]) == {}  # a sentence of one event is all its own


def test_a_clause_about_an_earlier_incident_is_not_the_events_own() -> None:
    sentence = (
        "Three people were killed on Friday when a shell hit a bakery in Aleppo, "
        "two days after an air strike on a hospital in Idlib killed 11 people."
    )
    doc = report("s", sentence, "2024-01-05", killed=11)
    (f,) = features(doc.with_(events=(dataclasses.replace(doc.events[0], trigger="killed"),)))
    assert "bakery" in f.words and "hospital" not in f.words and f.targets != ("health",)
    assert f.fatalities is None  # 11 is the earlier incident's toll


def test_reports_that_word_an_act_differently_agree() -> None:
    (a,) = features(report("a", "Gunmen abducted 30 villagers near Gusau.", "2024-01-06"))
    (b,) = features(report("b", "Bandits kidnapped 30 villagers in Zamfara.", "2024-01-06"))
    assert "~kidnap" in a.words and "~kidnap" in b.words
    (march,) = features(report("m", "Thousands march in Tbilisi on 3 March.", "2024-03-03"))
    assert "~protest" in march.words and "march" not in march.names


def test_a_dateline_city_is_where_the_reporter_files_from() -> None:
    text = "AMMAN, Jan 7 (Wire) - A shell hit a bakery in Aleppo on Sunday, killing three people."
    amman = Place("AMMAN", "Amman", "JOR", 31.95, 35.93, "city", start=0, end=5)
    aleppo = Place(
        "Aleppo",
        "Aleppo",
        "SYR",
        36.2,
        37.16,
        "city",
        start=text.index("Aleppo"),
        end=text.index("Aleppo") + 6,
    )
    doc = report("d", text, "2024-01-07", 3, place=amman)
    doc = doc.with_(dateline="Amman", places=(amman, aleppo))
    (f,) = features(doc)
    assert f.countries == ("SYR",) and [p[2] for p in f.places] == ["city"]
    alone = report(
        "e", "AMMAN, Jan 7 (Wire) - Three people were killed, a rescuer said.", "2024-01-07", 3, amman
    )
    (g,) = features(alone.with_(dateline="Amman", places=(amman,)))
    assert g.countries == () and [p[2:4] for p in g.places] == [("country", "JOR")]  # never rules a pair out


def test_stems_agree_across_inflections() -> None:
    assert stem("strikes") == stem("striking") == stem("strike")
    assert stem("seized") == stem("seize") and stem("missiles") == stem("missile")
    assert stem("minibuses") == stem("minibus") == "minibus" and stem("churches") == "church"


def test_different_targets_count_against_a_pair() -> None:
    market = features(
        report(
            "m", "A car bomb exploded at a crowded market in Baghdad, killing 12 people.", "2024-01-06", 12
        )
    )[0]
    patrol = features(
        report(
            "p", "A roadside bomb struck an army patrol in Baghdad, killing three soldiers.", "2024-01-06", 3
        )
    )[0]
    toll = features(
        report("t", "The toll from the car bombing at a Baghdad market rose to 15.", "2024-01-06", 15)
    )[0]
    assert market.targets == toll.targets == ("market",) and patrol.targets == ("military",)
    assert compare(market, toll).targets == 1.0 and compare(market, patrol).targets == -1.0


def test_a_date_on_the_reporting_day_may_be_the_day_officials_spoke() -> None:
    first = report(
        "a",
        "A car bomb exploded at a market in Sadr City on Saturday.",
        "2024-01-06",
        published="2024-01-06T21:00:00+03:00",
    )
    # "rose to 18 on Monday": the coder dates the event by the day the toll rose, the report's own day
    later = report(
        "b",
        "The toll from the market car bombing in Sadr City rose to 18 on Monday.",
        "2024-01-08",
        published="2024-01-08T12:00:00+03:00",
    )
    a, b = features(first)[0], features(later)[0]
    assert b.earliest == b.day_lo - 3 and a.earliest == a.day_lo - 3
    assert pair_score(a, b) is not None
    unrelated_day = report(
        "c",
        "The toll from the market car bombing in Sadr City rose to 18.",
        "2024-01-08",
        published="2024-01-10T12:00:00+03:00",
    )
    assert pair_score(a, features(unrelated_day)[0]) is None  # a stated day two days off stays apart


def test_scores_are_symmetric_and_rule_out_impossible_pairs() -> None:
    a = features(report("a", "Gunmen attacked a checkpoint in Baghdad.", "2024-01-06"))[0]
    b = features(report("b", "Gunmen attacked a checkpoint in Baghdad on Saturday.", "2024-01-06"))[0]
    far = features(report("c", "Gunmen attacked a checkpoint in Baghdad.", "2024-01-10"))[0]
    assert pair_score(a, b) == pair_score(b, a) is not None
    assert pair_score(a, far) is None  # four days apart at day precision
    same_doc = features(report("a", "Gunmen attacked a checkpoint in Baghdad.", "2024-01-06"))[0]
    assert pair_score(a, same_doc) is None


def test_fingerprint_finds_a_trimmed_copy_and_maps_its_spans() -> None:
    article = load_own()[0].raw.text
    copy = "Car bomb in Baghdad (Other Outlet)\n\n" + article.split("\n\n", 1)[1].rsplit("\n\n", 1)[0]
    assert jaccard(signature(article), signature(copy)) > 0.5
    alignment = align(article, copy)
    assert alignment.coverage > 0.9
    start = article.index("The explosives-laden car")
    span = alignment.map_span(start, start + 40)
    assert span is not None and copy[span[0] : span[1]].startswith("The explosives-laden car")
    assert signature("too short to fingerprint") is None


# ---- the store: incremental, order-independent, idempotent ------------------------------------------


@pytest.fixture(scope="module")
def corpus():  # noqa: ANN201 - (articles, coded documents)
    articles = load_own()
    return articles, process(articles)


def test_a_report_without_a_place_links_whichever_arrives_first(tmp_path) -> None:
    docs = [
        report(
            "a",
            "A car bomb exploded at a vegetable market in Sadr City, killing 12 people.",
            "2024-01-06",
            12,
            SADR,
            "2024-01-06T20:00:00+03:00",
        ),
        report(
            "b",
            "The toll from the vegetable market car bombing rose to 18 in hospital.",
            "2024-01-06",
            18,
            None,
            "2024-01-07T10:00:00+03:00",
        ),
        report(
            "c",
            "A roadside bomb struck an army patrol in Abu Ghraib, killing three soldiers.",
            "2024-01-06",
            3,
            ABU_GHRAIB,
            "2024-01-06T13:00:00+03:00",
        ),
    ]
    seen = []
    for k, order in enumerate(([0, 1, 2], [1, 2, 0], [2, 1, 0])):
        with Store(tmp_path / f"o{k}.db") as store:
            for i in order:
                store.put(docs[i])
            seen.append(dict(store.db.execute("SELECT event_id, cluster_id FROM cluster_members").fetchall()))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0]["a-e"] == seen[0]["b-e"] != seen[0]["c-e"]


@pytest.mark.model
def test_clusters_do_not_depend_on_ingest_order_and_reingest_changes_nothing(corpus, tmp_path) -> None:
    _, docs = corpus
    reference = store_clusters(docs)
    order = list(range(len(docs)))
    random.Random(1).shuffle(order)
    assert store_clusters(docs, order) == reference  # same clusters, same ids
    with Store(tmp_path / "r.db") as store:
        for d in docs:
            store.put(d)
        before = store.db.execute("SELECT cluster_id, record FROM clusters ORDER BY cluster_id").fetchall()
        assert all(store.put(d) == "unchanged" for d in docs)
        after = store.db.execute("SELECT cluster_id, record FROM clusters ORDER BY cluster_id").fetchall()
        assert [tuple(r) for r in before] == [tuple(r) for r in after]
        assert (
            store.db.execute("SELECT COUNT(*) FROM cluster_members").fetchone()[0]
            == store.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        )


@pytest.mark.model
def test_cluster_record_holds_the_contract_fields(corpus, tmp_path) -> None:
    _, docs = corpus
    with Store(tmp_path / "c.db") as store:
        for d in docs:
            store.put(d)
        biggest = max(store.iter_clusters(), key=lambda c: c["mentions"])
        for key in (
            "cluster_id",
            "plover",
            "cameo",
            "date",
            "date_precision",
            "location",
            "actors",
            "recipients",
            "modality",
            "fatalities",
            "injured",
            "fatalities_range",
            "mentions",
            "documents",
            "outlets",
            "first_seen",
            "last_seen",
            "events",
        ):
            assert key in biggest
        assert biggest["mentions"] == len(biggest["events"]) >= 3
        assert biggest["documents"] <= biggest["mentions"] and len(biggest["outlets"]) >= 2
        assert biggest["first_seen"] <= biggest["last_seen"]
        full = store.cluster(biggest["cluster_id"])
        assert [r["event_id"] for r in full["reports"]] == [e["event_id"] for e in biggest["events"]]
        assert store.cluster_of(biggest["events"][0]["event_id"]) == biggest["cluster_id"]
        assaults = store.clusters(make_filter(type="ASSAULT", limit=1000))
        assert assaults and all(c["plover"]["type"] == "ASSAULT" for c in assaults)
        stats = store.cluster_stats()
        assert stats["clusters"] < stats["events"] and sum(stats["by_type"].values()) == stats["clusters"]


@pytest.mark.model
def test_backfilled_earlier_report_renames_the_cluster_and_keeps_the_old_id(corpus, tmp_path) -> None:
    articles, docs = corpus
    by_id = {a.raw.doc_id: a.id for a in articles}
    kharkiv = [d for d in docs if by_id[d.doc_id] in ("a023", "a024", "a025")]
    with Store(tmp_path / "b.db") as store:
        for d in kharkiv[1:]:
            store.put(d)
        later_ids = {c["cluster_id"] for c in store.iter_clusters()}
        store.put(kharkiv[0])  # the first report arrives last
        for old in later_ids:
            assert store.cluster(old) is not None  # an old id still finds its cluster


@pytest.mark.model
def test_wire_copies_take_their_originals_events_without_parsing(corpus, tmp_path) -> None:
    articles, docs = corpus
    originals = sorted(articles, key=lambda a: len(a.raw.text))[
        -6:
    ]  # wire stories long enough to fingerprint
    copies = [wire_copy(a, i) for i, a in enumerate(originals)]
    coded = {d.doc_id: d for d in docs}
    parsed: list[str] = []

    def fake_process(raws):  # noqa: ANN001, ANN202 - the parser: records what it was given
        for raw in raws:
            parsed.append(raw.doc_id)
            yield coded[raw.doc_id]

    from eventwire.clean import clean_document

    with Store(tmp_path / "w.db") as store:
        stream = with_copies(
            [a.raw for a in originals] + copies,
            store.dedup,
            fake_process,
            clean_document,
            lambda raw: pytest.fail(f"{raw.source} was parsed"),
        )
        for doc in stream:
            store.put(doc)
        assert parsed == [a.raw.doc_id for a in originals]
        assert store.dedup.copies_taken == len(copies)
        for copy in copies:
            doc = store.document(copy.doc_id)
            assert doc["outlet"] == copy.meta["outlet"] and doc["events"]
            for ev in doc["events"]:
                for span in ev["evidence"]:
                    assert doc["text"][span["start"] : span["end"]] == span["text"]
            source = store.db.execute(
                "SELECT copy_of FROM fingerprints WHERE doc_id = ?", (copy.doc_id,)
            ).fetchone()[0]
            mine = {store.cluster_of(e["event_id"]) for e in doc["events"]}
            theirs = {store.cluster_of(e["event_id"]) for e in store.document(source)["events"]}
            assert mine <= theirs


def test_a_version_1_database_gets_its_clusters_when_migrated(tmp_path) -> None:
    path = tmp_path / "old.db"
    doc = report(
        "old", "A car bomb exploded at a market in Sadr City, killing 12 people.", "2024-01-06", 12, SADR
    )
    with Store(path) as store:  # store the document the way version 1 did: no clusters
        store.cluster_on_put = False
        store.put(doc)
        with store.db:
            undo_migration_3(store.db)
            undo_migration_2(store.db)
    with Store(path) as store:
        (cluster,) = store.iter_clusters()
        assert cluster["events"][0]["event_id"] == "old-e"


# ---- quality gate -----------------------------------------------------------------------------------------


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.model
def test_dedup_scores_hold_their_floors(corpus, update_floors) -> None:
    articles, docs = corpus
    r = evaluate("own", articles, docs)
    got = {"pairwise_f1": r.pairwise_f1, "bcubed_f1": r.bcubed_f1}
    floors = json.loads(FLOORS.read_text())
    if update_floors:
        floors.update({f"dedup.{k}": round(v - 0.005, 3) for k, v in got.items()})
        floors["dedup.gold_sha256"] = sha(DEFAULT_OWN)
        FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n")
        return
    assert floors.get("dedup.gold_sha256") == sha(DEFAULT_OWN), (
        "corpus.txt changed: re-measure with --update-floors"
    )
    assert r.incidents >= 40 and r.coverage >= 0.8
    for k, v in got.items():
        assert v >= floors[f"dedup.{k}"], (
            f"dedup.{k} fell to {v:.3f}, below its floor {floors[f'dedup.{k}']}\n" + "\n".join(r.errors[:30])
        )


def test_small_groups_merge_as_the_array_version_does() -> None:
    rng = random.Random(5)
    for _ in range(400):
        n = rng.randint(3, 9)
        scores = np.full((n, n), np.nan)
        for i in range(n):
            for j in range(i + 1, n):
                r = rng.random()
                if r > 0.2:  # NaN stays: a pair that can never be one event
                    # a few values repeat exactly, so ties must break the same way
                    value = rng.choice([0.5, 0.55, 0.6]) if r > 0.8 else rng.uniform(0.2, 0.9)
                    scores[i, j] = scores[j, i] = value
        assert _merge_small(scores, 0.5) == _merge(scores.copy(), 0.5)


def test_shingle_coverage_keeps_order_and_whole_runs() -> None:
    source = (
        "Gunmen attacked a checkpoint outside the northern town on Tuesday night, killing three police "
        "officers and wounding two others, the provincial governor told reporters on Wednesday morning."
    )
    sentences = source.split(", ")
    assert shingle_coverage(source, source) == 1.0
    assert shingle_coverage(source, source + " Subscribe to our newsletter for more.") > 0.7
    swapped = ", ".join(reversed(sentences))  # the same words in another order
    assert shingle_coverage(source, swapped) < align(source, source).coverage
    assert shingle_coverage(source, "An entirely different story about a harvest festival.") == 0.0
