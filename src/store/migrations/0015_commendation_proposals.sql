-- Schema 15 (issue 16): proposals to commend a team or a member (kind
-- commendation_proposal, see src/kinds/activities.rs), and the proposal a commendation
-- grants. A proposal belongs to the unit that proposes (the commune, or the receiving
-- unit itself) and travels in its bundles; the commendation belongs to the unit that
-- grants it and names the proposal across owners.

-- kind: commendation_proposal
CREATE TABLE commendation_proposals (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    member_id TEXT REFERENCES members(id),
    proposal_date TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    form TEXT NOT NULL,
    authority TEXT NOT NULL,
    achievement TEXT NOT NULL,
    document_number TEXT
);
CREATE INDEX commendation_proposals_seq ON commendation_proposals (seq);
CREATE INDEX commendation_proposals_owner ON commendation_proposals (owner);
-- Like every table that names a team: its team's facts go stale when a row moves away
-- (migration 5), and the facts read it by team and change.
CREATE INDEX commendation_proposals_team_change ON commendation_proposals (team_id, owner, hlc);
CREATE TRIGGER commendation_proposals_facts_moved AFTER UPDATE OF team_id ON commendation_proposals
WHEN OLD.team_id IS NOT NEW.team_id BEGIN
    INSERT OR IGNORE INTO team_facts_stale (team_id) VALUES (OLD.team_id);
END;

-- commendations.proposal_id: the proposal this commendation grants (NULL: granted
-- without a proposal recorded here).
ALTER TABLE commendations ADD COLUMN proposal_id TEXT REFERENCES commendation_proposals(id);
CREATE INDEX commendations_proposal_id ON commendations (proposal_id);
