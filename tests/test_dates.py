"""Tests of the dates stage: publication stamps, zone evidence, date mentions, event dates, quality gate."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.dates import (
    event_date,
    find_dates,
    find_publication_times,
    local_anchor,
    parse_timestamp,
    pick_mention,
)
from eventwire.dates.mentions import _find_dates, _matches
from eventwire.dates.rules import COMPILED
from eventwire.dates.tense import _DEADLINE, _DEADLINE_WORD
from eventwire.dates.zones import Evidence, find_conversions, resolve_abbrev
from eventwire.eval.dates_eval import DEFAULT_MEANTIME, DEFAULT_OWN, score_meantime, score_own

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
FLOORS = ROOT / "tests" / "quality_floors.json"
UTC = UTC
SEED_PUBLISHED = datetime(2020, 1, 4, 21, 3, tzinfo=UTC)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEED_STAMP = "January 05, 2020 02:33 am | Updated 02:36 am IST - Baghdad"
SEED_CONVERSION = ("“We ask security forces in the country to get at least 1,000 metres away from U.S. bases "
                   "starting on Sunday at 5:00pm (1930 IST),” said the group.")


def _only(sentence: str, anchor: datetime, **kwargs: str) -> tuple[str, str]:
    mentions = find_dates(sentence, anchor, **kwargs)
    assert len(mentions) == 1, mentions
    return mentions[0].date, mentions[0].precision


# --- publication times ---------------------------------------------------------------------------------

def test_seed_stamp_reads_ist_as_india_from_the_conversion_in_the_text() -> None:
    lines = ["Pro-Iran faction urges Iraqi troops ‘get away’ from US forces in bases", "", "Standfirst.", "",
             SEED_STAMP, "", SEED_CONVERSION]
    times = find_publication_times(lines, body="\n".join(lines))
    assert times.published == SEED_PUBLISHED
    assert times.updated == SEED_PUBLISHED + timedelta(minutes=3)
    assert times.line_index == 4
    assert times.zone == "IST"
    assert times.zone_note and "conversion" in times.zone_note and "+05:30" in times.zone_note


@pytest.mark.skipif(not SEED.exists(), reason="../shared is absent")
def test_seed_article_publication_time() -> None:
    text = SEED.read_text(encoding="utf-8")
    times = find_publication_times(text.splitlines(), body=text, dateline_country="IRQ")
    assert times.published == SEED_PUBLISHED
    assert times.published.isoformat() == "2020-01-05T02:33:00+05:30"


def test_ambiguous_zone_without_evidence_is_reported_not_hidden() -> None:
    times = find_publication_times(["Headline", SEED_STAMP])
    assert times.published is not None
    assert times.zone_note is not None and times.zone_note.startswith("ambiguous: IST")


@pytest.mark.parametrize(("line", "outlet", "dateline", "offset_hours"), [
    ("July 4, 2020 6:05 PM IST", "The Irish Times", None, 1),
    ("July 4, 2020 6:05 PM IST", "https://www.thehindu.com/news/", None, 5.5),
    ("July 4, 2020 6:05 PM IST", None, "ISR", 5.5),  # Israel is on IDT in July: IST cannot be Israel
    ("January 4, 2020 6:05 PM IST", None, "ISR", 2),
    ("January 4, 2020 6:05 PM BST", None, None, 6),  # British Summer Time does not exist in January
    ("July 4, 2020 6:05 PM BST", "BBC", None, 1),
    ("January 4, 2020 6:05 PM CST", "chinadaily.com.cn", None, 8),
    ("January 4, 2020 6:05 PM CST", None, "USA", -6),
    ("January 4, 2020 6:05 PM AST", "Arab News", None, 3),
])
def test_ambiguous_abbreviations_are_read_from_evidence(line: str, outlet: str | None, dateline: str | None,
                                                        offset_hours: float) -> None:
    times = find_publication_times(["Headline", line], outlet=outlet, dateline_country=dateline)
    assert times.published is not None
    assert times.published.utcoffset() == timedelta(hours=offset_hours)


def test_conversion_with_two_zones_in_text() -> None:
    conversions = find_conversions("The curfew starts at 1400 GMT (1930 IST) on Sunday.")
    tz, note = resolve_abbrev("IST", datetime(2020, 7, 5, 12), Evidence(conversions=tuple(conversions)))
    assert tz is not None and tz.utcoffset(None) == timedelta(hours=5, minutes=30)
    assert note and "conversion" in note


FETCHED = datetime(2020, 1, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("line", "published_utc", "updated_utc"), [
    ("Sat 4 Jan 2020 18.05 GMT", "2020-01-04T18:05", None),
    ("2020-01-04T18:05:00Z", "2020-01-04T18:05", None),
    ("Jan. 4, 2020, 6:05 p.m. ET", "2020-01-04T23:05", None),
    ("Updated Jan. 4, 2020, 7:10 p.m. ET", None, "2020-01-05T00:10"),
    ("4 hours ago", "2020-01-05T08:00", None),
    ("PUBLISHED: 18:05 GMT, 4 January 2020 | UPDATED: 19:00 GMT, 4 January 2020", "2020-01-04T18:05",
     "2020-01-04T19:00"),
    ("January 4, 2020 / 6:05 PM / Updated 2 hours ago", "2020-01-04T18:05", "2020-01-05T10:00"),
    ("Posted: 04/01/2020 18:05 GMT+3", "2020-01-04T15:05", None),
    ("Published 2020-01-04 18:05 -0500", "2020-01-04T23:05", None),
    ("January 5, 2020 11:50 pm | Updated 00:10 am GMT", "2020-01-05T23:50", "2020-01-06T00:10"),
    ("By Jane Smith | Saturday, January 4, 2020 at 6:05 PM EST", "2020-01-04T23:05", None),
])
def test_stamp_formats(line: str, published_utc: str | None, updated_utc: str | None) -> None:
    times = find_publication_times(["Headline of the story", line], fetched=FETCHED)
    assert times.line_index == 1

    def utc(moment: datetime | None) -> str | None:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M") if moment else None

    assert (utc(times.published), utc(times.updated)) == (published_utc, updated_utc)


def test_stamp_with_date_only_and_no_zone_says_what_it_assumed() -> None:
    times = find_publication_times(["Headline", "Published 4 January 2020"], outlet="The Hindu")
    assert times.published == datetime(2020, 1, 4, 12, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert times.zone_note and "12:00 assumed" in times.zone_note and "Asia/Kolkata" in times.zone_note


def test_body_sentence_with_a_date_is_not_a_stamp() -> None:
    lines = ["Iraq votes on January 4, 2020, and officials say the turnout was low across the country today."]
    assert find_publication_times(lines).published is None


def test_update_line_below_the_stamp() -> None:
    times = find_publication_times(["Headline", "Sat 4 Jan 2020 18.05 GMT",
                                    "Last modified on Sat 4 Jan 2020 18.30 GMT"])
    assert times.published == datetime(2020, 1, 4, 18, 5, tzinfo=UTC)
    assert times.updated == datetime(2020, 1, 4, 18, 30, tzinfo=UTC)
    assert times.line_index == 1


@pytest.mark.parametrize(("value", "expected"), [
    ("2020-01-04T18:05:00Z", datetime(2020, 1, 4, 18, 5, tzinfo=UTC)),
    ("2020-01-04T23:35:00+05:30", datetime(2020, 1, 4, 18, 5, tzinfo=UTC)),
    ("Sat, 04 Jan 2020 18:05:00 +0000", datetime(2020, 1, 4, 18, 5, tzinfo=UTC)),
    ("2020-01-04", datetime(2020, 1, 4, 12, 0, tzinfo=UTC)),
    ("1578161100", datetime(2020, 1, 4, 18, 5, tzinfo=UTC)),
    ("January 4, 2020 6:05 PM EST", datetime(2020, 1, 4, 23, 5, tzinfo=UTC)),
    ("not a date", None),
    ("", None),
])
def test_parse_timestamp(value: str, expected: datetime | None) -> None:
    assert parse_timestamp(value) == expected


def test_parse_timestamp_reads_naive_values_in_the_default_zone() -> None:
    tz = ZoneInfo("Asia/Kolkata")
    assert parse_timestamp("2020-01-04 18:05:00", default_tz=tz) == datetime(2020, 1, 4, 18, 5, tzinfo=tz)


def test_local_anchor() -> None:
    assert local_anchor(SEED_PUBLISHED, "IRQ").isoformat() == "2020-01-05T00:03:00+03:00"
    assert local_anchor(SEED_PUBLISHED, None) is SEED_PUBLISHED
    assert local_anchor(SEED_PUBLISHED, "XXX") is SEED_PUBLISHED


# --- date mentions -------------------------------------------------------------------------------------

SEED_ANCHOR = local_anchor(SEED_PUBLISHED, "IRQ")


def test_seed_event_dates() -> None:
    friday = ("The missile attacks appeared to be the first hints of a retaliatory response to the killing "
              "by the U.S. of a top Iranian general near Baghdad airport on Friday.")
    mortars = ("Mortar rounds hit an area near the U.S. embassy in Baghdad on Saturday evening, security "
               "sources told AFP .")
    assert _only(friday, SEED_ANCHOR) == ("2020-01-03", "day")
    assert _only(mortars, SEED_ANCHOR) == ("2020-01-04", "day")
    [sunday] = find_dates(SEED_CONVERSION, SEED_ANCHOR)
    assert (sunday.text, sunday.date, sunday.time) == ("Sunday", "2020-01-05", "17:00")


@pytest.mark.parametrize("sentence", [
    "Talks are due on March 3, 2021, and again in early April.", "The 1990s ended; 2001 began on a Monday.",
    "He left 3/4/2019 (or 3.4.19) at 5:00pm.", "Nothing here but words.", "On the 5th they met again.",
    "Christmas Eve fell on a Sunday last year.", "MARCH 5 and SEPT. 12", "2,000 troops and 1500 police",
])
def test_rule_gates_skip_only_rules_that_cannot_match(sentence: str) -> None:
    every_rule = [(m.span(), rule) for pattern, rule, _ in COMPILED for m in pattern.finditer(sentence)]
    assert [(m.span(), resolver) for m, resolver in _matches(sentence)] == every_rule


def test_a_sentence_dated_again_against_another_anchor() -> None:
    sentence = "Rebels attacked the town on Friday."
    first = find_dates(sentence, datetime(2024, 5, 13, 9, tzinfo=UTC))  # a Monday
    again = find_dates(sentence, datetime(2024, 5, 20, 9, tzinfo=UTC))  # one week on: the matches are reused
    assert (first[0].date, again[0].date) == ("2024-05-10", "2024-05-17")


@given(st.lists(st.sampled_from(["closed", "until", "By", "BEFORE", "till", "the", "at", "least", "x", ",",
                                 "\n", "untill", "by-", "  "]), max_size=8))
def test_deadline_word_is_in_every_deadline(words: list[str]) -> None:
    window = " ".join(words) + " "
    assert not _DEADLINE.search(window) or _DEADLINE_WORD.search(window)


def test_local_calendar_date_of_the_event_place() -> None:
    published = datetime(2020, 1, 5, 1, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))  # Sunday in India
    sentence = "Mortar rounds hit the Green Zone on Saturday evening, and more attacks followed today."
    in_baghdad = find_dates(sentence, local_anchor(published, "IRQ"))  # still Saturday 22:30 in Baghdad
    assert [(m.text, m.date) for m in in_baghdad] == [("Saturday evening", "2020-01-04"),
                                                      ("today", "2020-01-04")]
    in_india = find_dates(sentence, local_anchor(published, "IND"))
    assert in_india[1].date == "2020-01-05"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Thousands will march on the capital, organisers said.", []),
    ("Protesters may gather again, police said.", []),
    ("The curfew starts at 5:00pm (1930 IST).", []),
    ("Some 1500 troops and 2000 police were deployed.", []),
    ("The Sunday Times reported the deal.", []),
    ("Black Monday wiped out a fifth of the market's value.", []),
    ("A boat sank off Christmas Island.", []),
])
def test_no_false_dates(sentence: str, expected: list[str]) -> None:
    assert [m.text for m in find_dates(sentence, SEED_ANCHOR)] == expected


@pytest.mark.parametrize(("sentence", "text", "date", "precision"), [
    ("Clashes last week left 12 dead.", "last week", "2019-12-23", "week"),
    ("Talks will resume next week.", "next week", "2020-01-06", "week"),
    ("Rockets hit the base earlier this month.", "earlier this month", "2020-01", "month"),
    ("The vote took place in 2019.", "2019", "2019", "year"),
    ("Fighting flared in mid-December.", "mid-December", "2019-12", "month"),
    ("Fighting flared in late 2018.", "late 2018", "2018", "year"),
    ("Two rockets landed two days ago.", "two days ago", "2020-01-03", "day"),
    ("Militias clashed from Friday to Sunday near Kirkuk.", "Friday to Sunday", "2020-01-03", "day"),
    ("Clashes on 3-5 January 2020 killed 20.", "3-5 January 2020", "2020-01-03", "day"),
    ("The rally on Jan. 4, 2020, drew thousands.", "Jan. 4, 2020", "2020-01-04", "day"),
    ("The rally on 2019-12-30 drew thousands.", "2019-12-30", "2019-12-30", "day"),
    ("Strikes overnight hit two depots.", "overnight", "2020-01-04", "day"),
    ("The curfew was lifted late Saturday.", "late Saturday", "2020-01-04", "day"),
    ("Police raided the office on Christmas Eve.", "Christmas Eve", "2019-12-24", "day"),
    ("The new parliament meets on March 7.", "March 7", "2020-03-07", "day"),
    ("The decision came last September.", "last September", "2019-09", "month"),
])
def test_expressions(sentence: str, text: str, date: str, precision: str) -> None:
    mentions = find_dates(sentence, SEED_ANCHOR)
    assert [(m.text, m.date, m.precision) for m in mentions] == [(text, date, precision)]


def test_month_ranges_stay_two_mentions() -> None:
    mentions = find_dates("The economy shrank between April and June.", SEED_ANCHOR)
    assert [m.text for m in mentions] == ["April", "June"]


def test_numeric_dates_follow_the_place() -> None:
    in_us = local_anchor(datetime(2020, 1, 10, 12, tzinfo=UTC), "USA")
    in_uk = local_anchor(datetime(2020, 1, 10, 12, tzinfo=UTC), "GBR")
    assert _only("The hearing on 4/1/2020 was postponed.", in_us) == ("2020-04-01", "day")
    assert _only("The hearing on 4/1/2020 was postponed.", in_uk) == ("2020-01-04", "day")


def test_explicit_tense_beats_sentence_cues_but_not_adjacent_ones() -> None:
    assert _only("Officials met on Monday.", SEED_ANCHOR, tense="future") == ("2020-01-06", "day")
    assert _only("Officials met on Monday.", SEED_ANCHOR) == ("2019-12-30", "day")
    assert _only("Curfew starting on Monday.", SEED_ANCHOR, tense="past") == ("2020-01-06", "day")


def test_weekday_written_with_a_date_picks_the_year() -> None:
    anchor = local_anchor(datetime(2011, 2, 11, 17, tzinfo=UTC), "EGY")
    assert _only("Groups called for a rally on Friday, Feb. 18.", anchor) == ("2011-02-18", "day")


# --- event dates ---------------------------------------------------------------------------------------

def test_event_date_falls_back_to_publication() -> None:
    assert event_date([None, None], SEED_ANCHOR) == event_date([], SEED_ANCHOR)
    fallback = event_date([], SEED_ANCHOR)
    assert (fallback.date, fallback.precision, fallback.text) == ("2020-01-05", "publication", None)
    assert event_date([], None).date is None


def test_event_date_carried_from_another_sentence() -> None:
    first = find_dates("Two rockets slammed into an Iraqi base in 2020.", SEED_ANCHOR)
    second = find_dates("The attack on Saturday evening caused no casualties.", SEED_ANCHOR)
    chosen = event_date([pick_mention(first), pick_mention(second)], SEED_ANCHOR)
    assert (chosen.date, chosen.precision, chosen.text) == ("2020-01-04", "day", "Saturday evening")


def test_pick_mention_prefers_the_date_nearest_the_event_word() -> None:
    sentence = "After talks on Friday, rockets hit the base on Saturday evening."
    mentions = find_dates(sentence, SEED_ANCHOR)
    assert pick_mention(mentions, near=sentence.index("hit"), sentence=sentence).text == "Saturday evening"
    assert pick_mention(mentions).text == "Friday"
    assert pick_mention([]) is None


# --- properties ----------------------------------------------------------------------------------------

ZONES = st.sampled_from([
    UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=9, minutes=30)),
    ZoneInfo("Asia/Baghdad"), ZoneInfo("America/New_York"), ZoneInfo("Pacific/Auckland"),
])
ANCHORS = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 12, 31), timezones=ZONES)
PIECES = st.sampled_from("""
    on Monday last next week March march May may 4 2020 1930 IST 5:00pm yesterday overnight ago two days
    from to Friday late early mid- the weekend '82 7/8/07 31 Feb. 29 Christmas Easter will was killed , .
    year month this in since by until 12th 2019-02-29 13/13/2013 0 999999
""".split())


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=120), st.lists(PIECES, max_size=14).map(" ".join)), anchor=ANCHORS,
       tense=st.sampled_from([None, "past", "future", "bogus"]))
def test_resolution_never_raises(text: str, anchor: datetime, tense: str | None) -> None:
    for mention in _find_dates(text, anchor, tense):  # the unguarded core: a failure here is a bug
        assert text[mention.start: mention.end] == mention.text
        assert mention.precision in ("day", "week", "month", "year")


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=60), anchor=st.datetimes(timezones=ZONES))
def test_public_find_dates_never_raises_even_at_the_ends_of_the_calendar(text: str, anchor: datetime) -> None:
    find_dates(text + " tomorrow and next year", anchor)


@settings(max_examples=200, deadline=None)
@given(anchor=ANCHORS, weekday=st.sampled_from(WEEKDAYS),
       sentence=st.sampled_from(["Troops were killed on {} in the north.",
                                 "The militia attacked on {} evening.",
                                 "Rockets hit the base late {}, officials said."]))
def test_past_weekday_lands_in_the_seven_days_before_publication(anchor: datetime, weekday: str,
                                                                 sentence: str) -> None:
    [mention] = find_dates(sentence.format(weekday), anchor, tense="past")
    delta = (anchor.date() - datetime.fromisoformat(mention.date).date()).days
    assert 0 <= delta < 7 and datetime.fromisoformat(mention.date).strftime("%A") == weekday


@settings(max_examples=200, deadline=None)
@given(anchor=ANCHORS, weekday=st.sampled_from(WEEKDAYS),
       sentence=st.sampled_from(["Leaders will meet on {}.", "The strike is scheduled for {}.",
                                 "A curfew starting on {} was announced."]))
def test_future_weekday_lands_in_the_seven_days_after_publication(anchor: datetime, weekday: str,
                                                                  sentence: str) -> None:
    [mention] = find_dates(sentence.format(weekday), anchor)
    delta = (datetime.fromisoformat(mention.date).date() - anchor.date()).days
    assert 0 <= delta <= 7 and datetime.fromisoformat(mention.date).strftime("%A") == weekday


@settings(max_examples=100, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)),
    layout=st.sampled_from(["%B %d, %Y %I:%M %p GMT", "%a %d %b %Y %H.%M GMT", "%Y-%m-%dT%H:%M:%SZ",
                            "Published: %d %B %Y, %H:%M UTC", "Updated %b. %d, %Y, %I:%M %p ET"]))
def test_stamp_round_trip(moment: datetime, layout: str) -> None:
    shown = moment.astimezone(ZoneInfo("America/New_York")) if layout.endswith("ET") else moment
    times = find_publication_times(["Headline", shown.strftime(layout)])
    read = times.updated if layout.startswith("Updated") else times.published
    assert read == moment


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.text(max_size=80), max_size=6), body=st.text(max_size=200))
def test_publication_readers_never_raise(lines: list[str], body: str) -> None:
    find_publication_times(lines, body=body, fetched=FETCHED)
    for line in lines:
        parse_timestamp(line)


# --- quality gate --------------------------------------------------------------------------------------

def _floors() -> dict[str, float | str]:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


def test_own_gold_is_the_one_the_floor_was_measured_on() -> None:
    digest = hashlib.sha256(DEFAULT_OWN.read_bytes()).hexdigest()
    assert _floors()["dates.own.gold_sha256"] == digest, (
        "tests/data/dates_gold.jsonl changed: run `python scripts/eval_dates.py own`, then re-pin "
        "dates.own.exact and dates.own.gold_sha256 in tests/quality_floors.json")


def test_own_gold_set_quality_floor() -> None:
    report = score_own()
    assert report.gold >= 300
    assert report.strict >= float(_floors()["dates.own.exact"]), "\n".join(report.errors)


@pytest.mark.skipif(not DEFAULT_MEANTIME.exists(), reason="../shared/gold/meantime is absent")
def test_meantime_quality_floor() -> None:
    report = score_meantime()
    floors = _floors()
    assert report.accuracy >= float(floors["dates.meantime.exact"]), "\n".join(report.errors)
    assert report.recall >= float(floors["dates.meantime.recall"]), "\n".join(report.errors)
