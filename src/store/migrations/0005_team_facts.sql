-- Schema version 5: what rules C1–C8 need to know of each team, kept per team.
--
-- Measured on a province of 168 communes (616,000 records, 2,110 teams): computing the
-- rules from the records read about 300,000 rows and took 108 ms of a 124 ms overview.
-- `team_facts` keeps, per team, the dates and flags the rules count (not the counts
-- themselves: those depend on the day and the thresholds), packed by the engine
-- (src/compliance/facts), so the overview reads one row per team.
--
-- Which teams to recompute comes from the change counter every written row carries
-- (`seq`, indexed in every table): `team_facts_state.seq` is the installation's
-- `seq_last` when the facts were last brought up to date, and the teams of the rows
-- with a newer `seq` are the ones to recompute. Only what `seq` cannot tell is left to
-- triggers: the team a row named before an update moved it to another team. (Insert
-- triggers were tried and refused: any row trigger on a table doubled the cost of each
-- insert in the import, 10.4 s → 14.7 s for the province.)

CREATE TABLE team_facts (
    team_id TEXT PRIMARY KEY NOT NULL,
    facts BLOB NOT NULL
);
-- Teams to recompute besides those `seq` finds.
CREATE TABLE team_facts_stale (
    team_id TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;
-- -1: the facts follow nothing yet, so the first read computes every team's.
CREATE TABLE team_facts_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    seq INTEGER NOT NULL
);
INSERT INTO team_facts_state (singleton, seq) VALUES (1, -1);

CREATE TRIGGER team_villages_facts_moved AFTER UPDATE OF team_id ON team_villages
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER team_statuses_facts_moved AFTER UPDATE OF team_id ON team_statuses
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER decisions_facts_moved AFTER UPDATE OF team_id ON decisions
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER regulations_facts_moved AFTER UPDATE OF team_id ON regulations
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER duties_facts_moved AFTER UPDATE OF team_id ON duties
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER programme_links_facts_moved AFTER UPDATE OF team_id ON programme_links
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER members_facts_moved AFTER UPDATE OF team_id ON members
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER equipment_issues_facts_moved AFTER UPDATE OF team_id ON equipment_issues
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER fund_entries_facts_moved AFTER UPDATE OF team_id ON fund_entries
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER commendations_facts_moved AFTER UPDATE OF team_id ON commendations
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER activities_facts_moved AFTER UPDATE OF team_id ON activities
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER inspections_facts_moved AFTER UPDATE OF team_id ON inspections
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER documents_facts_moved AFTER UPDATE OF team_id ON documents
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

-- An attendance moved to another member leaves the first member's team.
CREATE TRIGGER training_attendances_facts_moved AFTER UPDATE OF member_id ON training_attendances
WHEN OLD.member_id IS NOT NEW.member_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id)
        SELECT team_id FROM members WHERE id = OLD.member_id;
END;
