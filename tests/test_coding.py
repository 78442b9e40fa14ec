"""The coder on sentences written for these tests: triggers, roles, modality, casualties, merging."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.coding import DATE_HINT, _has_date_words
from eventwire.coding.casualties import count_casualties, number_value
from eventwire.coding.dictionary import ActorDictionary, _is_word
from eventwire.coding.lexicon import load_triggers, quad_class
from eventwire.coding.modality import opens_new_event
from eventwire.errors import DataFileError
from eventwire.ingest import RawDoc, content_id
from eventwire.pipeline import Pipeline

PUBLISHED = "2024-05-13T09:00:00+00:00"  # a Monday


def code(pipeline: Pipeline, text: str):
    raw = RawDoc("t", "record", text, content_id(text), {"published": PUBLISHED})
    return [e for e in pipeline.process_one(raw).events if e.plover.type]


# ---- without the trained pipeline: hand-built parses and data files

def test_number_words_and_digits() -> None:
    doc = Doc(spacy.blank("en").vocab, words=["12", "twelve", "1,200", "dozens", "twenty-five"])
    assert [number_value(t) for t in doc] == [12, 12, 1200, 24, 25]


def test_casualties_from_a_hand_built_parse() -> None:
    words = ["Gunmen", "killed", "four", "soldiers", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "nummod", "dobj",
              "punct"], pos=["NOUN", "VERB", "NUM", "NOUN", "PUNCT"], lemmas=["gunman", "kill", "four", "soldier", "."])
    assert count_casualties(doc[:]) == (4, None)
    none = spacy.blank("en")("There were no casualties.")
    assert count_casualties(none[:]) == (0, 0)


def test_casualties_with_the_sentence_text_given_and_negations_in_any_case() -> None:
    nlp = spacy.blank("en")
    cases = [("NO CASUALTIES were reported.", (0, 0)), ("The raid ended without casualties.", (0, 0)),
             ("Nobody knew the road.", (None, None)), ("No one was hurt.", (None, 0))]
    for text, expected in cases:
        sent = nlp(text)[:]
        assert count_casualties(sent) == count_casualties(sent, text) == expected


# ---- the coder's shortcuts answer as the slow forms they replace


@pytest.mark.parametrize("text", [
    "Talks resume on Monday.", "TALKS RESUME ON TUEſDAY.", "thİs week", "THıS WEEK", "a \u212aelvin-week",
    "Protesters marched in Kano.", "It happened in Janury.", "The ٣rd convoy", "new  year", "NEW YEAR rally",
    "They met last", "Sundays_", "",
])
def test_date_words_are_found_as_with_ignorecase(text: str) -> None:
    assert _has_date_words(text) == bool(re.compile(DATE_HINT.pattern, re.IGNORECASE).search(text))


@pytest.mark.parametrize("token", ["Iraq", ",", "-", "_", "__", "’s", "é", "٣", "U.S.", "", "al-"])
def test_is_word_is_any_alphanumeric(token: str) -> None:
    assert _is_word(token) == any(c.isalnum() for c in token)


def test_dictionary_lookups_are_remembered_but_their_lists_are_the_callers() -> None:
    actors = ActorDictionary.load()
    words = ["Iraqi", "troops", "entered", "Mosul"]
    first = actors.find_all(words)
    first.clear()
    assert actors.find_all(words) == actors._find_all(words) != []
    assert actors.match("Iraq") is actors.match("Iraq") is not None
    assert actors.match("Xqzv") is None and actors.match("Xqzv") is None
    assert actors.agent_sector("troops") == actors.agent_sector("troops") == "MIL"


def test_a_sentence_opening_as_a_further_event() -> None:
    vocab = spacy.blank("en").vocab
    later = Doc(vocab, words=["Moments", "later", ",", "rockets", "hit", "."])
    plain = Doc(vocab, words=["Rockets", "hit", "a", "base", "later", "."])
    assert opens_new_event(later[0:6])
    assert not opens_new_event(plain[0:6])
    assert not opens_new_event(later[3:6])


def test_quad_classes() -> None:
    assert [quad_class(c) for c in ("042", "073", "112", "190")] == [1, 2, 3, 4]


def test_bad_trigger_file_names_the_line(tmp_path) -> None:
    bad = tmp_path / "t.tsv"
    bad.write_text("# comment\nattack\tV\t190\nraid\tV\t999\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"t.tsv:3: unknown CAMEO code"):
        load_triggers(bad)
    bad.write_text("ask\tV\t020\tobj=people\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r":1: column 4 is the mode"):
        load_triggers(bad)


# ---- with the trained pipeline



@pytest.mark.model
def test_passive_with_agent_and_casualties(pipeline) -> None:
    (ev,) = code(pipeline, "A military convoy was ambushed by militants near Gao on Saturday, killing three soldiers.")
    assert ev.plover.type == "ASSAULT" and ev.fatalities == 3 and ev.date == "2024-05-11"
    assert any(a.sector == "INS" for a in ev.actors)


@pytest.mark.model
def test_nominal_trigger_with_demonym_actor(pipeline) -> None:
    (ev,) = code(pipeline, "An Israeli airstrike on a house in Rafah killed five people on Sunday.")
    assert (ev.plover.type, ev.plover.mode) == ("ASSAULT", "aerial")
    assert [a.country for a in ev.actors] == ["ISR"] and ev.fatalities == 5 and ev.date == "2024-05-12"


@pytest.mark.model
def test_negated_and_hypothetical_are_kept_with_their_modality(pipeline) -> None:
    (denied,) = code(pipeline, "The army did not shell the village, a spokesman said.")
    assert denied.modality == "negated"
    (maybe,) = code(pipeline, "Officials fear the militia could attack the dam.")
    assert maybe.modality == "hypothetical"


@pytest.mark.model
def test_threats_promises_and_refusals(pipeline) -> None:
    (threat,) = code(pipeline, "The rebels said they would attack the capital unless the talks resumed.")
    assert threat.plover.type == "THREATEN" and threat.cameo.root == "13"
    (promise,) = code(pipeline, "Japan will send food aid to Sudan next month.")
    assert promise.plover.type == "AGREE"
    (refusal,) = code(pipeline, "Hungary refused to deploy troops to the border.")
    assert refusal.plover.type == "REJECT"


@pytest.mark.model
def test_sentences_about_one_event_merge_and_coreference(pipeline) -> None:
    text = ("Al-Shabaab fighters stormed a hotel in Mogadishu on Friday, killing nine people. "
            "The group later said its fighters carried out the attack. "
            "Separately, police arrested ten protesters in Nairobi on Sunday.")
    events = code(pipeline, text)
    assaults = [e for e in events if e.plover.type == "ASSAULT"]
    assert len(assaults) == 1 and len(assaults[0].evidence) == 2
    assert assaults[0].actors[0].name == "al-Shabaab"
    assert [e.plover.type for e in events if e.plover.type != "ASSAULT"] == ["COERCE"]


@pytest.mark.model
def test_two_attacks_in_one_report_stay_apart(pipeline) -> None:
    text = ("Mortar shells landed near the airport in Kandahar on Tuesday. "
            "Minutes later, a car bomb exploded outside a police station in the city.")
    events = code(pipeline, text)
    assert len([e for e in events if e.plover.type == "ASSAULT"]) == 2


@pytest.mark.model
def test_evidence_offsets_point_into_the_text(pipeline) -> None:
    text = "Protesters marched through Dhaka on Monday. Police fired tear gas at the crowd."
    raw = RawDoc("t", "record", text, content_id(text), {"published": PUBLISHED})
    doc = pipeline.process_one(raw)
    for ev in doc.events:
        for span in ev.evidence:
            assert doc.text[span.start:span.end] == span.text


# ---- who did it to whom: each test is one general cause of role errors

def countries(actors) -> set:
    return {a.country for a in actors if a.country}


@pytest.mark.model
def test_pronoun_subject_of_a_reported_clause_is_the_reporter(pipeline) -> None:
    (ev,) = code(pipeline, "Bolivian farmers said they would block the highways to La Paz.")
    assert ev.plover.type == "THREATEN" and countries(ev.actors) == {"BOL"}


@pytest.mark.model
def test_pronoun_in_a_relative_clause_is_the_subject_around_it(pipeline) -> None:
    events = code(pipeline, "Mozambique's army has still not freed the journalists it detained in Pemba.")
    assert events and all(countries(e.actors) == {"MOZ"} for e in events)


@pytest.mark.model
def test_titled_person_takes_the_country_the_sentence_leaves(pipeline) -> None:
    (ban,) = code(pipeline, "President Ramos Vidal banned Bolivian opposition parties from the vote.")
    assert countries(ban.actors) == {"BOL"}
    threat = code(pipeline, "President Ramos Vidal threatened sanctions against Bolivia.")[0]
    assert countries(threat.actors) == set() and countries(threat.recipients) == {"BOL"}


@pytest.mark.model
def test_own_possessions_and_venues_are_not_recipients(pipeline) -> None:
    (withdraw,) = code(pipeline, "Norway announced that it will withdraw its peacekeepers from Mali.")
    assert countries(withdraw.recipients) == {"MLI"}
    (signed,) = code(pipeline, "Kenya and Uganda signed a trade agreement in Kampala on Friday.")
    assert countries(signed.recipients) == set()


@pytest.mark.model
def test_groups_named_through_of_and_coordinated_countries(pipeline) -> None:
    text = "A group of Ghanaian diplomats held their first meeting with Togo's foreign minister."
    (talks,) = code(pipeline, text)
    assert countries(talks.actors) == {"GHA"} and countries(talks.recipients) == {"TGO"}
    (meet,) = code(pipeline, "Foreign ministers of Peru and Chile met in Lima on Monday.")
    assert countries(meet.actors) == {"PER", "CHL"}


@pytest.mark.model
def test_taking_part_in_a_nominal_event(pipeline) -> None:
    (drill,) = code(pipeline, "Indonesian and Australian warships took part in joint exercises.")
    assert countries(drill.actors) == {"IDN", "AUS"}


@pytest.mark.model
def test_threat_aims_at_the_subject_of_its_condition(pipeline) -> None:
    ev = code(pipeline, "Turkey threatened to close its airspace if Greece deployed missiles there.")[0]
    assert ev.plover.type == "THREATEN" and countries(ev.recipients) == {"GRC"}


@pytest.mark.model
def test_trigger_noun_modifying_a_participant_is_no_event(pipeline) -> None:
    events = code(pipeline, "The protest leaders met the mayor on Monday.")
    assert [e.plover.type for e in events] == ["CONSULT"]
    (strike,) = code(pipeline, "Israeli air strikes hit Gaza.")
    assert strike.plover.mode == "aerial" and countries(strike.recipients) == {"PSE"}


@pytest.mark.model
def test_peoples_of_several_countries_take_the_country_of_the_event(pipeline) -> None:
    (ev,) = code(pipeline, "Turkish police detained 40 Kurds in Ankara on Sunday.")
    kurds = [r for r in ev.recipients if r.sector == "CVL"]
    assert kurds and countries(kurds) <= {"TUR"}
    (ethnic,) = code(pipeline, "Gunmen killed three ethnic Serbs near Mitrovica in Kosovo.")
    assert "SRB" not in countries(ethnic.recipients)
    (one,) = code(pipeline, "Tigrayan leaders rejected the proposal on Monday.")
    assert countries(one.actors) == {"ETH"}


@pytest.mark.model
def test_a_nouns_light_verb_gives_its_mood_and_actor(pipeline) -> None:
    (ev,) = code(pipeline, "Chile's interior minister said the police would launch a raid on the camp.")
    assert ev.plover.type == "THREATEN" and countries(ev.actors) == {"CHL"}
    (staged,) = code(pipeline, "Angry teachers from the Zambian National Union staged a rally in Lusaka.")
    assert staged.plover.type == "PROTEST" and staged.actors


@pytest.mark.model
def test_speakers_reached_through_quoting_and_issued_texts(pipeline) -> None:
    (host,) = code(pipeline, "The emir of Kuwait was quoted as saying he would be ready to host talks.")
    assert countries(host.actors) == {"KWT"}
    demand = code(pipeline, "Peru's congress passed a resolution demanding the release of the hostages.")[0]
    assert demand.plover.type == "REQUEST" and countries(demand.actors) == {"PER"}


@pytest.mark.model
def test_names_with_of_are_read_whole(pipeline) -> None:
    (ev,) = code(pipeline, "The Liberation Tigers of Tamil Eelam attacked an army camp near Jaffna.")
    assert [a.name for a in ev.actors] == ["Liberation Tigers of Tamil Eelam"]


@pytest.mark.model
def test_both_sides_of_talks_and_clashes_act(pipeline) -> None:
    (ev,) = code(pipeline, "Talks between the Malian army and Tuareg rebels resumed in Algiers on Monday.")
    assert countries(ev.actors) == {"MLI"} and not ev.recipients


@pytest.mark.model
def test_mobilised_forces_are_the_actors_own(pipeline) -> None:
    (ev,) = code(pipeline, "Serbia deployed troops and tanks to its border with Kosovo.")
    assert countries(ev.recipients) == {"XKX"}


@pytest.mark.model
def test_nominal_events_aimed_through_to_and_for(pipeline) -> None:
    (aid,) = code(pipeline, "Japan announced a new aid package for Sri Lanka on Friday.")
    assert countries(aid.recipients) == {"LKA"}


@pytest.mark.model
def test_places_and_states_of_affairs_are_not_actors(pipeline) -> None:
    (ev,) = code(pipeline, "Thailand's government said it would not lift the state of emergency.")
    assert ev.plover.type == "REJECT" and countries(ev.actors) == {"THA"} and not ev.recipients
    (bank,) = code(pipeline, "Israeli forces raided a village in the occupied West Bank.")
    assert all(r.sector != "BUS" for r in bank.recipients)
