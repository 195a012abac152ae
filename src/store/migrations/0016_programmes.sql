-- Schema 16 (issue 16): the programmes and movements running on the commune's
-- territory (kind programme, src/kinds/places_teams.rs), and, on a team's link to a
-- programme, which one and the duty it asks of the team (so two programmes asking one
-- team the same duty show as an overlap).

-- kind: programme
CREATE TABLE programmes (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    programme TEXT NOT NULL,
    name TEXT NOT NULL,
    lead_organisation TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    note TEXT
);
CREATE INDEX programmes_seq ON programmes (seq);
CREATE INDEX programmes_owner ON programmes (owner);

ALTER TABLE programme_links ADD COLUMN programme_id TEXT REFERENCES programmes(id);
ALTER TABLE programme_links ADD COLUMN duty TEXT;
CREATE INDEX programme_links_programme_id ON programme_links (programme_id);
