-- 0003: actor name search without scanning every actor row (the API's actor filter at 100,000+
-- events). A trigram FTS5 index over event_actors' English and Arabic names; contentless, its rowid
-- is derived from event_actors' primary key: event_id * 1024 + (role = 'recipient') * 512 + pos,
-- so rowid / 1024 is the event id and VACUUM cannot break the link. Kept in step by triggers.
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
INSERT INTO event_actors_fts(rowid, name_en, text)
    SELECT event_id * 1024 + (role = 'recipient') * 512 + pos, name_en, text FROM event_actors;
