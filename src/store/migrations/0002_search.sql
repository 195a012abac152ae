-- Schema version 2: full-text search over the folded search text (NFD, marks stripped,
-- đ -> d, lower case; computed by the engine on every write, see src/text/fold.rs).
--
-- The FTS tables are external-content indexes over the `search_text` column, kept in
-- step by triggers, so the text is stored once and the index can always be rebuilt
-- with INSERT INTO x_fts(x_fts) VALUES('rebuild'). The text is already folded, so the
-- tokenizer only splits words; prefix indexes make type-ahead (`ngu*`) fast.

CREATE VIRTUAL TABLE members_fts USING fts5(
    search_text, content = 'members', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN
    INSERT INTO members_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER members_fts_update AFTER UPDATE OF search_text ON members BEGIN
    INSERT INTO members_fts (members_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO members_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE VIRTUAL TABLE teams_fts USING fts5(
    search_text, content = 'teams', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE TRIGGER teams_fts_insert AFTER INSERT ON teams BEGIN
    INSERT INTO teams_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER teams_fts_delete AFTER DELETE ON teams BEGIN
    INSERT INTO teams_fts (teams_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER teams_fts_update AFTER UPDATE OF search_text ON teams BEGIN
    INSERT INTO teams_fts (teams_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO teams_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

-- Lists sorted by Vietnamese collation read these in order.
CREATE INDEX members_team_sort ON members (team_id, sort_key);
CREATE INDEX villages_sort ON villages (sort_key);
CREATE INDEX teams_sort ON teams (sort_key);
CREATE INDEX admin_units_search ON admin_units (search_text);

-- Index what a version-1 file already holds.
INSERT INTO members_fts (members_fts) VALUES ('rebuild');
INSERT INTO teams_fts (teams_fts) VALUES ('rebuild');
