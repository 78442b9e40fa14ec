"""Resolution of names that general rules must get right, on invented sentences (gold spans given)."""

from __future__ import annotations

import pytest

from eventwire.geo import Geocoder
from eventwire.geo.backoff import FOCUS_FEATURE
from eventwire.geo.gazetteer import Candidate, build_revision
from eventwire.geo.names import has_capital, name_key
from eventwire.geo.sources import _adjective, _airport_own_names, read_countries


@pytest.fixture(scope="session")
def geocoder() -> Geocoder:
    return Geocoder.load()


def resolve(geocoder: Geocoder, text: str, names: list[str]) -> dict[str, Candidate | None]:
    """Return each name's chosen candidate, the names given as spans (first occurrence)."""
    spans = [(text.index(n), text.index(n) + len(n), None) for n in names]
    return {m.text: c for m, c in geocoder.resolve_candidates(text, spans)}


def test_has_capital() -> None:
    assert has_capital("Goma") and has_capital("northeastern Congo")
    assert not has_capital("the bush") and not has_capital("bush")


def test_an_abbreviation_that_lost_its_last_dot_keeps_its_key() -> None:
    # "in Albany, N.Y." at the end of a sentence: the span may stop before the full stop
    assert name_key("N.Y") == name_key("N.Y.") == "ny"
    assert name_key("Washington, D.C") == name_key("Washington, D.C.")
    assert name_key("W.Va") == name_key("W.Va.")
    assert name_key("St. Louis") == "saint louis"


def test_continent_adjectives_name_continents(geocoder: Geocoder) -> None:
    assert [_adjective(c) for c in ("Europe", "Africa", "South America")] == [
        "European",
        "African",
        "South American",
    ]
    european = geocoder.resolve_name("European")
    assert european is not None and european.name == "Europe" and european.feature == "CONT"


def test_airport_own_names() -> None:
    assert _airport_own_names("London Heathrow Airport") == [
        "Heathrow",
        "Heathrow airport",
        "Heathrow Airport",
    ]
    assert "Pearson International Airport" in _airport_own_names("Toronto Pearson International Airport")
    assert _airport_own_names("Balad Southeast Air Base") == []  # a base's direction word is no name
    assert _airport_own_names("Baghdad International Airport") == []  # nothing after the city
    assert _airport_own_names("John F Kennedy International Airport") == []


def test_inverted_iso_country_names_give_the_short_name() -> None:
    countries, _numbers = read_countries()
    names = {n for row in countries if row.cc2 == "CD" for n, _kind in row.names}
    assert "Congo" in names


def test_gazetteer_records_its_build_revision(geocoder: Geocoder) -> None:
    assert geocoder.gazetteer.meta["revision"] == build_revision()


def test_congo_defaults_to_the_drc_and_follows_the_document(geocoder: Geocoder) -> None:
    bare = resolve(geocoder, "Congo's president spoke to reporters on Monday.", ["Congo"])
    assert bare["Congo"].country == "COD"
    east = resolve(
        geocoder,
        "Militiamen attacked a camp near Bunia in Ituri province. Violence has surged in northeastern Congo.",
        ["Bunia", "Ituri", "northeastern Congo"],
    )
    assert east["northeastern Congo"].country == "COD"
    west = resolve(
        geocoder,
        "Protesters marched in Brazzaville on Sunday; the government of Congo said Pointe-Noire was calm.",
        ["Brazzaville", "Congo", "Pointe-Noire"],
    )
    assert west["Congo"].country == "COG"


def test_a_near_spelling_beside_towns_of_its_country_is_kept(geocoder: Geocoder) -> None:
    picks = resolve(
        geocoder,
        "Clashes broke out in Tajoura on Friday, and brigades from Misrata sent reinforcements.",
        ["Tajoura", "Misrata"],
    )
    assert picks["Tajoura"].country == "LBY" and picks["Tajoura"].precision == "city"
    alone = geocoder.resolve_name("Tajoura")
    assert alone is not None and alone.country == "LBY"


def test_a_small_town_is_not_taken_for_the_capital(geocoder: Geocoder) -> None:
    picks = resolve(
        geocoder, "Insurgents raided Macomia on Thursday; officials in Maputo said.", ["Macomia", "Maputo"]
    )
    assert picks["Macomia"].name == "Macomia" and picks["Macomia"].country == "MOZ"


def test_a_lower_case_word_is_no_place(geocoder: Geocoder) -> None:
    text = "The soldiers disappeared into the bush after the raid on Goma."
    places = geocoder.resolve_spans(text, [(text.index("bush"), text.index("bush") + 4, None)])
    assert places == []
    assert geocoder.resolve_name("the bush") is None


def test_an_airport_by_its_own_name(geocoder: Geocoder) -> None:
    picks = resolve(
        geocoder,
        "Flights from Heathrow were cancelled as fog covered London and the south of England.",
        ["Heathrow", "London", "England"],
    )
    assert picks["Heathrow"].precision == "site" and picks["Heathrow"].country == "GBR"


def test_an_unknown_village_takes_the_province_named_beside_it(geocoder: Geocoder) -> None:
    filler = " Officials gave no figures for the wounded, and aid groups said roads were closed." * 3
    text = (
        "Government forces shelled suburbs of Damascus on Monday, and residents of Homs fled south."
        + filler
        + " Far to the north, people in Qarwadiyat al-Zaytun near Idlib reported air strikes."
    )
    spans = [
        (text.index(n), text.index(n) + len(n), None)
        for n in ("Damascus", "Homs", "Qarwadiyat al-Zaytun", "Idlib")
    ]
    places = {p.text: p for p in geocoder.resolve_spans(text, spans)}
    village = places["Qarwadiyat al-Zaytun"]
    assert village.feature == FOCUS_FEATURE and village.country == "SYR"
    assert village.precision == "admin1" and village.admin1 == places["Idlib"].admin1


def test_an_unknown_name_in_a_local_story_sits_at_the_nearest_town(geocoder: Geocoder) -> None:
    text = (
        "The Minnesota county board met in Albert Lea on Tuesday. Residents asked when the cleanup of "
        "Snorkelwick Pond would start, and farmers from Austin joined them."
    )
    names = ("Minnesota", "Albert Lea", "Snorkelwick Pond", "Austin")
    spans = [(text.index(n), text.index(n) + len(n), None) for n in names]
    places = {p.text: p for p in geocoder.resolve_spans(text, spans)}
    pond, town = places["Snorkelwick Pond"], places["Austin"]
    assert pond.feature == FOCUS_FEATURE and pond.precision == "admin1" and pond.admin1 == "Minnesota"
    assert (pond.lat, pond.lon) == (
        town.lat,
        town.lon,
    )  # the town named nearest to it, not the state's centre
