"""Schema migrations, applied in order; `PRAGMA user_version` records the last one applied.

Never edit a released migration: add the next one.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: documents, events, actors, places, evidence, failures, full-text index over evidence
    """
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        published_utc TEXT,
        dateline TEXT,
        language TEXT,
        error_stage TEXT,
        error_message TEXT,
        n_events INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL,
        record TEXT NOT NULL            -- the whole contract Document as JSON
    );
    CREATE INDEX documents_source ON documents(source);
    CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        date TEXT,
        date_precision TEXT,
        plover_type TEXT,
        plover_mode TEXT,
        cameo_code TEXT,
        cameo_root TEXT,
        quad_class INTEGER,
        goldstein REAL,
        modality TEXT,
        fatalities INTEGER,
        injured INTEGER,
        place_name TEXT,
        country TEXT,
        admin1 TEXT,
        lat REAL,
        lon REAL,
        precision TEXT,
        confidence REAL,
        record TEXT NOT NULL            -- the contract Event as JSON
    );
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_country_date ON events(country, date);
    CREATE INDEX events_type_date ON events(plover_type, date);
    CREATE INDEX events_doc ON events(doc_id);
    CREATE INDEX events_latlon ON events(lat, lon);
    CREATE TABLE actors (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        role TEXT NOT NULL,             -- actor | recipient
        text TEXT, name TEXT, country TEXT, sector TEXT, code TEXT
    );
    CREATE INDEX actors_event ON actors(event_id);
    CREATE INDEX actors_country ON actors(country);
    CREATE INDEX actors_name ON actors(name);
    CREATE TABLE places (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        start INTEGER, "end" INTEGER, text TEXT, name TEXT, country TEXT, admin1 TEXT,
        lat REAL, lon REAL, precision TEXT, geonames_id INTEGER
    );
    CREATE INDEX places_doc ON places(doc_id);
    CREATE TABLE evidence (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
    );
    CREATE INDEX evidence_event ON evidence(event_id);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        doc_id TEXT,
        stage TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX failures_source_stage ON failures(source, stage);
    CREATE VIRTUAL TABLE events_fts USING fts5(event_id UNINDEXED, text, tokenize = 'porter unicode61');
    """,
    # 2: cross-document deduplication (eventwire/dedup): content fingerprints of documents (MinHash
    # signature and its LSH band keys, and which document a wire copy repeats), comparison features of
    # events, links between events that may report the same real event, clusters (one row per real
    # event, its contract record as JSON), which cluster each event belongs to, and the ids a cluster
    # had before (a backfilled earlier report renames it; old ids keep resolving).
    """
    CREATE TABLE fingerprints (
        doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
        signature BLOB NOT NULL,
        words INTEGER NOT NULL,
        copy_of TEXT
    );
    CREATE TABLE fingerprint_bands (
        band INTEGER NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE
    );
    CREATE INDEX fingerprint_bands_band ON fingerprint_bands(band);
    CREATE INDEX fingerprint_bands_doc ON fingerprint_bands(doc_id);
    CREATE TABLE event_features (
        event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
        family TEXT,
        day_lo INTEGER,
        day_hi INTEGER,
        countries TEXT NOT NULL,        -- "|IRQ|SYR|": countries of its places, "" when none
        features TEXT NOT NULL
    );
    CREATE INDEX event_features_family_day ON event_features(family, day_lo);
    CREATE TABLE event_links (
        a TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        score REAL NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX event_links_b ON event_links(b);
    CREATE TABLE clusters (
        cluster_id TEXT PRIMARY KEY,
        date TEXT,
        date_precision TEXT,
        plover_type TEXT,
        country TEXT,
        admin1 TEXT,
        lat REAL,
        lon REAL,
        fatalities INTEGER,
        mentions INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        record TEXT NOT NULL
    );
    CREATE INDEX clusters_date ON clusters(date);
    CREATE INDEX clusters_type_date ON clusters(plover_type, date);
    CREATE INDEX clusters_country_date ON clusters(country, date);
    CREATE INDEX clusters_latlon ON clusters(lat, lon);
    CREATE TABLE cluster_members (
        event_id TEXT PRIMARY KEY REFERENCES events(event_id) ON DELETE CASCADE,
        cluster_id TEXT NOT NULL
    );
    CREATE INDEX cluster_members_cluster ON cluster_members(cluster_id);
    CREATE TABLE cluster_aliases (
        old_id TEXT PRIMARY KEY,
        cluster_id TEXT NOT NULL
    );
    """,
    # 3: filter columns (keys.py): a page of events or clusters under any filter is one walk of a
    # covering index in date order, and a count under any filter one scan of it. The walk indexes
    # replace the per-column ones, which only led SQLite to sort every row a filter matched. Aliases
    # are found by the cluster they point to (retiring a cluster id scanned them all), and stored events
    # to compare with by country (dedup/index.py Dedup._stored_in) rather than among every country's.
    """
    ALTER TABLE events ADD COLUMN fts_id INTEGER;
    ALTER TABLE events ADD COLUMN countries TEXT;
    ALTER TABLE events ADD COLUMN actor_keys TEXT;
    DROP INDEX events_date;
    DROP INDEX events_country_date;
    DROP INDEX events_type_date;
    DROP INDEX events_latlon;
    CREATE INDEX events_walk ON events(date, event_id, plover_type, country, countries, lat, lon, fts_id,
                                       actor_keys);
    CREATE INDEX events_unkeyed ON events(event_id) WHERE fts_id IS NULL;
    ALTER TABLE clusters ADD COLUMN countries TEXT;
    ALTER TABLE clusters ADD COLUMN actor_keys TEXT;
    DROP INDEX clusters_date;
    DROP INDEX clusters_type_date;
    DROP INDEX clusters_country_date;
    DROP INDEX clusters_latlon;
    CREATE INDEX clusters_walk ON clusters(date, cluster_id, plover_type, country, mentions, countries,
                                           lat, lon, actor_keys);
    CREATE INDEX clusters_unkeyed ON clusters(cluster_id) WHERE countries IS NULL;
    CREATE INDEX cluster_aliases_cluster ON cluster_aliases(cluster_id);
    DROP INDEX event_features_family_day;
    CREATE INDEX event_features_family_countries_day
        ON event_features(family, countries, day_lo, day_hi);
    CREATE INDEX event_features_several ON event_features(family, day_lo, day_hi)
        WHERE countries LIKE '|%|%|';
    """,
    # 4: the store's own state. `outlet_areas_upto`: the last document (rowid) stored by an ingest that
    # finished; outlet areas (geo/outlets.py) are learnt from those documents only, so an ingest killed
    # and resumed gives the same database as one clean run. A database that already held documents
    # counts them all.
    """
    CREATE TABLE store_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO store_state(key, value)
        SELECT 'outlet_areas_upto', CAST(COALESCE(MAX(rowid), 0) AS TEXT) FROM documents;
    """,
]
