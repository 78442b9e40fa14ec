"""Outlet areas: a local paper's namesakes resolved where its other stories are (geo/outlets.py).

Real gazetteer, real spaCy pipeline, real store file; invented stories of an invented paper.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.geo import Geocoder
from eventwire.geo.outlets import MIN_ARTICLES, outlet_area, outlet_key
from eventwire.jobs import ingest
from eventwire.models import Document, Place
from eventwire.pipeline import Pipeline
from eventwire.store import open_store

GEORGIA = [
    [("USA", "Georgia", "city"), ("USA", "Georgia", "city")],
    [("USA", "Georgia", "admin2")],
    [("USA", "Georgia", "city"), ("USA", "Alabama", "city")],
]


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder.load()


def place(
    geocoder: Geocoder, text: str, name: str, area: object = None, *others: str
) -> tuple[str | None, str | None]:
    """Return (ADM1, country) of `name` in `text`, resolved with the other place names `others`."""
    spans = [(text.index(n), text.index(n) + len(n), None) for n in (name, *others)]
    _mention, cand = geocoder.resolve_candidates(text, spans, outlet=area)[0]
    assert cand is not None
    return cand.admin1, cand.country


def test_outlet_key() -> None:
    assert (
        outlet_key("https://www.ledger-enquirer.example/news/local/article123.html")
        == "ledger-enquirer.example"
    )
    assert outlet_key("news.example.org/a/b") == "news.example.org"
    assert outlet_key(None, "  The Valley Courier ") == "the valley courier"
    assert outlet_key(None, None) is None and outlet_key("", "") is None
    # no host in it: the outlet's name stands in, and a malformed URL is no error
    assert outlet_key("http://[::1", "Valley News") == outlet_key("not a url", "Valley News") == "valley news"
    assert outlet_key("http://", None) is None


def test_outlet_area_shares_each_article_weighing_one() -> None:
    area = outlet_area(GEORGIA)
    assert area is not None and area.articles == 3
    assert area.country_share("USA") == pytest.approx(1.0)
    assert area.admin1_share("USA", "Georgia") == pytest.approx((1 + 1 + 0.5) / 3)
    assert area.admin1_share("USA", "Alabama") == pytest.approx(0.5 / 3)
    assert area.admin1_share("USA", "Ohio") == 0.0 and area.country_share(None) == 0.0
    # countries count for the country shares, never for the ADM1 ones
    with_country = outlet_area([*GEORGIA, [("USA", "United States", "country")]])
    assert with_country is not None and with_country.admin1_share("USA", "Georgia") == pytest.approx(2.5 / 3)


def test_too_few_articles_make_no_area() -> None:
    assert outlet_area(GEORGIA[: MIN_ARTICLES - 1]) is None
    assert outlet_area([[], [(None, None, "site")], *GEORGIA[:1]]) is None  # articles naming no country


def test_a_local_papers_namesakes_go_to_its_state(geocoder: Geocoder) -> None:
    area = outlet_area(GEORGIA)
    council = "The council met in Columbus on Tuesday to vote on the school budget."
    arrest = "Police in Athens said two men were arrested after the break-in."
    assert place(geocoder, council, "Columbus") == ("Ohio", "USA")  # the larger namesake, no context
    assert place(geocoder, council, "Columbus", area) == ("Georgia", "USA")
    assert place(geocoder, arrest, "Athens")[1] == "GRC"
    assert place(geocoder, arrest, "Athens", area) == ("Georgia", "USA")


def test_a_story_that_says_where_it_is_keeps_its_place(geocoder: Geocoder) -> None:
    area = outlet_area(GEORGIA)
    text = "The storm flooded roads in Columbus, Ohio, and closed schools across Franklin County."
    assert place(geocoder, text, "Columbus", area, "Ohio", "Franklin County") == ("Ohio", "USA")
    abroad = "Protesters marched through Athens, Greece, on Saturday against the new pension law."
    assert place(geocoder, abroad, "Athens", area, "Greece")[1] == "GRC"


STORIES = {
    "fire.html": "Firefighters from Macon and Warner Robins, Georgia, fought a warehouse fire on Monday. "
    "Bibb County officials said nobody was hurt.",
    "budget.html": "The Savannah city council in Georgia approved its budget on Tuesday. Chatham County "
    "commissioners will vote next week.",
    "roads.html": "Road works on Interstate 75 near Valdosta, Georgia, will close two lanes, the state "
    "transportation department said. Lowndes County drivers should expect delays.",
}
LOCAL = "Police in Athens said on Wednesday that two men were arrested after a break-in at a pharmacy."


def page(path: Path, url: str, body: str) -> str:
    path.write_text(
        f'<html><head><title>Local news</title><link rel="canonical" href="{url}"></head>'
        f"<body><article><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    return str(path)


def test_ingest_learns_an_outlets_area_from_its_stored_stories(tmp_path: Path) -> None:
    pipeline = Pipeline(errors="raise")
    db = str(tmp_path / "events.db")
    first = [
        page(tmp_path / name, f"https://www.middle-georgia-courier.example/news/{name}", body)
        for name, body in STORIES.items()
    ]
    ingest(first, db, pipeline=pipeline, workers=1)
    with open_store(db) as store:
        areas = store.outlet_areas()
    area = areas["middle-georgia-courier.example"]
    assert area.articles == 3 and area.admin1_share("USA", "Georgia") > 0.9

    # the same story from the paper, and from an outlet the store has never seen
    local = page(
        tmp_path / "local.html", "https://www.middle-georgia-courier.example/news/arrest.html", LOCAL
    )
    other = page(tmp_path / "wire.html", "https://news.elsewhere.example/arrest.html", LOCAL)
    ingest([local, other], db, pipeline=pipeline, workers=1)
    with open_store(db) as store:
        placed = {
            d["url"]: [(p["text"], p["admin1"], p["country"]) for p in d["places"]] for d in store.documents()
        }
    assert placed["https://www.middle-georgia-courier.example/news/arrest.html"] == [
        ("Athens", "Georgia", "USA")
    ]
    assert placed["https://news.elsewhere.example/arrest.html"][0][2] == "GRC"

    # with outlet areas turned off (`--set geo.outlet_areas=false`) the paper's story is read alone
    from eventwire.settings import GeoSettings, Settings

    other_story = (
        "Firefighters in Athens put out a blaze at a closed restaurant late on Friday, the fire chief said."
    )
    alone = page(
        tmp_path / "alone.html", "https://www.middle-georgia-courier.example/news/again.html", other_story
    )
    ingest([alone], db, Settings(geo=GeoSettings(outlet_areas=False)), pipeline=pipeline, workers=1)
    with open_store(db) as store:
        again = next(d for d in store.documents() if d["url"].endswith("/again.html"))
    assert [p["country"] for p in again["places"]] == ["GRC"]


def stored(doc_id: str, url: str, admin1: str) -> Document:
    town = Place(
        text="Town",
        name="Town",
        country="USA",
        lat=32.0,
        lon=-83.0,
        precision="city",
        admin1=admin1,
        geonames_id=1,
        feature="PPL",
        start=0,
        end=4,
    )
    return Document(doc_id, f"{doc_id}.txt", "Town news.", url=url, places=(town,))


def test_only_documents_of_finished_ingests_teach_areas(db_url: str) -> None:
    with open_store(db_url) as store:
        for i in range(3):
            store.put(stored(f"d{i}", f"https://www.valley-news.example/{i}", "Georgia"))
        assert store.outlet_areas() == {}  # an ingest killed here teaches the next one nothing
        store.finish_run()
        area = store.outlet_areas()["valley-news.example"]
        assert area.articles == 3 and area.admin1_share("USA", "Georgia") == pytest.approx(1.0)
        store.put(stored("d3", "https://valley-news.example/3", "Alabama"))
        assert store.outlet_areas()["valley-news.example"].articles == 3


def test_a_dask_shard_is_placed_with_the_target_stores_areas(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from eventwire.distributed import plan_shards, process_shard, shard_path
    from eventwire.settings import Settings

    local = page(
        tmp_path / "local.html", "https://www.middle-georgia-courier.example/news/arrest.html", LOCAL
    )
    (shard,) = plan_shards([local], 10)
    areas = {"middle-georgia-courier.example": outlet_area(GEORGIA)}
    for out, outlets, expected in (
        (tmp_path / "with", areas, "Georgia"),
        (tmp_path / "without", None, "Attikí"),
    ):
        process_shard(shard, str(out), Settings(), outlets)
        (row,) = pq.read_table(shard_path(out, shard)).to_pylist()
        assert [p["admin1"] for p in json.loads(row["record"])["places"]] == [expected]


def test_posted_articles_learn_the_outlets_area_request_by_request(tmp_path: Path) -> None:
    from eventwire.api.intake import Intake
    from eventwire.api.schema import ArticleIn
    from eventwire.settings import Settings

    db = str(tmp_path / "intake.db")
    intake = Intake(db, Settings(), Pipeline(errors="raise"))
    site = "https://www.middle-georgia-courier.example/news"
    stories = [ArticleIn(text=body, url=f"{site}/{name}") for name, body in STORIES.items()]
    assert all(r["status"] == "added" for r in intake.ingest(stories))
    (result,) = intake.ingest([ArticleIn(text=LOCAL, url=f"{site}/arrest.html")])
    with open_store(db) as store:
        places = store.document(result["doc_id"])["places"]
    assert [(p["text"], p["admin1"]) for p in places] == [("Athens", "Georgia")]


def test_unsure_features_are_the_ones_the_geocoder_writes() -> None:
    from eventwire.geo.backoff import FOCUS_FEATURE
    from eventwire.geo.locate_model import UNLISTED_FEATURE
    from eventwire.geo.outlets import UNSURE_FEATURES, place_of

    assert {FOCUS_FEATURE, UNLISTED_FEATURE} == UNSURE_FEATURES
    assert place_of("SYR", "Idlib", "city", FOCUS_FEATURE) is None
    assert place_of("SYR", "Idlib", "city", "PPL") == ("SYR", "Idlib", "city")
