"""A generated corpus of realistic news articles for benchmarks (several hundred words each).

Articles are assembled from sentence templates written for eventwire, with places, actors, numbers
and dates drawn by a seeded random generator, so the same seed gives the same corpus on every
machine. Each article has a headline, a time stamp line, a lead, follow-up paragraphs, background,
quotes, and scraped furniture at the end, like a saved news page.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

PLACES = [
    ("Baghdad", "Iraq", "Iraqi"), ("Mosul", "Iraq", "Iraqi"), ("Aleppo", "Syria", "Syrian"),
    ("Idlib", "Syria", "Syrian"), ("Kharkiv", "Ukraine", "Ukrainian"), ("Odesa", "Ukraine", "Ukrainian"),
    ("Maiduguri", "Nigeria", "Nigerian"), ("Kano", "Nigeria", "Nigerian"), ("Mogadishu", "Somalia", "Somali"),
    ("Khartoum", "Sudan", "Sudanese"), ("El Fasher", "Sudan", "Sudanese"), ("Goma", "Democratic Republic of the Congo",
    "Congolese"), ("Bamako", "Mali", "Malian"), ("Kabul", "Afghanistan", "Afghan"), ("Sanaa", "Yemen", "Yemeni"),
    ("Aden", "Yemen", "Yemeni"), ("Cali", "Colombia", "Colombian"), ("Mandalay", "Myanmar", "Myanmar"),
    ("Peshawar", "Pakistan", "Pakistani"), ("Tripoli", "Libya", "Libyan"),
]
GROUPS = ["Islamic State", "al-Shabaab", "Boko Haram", "the Houthis", "the Rapid Support Forces", "M23 rebels",
          "the Taliban", "the ELN", "an armed group", "unidentified gunmen"]
OUTLETS = ["The Daily Ledger", "Frontline Wire", "Capital Post", "The Evening Herald", "Regional Times"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "nine", "12", "15", "at least 20", "dozens of"]

LEADS = [
    "{group} fighters attacked an army checkpoint on the outskirts of {city} on {day}, killing {n} soldiers, "
    "{adj} military officials said.",
    "A car bomb exploded near a crowded market in {city} late on {day}, killing {n} people and wounding many "
    "more, police said.",
    "{adj} warplanes struck positions held by {group} near {city} on {day}, the defence ministry said.",
    "Thousands of protesters marched through the centre of {city} on {day} to demand the release of detained "
    "opposition leaders.",
    "Security forces arrested {n} suspected members of {group} in raids across {city} on {day}, a police "
    "spokesman said.",
    "Government and rebel negotiators met in {city} on {day} for a new round of talks on a ceasefire.",
]
FOLLOW = [
    "The attack was the deadliest in the area since the start of the year, residents told {outlet}.",
    "Witnesses said the fighting lasted for several hours before reinforcements arrived from the provincial "
    "capital.",
    "Hospital officials in {city} said they had received {n} wounded, some of them in critical condition.",
    "No group immediately claimed responsibility, but officials blamed {group}.",
    "The {adj} president condemned the violence and ordered an investigation into the security failures.",
    "Local leaders urged the authorities to send more troops to protect villages along the main road.",
    "The United Nations called on all sides to respect international humanitarian law and protect civilians.",
    "Aid agencies warned that the violence could force thousands more families to flee their homes.",
]
BACKGROUND = [
    "The region has been hit by a wave of attacks over the past two years, and the government has struggled to "
    "restore order despite repeated offensives and promises of development funding for the north.",
    "Analysts say the conflict is fuelled by disputes over land and water, weak state institutions and the "
    "spread of weapons from neighbouring countries, while peace efforts have repeatedly stalled.",
    "More than a million people have been displaced by the fighting, according to United Nations figures, and "
    "many live in crowded camps with little access to clean water, food or medical care.",
    "Neighbouring governments have stepped up border patrols, and regional leaders are expected to discuss the "
    "crisis at a summit later this month, where diplomats hope to agree on a plan to reopen humanitarian "
    "corridors and resume talks between the warring parties.",
    "Elections are due next year, and opposition parties accuse the government of using the security situation "
    "to delay the vote and restrict the activities of journalists and civil society groups.",
]
QUOTES = [
    "\u201cWe will not allow these criminals to terrorise our people,\u201d the governor told reporters in {city}.",
    "\u201cThe situation is very tense and people are afraid to leave their homes,\u201d a resident said by "
    "telephone.",
    "\u201cWe call on the international community to help us,\u201d a local official said.",
]
FURNITURE = ["Share  Tweet  Email", "Subscribe to our newsletter for the latest headlines",
             "Comments are moderated and will appear once approved. Read our community guidelines.",
             "\u00a9 {year} {outlet}. All rights reserved.", "Also read: What we know about the conflict", "3 / 0"]


def article(rng: random.Random, index: int) -> str:
    """Return one generated article as a scraped plain-text page."""
    city, country, adj = rng.choice(PLACES)
    fill = {"city": city, "country": country, "adj": adj, "group": rng.choice(GROUPS), "n": rng.choice(NUMBERS),
            "day": rng.choice(WEEKDAYS), "outlet": rng.choice(OUTLETS)}
    published = datetime(2023, 1, 1, 6) + timedelta(hours=7 * index + rng.randint(0, 6), minutes=rng.randint(0, 59))
    lead = rng.choice(LEADS).format(**fill)
    headline = lead.split(",")[0].split(" on ")[0]
    body = [lead]
    for sentence in rng.sample(FOLLOW, 6):
        body.append(sentence.format(**{**fill, "n": rng.choice(NUMBERS)}))
    body.insert(3, rng.choice(QUOTES).format(**fill))
    body += rng.sample(BACKGROUND, 3)
    body.append(rng.choice(FOLLOW).format(**fill))
    stamp = published.strftime("%B %d, %Y %I:%M %p") + f" GMT - {city}"
    furniture = [f.format(year=published.year, outlet=fill["outlet"]) for f in rng.sample(FURNITURE, 4)]
    return "\n\n".join([headline, stamp, *body, *furniture]) + "\n"


def generate(n: int, seed: int = 7) -> Iterator[str]:
    """Yield n generated articles (deterministic for a seed)."""
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i)


if __name__ == "__main__":
    import sys

    for text in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
        print(text)
        print("=" * 40)
