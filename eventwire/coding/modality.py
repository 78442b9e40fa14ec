"""Modality and attribution of a trigger: did it happen, is it planned, hypothetical, claimed, denied."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import Trigger

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can"}
# Verbs that govern a future event ("threatened to strike", "plans to visit", "vowed to attack").
FUTURE_GOVERNORS = {"threaten", "vow", "plan", "intend", "prepare", "pledge", "promise", "expect", "aim",
                    "want", "seek", "hope", "schedule", "set", "agree", "decide", "warn", "ask", "urge", "call",
                    "swear", "commit", "offer", "ready", "prepared"}
HYPOTHETICAL_GOVERNORS = {"consider", "propose", "suggest", "weigh", "fear", "focus", "risk", "mull"}
NEGATING_GOVERNORS = {"deny", "reject", "refute", "dismiss"}
CLAIM_GOVERNORS = {"claim", "allege"}
CLAIM_ADVERBS = {"allegedly", "reportedly", "purportedly", "supposedly"}
HYPOTHETICAL_ADJ = {"possible", "potential", "planned", "proposed", "future", "likely", "imminent", "threatened",
                    "feared", "expected", "prospective", "any"}
NO_ONE = {"nobody", "none", "nothing"}
SPEECH_VERBS = {"say", "tell", "report", "announce", "state", "add", "confirm", "claim", "allege", "quote", "cite"}


def _governors(token: Token, hops: int = 3) -> list[Token]:
    out, cur = [], token
    for _ in range(hops):
        if cur.head == cur or cur.dep_ not in ("xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj", "advcl"):
            break
        cur = cur.head
        out.append(cur)
    return out


def clause_of(trigger: Token, pos: str) -> Token:
    """Return the word whose auxiliaries and negation give a trigger's mood: a noun's light verb ("the army
    would launch an operation", "did not carry out the attack"), else the trigger itself."""
    if pos == "N" and trigger.dep_ == "dobj" and trigger.head.pos_ == "VERB":
        return trigger.head
    return trigger


def _subject_negated(verb: Token) -> bool:
    """True when a verb's subject is "no X", "nobody" or "none" ("no civilians were killed"); a verb
    coordinated with another shares its subject ("no one was injured or killed")."""
    verbs = [verb, verb.head] if verb.dep_ == "conj" else [verb]
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and (c.lower_ in NO_ONE or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children))
        for v in verbs
        for c in v.children
    )


def modality(trigger: Token, rule: Trigger) -> str:
    """Return asserted, negated, future, hypothetical or claimed for the event this trigger reports."""
    noun_kids = list(trigger.children)
    trigger = clause_of(trigger, rule.pos)
    kids = list(trigger.children)
    if any(c.dep_ == "neg" for c in kids) or any(c.lower_ in ("no", "never") and c.dep_ == "det"
                                                  for c in noun_kids):
        return "negated"
    if _subject_negated(trigger):
        return "negated"
    govs = _governors(trigger)
    lemmas = [g.lemma_.lower() for g in govs]
    if any(l in NEGATING_GOVERNORS for l in lemmas[:2]) or any(
            c.dep_ == "neg" for g in govs[:1] for c in g.children) and lemmas[:1] != ["say"]:
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
        return "hypothetical"
    aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
    if "would" in aux and _reported(trigger):
        return "future"  # "said they would attack": the future of reported speech
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical"
    if aux & FUTURE_AUX or (trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in FUTURE_GOVERNORS
                            and trigger.head.lemma_.lower() != rule.lemma):
        return "future"
    if rule.pos == "N" and any(c.lower_ in HYPOTHETICAL_ADJ for c in noun_kids if c.dep_ == "amod"):
        return "hypothetical"
    if any(l in HYPOTHETICAL_GOVERNORS for l in lemmas[:2]):
        return "hypothetical"
    if any(l in CLAIM_GOVERNORS for l in lemmas[:2]) or any(c.lower_ in CLAIM_ADVERBS for c in kids):
        return "claimed"
    return "asserted"


def _reported(trigger: Token) -> bool:
    """True when the clause is what someone said ("X said they would ...")."""
    return trigger.dep_ == "ccomp" and trigger.head.lemma_.lower() in SPEECH_VERBS | {"warn", "vow", "threaten"}


def attribution(trigger: Token, sent: Span) -> str | None:
    """Return who reports the event ('security sources told AFP'), from the speech verb governing it."""
    root = trigger
    for _ in range(4):
        if root.head == root:
            break
        root = root.head
        if root.lemma_.lower() in SPEECH_VERBS and root.pos_ == "VERB":
            break
    else:
        return None
    if root.lemma_.lower() not in SPEECH_VERBS or root == trigger:
        # "…, security sources said": the speech verb may be the sentence root with the trigger under it
        root = next((t for t in sent if t.dep_ in ("ROOT", "parataxis") and t.lemma_.lower() in SPEECH_VERBS
                     and t != trigger), None)
        if root is None:
            return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    words = [t for t in subj.subtree] + [root] + [t for c in root.children if c.dep_ == "dative" for t in c.subtree]
    words = sorted(set(words), key=lambda t: t.i)
    return " ".join(t.text for t in words)


# Discourse cues that a sentence reports a further event, not the one before ("Moments later, two
# rockets hit a base", "In a separate attack", "another bombing"): the sentence's opening words
# (opens_new_event) or a word on the trigger (new_event_word).
def opens_new_event(sent: Span) -> bool:
    """True when the sentence opens as a further event ('Moments later, ...', 'Separately, ...')."""
    doc, opening = sent.doc, []
    for i in range(sent.start, min(sent.start + 6, sent.end)):  # its first six words, without slicing a Span
        tok = doc[i]
        if tok.is_punct:
            break
        opening.append(tok.lower_)
    after = sent.start + len(opening)
    if len(opening) < len(sent) and set(opening) & NEW_EVENT_OPENERS and doc[after].text == ",":
        return True
    return bool(opening[:1] and opening[0] in ("separately", "meanwhile", "elsewhere"))


def new_event_word(trigger: Token) -> bool:
    """True when the trigger is marked as a further event ('another attack', 'a second strike')."""
    return any(c.lower_ in ("another", "second", "third", "separate", "new") for c in trigger.children)


NEW_EVENT_OPENERS = {"later", "separately", "meanwhile", "elsewhere", "separate", "another"}
