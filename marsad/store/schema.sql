-- marsad store: the one schema file (SQLite, WAL).
--
-- Version: see SCHEMA_VERSION in marsad/store/db.py; PRAGMA user_version holds the version of an
-- open database and marsad/store/migrations/NNNN_*.sql bring an older one up to date.
-- This file always describes the CURRENT schema; a fresh database is created from it.
--
-- Three layers:
--   1. what was read      : articles (identity = content hash), entities, mentions
--   2. what each article says : events (one row per event per article = a "report"), event_actors,
--                           fatality_reports (every figure with its article and speaker)
--   3. the dataset        : dataset_events (one row per real-world happening after `marsad merge`),
--                           dataset_event_sources (links to every article-level event),
--                           dataset_event_revisions (earlier values kept when a later report revises)
--
-- Conventions: dates are ISO 'YYYY-MM-DD' text; country and actor codes are ISO3 / PLOVER codes;
-- offsets are character offsets into articles.text; booleans are 0/1; *_json columns hold JSON.

CREATE TABLE IF NOT EXISTS articles (
    id          INTEGER PRIMARY KEY,          -- stable for a given input order
    hash        TEXT NOT NULL UNIQUE,         -- sha256 of the normalised text: the identity
    ext_id      TEXT,                         -- id given by the input (JSONL "id", file stem …)
    source      TEXT,                         -- outlet
    url         TEXT,
    title       TEXT,
    published   TEXT,                         -- YYYY-MM-DD or NULL
    text        TEXT NOT NULL,                -- original text; evidence offsets point here
    n_chars     INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'done', -- 'done' | 'failed' (extraction raised; error says why)
    error       TEXT,
    n_events    INTEGER NOT NULL DEFAULT 0,
    extractor   TEXT,                         -- marsad version that coded it
    ingested_at TEXT NOT NULL                 -- UTC ISO timestamp
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);

-- Entities found in one article (ArticleResult.entities).
CREATE TABLE IF NOT EXISTS entities (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,             -- position in ArticleResult.entities
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,                -- PER | ORG | GPE | LOC
    name_en     TEXT,
    code        TEXT,                         -- ISO3 / IGO / PLOVER actor code
    UNIQUE (article_id, idx)
);
CREATE INDEX IF NOT EXISTS entities_code ON entities(code);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name_en);

-- Per-article mentions: every span of an entity in the original text.
CREATE TABLE IF NOT EXISTS mentions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);

-- Article-level events: what ONE article reports (ArticleResult.events).
CREATE TABLE IF NOT EXISTS events (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,         -- position in ArticleResult.events
    event_key       TEXT,                     -- Event.id inside the article
    type            TEXT NOT NULL,            -- PLOVER type (ASSAULT, PROTEST …)
    mode            TEXT,
    context         TEXT,
    date            TEXT,                     -- YYYY-MM-DD or NULL
    date_precision  TEXT NOT NULL DEFAULT 'unknown',  -- day | week | month | year | unknown
    actor_codes     TEXT NOT NULL DEFAULT '', -- ' IRQ ISIS ' space-delimited, padded (for LIKE)
    recipient_codes TEXT NOT NULL DEFAULT '',
    loc_text        TEXT,
    loc_name_en     TEXT,
    country         TEXT,                     -- ISO3 of the place
    lat             REAL,
    lon             REAL,
    geonameid       INTEGER,
    loc_precision   TEXT,                     -- point | city | region | country
    dead            INTEGER,                  -- the article's own figure (Fatalities.dead)
    dead_qualifier  TEXT,                     -- exact | at_least | about | at_most
    injured         INTEGER,
    speaker         TEXT,                     -- who says so (Arabic as written)
    speaker_en      TEXT,
    speaker_code    TEXT,
    negated         INTEGER NOT NULL DEFAULT 0,
    future          INTEGER NOT NULL DEFAULT 0,
    confidence      REAL,
    trig            TEXT,                     -- trigger word
    evidence        TEXT,                     -- evidence text (exact characters of articles.text)
    ev_start        INTEGER,
    ev_end          INTEGER,
    json            TEXT NOT NULL,            -- Event.to_dict() as produced by the extractor
    UNIQUE (article_id, idx)
);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE INDEX IF NOT EXISTS events_country ON events(country);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);

-- Actors and recipients of article-level events (one row per participant).
CREATE TABLE IF NOT EXISTS event_actors (
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role        TEXT NOT NULL,                -- actor | recipient
    pos         INTEGER NOT NULL,
    text        TEXT,
    type        TEXT,
    name_en     TEXT,
    code        TEXT,
    sector      TEXT,
    PRIMARY KEY (event_id, role, pos)
);
CREATE INDEX IF NOT EXISTS event_actors_code ON event_actors(code);

-- Every reported casualty figure, with its article and speaker (Fatalities.reports).
CREATE TABLE IF NOT EXISTS fatality_reports (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    dead        INTEGER,
    injured     INTEGER,
    qualifier   TEXT,                         -- exact | at_least | about | at_most
    side        TEXT,
    speaker     TEXT,
    text        TEXT,
    start       INTEGER,
    "end"       INTEGER
);
CREATE INDEX IF NOT EXISTS fatality_reports_event ON fatality_reports(event_id);

-- The dataset: one row per happening, written by `marsad merge` (deterministic; rebuilt each run).
CREATE TABLE IF NOT EXISTS dataset_events (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,     -- stable id: 'MRS-' + hash of the earliest source report
    type            TEXT NOT NULL,
    mode            TEXT,
    context         TEXT,
    date            TEXT,                     -- earliest well-placed date (YYYY-MM-DD) or NULL
    date_end        TEXT,                     -- latest date among sources where they differ
    date_precision  TEXT NOT NULL DEFAULT 'unknown',
    actor_codes     TEXT NOT NULL DEFAULT '', -- ' IRQ ISIS ' union over sources
    recipient_codes TEXT NOT NULL DEFAULT '',
    actors_json     TEXT NOT NULL DEFAULT '[]',     -- [{code,name_en,text,sector}] union
    recipients_json TEXT NOT NULL DEFAULT '[]',
    loc_text        TEXT,
    loc_name_en     TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
    geonameid       INTEGER,
    loc_precision   TEXT,
    dead            INTEGER,                  -- most conservative well-sourced figure
    dead_qualifier  TEXT,
    dead_report_id  INTEGER REFERENCES fatality_reports(id),  -- the figure chosen
    dead_max        INTEGER,                  -- highest figure any source gave
    injured         INTEGER,
    n_sources       INTEGER NOT NULL,         -- article-level events merged here
    n_articles      INTEGER NOT NULL,
    first_published TEXT,
    last_published  TEXT,
    negated         INTEGER NOT NULL DEFAULT 0,
    future          INTEGER NOT NULL DEFAULT 0,
    confidence      REAL,
    evidence        TEXT,                     -- evidence of the representative report
    merged_at       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dataset_events_type_date ON dataset_events(type, date);
CREATE INDEX IF NOT EXISTS dataset_events_country ON dataset_events(country);

CREATE TABLE IF NOT EXISTS dataset_event_sources (
    dataset_event_id INTEGER NOT NULL REFERENCES dataset_events(id) ON DELETE CASCADE,
    event_id         INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (dataset_event_id, event_id)
);
CREATE INDEX IF NOT EXISTS dataset_event_sources_event ON dataset_event_sources(event_id);

-- When a merge changes a dataset event's figures (a later report revises it, as ACLED does),
-- the previous values are kept here.
CREATE TABLE IF NOT EXISTS dataset_event_revisions (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL,                -- dataset_events.key
    revised_at  TEXT NOT NULL,
    dead        INTEGER,
    dead_qualifier TEXT,
    n_sources   INTEGER,
    date        TEXT,
    note        TEXT
);
CREATE INDEX IF NOT EXISTS dataset_event_revisions_key ON dataset_event_revisions(key);

-- Read problems and other ingest notes (bad file/line with reason), kept for the record.
CREATE TABLE IF NOT EXISTS ingest_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    "where" TEXT NOT NULL,
    reason  TEXT NOT NULL,
    UNIQUE ("where", reason)
);

-- API and dashboard (added by migration 0002) -------------------------------------------------
-- dataset_events_browse: date order (the API's sort) with the filter columns alongside, so a
-- filtered page or count walks this compact index instead of the wide rows.
CREATE INDEX IF NOT EXISTS dataset_events_browse
    ON dataset_events(date, key, type, country, lat, lon, dead, mode, loc_name_en);
CREATE INDEX IF NOT EXISTS dataset_event_sources_article ON dataset_event_sources(article_id);

-- Substring search over article titles and texts (trigram FTS5, external content: the text is
-- stored once, in articles). Kept in step with articles by the triggers below.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts
    USING fts5(title, text, content='articles', content_rowid='id', tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

-- Actor name search (added by migration 0003): trigram index over event_actors' names; its rowid is
-- event_id * 1024 + (role = 'recipient') * 512 + pos, so rowid / 1024 is the event id.
CREATE VIRTUAL TABLE IF NOT EXISTS event_actors_fts
    USING fts5(name_en, text, content='', tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS event_actors_fts_insert AFTER INSERT ON event_actors BEGIN
    INSERT INTO event_actors_fts(rowid, name_en, text)
    VALUES (new.event_id * 1024 + (new.role = 'recipient') * 512 + new.pos, new.name_en, new.text);
END;
CREATE TRIGGER IF NOT EXISTS event_actors_fts_delete AFTER DELETE ON event_actors BEGIN
    INSERT INTO event_actors_fts(event_actors_fts, rowid, name_en, text)
    VALUES ('delete', old.event_id * 1024 + (old.role = 'recipient') * 512 + old.pos, old.name_en, old.text);
END;
