"""Statements about actions are events of their own kind (PLOVER manual, "auxiliary modes").

- An actor announcing a future hostile action ("said they would boycott", "will withdraw unless")
  makes a THREATEN event, not a future ASSAULT or PROTEST.
- An actor announcing a future cooperative action ("will send aid", "will meet next week") makes an
  AGREE event (intent to cooperate).
- Refusing an action ("refused to deploy", "declined to resign", "will not accept") is REJECT.
The coder returns the single category, as the manual asks, with the statement itself asserted.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..models import Plover
from .lexicon import Trigger, cameo_table
from .modality import clause_of

REFUSAL_VERBS = {"refuse", "decline", "fail", "reject", "balk"}
HOSTILE_TYPES = {"ASSAULT", "COERCE", "PROTEST", "SANCTION"}
COOPERATIVE_TYPES = {"AID", "COOPERATE", "RETREAT", "CONCEDE", "CONSULT", "SUPPORT"}
# CAMEO codes of the statement: threat of force, non-force threat, sanctions, protest; intent to
# provide aid, cooperate, yield, meet.
THREAT_CODES = {"ASSAULT": "138", "COERCE": "137", "SANCTION": "1312", "PROTEST": "133"}
INTENT_CODES = {"AID": "033", "COOPERATE": "031", "RETREAT": "035", "CONCEDE": "035", "CONSULT": "036",
                "SUPPORT": "032"}
REJECT_CODES = {"AID": "122", "COOPERATE": "121", "CONSULT": "125", "RETREAT": "124", "CONCEDE": "124"}


def _refused(trigger: Token) -> bool:
    return trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in REFUSAL_VERBS


def reframe(trigger: Token, rule: Trigger, plover: Plover, modality: str) -> tuple[str, Plover, str]:
    """Return (CAMEO code, PLOVER, modality) after reading the action as a threat, promise or refusal."""
    ptype = plover.type or ""
    table = cameo_table()
    trigger = clause_of(trigger, rule.pos)  # "would launch an operation": the light verb's mood
    if _refused(trigger) or (modality == "negated" and _future_aux(trigger)):
        code = REJECT_CODES.get(ptype, "120")
        return code, Plover("REJECT", table[code].mode, table[code].context), "asserted"
    if modality == "hypothetical" and _conditional(trigger, ("if", "unless")) and ptype in HOSTILE_TYPES:
        modality = "future"  # "could impose sanctions if fighting resumes": a conditional threat
    if modality != "future":
        return rule.code, plover, modality
    if ptype in HOSTILE_TYPES or _conditional(trigger):  # "will withdraw its force unless ..." is a threat
        code = THREAT_CODES.get(ptype, "130")
        return code, Plover("THREATEN", table[code].mode, table[code].context), "asserted"
    if ptype in COOPERATIVE_TYPES:
        code = INTENT_CODES[ptype]
        return code, Plover("AGREE", None, table[code].context), "asserted"
    return rule.code, plover, modality


def _conditional(trigger: Token, marks: tuple[str, ...] = ("unless",)) -> bool:
    """True when the action is made conditional on the recipient's behaviour ("unless X")."""
    return any(c.dep_ == "advcl" and any(m.lower_ in marks for m in c.children if m.dep_ == "mark")
               for c in trigger.children)


def _future_aux(trigger: Token) -> bool:
    return any(c.lower_ in ("will", "would", "wo", "shall") for c in trigger.children if c.dep_ == "aux")
