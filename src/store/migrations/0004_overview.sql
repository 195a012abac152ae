-- Schema version 4: indexes for the receiving unit's overview across communes.
--
-- Measured on a province of 168 communes (616,000 records): the overview took about
-- 300 ms, most of it reading every row of every team table to find rule C2's newest
-- change made by the team's own unit. With (team_id, owner, hlc) that is one index
-- seek per team and table. These indexes replace the plain team_id ones, so an import
-- keeps the same number of indexes up to date; a lookup by team_id uses their first
-- column as before.

DROP INDEX team_villages_team_id;
CREATE INDEX team_villages_team_change ON team_villages (team_id, owner, hlc);
DROP INDEX team_statuses_team_id;
CREATE INDEX team_statuses_team_change ON team_statuses (team_id, owner, hlc);
DROP INDEX decisions_team_id;
CREATE INDEX decisions_team_change ON decisions (team_id, owner, hlc);
DROP INDEX regulations_team_id;
CREATE INDEX regulations_team_change ON regulations (team_id, owner, hlc);
DROP INDEX duties_team_id;
CREATE INDEX duties_team_change ON duties (team_id, owner, hlc);
DROP INDEX programme_links_team_id;
CREATE INDEX programme_links_team_change ON programme_links (team_id, owner, hlc);
DROP INDEX fund_entries_team_id;
CREATE INDEX fund_entries_team_change ON fund_entries (team_id, owner, hlc);
DROP INDEX commendations_team_id;
CREATE INDEX commendations_team_change ON commendations (team_id, owner, hlc);
DROP INDEX activities_team_id;
CREATE INDEX activities_team_change ON activities (team_id, owner, hlc);
DROP INDEX inspections_team_id;
CREATE INDEX inspections_team_change ON inspections (team_id, owner, hlc);
DROP INDEX documents_team_id;
CREATE INDEX documents_team_change ON documents (team_id, owner, hlc);
-- Equipment also carries its state and dates, so counting what each team holds now
-- (rule C7) reads only this index.
DROP INDEX equipment_issues_team_id;
CREATE INDEX equipment_issues_team_change
    ON equipment_issues (team_id, owner, hlc, deleted, issue_date, returned_date);
-- Propaganda sessions of the period (rule C6): a small partial index.
CREATE INDEX activities_propaganda ON activities (activity_date, team_id)
    WHERE activity_type = 'tuyen_truyen' AND deleted = 0;
-- Who attended the trainings of a period (rule C3) from the index alone; replaces the
-- plain training_id index.
DROP INDEX training_attendances_training_id;
CREATE INDEX training_attendances_training
    ON training_attendances (training_id, deleted, result, member_id);
-- Members also carry what rule C3 reads of each (state, exit, health certificate,
-- education, id), so the whole C3 pass reads this index, a fifth of the table's size.
DROP INDEX members_team_id;
CREATE INDEX members_team_change
    ON members (team_id, owner, hlc, deleted, exit_date, health_cert_date, education, id);
