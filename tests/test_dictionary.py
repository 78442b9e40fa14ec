"""The actor dictionary: bundled data, lookups, case rules, user files and their errors."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from eventwire.coding import dictionary as dictionary_module
from eventwire.coding.dictionary import ActorDictionary, read_table
from eventwire.errors import DataFileError

ORG_HEADER = "names\tcountry\tsector\taffiliation\tnote\n"
AGENT_HEADER = "term\tsector\tkind\tnote\n"
COUNTRY_HEADER = "iso3\tnames\tcapitals\tdemonyms\tadjective_forms\n"


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes(actors: ActorDictionary, sentence: str) -> list[tuple[str, str | None]]:
    words = sentence.split()
    return [(" ".join(words[start:end]), entry.code) for start, end, entry in actors.find_all(words)]


# --- bundled data ------------------------------------------------------------------------------


def test_every_iso_country_is_present(actors: ActorDictionary) -> None:
    missing = [c.alpha_3 for c in pycountry.countries if actors.country_name(c.alpha_3) is None]
    assert missing == []
    assert actors.country_name("XKX") == "Kosovo"
    assert actors.country_name("TWN") == "Taiwan"
    assert actors.country_name("PSE") == "Palestine"


def test_bundled_files_are_big_enough() -> None:
    data = dictionary_module.DATA_DIR
    sizes = {name: len(read_table(data / name)[1]) for name in dictionary_module.BUNDLED_FILES}
    assert sizes["countries.tsv"] >= 250
    assert sizes["organizations.tsv"] >= 300
    assert sizes["agents.tsv"] >= 250


def test_loading_is_cached() -> None:
    # speed is measured by benchmarks, not asserted here (the machine is shared and noisy)
    dictionary_module._load.cache_clear()
    first = ActorDictionary.load()
    assert ActorDictionary.load() is first


# --- lookups -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "code", "kind"),
    [
        ("the United States", "United States", "USA", "country"),
        ("U.S.", "United States", "USA", "country"),
        ("Britain", "United Kingdom", "GBR", "country"),
        ("Ivory Coast", "Ivory Coast", "CIV", "country"),
        ("Cote d'Ivoire", "Ivory Coast", "CIV", "country"),
        ("Republic of Korea", "South Korea", "KOR", "country"),
        ("DPRK", "North Korea", "PRK", "country"),
        ("Moscow", "Russia", "RUSGOV", "capital"),
        ("Kiev", "Ukraine", "UKRGOV", "capital"),
        ("Damascus", "Syria", "SYRGOV", "capital"),
        ("Iraqis", "Iraq", "IRQ", "demonym"),
        ("Britons", "United Kingdom", "GBR", "demonym"),
        ("Filipino", "Philippines", "PHL", "demonym"),
    ],
)
def test_country_file_entries(actors: ActorDictionary, text: str, name: str, code: str, kind: str) -> None:
    entry = actors.match(text)
    assert entry is not None, text
    assert (entry.name, entry.code, entry.kind) == (name, code, kind)


@pytest.mark.parametrize(
    ("text", "name", "code", "affiliation"),
    [
        ("Kata'ib Hezbollah", "Kataeb Hezbollah", "IRQREB", "Popular Mobilization Forces"),
        ("Kataib Hezbollah", "Kataeb Hezbollah", "IRQREB", "Popular Mobilization Forces"),
        ("Hashd al-Shaabi", "Popular Mobilization Forces", "IRQMIL", None),
        ("Daesh", "Islamic State", "INS", None),
        ("ISWAP", "Islamic State West Africa Province", "NGAINS", "Islamic State"),
        ("Ansar Allah", "Houthis", "YEMREB", None),
        ("the Revolutionary Guards", "Islamic Revolutionary Guard Corps", "IRNMIL", None),
        ("Quds Force", "Quds Force", "IRNMIL", "Islamic Revolutionary Guard Corps"),
        ("U.N.", "United Nations", "IGO", None),
        ("Doctors Without Borders", "Doctors Without Borders", "NGO", None),
        ("the White House", "White House", "USAGOV", None),
        ("Pentagon", "Pentagon", "USAMIL", None),
        ("the Kremlin", "Kremlin", "RUSGOV", None),
        ("BJP", "Bharatiya Janata Party", "INDPTY", None),
    ],
)
def test_organizations(
    actors: ActorDictionary, text: str, name: str, code: str, affiliation: str | None
) -> None:
    entry = actors.match(text)
    assert entry is not None, text
    assert entry.kind == "organization"
    assert (entry.name, entry.code, entry.affiliation) == (name, code, affiliation)


def test_agents_and_titles(actors: ActorDictionary) -> None:
    assert actors.agent_sector("troops") == "MIL"
    assert actors.agent_sector("troop") == "MIL"
    assert actors.agent_sector("Policemen") == "COP"
    assert actors.agent_sector("militias") == "REB"
    assert actors.agent_sector("gunmen") == "UAF"
    assert actors.agent_sector("journalists") == "MED"
    assert actors.agent_sector("lawmakers") == "LEG"
    assert actors.agent_sector("spokesman") is None
    assert actors.agent_sector("tortoise") is None
    assert actors.title_sector("Major General") == "MIL"
    assert actors.title_sector("Maj. Gen.") == "MIL"
    assert actors.title_sector("Foreign Minister") == "GOV"
    assert actors.title_sector("Ayatollah") == "REL"
    entry = actors.match("soldiers")
    assert entry is not None and (entry.kind, entry.code) == ("agent", "MIL")


# --- case, possessives, punctuation --------------------------------------------------------------


def test_short_acronyms_match_only_in_capitals(actors: ActorDictionary) -> None:
    assert actors.match("US").country == "USA"
    assert actors.match("us") is None
    assert actors.match("Us") is None
    assert actors.match("IS").name == "Islamic State"
    assert actors.match("is") is None
    assert actors.match("WHO").name == "World Health Organization"
    assert actors.match("who") is None
    assert actors.match("ANC").country == "ZAF"
    assert actors.match("anc") is None


def test_proper_names_need_their_capitals(actors: ActorDictionary) -> None:
    assert actors.match("Turkey").country == "TUR"
    assert actors.match("turkey") is None
    assert actors.match("UNITED STATES").country == "USA"  # all-capital headlines still match
    assert actors.match("Lebanese Forces").sector == "PTY"
    assert actors.match("Lebanese forces") is None  # the army: a demonym and an agent noun


@pytest.mark.parametrize("text", ["Iran's", "Iran’s", "the Iranian", "Iran ’s", "Teheran"])
def test_possessives_quotes_and_articles(actors: ActorDictionary, text: str) -> None:
    entry = actors.match(text)
    assert entry is not None and entry.country == "IRN", text


def test_find_all_takes_longest_non_overlapping_matches(actors: ActorDictionary) -> None:
    sentence = "Iran ’s Major General Qasem Soleimani met Kataeb Hezbollah commanders and U.S. troops"
    assert codes(actors, sentence) == [
        ("Iran", "IRN"),
        ("Major General", "MIL"),
        ("Kataeb Hezbollah", "IRQREB"),
        ("commanders", "MIL"),
        ("U.S.", "USA"),
        ("troops", "MIL"),
    ]


def test_find_all_joins_split_hyphens_and_skips_blocked_phrases(actors: ActorDictionary) -> None:
    assert codes(actors, "al - Qaeda and Hay'at Tahrir al - Sham") == [
        ("al - Qaeda", "INS"),
        ("Hay'at Tahrir al - Sham", "SYRREB"),
    ]
    assert codes(actors, "across Latin America and South China Sea islands") == []
    assert codes(actors, "the U.S.-led coalition") == [("U.S.-led", "USA")]
    assert codes(actors, "what is left for us") == []


def test_find_all_does_not_end_on_punctuation_or_possessive(actors: ActorDictionary) -> None:
    assert codes(actors, "attacks in Iraq . Syria 's army") == [
        ("Iraq", "IRQ"),
        ("Syria", "SYR"),
        ("army", "MIL"),
    ]


# --- user files ----------------------------------------------------------------------------------


def test_user_file_adds_entries(tmp_path: Path) -> None:
    orgs = write(
        tmp_path,
        "my_orgs.tsv",
        "# my groups\n"
        + ORG_HEADER
        + "Brigade of the Northern Hills|BNH\tIRQ\tREB\tPopular Mobilization Forces\tinvented\n",
    )
    agents = write(tmp_path, "my_agents.tsv", AGENT_HEADER + "frogmen\tMIL\tnoun\t\n")
    actors = ActorDictionary.load([orgs, agents])
    entry = actors.match("BNH")
    assert entry is not None and (entry.name, entry.code) == ("Brigade of the Northern Hills", "IRQREB")
    assert entry.affiliation == "Popular Mobilization Forces"
    assert actors.agent_sector("frogmen") == "MIL"
    assert ActorDictionary.load().match("BNH") is None  # the bundled dictionary is unchanged


def test_user_file_may_recode_a_bundled_entry(tmp_path: Path) -> None:
    orgs = write(tmp_path, "recode.tsv", ORG_HEADER + "Taliban\tAFG\tINS\t\tpre-2021 news\n")
    assert ActorDictionary.load([orgs]).match("Taliban").code == "AFGINS"


def test_user_block_row_switches_off_a_bundled_name(tmp_path: Path) -> None:
    blocks = write(tmp_path, "us_local.tsv", AGENT_HEADER + "Georgia\t\tblock\tthe US state\n")
    actors = ActorDictionary.load([blocks])
    assert actors.match("Georgia") is None
    assert actors.find_all(["Georgia", "troops"])[0][2].code == "MIL"
    assert actors.match("Tbilisi").code == "GEOGOV"


def test_user_country_row_adds_aliases(tmp_path: Path) -> None:
    countries = write(tmp_path, "countries.tsv", COUNTRY_HEADER + "USA\tAmreeka\t\t\t\n")
    entry = ActorDictionary.load([countries]).match("Amreeka")
    assert entry is not None and (entry.name, entry.code) == ("United States", "USA")


@pytest.mark.parametrize(
    ("name", "text", "line", "phrase"),
    [
        ("columns.tsv", ORG_HEADER + "Good Group\tIRQ\tREB\t\t\nBad Group IRQ REB\n", 3, "expected 5 tab"),
        (
            "sector.tsv",
            ORG_HEADER + "# comment\nBad Group\tIRQ\tWARLORDS\t\t\n",
            3,
            "unknown sector 'WARLORDS'",
        ),
        ("plover.tsv", AGENT_HEADER + "reporters\tJRN\tnoun\t\n", 2, "use MED"),
        ("country.tsv", ORG_HEADER + "\nBad Group\tXYZ\tREB\t\t\n", 3, "unknown country code 'XYZ'"),
        ("iso.tsv", COUNTRY_HEADER + "Narnia\tNarnia\t\t\t\n", 2, "not three capital letters"),
        ("affil.tsv", ORG_HEADER + "Bad Group\tIRQ\tREB\tNo Umbrella\t\n", 2, "affiliation 'No Umbrella'"),
        ("kind.tsv", AGENT_HEADER + "frogmen\tMIL\tperson\t\n", 2, "unknown kind 'person'"),
        ("header.tsv", "name\tcountry\n" + "Bad Group\tIRQ\n", 1, "unknown header line"),
        ("empty.tsv", ORG_HEADER + "Good Group||GG\tIRQ\tREB\t\t\n", 2, "remove the stray '|'"),
    ],
)
def test_bad_user_files_name_the_line(tmp_path: Path, name: str, text: str, line: int, phrase: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(DataFileError) as caught:
        ActorDictionary.load([path])
    assert caught.value.line == line
    assert caught.value.path == str(path.resolve())
    assert phrase in str(caught.value)


def test_conflicting_alias_within_user_files(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "dupes.tsv",
        ORG_HEADER + "Northern Group|NG\tIRQ\tREB\t\t\n" + "Southern Group|NG\tSYR\tREB\t\t\n",
    )
    with pytest.raises(DataFileError) as caught:
        ActorDictionary.load([path])
    assert caught.value.line == 3
    assert "'NG' already means organization 'Northern Group'" in str(caught.value)


def test_compatible_duplicates_are_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, "same.tsv", AGENT_HEADER + "frogman\tMIL\tnoun\t\nFrogman\tMIL\ttitle\t\n")
    assert ActorDictionary.load([path]).title_sector("Frogman") == "MIL"


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        ActorDictionary.load([tmp_path / "nope.tsv"])


def test_long_names_are_found_anywhere_in_a_text(actors: ActorDictionary) -> None:
    words = "Fighters of the Revolutionary Armed Forces of Colombia and al - Nusra Front met the army".split()
    matches = actors.find_long_names(words, "organization")
    found = [(" ".join(words[s:e]), entry.name) for s, e, entry in matches]
    assert found == [
        ("Revolutionary Armed Forces of Colombia", "Revolutionary Armed Forces of Colombia"),
        ("al - Nusra Front", "Nusra Front"),
    ]
    assert actors.find_long_names("the army of Colombia".split(), "organization") == []
