"""Event mentions: triggers in a parsed sentence and their arguments.

A mention is one trigger (verb or noun) with who did it, to whom, with what weapon, how certain,
and how many were hurt. Several mentions of one real event are merged later (merge.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..models import Actor, Place, Plover
from ..senses import figurative_sense
from . import lexicon
from .actors import POSSESSIVES, RELATIVE_TAGS, STATE_SECTORS, ActorResolver, relative_antecedent
from .casualties import count_casualties
from .modality import attribution, modality, new_event_word, opens_new_event
from .reframe import reframe

ACTOR_PREPS = {"by"}
TARGET_PREPS = {"on", "against", "at", "into", "targeting", "upon", "of", "near", "toward", "towards"}
PARTNER_PREPS = {"with", "between", "among"}
# Verbs whose object is a nominal trigger and whose subject is that event's actor.
LIGHT_VERBS = {"carry", "launch", "conduct", "stage", "mount", "hold", "claim", "order", "make", "begin",
               "start", "lead", "resume", "unleash", "execute", "perpetrate", "announce", "impose", "sign",
               "declare", "call", "go", "remain", "stay", "put", "organise", "organize", "lodge", "file", "issue",
               "end", "continue", "intensify", "step", "escalate", "open", "take", "give", "offer", "voice"}
SUBJECT_DEPS = {"nsubj", "csubj"}
# Links through which a verb without a subject takes the one of the word it hangs under.
CONTROL_DEPS = {"xcomp", "conj", "advcl", "acomp"}
COMMUNICATION_TYPES = {"REQUEST", "THREATEN", "ACCUSE", "REJECT", "AGREE", "SUPPORT", "CONSULT"}
# Parts of speech a trigger can have: verbs (V rows) and nouns (N rows).
TRIGGER_POS = {"VERB", "NOUN", "PROPN"}


@dataclass
class Mention:
    sent_index: int
    sent: Span
    trigger: Token
    rule: lexicon.Trigger
    plover: Plover
    code: str = ""  # CAMEO code (the rule's, or a threat/promise/refusal code after reframing)
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    weapons: set[str] = field(default_factory=set)  # weapon classes
    modality: str = "asserted"
    fatalities: int | None = None
    injured: int | None = None
    attribution: str | None = None
    new_event: bool = False  # "moments later", "another attack": not a restatement of an earlier event
    location: Place | None = None
    date: str | None = None
    date_precision: str = "publication"
    date_text: str | None = None
    extra_triggers: list[Token] = field(default_factory=list)
    target_words: set[str] = field(default_factory=set)
    weapon_mode: str | None = None  # the mode the weapon words give ("drone", "heavy-weapons")
    # char ranges of the agents' phrases and of the patients' that name actors
    argument_chars: list[tuple[int, int]] = field(default_factory=list)
    target_chars: list[tuple[int, int]] = field(default_factory=list)  # those of all the patients
    weapon_heads: list[set[str]] = field(default_factory=list)  # weapon families per coordinated noun

    @property
    def specificity(self) -> int:
        """How much this mention says; the most specific mentions of an event found it, the rest merge in."""
        score = 0
        score += 2 if self.date else 0
        score += 2 if self.location is not None and self.location.precision != "country" else 0
        score += 1 if self.actors else 0
        score += 1 if self.recipients else 0
        score += 1 if self.weapons else 0
        score += 1 if self.fatalities is not None else 0
        return score


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _with_conjuncts(token: Token) -> list[Token]:
    """Return the token and the tokens coordinated with it ("Iran and Iraq" gives both)."""
    return [token, *token.conjuncts]


def _pobjs(token: Token, preps: set[str]) -> list[Token]:
    out = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            out.extend(p for c in prep.children if c.dep_ in ("pobj", "pcomp") for p in _with_conjuncts(c))
    return out


def weapon_classes(tokens: list[Token]) -> tuple[set[str], str | None]:
    """Return (weapon classes, PLOVER mode) named by these tokens or their compounds."""
    table = lexicon.weapons()
    classes, mode = set(), None
    for tok in tokens:
        # two-word weapons first ("tear gas", "rubber bullets"): the noun alone may be another weapon
        modifiers = [c for c in tok.children if c.i == tok.i - 1 and c.dep_ in ("compound", "amod")]
        before = [f"{c.lower_} {w}" for c in modifiers for w in (tok.lemma_.lower(), tok.lower_)]
        for word in (*before, tok.lemma_.lower(), tok.lower_):
            if word in table:
                mode = mode or table[word][0]
                if table[word][1] != "*":  # generic words fit any weapon family
                    classes.add(table[word][1])
                break
    return classes, mode


def _argument_tokens(trigger: Token) -> list[Token]:
    """Return the words around a trigger where a weapon may be named (subject, object, compounds, 'with')."""
    out = []
    for child in trigger.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "compound", "amod", "npadvmod"):
            out.extend(_with_conjuncts(child))
            out.extend(c for c in child.children if c.dep_ == "compound")
    out.extend(_pobjs(trigger, {"with", "by", "in", "from"}))
    if trigger.dep_ in ("xcomp", "ccomp", "advcl", "conj") and trigger.pos_ == "VERB":
        agents, patients = _subjects(trigger)
        out.extend(agents + patients)  # "planes were heard circling"
    for tok in list(out):
        out.extend(c for c in tok.children if c.dep_ in ("compound", "amod"))
    return out


def _conditions_hold(rule: lexicon.Trigger, trigger: Token, actor_known: bool) -> bool:
    for cond, words in rule.requires:
        if cond in ("weapon", "noweapon"):  # looked for only when asked: it walks the arguments
            if (cond == "weapon") != bool(weapon_classes(_argument_tokens(trigger))[0]):
                return False
        if cond == "actor" and not actor_known:
            return False
        if cond == "obj":
            objs = _children(trigger, {"dobj", "nsubjpass", "attr"}) + _pobjs(trigger, {"on", "against", "at"})
            objs += [p for o in objs for p in _pobjs(o, {"of"})]  # "700 kg of medicine", "part of a programme"
            if not any(o.lemma_.lower() in words or o.lower_ in words for o in objs):
                return False
        if cond == "prep" and not any(c.dep_ in ("prep", "agent") and c.lower_ in words for c in trigger.children):
            return False
        if cond == "gov" and not (trigger.head != trigger and trigger.head.lemma_.lower() in words):
            return False
        if cond == "mod" and not any(c.lower_ in words for c in trigger.children if c.dep_ in ("amod", "compound")):
            return False
        if cond == "xcomp" and not any(c.dep_ in ("xcomp", "ccomp") for c in trigger.children):
            return False
        if cond == "civil" and _state_subject(trigger):
            return False
        if cond == "crowd" and not any(subj.lemma_.lower() in CROWD_NOUNS for subj in _subjects(trigger)[0]):
            return False
    return True


# Subjects whose violence or occupation is a protest, not an armed attack ("rioters torched cars").
CROWD_NOUNS = {"protester", "protestor", "demonstrator", "rioter", "student", "worker", "crowd", "mob", "activist",
               "youth", "supporter", "marcher", "farmer", "teacher", "villager", "resident", "striker"}


def _state_subject(trigger: Token) -> bool:
    """True when the subject is a state body (police, army, government): blocking roads is then coercion."""
    from .dictionary import ActorDictionary  # the bundled dictionary, cached by load()

    dictionary = ActorDictionary.load()
    for subj in _subjects(trigger)[0]:
        sector = dictionary.agent_sector(subj.lemma_.lower()) or dictionary.agent_sector(subj.lower_)
        if sector in STATE_SECTORS:
            return True
    return False


def _second_word_ok(rule: lexicon.Trigger, trigger: Token) -> bool:
    """For two-word rows ("call for", "open fire", "air strike"), check the second word is there."""
    parts = rule.lemma.split()
    if len(parts) == 1:
        return True
    second = parts[1]
    near = [c.lower_ for c in trigger.children] + [c.lemma_.lower() for c in trigger.children]
    if rule.pos == "N":
        prev = trigger.doc[trigger.i - 1] if trigger.i > 0 else None
        return trigger.lemma_.lower() == parts[-1] and prev is not None and prev.lower_ == parts[0]
    return second in near


def _names_participant(token: Token) -> bool:
    """True for a noun naming who or what takes part (an agent noun, a weapon), not an act."""
    from .dictionary import ActorDictionary  # the bundled dictionary, cached by load()

    lemma = token.lemma_.lower()
    return ActorDictionary.load().agent_sector(lemma) is not None or lemma in lexicon.weapons()


def match_trigger(token: Token, actor_known: bool) -> lexicon.Trigger | None:
    """Return the most specific trigger row that fits this token in its sentence, or None."""
    tag = token.pos_
    if tag not in TRIGGER_POS:
        return None
    pos = "V" if tag == "VERB" else "N"
    if pos == "V" and figurative_sense(token) is not None:
        return None  # "captured the title", "prices shot up": no event (eventwire/senses.py)
    table = lexicon.triggers()
    candidates = table.get((token.lemma_.lower(), pos), [])
    if pos == "N" and token.i > 0:  # two-word nouns are indexed by their first word ("air strike")
        before = table.get((token.doc[token.i - 1].lower_, "N"), [])
        if before and _names_participant(token):  # "protest leaders", "attack helicopters"; not "aid package"
            before = [r for r in before if " " in r.lemma]
        candidates = before + candidates
    if not candidates:
        return None
    for rule in sorted(candidates, key=lambda r: -r.specificity):
        if _second_word_ok(rule, token) and _conditions_hold(rule, token, actor_known):
            return rule
    return None


def _subjects(trigger: Token) -> tuple[list[Token], list[Token]]:
    """Return (agent heads, patient heads) from the trigger's subject positions, following control."""
    verb = trigger
    actives = _children(verb, SUBJECT_DEPS)
    passives = _children(verb, {"nsubjpass"})
    agents = _pobjs(verb, ACTOR_PREPS) if passives or verb.tag_ == "VBN" else []
    # "X threatened to attack", "X agreed and signed", "X is ready to host": the governing or first verb's
    # subject
    while not actives and not passives and verb.dep_ in CONTROL_DEPS and verb.head != verb:
        from_xcomp = verb.dep_ == "xcomp"
        verb = verb.head
        actives = _children(verb, SUBJECT_DEPS)
        if not actives and from_xcomp:  # "planes were heard circling": the passive subject does the circling
            actives = _children(verb, {"nsubjpass"})
        if verb.dep_ == "xcomp" and _children(verb, {"dobj"}) and verb.head.lemma_ in ("urge", "ask", "warn"):
            actives = _children(verb, {"dobj"})
    if trigger.dep_ == "relcl" and not actives and not passives:
        actives = [trigger.head]
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN":
        passives = [trigger.head]
    if trigger.dep_ == "acl" and trigger.tag_ == "VBG" and not actives:
        # "protesters demanding jobs"; "X passed a resolution demanding ...": whoever issued the text
        holder = trigger.head
        issued = holder.dep_ == "dobj" and holder.head.pos_ == "VERB"
        actives = (_children(holder.head, SUBJECT_DEPS) if issued else []) or [holder]
    subjects = [s for a in actives for s in _with_conjuncts(a)]
    return subjects + agents, [p for pv in passives for p in _with_conjuncts(pv)]


def _verb_arguments(trigger: Token) -> tuple[list[Token], list[Token]]:
    agents, patients = _subjects(trigger)
    objects = [o for d in _children(trigger, {"dobj", "dative"}) for o in _with_conjuncts(d)]
    objects += _pobjs(trigger, TARGET_PREPS | PARTNER_PREPS | {"to", "for", "from"})
    return agents, patients + objects


def _noun_arguments(trigger: Token) -> tuple[list[Token], list[Token]]:
    by = _pobjs(trigger, ACTOR_PREPS)
    agents = by + _children(trigger, {"poss"})
    # "U.S. drone attack", "Israeli strike" (capitalised: a name or demonym, not "naval" or "joint")
    agents += [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ")
               and c.text[:1].isupper()]
    patients = _pobjs(trigger, TARGET_PREPS | PARTNER_PREPS | {"to", "for"})  # "a visit to X", "aid for X"
    patients += [p for agent in by for p in _pobjs(agent, {"of"})]  # "the killing by X of Y", parsed as X's PP
    head = trigger.head
    if trigger.dep_ == "nsubj" and head.pos_ == "VERB":  # "air strikes hit Gaza": the verb's object was hit
        patients += [o for d in _children(head, {"dobj"}) for o in _with_conjuncts(d)]
        patients += _pobjs(head, TARGET_PREPS)
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "on":  # "went on strike", "remained on alert"
        head = head.head
    if not all(a.lower_ in POSSESSIVES for a in agents):  # "X held their meeting": "their" repeats X
        return agents, patients
    sides = _pobjs(trigger, {"between", "among"})
    if sides and trigger.dep_ in ("nsubj", "nsubjpass", "ROOT"):  # "talks between X and Y resumed": both act
        return sides, [p for p in patients if p not in sides]
    if trigger.dep_ in ("dobj", "nsubjpass", "pobj") and head.pos_ in ("VERB", "AUX") \
            and _light(head):
        agents = _subjects(head)[0]
        patients += _pobjs(head, TARGET_PREPS | PARTNER_PREPS)
    elif (verb := _participation_verb(trigger)) is not None:
        agents = [s for group in _subjects(verb) for s in group]
    return agents, patients


def _light(verb: Token) -> bool:
    """True for a light verb ("staged a rally"), also when the tagger misreads its past form ("stag")."""
    form = verb.lower_
    return verb.lemma_.lower() in LIGHT_VERBS or (form.endswith("ed") and form[:-1] in LIGHT_VERBS)


# Verbs whose subject takes part in the event a prepositional phrase names: "took part in joint
# exercises", "were engaged in looting", "gathered for a rally", "returned for talks".
PARTICIPATION_VERBS = {"in": {"participate", "engage", "join", "take"},
                       "for": {"gather", "converge", "assemble", "arrive", "travel", "come", "return", "fly",
                               "head", "meet"}}


def _participation_verb(trigger: Token) -> Token | None:
    """Return the verb of "took part in X", "converged for X" when X is the trigger, else None."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in PARTICIPATION_VERBS:
        return None
    verb = prep.head.head if prep.head.lemma_ == "part" else prep.head  # "took part in"
    takes_part = verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in PARTICIPATION_VERBS[prep.lower_]
    return verb if takes_part else None


def _complement_targets(trigger: Token) -> list[Token]:
    """Return who a demand, threat or promise is aimed at, from its complement clause."""
    out = _condition_subjects(trigger)
    for comp in (c for c in trigger.children if c.dep_ in ("ccomp", "xcomp")):
        out += _condition_subjects(comp)
        if comp.dep_ == "ccomp":
            out += [s for s in _children(comp, {"nsubj", "nsubjpass"}) for s in _with_conjuncts(s)]
        out += [o for d in _children(comp, {"dobj", "dative"}) for o in _with_conjuncts(d)]
        out += _pobjs(comp, {"with", "to", "against", "on", "from", "at"})
        for obj in _children(comp, {"dobj"}):  # "to deliver blows to the US", "to break relations with Russia"
            out += _pobjs(obj, {"with", "to", "against", "on", "from"})
    return out


def _condition_subjects(verb: Token) -> list[Token]:
    """Return the subjects of the verb's "if/unless" clauses: whom a threat or offer is aimed at
    ("threatened to strike unless Baghdad accepted", "if the United States goes ahead")."""
    out: list[Token] = []
    for clause in (c for c in verb.children if c.dep_ == "advcl"):
        if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
            out += [s for subj in _children(clause, {"nsubj", "nsubjpass"}) for s in _with_conjuncts(subj)]
    return out


# Types whose target, when no one is named, is the country where it happens ("rallies in Gaza").
DOMESTIC_TYPES = {"PROTEST", "COERCE", "MOBILIZE", "CONCEDE"}


def _place_targets(trigger: Token, rule: lexicon.Trigger) -> list[Token]:
    if rule.plover_type not in DOMESTIC_TYPES:
        return []
    return [p for p in _pobjs(trigger, {"in", "across", "throughout"}) if p.ent_type_ == "GPE"]


def _resolve_all(heads: list[Token], resolver: ActorResolver, speaker: Actor | None,
                 deep: set[str] | None = None, named: set[int] | None = None) -> list[Actor]:
    """Resolve heads to actors; with `deep` prepositions, look inside a phrase that names none ("an area
    near the embassy"). `named` collects the indexes of the heads that named an actor."""
    out: list[Actor] = []
    for head in _antecedents(heads):
        actor = resolver.resolve(head, speaker)
        if actor is None and deep:
            for tok in _inner_nouns(head, deep):
                actor = resolver.resolve(tok, speaker)
                if actor is not None:
                    break
        if actor is not None and named is not None:
            named.add(head.i)
        for one in resolver.coordinated(head, actor) if actor is not None else ():
            if one not in out:
                out.append(one)
        # "a base where U.S. troops are stationed": the people at a targeted facility are targets too
        for rel in (c for c in head.children if c.dep_ == "relcl"):
            for subj in _children(rel, {"nsubj", "nsubjpass"}):
                inner = resolver.resolve(subj, speaker)
                if inner is not None and inner not in out:
                    out.append(inner)
    return out


def _antecedents(heads: list[Token]) -> list[Token]:
    """Return the heads with each relative pronoun replaced by the nouns it stands for ("Qatar and
    Egypt, which brokered ..." → Qatar, Egypt); one without an antecedent stands for no one."""
    out: list[Token] = []
    for head in heads:
        if head.tag_ not in RELATIVE_TAGS:
            out.append(head)
        elif (antecedent := relative_antecedent(head)) is not None:
            out.extend(t for t in _with_conjuncts(antecedent) if t not in out)
    return out


# Prepositions through which a phrase that names no actor leads to the one it is about ("the killing
# of X", "calls by X", "demands from X", "an area near the embassy").
INNER_PREPS = {"of", "by", "from", "near", "against", "on", "for", "to", "with", "between", "outside",
               "inside"}
# Places in "in/at X" are targets of acts done to the people there ("a curfew in Lagos", "raids in
# Kandahar") but only the venue of talks and statements ("an agreement signed in Doha").
LOCATIVE_PREPS = {"in", "at", "across", "throughout"}
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE", "THREATEN"}


def _inner_nouns(head: Token, preps: set[str], depth: int = 0) -> list[Token]:
    """Return the nouns inside a phrase, nearest first: compounds, appositions, objects of `preps`, and
    the objects and agents of a participle ("sentences handed down by an Iranian court")."""
    out: list[Token] = []
    for child in head.children:
        if child.dep_ in ("compound", "appos") and child.pos_ in ("NOUN", "PROPN"):
            out.append(child)
        elif child.dep_ in ("prep", "agent") and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN"))
        elif child.dep_ == "acl" and depth < 2:
            out.extend(_inner_nouns(child, preps, depth + 1))
    if depth < 2:
        out.extend(t for inner in list(out) for t in _inner_nouns(inner, preps, depth + 1))
    return out


def sentence_speaker(sent: Span, resolver: ActorResolver) -> Actor | None:
    """Return who speaks a quoted sentence ('..., said the group'), for resolving its 'we'."""
    for tok in sent:
        if tok.lemma_ in ("say", "tell", "add", "warn", "state") and tok.pos_ == "VERB":
            for subj in _children(tok, {"nsubj"}):
                if subj.lower_ not in ("we", "i"):
                    return resolver.resolve(subj)
    return None


def find_mentions(sent: Span, sent_index: int, resolver: ActorResolver,
                  text: str | None = None) -> list[Mention]:
    """Return the event mentions in one sentence, with arguments, modality and casualties (`text`: the
    sentence's text, when the caller has it)."""
    resolver.remember_entities(sent)  # before this sentence's actors, which are more salient antecedents
    resolver.remember_speakers(sent)
    text = sent.text if text is None else text
    speaker = sentence_speaker(sent, resolver) if _quoted(sent, text) else None
    mentions = []
    casualties = opening = None  # worked out for the sentence's first mention, shared by the others
    table, doc = lexicon.triggers(), sent.doc
    previous = doc[sent.start - 1].lower_ if sent.start > 0 else None  # the word before the next token
    for token in sent:
        before, previous = previous, token.lower_
        tag = token.pos_
        if tag not in TRIGGER_POS or token.ent_type_ in ("DATE", "TIME"):
            continue  # "OUAGADOUGOU, March 5": the month, not a march
        # match_trigger's first tests, spared the call for most words: a row indexed under the word's lemma,
        # or for a noun under the word before it ("air strike")
        pos = "V" if tag == "VERB" else "N"
        if (token.lemma_.lower(), pos) not in table and (pos == "V" or (before, "N") not in table):
            continue
        rule = match_trigger(token, actor_known=True)
        if rule is None or _stative(token) or _modifier(token, rule) or _generic(token, rule):
            continue
        agents, patients = (_verb_arguments if rule.pos == "V" else _noun_arguments)(token)
        if rule.plover_type == "MOBILIZE":  # "deployed troops to the border": the troops are the actor's own
            patients = [q for p in patients for q in (_pobjs(p, MOBILIZED_TO) if _moved(p) else [p])]
        if rule.pos == "V" and token.tag_ == "VBG" and token.dep_ in ("pcomp", "pobj", "nsubj", "dobj", "nsubjpass"):
            noun_agents, noun_patients = _noun_arguments(token)  # "by Russian shelling": a gerund used as a noun
            agents, patients = agents + noun_agents, patients + noun_patients
        actors = _resolve_all(agents, resolver, speaker)
        if any(c == "actor" for c, _ in rule.requires) and not actors:
            continue
        deep = INNER_PREPS | (LOCATIVE_PREPS if rule.plover_type in PLACE_TARGET_TYPES else set())
        named: set[int] = set()  # patients that name an actor ("accused Kyiv"), not a place ("near Djibo")
        recipients = [r for r in _resolve_all(patients, resolver, speaker, deep, named) if r not in actors]
        actor_phrases = agents + [p for p in patients if p.i in named]
        if not recipients:  # "demanded that the US cancel", "threatened to break relations with Russia"
            inner = _complement_targets(token) + _place_targets(token, rule)
            recipients = [r for r in _resolve_all(inner, resolver, speaker, deep) if r not in actors]
        recipients = [r for r in recipients if not _own_possession(r, actors) and not _repeats(r, actors)]
        resolver.place_in_sentence(sent, actors, recipients, rule.plover_type in DOMESTIC_TYPES)
        classes, mode = weapon_classes(_argument_tokens(token) + [token])
        plover = lexicon.plover_for(rule, mode if rule.plover_type == "ASSAULT" else None)
        code, plover, mood = reframe(token, rule, plover, modality(token, rule))
        casualties = casualties or count_casualties(sent, text)
        killed, injured = casualties
        opening = opens_new_event(sent) if opening is None else opening
        mentions.append(Mention(
            sent_index, sent, token, rule, plover, code, actors, recipients, classes,
            mood, killed, injured, attribution(token, sent), opening or new_event_word(token),
            target_words={t.lemma_.lower() for p in patients for t in p.subtree if t.pos_ == "NOUN"},
            weapon_mode=mode if classes or mode else None,
            argument_chars=[_chars(resolver.phrase(h)) for h in actor_phrases],
            target_chars=[_chars(resolver.phrase(h)) for h in patients],
            weapon_heads=[c for h in agents if (c := weapon_classes([h, *h.children])[0])],
        ))
    return fold_sentence(_drop_requested(mentions))


def _quoted(sent: Span, text: str) -> bool:
    """True when a word of the sentence is a double quote (most sentences have no quote mark at all)."""
    return ("“" in text or '"' in text) and any(t.text in "“\"" for t in sent)


def _repeats(recipient: Actor, actors: list[Actor]) -> bool:
    """True when a recipient is one of the actors named again ("North Korea warned it would ...")."""
    return any((recipient.name or recipient.country) and (recipient.name, recipient.country, recipient.sector)
               == (a.name, a.country, a.sector) for a in actors)


def _own_possession(recipient: Actor, actors: list[Actor]) -> bool:
    """True for the actor's own people or things ("withdraw their force", "warned its nationals"): not
    whom the event is aimed at."""
    first = recipient.text.split(" ", 1)[0].lower()
    return first in POSSESSIVES and recipient.country in {a.country for a in actors if a.country}


# Where mobilised forces are sent or stand: "reinforced its troops in Syria".
MOBILIZED_TO = {"in", "to", "into", "near", "along", "inside", "on"}


def _moved(patient: Token) -> bool:
    """True for what a mobilisation moves: its object or passive subject ("troops and tanks")."""
    role = patient.head.dep_ if patient.dep_ == "conj" else patient.dep_
    return role in ("dobj", "nsubjpass")


def _generic(token: Token, rule: lexicon.Trigger) -> bool:
    """True for a noun naming a kind of act, not an event: "Kidnapping is incompatible with peace"."""
    if rule.pos != "N" or token.dep_ not in ("nsubj", "attr") or token.head.lemma_ != "be":
        return False
    return not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod", "prep") for c in token.children)


def _drop_requested(mentions: list[Mention]) -> list[Mention]:
    """Drop the actions a demand or appeal asks for ("called on the rebels to stop taking hostages"):
    they have not happened, and the request itself is the event."""
    requests = [m.trigger for m in mentions if m.plover.type == "REQUEST"]
    if not requests:
        return mentions
    return [m for m in mentions if not any(_complement_of(m.trigger, r) for r in requests)]


def _complement_of(token: Token, governor: Token) -> bool:
    cur, hops = token, 0
    while cur.head != cur and hops < 5:
        if cur.head == governor:
            return cur.dep_ in ("xcomp", "ccomp")
        if cur.dep_ not in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "acl", "advcl"):
            return False
        cur, hops = cur.head, hops + 1
    return False


def _chars(phrase: list[Token]) -> tuple[int, int]:
    """Return the character range of a phrase (a head with its name and modifiers)."""
    return phrase[0].idx, phrase[-1].idx + len(phrase[-1])


def _modifier(token: Token, rule: lexicon.Trigger) -> bool:
    """True for a trigger noun that only modifies another noun: "protest leaders", "attack helicopters"."""
    return rule.pos == "N" and token.dep_ in ("compound", "amod") and token.head.pos_ in ("NOUN", "PROPN")


def _stative(token: Token) -> bool:
    """True for a description, not an event: "a base where troops are deployed" (present passive)."""
    if token.dep_ not in ("relcl", "acl") or token.tag_ != "VBN":
        return False
    aux = [c for c in token.children if c.dep_ in ("auxpass", "aux")]
    return any(a.tag_ in ("VBP", "VBZ") for a in aux)


def fold_sentence(mentions: list[Mention]) -> list[Mention]:
    """Merge mentions of one sentence that are one event ("was killed in a drone attack")."""
    kept: list[Mention] = []
    for m in mentions:
        host = next((k for k in kept if _same_clause_event(k, m)), None)
        if host is None:
            kept.append(m)
            continue
        host.extra_triggers.append(m.trigger)
        host.actors += [a for a in m.actors if a not in host.actors]
        host.recipients += [r for r in m.recipients if r not in host.recipients and r not in host.actors]
        host.weapons |= m.weapons
        host.weapon_mode = host.weapon_mode or m.weapon_mode
        if host.plover.mode is None and m.plover.mode:
            host.plover = Plover(host.plover.type, m.plover.mode, host.plover.context)
        host.fatalities = host.fatalities if host.fatalities is not None else m.fatalities
        host.injured = host.injured if host.injured is not None else m.injured
    return kept


def _same_clause_event(a: Mention, b: Mention) -> bool:
    """True when one trigger hangs under the other through a phrase of circumstance, same type.

    "was killed in the drone attack", "died in an airstrike on ...", "arrested and charged" (verb
    with noun): the inner trigger names the same event as the outer one.
    """
    if a.plover.type != b.plover.type and a.rule.plover_type != b.rule.plover_type:
        return False  # compared before reframing too: "will send food aid" is one promise of aid
    y = b.trigger
    for x in (a.trigger, *a.extra_triggers):  # "attacked ..., killing one and injuring four": one event
        if y.head == x or x.head == y or _under_circumstance(y, x) or _under_circumstance(x, y):
            return True
        if x.head == y.head and {x.dep_, y.dep_} == {"dobj", "advcl"}:
            return True  # "went on a hunger strike to protest against X": the purpose restates the act
    return False


# Prepositions that introduce the circumstance of an event ("in an attack", "during clashes").
CIRCUMSTANCE_PREPS = {"in", "during", "by", "with", "from", "amid", "after"}


def _under_circumstance(inner: Token, outer: Token) -> bool:
    """True when `inner` hangs under `outer` through prepositional phrases, one of circumstance."""
    cur, hops, circumstance = inner, 0, False
    while cur != outer and cur.head != cur and hops < 6:
        if cur.dep_ not in ("pobj", "pcomp", "prep", "agent", "compound", "nmod", "appos"):
            return False
        circumstance |= cur.dep_ in ("prep", "agent") and cur.lower_ in CIRCUMSTANCE_PREPS
        cur, hops = cur.head, hops + 1
    return cur == outer and circumstance
