-- Schema 8: an enrolled sender can be revoked (issue 11). Its records stay; its later
-- bundles are refused with a reason until the officer enrols its key again.
ALTER TABLE senders ADD COLUMN revoked_at TEXT;
ALTER TABLE senders ADD COLUMN revoked_by TEXT;

-- The audit log names who revoked whom (and, for what comes next, who enrolled): its
-- list of actions grows, and SQLite changes a CHECK only by rebuilding the table.
CREATE TABLE audit_log_v8 (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'import', 'enrol', 'revoke')),
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    changes TEXT NOT NULL
);
INSERT INTO audit_log_v8 (id, at, actor, action, kind, record_id, changes)
    SELECT id, at, actor, action, kind, record_id, changes FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v8 RENAME TO audit_log;
CREATE INDEX audit_log_record ON audit_log (record_id);
