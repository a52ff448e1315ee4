-- 0002: indexes for the API and dashboard (marsad serve): browsing 100,000+ dataset events by
-- date with any filter, and text search over articles without scanning every text.
--
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
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
