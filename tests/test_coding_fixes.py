"""Coding errors seen on the sample articles, on sentences written for these tests: relative pronouns,
references back to named actors, institutions owned by another state, pronouns bound in their own
clause, repeated actors, and mentions that refer to an event told before."""

from __future__ import annotations

import pytest
from test_coding import code  # the coder's tests' helper; their `pipeline` fixture comes from conftest

from eventwire.ingest import RawDoc, content_id
from eventwire.pipeline import Pipeline


def one(events, trigger: str):
    (event,) = [e for e in events if e.trigger == trigger]
    return event


def evidence(event) -> list[str]:
    return [span.text for span in event.evidence]


# ---- relative pronouns stand for their antecedent


@pytest.mark.model
def test_a_relative_pronoun_whose_antecedent_is_no_actor_is_no_actor(pipeline) -> None:
    events = code(pipeline, "Rebels captured Captain Ruben Ochoa on Sunday. The guerrillas said they would "
                            "discuss his case at the next meeting, which opens in Lima on Friday.")
    discuss = one(events, "discuss")
    people = discuss.actors + discuss.recipients
    assert not any(a.text.lower() == "which" or "Ochoa" in (a.name or "") for a in people)


@pytest.mark.model
def test_a_relative_pronoun_is_its_antecedent(pipeline) -> None:
    (attack,) = [e for e in code(pipeline, "Kenyan police arrested the gunmen who attacked a bus near "
                                           "Mandera on Sunday.") if e.plover.type == "ASSAULT"]
    assert [a.sector for a in attack.actors] == ["UAF"] and attack.actors[0].text != "who"


@pytest.mark.model
def test_an_interrogative_who_is_no_remembered_person(pipeline) -> None:
    events = code(pipeline, "General Amadou Diallo visited Gao on Monday. It was unclear who attacked the "
                            "convoy on Tuesday.")
    assert one(events, "attacked").actors == ()


# ---- references back to the actors the text has named


@pytest.mark.model
def test_they_after_the_rebels_is_the_named_group_not_the_place_of_the_talks(pipeline) -> None:
    events = code(pipeline, "The Arakan Army freed two policemen on Monday. The rebels have said that they "
                            "will discuss the matter at talks in Bangkok next week.")
    (actor,) = one(events, "discuss").actors
    assert (actor.name, actor.country) == ("Arakan Army", "MMR")


@pytest.mark.model
def test_the_military_that_speaks_is_the_one_named_before(pipeline) -> None:
    events = code(pipeline, "The Israeli military said on Monday that rockets were fired from Gaza. The "
                            "military said its jets hit a weapons depot in Rafah.")
    assert [a.country for a in one(events, "hit").actors] == ["ISR"]


# ---- a state's own institution


@pytest.mark.model
def test_a_possessive_country_owns_an_institution_any_state_may_have(pipeline) -> None:
    (kenya,) = code(pipeline, "Kenya's Foreign Office summoned the Ugandan ambassador on Monday.")
    assert [a.code for a in kenya.actors] == ["KENGOV"]
    (bare,) = code(pipeline, "The Foreign Office summoned the Iranian ambassador on Monday.")
    assert [a.code for a in bare.actors] == ["GBRGOV"]  # the dictionary's own, when no country owns it
    (navy,) = code(pipeline, "The Thai Royal Navy seized a fishing trawler on Sunday.")
    assert [a.country for a in navy.actors] == ["THA"]


@pytest.mark.model
def test_a_pronoun_after_an_owned_institution_is_its_owners(pipeline) -> None:
    (event,) = code(pipeline, "In Dhaka, Bangladesh's Foreign Office said it had summoned the Burmese "
                              "envoy.")
    assert [a.code for a in event.actors] == ["BGDGOV"]


# ---- a subject pronoun is none of the names of its own clause


@pytest.mark.model
def test_a_subject_pronoun_is_not_the_object_of_its_clause(pipeline) -> None:
    events = code(pipeline, "Qatar mediated the exchange of prisoners. Egypt's defence ministry said 20 "
                            "soldiers had returned home. It thanked Qatar for its help.")
    thanked = one(events, "thanked")
    assert [a.country for a in thanked.actors] == ["EGY"]
    assert [r.country for r in thanked.recipients] == ["QAT"]


# ---- one actor once


@pytest.mark.model
def test_a_coreferring_pronoun_and_a_dateline_country_add_no_actor(pipeline) -> None:
    events = code(pipeline, "KISMAYO, Somalia — A suicide bomber rammed a truck into an army checkpoint on "
                            "Sunday, killing six soldiers, police said. Al-Shabaab said it had carried out "
                            "the attack.")
    (attack,) = [e for e in events if e.plover.type == "ASSAULT"]
    assert [a.text for a in attack.actors] == ["A suicide bomber"]


# ---- one event per real event


@pytest.mark.model
def test_killed_in_the_fighting_joins_the_fighting_told_before(pipeline) -> None:
    events = code(pipeline, "Heavy fighting broke out between the army and the rebels near Beni on Monday. "
                            "Police fired tear gas at students in Butembo on Tuesday. Residents said six "
                            "civilians were killed in the fighting.")
    fighting = one(events, "fighting")
    assert fighting.fatalities == 6 and any("six civilians" in text for text in evidence(fighting))
    assert one(events, "fired").fatalities is None


@pytest.mark.model
def test_tear_gas_is_not_the_event_that_killed(pipeline) -> None:
    events = code(pipeline, "Police fired tear gas at protesters in Kisumu on Tuesday. Two people were "
                            "killed in Kisumu on Tuesday, residents said.")
    assert len([e for e in events if e.plover.type == "ASSAULT"]) == 2


@pytest.mark.model
def test_other_actors_and_another_toll_make_another_event(pipeline) -> None:
    events = code(pipeline, "Two suicide bombers killed 11 people at a market on Monday. Troops killed 17 "
                            "insurgents in a raid on Monday.")
    assert sorted(e.fatalities for e in events if e.plover.type == "ASSAULT") == [11, 17]


@pytest.mark.model
def test_a_later_report_of_the_same_attack_still_merges(pipeline) -> None:
    events = code(pipeline, "Gunmen attacked a police post in Garissa on Sunday, killing three officers. "
                            "Police said the attack on the post lasted an hour.")
    assert len([e for e in events if e.plover.type == "ASSAULT"]) == 1


@pytest.mark.model
def test_two_statements_joined_by_and_are_two_events(pipeline) -> None:
    events = code(pipeline, "The minister condemned the raid and urged the United Nations to investigate.")
    assert {"ACCUSE", "REQUEST"} <= {e.plover.type for e in events}
    requests = [e for e in events if e.plover.type == "REQUEST"]
    assert len(requests) == 1 and [r.name for r in requests[0].recipients] == ["United Nations"]


# ---- with places: the geocoder's gazetteer is bundled


@pytest.fixture(scope="module")
def placed() -> Pipeline:
    return Pipeline(use_geo=True, errors="raise")


@pytest.mark.model
def test_tear_gas_and_deaths_in_one_town_are_two_events(placed) -> None:
    events = code(placed, "Police in Goma fired tear gas on Saturday to disperse protesters. Residents "
                          "said three civilians were killed in Goma.")
    assert sorted(str(e.fatalities) for e in events if e.plover.type == "ASSAULT") == ["3", "None"]


@pytest.mark.model
def test_the_attack_on_a_town_is_the_attack_placed_there(placed) -> None:
    events = code(placed, "Government artillery shelled the town of Ariha on Monday, killing five "
                          "civilians, a monitoring group said. The army said it had responded to attacks "
                          "by militants on its positions near Latakia. Turkey condemned the attack on "
                          "Ariha.")
    shelled = one(events, "shelled")
    assert any("attack on Ariha" in text for text in evidence(shelled))


@pytest.mark.model
def test_a_target_named_by_the_place_is_placed_there_an_accused_state_is_not(placed) -> None:
    events = code(placed, "Gunmen attacked an army outpost near Djibo on Sunday, killing six soldiers.")
    assert one(events, "attacked").location.name == "Djibo"  # "near Djibo": a target, and the place
    events = code(placed, "Moscow accused Kyiv of shelling a power station on Monday.")
    assert one(events, "accused").location.name != "Kyiv"  # Kyiv is the accused government here


@pytest.mark.model
def test_a_city_naming_where_a_thing_is_places_the_event_a_country_does_not(placed) -> None:
    def place(text: str, trigger: str) -> str | None:
        location = one(code(placed, text), trigger).location
        return location.name if location is not None else None

    # each of these fell back to the country while the geocoder had chosen the city
    assert place("A former minister was shot and killed on Tuesday on the doorstep of his Nairobi home.",
                 "shot") == "Nairobi"
    assert place("Truckloads of riot police patrolled Harare Saturday.", "patrolled") == "Harare"
    assert place("Unidentified gunmen shot dead a trader in a northern Kabul neighbourhood as he walked "
                 "to work.", "shot") == "Kabul"
    assert place("Police raided the Lagos headquarters of a party on Friday.", "raided") == "Lagos"
    assert place("A car bomb exploded near the Turkish embassy in Mogadishu.", "bomb") == "Mogadishu"


@pytest.mark.model
def test_an_inferred_place_carries_no_offsets_a_read_one_points_at_its_words(placed) -> None:
    text = ("BAMAKO, May 2 (Test Wire) - Gunmen attacked a bus on Monday, killing two passengers, officials "
            "said. Separately, soldiers repelled an attack near Gao.")
    raw = RawDoc("t", "record", text, content_id(text), {"published": "2024-05-13T09:00:00+00:00"})
    doc = placed.process_one(raw)
    located = [e.location for e in doc.events if e.location is not None]
    assert any(p.start is None for p in located)  # the bus attack: the story's country, not a mention
    for place in located:
        if place.start is not None:
            assert doc.text[place.start:place.end] == place.text


@pytest.mark.model
def test_a_place_in_what_a_statement_says_is_not_where_it_was_said(placed) -> None:
    events = code(placed, "GOMA - The governor urged the United Nations on Friday to impose sanctions on "
                          "Kigali over the attacks.")
    urged = one(events, "urged")
    assert urged.location is None or urged.location.name != "Kigali"
    events = code(placed, "\"We demand that the rebels free every hostage,\" the minister told reporters in "
                          "Nairobi on Tuesday.")
    assert one(events, "demand").location.name == "Nairobi"  # told in Nairobi: where it was said


@pytest.mark.model
def test_an_offensive_in_a_province_targeting_a_village_is_placed_at_the_village(placed) -> None:
    events = code(placed, "Rebel fighters launched a large offensive in the southern countryside of the Idlib "
                          "Governorate on Monday, targeting the strategic hilltop of Tal Kurdiya.")
    (assault,) = [e for e in events if e.plover.type == "ASSAULT"]
    assert assault.location is not None and assault.location.text == "Tal Kurdiya"


@pytest.mark.model
def test_a_country_s_own_ground_places_the_event_in_it(placed) -> None:
    events = code(placed, "Backed by neighbouring Serbia, Serb units seized half of Bosnia's territory in 1992.")
    assert one(events, "seized").location.name.startswith("Bosnia")


@pytest.mark.model
def test_a_dash_opening_wire_copy_is_no_crash(placed) -> None:
    events = code(placed, "two Dutch engineers and a driver _ were captured Tuesday by gunmen near Garissa.")
    assert one(events, "captured").location.name == "Garissa"


@pytest.mark.model
def test_a_killing_told_in_the_sentence_of_a_placed_attack_is_that_attack(placed) -> None:
    events = code(placed, "The group claimed responsibility on Tuesday for the attack on Sunday on an army "
                          "post outside Djibo, saying it had killed 23 soldiers.")
    assault = [e for e in events if e.plover.type == "ASSAULT"]
    assert len(assault) == 1 and assault[0].location.name == "Djibo"


@pytest.mark.model
def test_the_month_of_a_dateline_is_no_march(pipeline) -> None:
    events = code(pipeline, "LAGOS, March 5 (Test Wire) - Police arrested 12 traders on Monday.")
    assert [e.plover.type for e in events] == ["COERCE"]


def test_an_event_dated_by_another_is_marked() -> None:
    import spacy
    from spacy.tokens import Doc

    from eventwire.coding.merge import _after_another

    # A bomb exploded , a week after a bombing
    doc = Doc(
        spacy.blank("en").vocab,
        words=["A", "bomb", "exploded", ",", "a", "week", "after", "a", "bombing"],
        heads=[1, 2, 2, 2, 5, 6, 2, 8, 6],
        deps=["det", "nsubj", "ROOT", "punct", "det", "npadvmod", "prep", "det", "pobj"],
    )
    assert _after_another(doc[8]) and not _after_another(doc[2])


# ---- where an event goes when its sentences name no place


@pytest.mark.model
def test_a_dateline_city_is_no_place_of_a_happening_unless_the_story_is_local(placed) -> None:
    away = code(
        placed,
        "AMMAN, May 12 (Test Wire) - Government aircraft bombed a market in Idlib province on Sunday, "
        "killing nine people, rescuers said. Hours later, gunmen ambushed a bus carrying soldiers.",
    )
    ambush = one(away, "ambushed")
    assert ambush.location is not None and ambush.location.country == "SYR"
    assert ambush.location.precision == "country"  # where in Syria is not said: not Amman, not Jordan
    local = code(
        placed,
        "GOMA, May 12 (Test Wire) - Traders in Goma closed their shops on Sunday. The provincial "
        "governor accused the rebels of shelling villages.",
    )
    assert one(local, "shelling").location.name == "Goma"  # a local story: the dateline's city
    said = code(placed, "WASHINGTON, May 12 (Test Wire) - The United States accused Iran of arming militias.")
    assert one(said, "accused").location.name == "Washington"  # said where the speaker is


@pytest.mark.model
def test_an_actor_phrase_has_no_quote_marks_at_its_edges(pipeline) -> None:
    events = code(pipeline, 'The ministry said "armed gangs" attacked a police post on Monday.')
    attack = one(events, "attacked")
    assert [a.text for a in attack.actors] == ["armed gangs"]


@pytest.mark.model
def test_no_one_killed_is_a_negated_event(pipeline) -> None:
    events = code(pipeline, "Police said they had arrested two smugglers and that no officers were injured or "
                            "killed.")
    assert [e.modality for e in events if e.trigger in ("injured", "killed")] == ["negated"]
    assert one(events, "arrested").modality == "asserted"


# ---- a violence or protest verb in another sense reports no event


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan runner captured her third marathon title in Boston on Monday.",
        "The new film captured the imagination of young voters across the region.",
        "Security cameras captured the two men leaving the bank shortly after noon.",
        "Fuel prices shot up in the capital as the rebels approached the city.",
        "The minister quickly shot back that the report was full of errors.",
        "The exercise demonstrated the readiness of the coast guard units.",
    ],
)
def test_a_figurative_sense_is_no_event(pipeline, text: str) -> None:
    assert [(e.trigger, e.plover.type) for e in code(pipeline, text)] == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "kind"),
    [
        ("Rebels captured the town of Kindu on Monday.", "captured", "ASSAULT"),
        ("Police captured two suspected smugglers near the border.", "captured", "COERCE"),
        ("Gunmen shot up a bar in the port city overnight.", "shot", "ASSAULT"),
        ("Thousands demonstrated against the new tax in the capital.", "demonstrated", "PROTEST"),
        ("Hundreds of supporters demonstrated support for the jailed leader outside the court.",
         "demonstrated", "PROTEST"),
    ],
)
def test_the_event_sense_is_still_an_event(pipeline, text: str, trigger: str, kind: str) -> None:
    assert (trigger, kind) in [(e.trigger, e.plover.type) for e in code(pipeline, text)]


@pytest.mark.model
def test_a_town_the_gazetteer_lacks_targeted_in_a_countryside_places_the_offensive(placed) -> None:
    # "the Hama countryside" is the governorate; the targeted town, unknown to the gazetteer, lies in it
    events = code(placed, "Rebel fighters launched a new offensive in the northern Hama countryside on Monday, "
                          "targeting the key town of Qarvala.")
    (assault,) = [e for e in events if e.plover.type == "ASSAULT"]
    assert assault.location is not None and assault.location.text == "Qarvala"
    assert assault.location.country == "SYR"


# ---- a group of people is who its members are


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("A large group of armed rebels attacked the town of Kindu on Monday.", "REB"),
        ("Hundreds of soldiers stormed the village on Monday.", "MIL"),
    ],
)
def test_a_group_of_people_is_its_members(pipeline, text: str, sector: str) -> None:
    (event,) = [e for e in code(pipeline, text) if e.plover.type == "ASSAULT"]
    assert [a.sector for a in event.actors] == [sector]


@pytest.mark.model
def test_a_targeted_quarter_of_a_city_is_placed_at_the_city_s_point(placed) -> None:
    events = code(placed, "Rebel fighters launched a powerful assault in the city of Deir Ezzor on Thursday, "
                          "targeting the army's defenses at the Zuqaqiyat District.")
    (assault,) = [e for e in events if e.plover.type == "ASSAULT"]
    place = assault.location
    assert place is not None and place.text == "Zuqaqiyat District"
    assert (place.precision, place.country) == ("city", "SYR")  # the city's point, not the province's
