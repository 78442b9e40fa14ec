"""Killed and injured counts from a sentence.

Rules (documented in docs/coding.md):
- digits and number words ("12", "twelve", "1,200"); "at least 12" → 12; ranges "12 to 15" → 12 (the
  lower bound, the figure every report supports);
- vague quantities take a conservative lower bound: several 3, a dozen 12, dozens 24, scores 40,
  hundreds 200, thousands 2000;
- a named or singular victim counts 1, and "X was killed alongside Y" counts both;
- "no casualties" gives 0 killed and 0 injured; "no one was killed"/"no deaths" 0 killed; "no one was
  hurt"/"no injuries" 0 injured. Nothing said gives None, never 0.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "several": 3, "dozen": 12, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000,
}
KILL = {"kill", "die", "dead", "death", "murder", "execute", "behead", "massacre", "assassinate", "fatality",
        "toll", "body", "slay"}
INJURE = {"injure", "wound", "hurt", "injury", "injured", "wounded"}
NO_CASUALTIES = re.compile(r"\bno (?:casualties|victims)\b|\bwithout casualties\b", re.I)
NO_DEATHS = re.compile(r"\bno (?:one|body|deaths|fatalities)\b[^.]{0,20}\b(?:killed|died|dead)?|\bno deaths\b", re.I)
NO_INJURIES = re.compile(r"\bno (?:one|body)\b[^.]{0,20}\b(?:hurt|injured|wounded)\b|\bno injuries\b", re.I)


def number_value(tok: Token) -> int | None:
    """Return the integer a number token says ('12', '1,200', 'twelve', 'dozens'), or None."""
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    if "-" in text:  # "twenty-five"
        parts = [NUMBER_WORDS.get(p) for p in text.split("-")]
        if all(parts):
            return sum(p for p in parts if p)
    return None


def _victim_count(victim: Token) -> int | None:
    """Return how many people a victim phrase counts: its number, or 1 per singular coordinated noun."""
    for child in victim.children:
        if child.dep_ in ("nummod", "quantmod") or (child.dep_ == "amod" and child.like_num):
            value = number_value(child)
            if value is not None:
                return value
    if victim.like_num:
        return number_value(victim)
    if victim.tag_ in ("NN", "NNP") and victim.lower_ not in ("people", "civilians", "police"):
        total = 1 + sum(1 for c in victim.conjuncts if c.tag_ in ("NN", "NNP"))
        if victim.dep_ == "nsubjpass":  # "X was killed alongside Y (and Z)"
            for prep in victim.head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("alongside", "with", "along"):
                    for obj in (c for c in prep.subtree if c.dep_ == "pobj" and c.head.lower_ != "in"):
                        if obj.head == prep or (obj.head.head == prep):
                            total += 1 + sum(1 for c in obj.conjuncts if c.tag_ in ("NN", "NNP"))
                            break
        return total
    return None


def _count_for(verb: Token) -> int | None:
    """Return the number of people a kill/injure word reports."""
    heads = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj", "nsubj") and c.lemma_ not in KILL]
    if verb.pos_ == "VERB" and verb.lemma_ == "die":
        heads = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ in ("amod", "acl") and verb.head.pos_ in ("NOUN", "NUM"):  # "12 people killed", "3 dead"
        heads.append(verb.head)
    for head in heads:
        if head.dep_ == "nsubj" and verb.lemma_ not in ("die",) and verb.pos_ == "VERB" and \
                any(c.dep_ == "dobj" for c in verb.children):
            continue  # the killer, not the killed
        value = _victim_count(head)
        if value is not None:
            return value
    for child in verb.children:  # "killing 12", "left 3 dead", "toll rose to 40"
        value = number_value(child) if child.like_num else None
        if value is not None:
            return value
        for grand in child.children if child.dep_ == "prep" else ():
            if grand.like_num:
                return number_value(grand)
    return None


def count_casualties(sent: Span, text: str | None = None) -> tuple[int | None, int | None]:
    """Return (killed, injured) reported in a sentence, None where nothing is said (`text`: the sentence's
    text, when the caller has it already)."""
    killed = injured = None
    text = sent.text if text is None else text
    lowered = text.lower()
    # every "no casualties" pattern holds "no" or "(wi)thout" in some case (no other letters fold to these)
    negated = "no" in lowered or "thout" in lowered
    if negated and NO_CASUALTIES.search(text):
        return 0, 0
    for tok in sent:
        lemma, lower = tok.lemma_.lower(), tok.lower_
        if lemma in KILL or lower in KILL:
            value = _count_for(tok)
            if value is not None:
                killed = max(killed or 0, value)
        elif lemma in INJURE or lower in INJURE:
            value = _count_for(tok)
            if value is not None:
                injured = max(injured or 0, value)
    if killed is None and negated and NO_DEATHS.search(text) and \
            re.search(r"\b(killed|died|dead|deaths)\b", text):
        killed = 0
    if injured is None and negated and NO_INJURIES.search(text):
        injured = 0
    return killed, injured
