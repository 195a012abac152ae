-- Schema version 6: a commune's report on what it did about an inspection
-- (kind inspection_follow_up, see src/kinds.rs). The inspection belongs to the unit
-- that inspected; the report belongs to the commune and travels in its bundles.

-- kind: inspection_follow_up
CREATE TABLE inspection_follow_ups (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    inspection_id TEXT NOT NULL REFERENCES inspections(id),
    report_date TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX inspection_follow_ups_seq ON inspection_follow_ups (seq);
CREATE INDEX inspection_follow_ups_owner ON inspection_follow_ups (owner);
CREATE INDEX inspection_follow_ups_inspection_id ON inspection_follow_ups (inspection_id);
