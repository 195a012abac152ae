-- Schema 7: what has been committed, as one value every connection reads alike
-- (src/store/mod.rs, ContentVersion). `writes` goes up in every write's transaction;
-- `generation` is drawn anew when the content is replaced (a restore, a migration).
-- Views kept in memory by the window (the receiving unit's overview) are keyed on it,
-- so a reading connection knows whether what the writer prepared is still current.
CREATE TABLE store_version (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    generation TEXT NOT NULL,
    writes INTEGER NOT NULL
) STRICT;

INSERT INTO store_version (singleton, generation, writes)
VALUES (1, lower(hex(randomblob(16))), 0);
