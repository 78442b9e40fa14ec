"""Boilerplate removal by paragraph features, on scraped pages written for these tests."""

from __future__ import annotations

from eventwire.clean.boilerplate import (
    article_paragraphs,
    describe,
    outlet_from_boilerplate,
    split_paragraphs,
)
from eventwire.clean.meta import (
    dateline_from_lead,
    dateline_from_stamp,
    find_wire,
    outlet_from_masthead,
    outlet_from_stamp,
)

PAGE = """\
Security forces disperse farmers blocking the highway near Ludhiana, police say.
Police used water cannon after talks with union leaders collapsed, officials said.
Subscribe to our newsletter for the day's top stories
Farmers had blocked the national highway for three days to demand higher crop prices, a union spokesman told PTI.
The district police chief declined to comment on reports that several protesters were detained.
12 / 3
Share  Tweet  Email
Also read: Five things to know about the new farm law
You have reached your limit of free articles. Log in or create an account to continue reading.
Comments are moderated. Please keep them civil and on topic, and read our community guidelines before posting.
© 2024 The Punjab Courier. All rights reserved.
"""


def test_article_paragraphs_keep_news_and_drop_furniture() -> None:
    kept = article_paragraphs([p for p in PAGE.splitlines() if p.strip()])
    assert kept[0].startswith("Security forces disperse farmers")
    assert any(p.startswith("Farmers had blocked") for p in kept)
    assert any("declined to comment" in p for p in kept), "news use of 'comment' is not boilerplate"
    joined = "\n".join(kept)
    for junk in ("Subscribe", "12 / 3", "Share", "Also read", "Log in", "Comments are moderated", "©"):
        assert junk not in joined


def test_features_of_single_paragraphs() -> None:
    assert describe("0 / 0").boilerplate
    assert describe("Sign in").boilerplate
    assert describe("  • Get notified by email for early access to discounts & offers").boilerplate
    assert not describe("The army said two soldiers were wounded in the ambush near the border.").boilerplate
    long_news = ("The company said subscriber numbers fell after the government ordered the network to be shut "
                 "down for three weeks during the protests, which left millions of people in the region without "
                 "any way to reach relatives or pay for goods, according to a report published on Tuesday.")
    assert describe(long_news).prose


def test_outlet_named_in_furniture() -> None:
    paras = ["Rebels shelled the port on Friday.", "© 2024 The Punjab Courier. All rights reserved."]
    assert outlet_from_boilerplate(paras) == "The Punjab Courier"
    assert outlet_from_boilerplate(["If you are a registered user of The Daily Star, log in to comment."]) \
        == "The Daily Star"
    assert outlet_from_boilerplate(["Subscribe to Delta Evening Post for unlimited access."]) == "Delta Evening Post"
    assert outlet_from_boilerplate(["Sign in to your Kivu Tribune account to comment."]) == "Kivu Tribune"
    assert outlet_from_boilerplate(["Copyright 2024 The Associated Press. All rights reserved."]) is None, "a wire"


def test_wire_credits() -> None:
    text = ("KANO, Nigeria (AP) — Gunmen attacked a village, officials told Reuters. The toll was confirmed to "
            "Agence France-Presse by a nurse. Rapid growth was seen in Africa and Asia.")
    assert find_wire(text) == ["AP", "Reuters", "AFP"]
    assert find_wire("The APC party and the AP Moller group met.") == []


def test_datelines() -> None:
    assert dateline_from_stamp("March 3, 2024 10:12 am | Updated 10:40 am IST - Chennai") == "Chennai"
    assert dateline_from_stamp("Sat 4 Jan 2020 18.05 GMT") is None
    assert dateline_from_lead("KANO, Nigeria (AP) — Gunmen attacked a village on Sunday.") == ("Kano", "AP")
    assert dateline_from_lead("BAGHDAD (Reuters) - Two rockets hit the Green Zone.") == ("Baghdad", "Reuters")
    assert dateline_from_lead("The army said on Sunday that it had retaken the town.") == (None, None)


def test_related_story_teasers_and_a_registration_wall_end_the_article() -> None:
    page = [
        "Fishermen protest port closure in Chittagong",
        "Dockworkers joined hundreds of fishermen on Monday in a march against the closure of the old port.",
        "The harbour authority said the closure was needed for dredging and would last six weeks.",
        "You might also like",
        "▸ Cyclone warning: 40 killed as storm floods coastal villages",
        "▸ Garment exports fall for a third month",
        "Register for free to continue reading: you have reached the limit of articles for guests.",
    ]
    kept = article_paragraphs(page)
    assert kept[-1].startswith("The harbour authority")
    assert not any("killed" in p or "Register" in p for p in kept)
    assert describe("Continue reading with a free account").boilerplate
    assert not describe("Officials said the registration of voters would continue until Friday.").boilerplate
    assert outlet_from_stamp("Updated: 05 Sep 2024 11:42 GMT+3  |  Red Sea Ledger") == "Red Sea Ledger"
    assert outlet_from_stamp("By Delta Courier staff with AFP | March 3, 2024, 7:10 a.m.") == "Delta Courier"
    assert outlet_from_stamp("By Amina Yusuf | March 3, 2024, 7:10 a.m.") is None  # a reporter
    assert outlet_from_stamp("Jan 5, 2020 02:33 IST - Baghdad") is None  # the dateline
    assert outlet_from_stamp("Amina Yusuf — March 3, 2024, 7:10 a.m.") is None  # a reporter, no press word
    assert outlet_from_masthead(["Storm toll rises to 12", "Irrawaddy Evening Post"]) == "Irrawaddy Evening Post"
    assert outlet_from_masthead(["Storm toll rises to 12", "Amina Yusuf"]) is None
    assert describe("Follow Delta Courier on Telegram and WhatsApp for breaking news.").boilerplate
    assert not describe("Protesters said they would follow the convoy on foot to the border crossing.").boilerplate


def test_no_break_spaces_become_plain_spaces_in_the_same_places() -> None:
    # a web page's no-break space splits a name for the parser ("Aleppo", " ", "Governorate")
    text = "Shelling hit the Aleppo\u00a0Governorate on Monday,\u202fa monitor said."
    (paragraph,) = split_paragraphs(text)
    assert paragraph == "Shelling hit the Aleppo Governorate on Monday, a monitor said."
    assert len(paragraph) == len(text)
