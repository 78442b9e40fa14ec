"""Turning a current database back into an older schema, to test the upgrade of files made by older
versions of eventwire (what each migration added is removed again, its data with it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# the indexes of migrations 1 and 2 that migration 3 replaced with its walk indexes
OLD_INDEXES = (
    ("events_date", "events", "date"),
    ("events_country_date", "events", "country, date"),
    ("events_type_date", "events", "plover_type, date"),
    ("events_latlon", "events", "lat, lon"),
    ("clusters_date", "clusters", "date"),
    ("clusters_type_date", "clusters", "plover_type, date"),
    ("clusters_country_date", "clusters", "country, date"),
    ("clusters_latlon", "clusters", "lat, lon"),
    ("event_features_family_day", "event_features", "family, day_lo"),
)


# what migration 3 added
NEW_INDEXES = (
    "events_walk",
    "events_unkeyed",
    "clusters_walk",
    "clusters_unkeyed",
    "cluster_aliases_cluster",
    "event_features_family_countries_day",
    "event_features_several",
)
NEW_COLUMNS = (
    ("events", "fts_id"),
    ("events", "countries"),
    ("events", "actor_keys"),
    ("clusters", "countries"),
    ("clusters", "actor_keys"),
)


def drop_migration_3(execute: Callable[[str], Any], extra_columns: tuple[tuple[str, str], ...] = ()) -> None:
    """Drop migration 4's table, migration 3's indexes and columns (and `extra_columns`) and bring back
    the indexes it replaced; `execute` runs one statement (SQLite connection or PostgreSQL connection
    alike)."""
    execute("DROP TABLE store_state")
    for index in NEW_INDEXES:
        execute(f"DROP INDEX {index}")
    for table, column in (*NEW_COLUMNS, *extra_columns):
        execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    for index, table, columns in OLD_INDEXES:
        execute(f"CREATE INDEX {index} ON {table}({columns})")


def undo_migration_3(db: Any) -> None:
    """Remove the filter columns (store/keys.py) and number the full-text rows 1, 2, ... again."""
    rows = db.execute("SELECT event_id, text FROM events_fts").fetchall()
    db.execute("DELETE FROM events_fts")
    db.executemany("INSERT INTO events_fts(event_id, text) VALUES (?,?)", [tuple(r) for r in rows])
    drop_migration_3(db.execute)
    db.execute("PRAGMA user_version = 2")


def undo_migration_2(db: Any) -> None:
    """Remove deduplication's tables (fingerprints, links, clusters)."""
    for table in (
        "cluster_aliases",
        "cluster_members",
        "clusters",
        "event_links",
        "event_features",
        "fingerprint_bands",
        "fingerprints",
    ):
        db.execute(f"DROP TABLE {table}")
    db.execute("PRAGMA user_version = 1")
