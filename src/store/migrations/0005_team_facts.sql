-- Schema version 5: what rules C1–C8 need to know of each team, kept per team.
--
-- Measured on a province of 168 communes (616,000 records, 2,110 teams): computing the
-- rules from the records read about 300,000 rows and took 108 ms of a 124 ms overview.
-- `team_facts` keeps, per team, the dates and flags the rules count (not the counts
-- themselves: those depend on the day and the thresholds), packed by the engine
-- (src/compliance/facts.rs), so the overview reads one row per team.
--
-- A team's facts are recomputed when they may have changed: every insert, update or
-- delete of a row that names a team (directly, through a member, or through a training
-- its members attended) puts that team in `team_facts_stale`, here in SQL, so no write
-- path of the program can forget it. Facts are recomputed before they are read.

CREATE TABLE team_facts (
    team_id TEXT PRIMARY KEY NOT NULL,
    facts BLOB NOT NULL
);
CREATE TABLE team_facts_stale (
    team_id TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;
-- Every team of an existing file starts stale.
INSERT INTO team_facts_stale (team_id) SELECT id FROM teams;

CREATE TRIGGER teams_facts_insert AFTER INSERT ON teams BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.id);
END;
CREATE TRIGGER teams_facts_update AFTER UPDATE ON teams BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.id), (OLD.id);
END;
CREATE TRIGGER teams_facts_delete AFTER DELETE ON teams BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.id);
END;

CREATE TRIGGER team_villages_facts_insert AFTER INSERT ON team_villages BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER team_villages_facts_update AFTER UPDATE ON team_villages BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER team_villages_facts_delete AFTER DELETE ON team_villages BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER team_statuses_facts_insert AFTER INSERT ON team_statuses BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER team_statuses_facts_update AFTER UPDATE ON team_statuses BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER team_statuses_facts_delete AFTER DELETE ON team_statuses BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER decisions_facts_insert AFTER INSERT ON decisions BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER decisions_facts_update AFTER UPDATE ON decisions BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER decisions_facts_delete AFTER DELETE ON decisions BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER regulations_facts_insert AFTER INSERT ON regulations BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER regulations_facts_update AFTER UPDATE ON regulations BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER regulations_facts_delete AFTER DELETE ON regulations BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER duties_facts_insert AFTER INSERT ON duties BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER duties_facts_update AFTER UPDATE ON duties BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER duties_facts_delete AFTER DELETE ON duties BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER programme_links_facts_insert AFTER INSERT ON programme_links BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER programme_links_facts_update AFTER UPDATE ON programme_links BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER programme_links_facts_delete AFTER DELETE ON programme_links BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER members_facts_insert AFTER INSERT ON members BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER members_facts_update AFTER UPDATE ON members BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER members_facts_delete AFTER DELETE ON members BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER equipment_issues_facts_insert AFTER INSERT ON equipment_issues BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER equipment_issues_facts_update AFTER UPDATE ON equipment_issues BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER equipment_issues_facts_delete AFTER DELETE ON equipment_issues BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER fund_entries_facts_insert AFTER INSERT ON fund_entries BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER fund_entries_facts_update AFTER UPDATE ON fund_entries BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER fund_entries_facts_delete AFTER DELETE ON fund_entries BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER commendations_facts_insert AFTER INSERT ON commendations BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER commendations_facts_update AFTER UPDATE ON commendations BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER commendations_facts_delete AFTER DELETE ON commendations BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER activities_facts_insert AFTER INSERT ON activities BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER activities_facts_update AFTER UPDATE ON activities BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER activities_facts_delete AFTER DELETE ON activities BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER inspections_facts_insert AFTER INSERT ON inspections BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER inspections_facts_update AFTER UPDATE ON inspections BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER inspections_facts_delete AFTER DELETE ON inspections BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

CREATE TRIGGER documents_facts_insert AFTER INSERT ON documents BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id);
END;
CREATE TRIGGER documents_facts_update AFTER UPDATE ON documents BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (NEW.team_id), (OLD.team_id);
END;
CREATE TRIGGER documents_facts_delete AFTER DELETE ON documents BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

-- An attendance counts for its member's team (rule C3 and C7).
CREATE TRIGGER training_attendances_facts_insert AFTER INSERT ON training_attendances BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id)
        SELECT team_id FROM members WHERE id = NEW.member_id;
END;
CREATE TRIGGER training_attendances_facts_update AFTER UPDATE ON training_attendances BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id)
        SELECT team_id FROM members WHERE id IN (NEW.member_id, OLD.member_id);
END;
CREATE TRIGGER training_attendances_facts_delete AFTER DELETE ON training_attendances BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id)
        SELECT team_id FROM members WHERE id = OLD.member_id;
END;

-- A training's date or deletion counts for the team of everyone who attended it.
CREATE TRIGGER trainings_facts_insert AFTER INSERT ON trainings BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id)
        SELECT m.team_id FROM training_attendances a JOIN members m ON m.id = a.member_id
         WHERE a.training_id = NEW.id;
END;
CREATE TRIGGER trainings_facts_update AFTER UPDATE ON trainings BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id)
        SELECT m.team_id FROM training_attendances a JOIN members m ON m.id = a.member_id
         WHERE a.training_id IN (NEW.id, OLD.id);
END;
CREATE TRIGGER trainings_facts_delete AFTER DELETE ON trainings BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id)
        SELECT m.team_id FROM training_attendances a JOIN members m ON m.id = a.member_id
         WHERE a.training_id = OLD.id;
END;
