"""The coder on sentences written for these tests: triggers, roles, modality, casualties, merging."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.coding.casualties import count_casualties, number_value
from eventwire.coding.lexicon import load_triggers, quad_class
from eventwire.errors import DataFileError
from eventwire.ingest import RawDoc, content_id
from eventwire.pipeline import Pipeline

PUBLISHED = "2024-05-13T09:00:00+00:00"  # a Monday


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(use_geo=False, errors="raise")


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
