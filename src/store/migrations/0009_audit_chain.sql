-- Schema 9: the audit log becomes a hash chain (issue 12, item 8). Each entry holds the
-- hash of the one before and its own; `audit_head` holds the count, last id and hash of
-- the chain, so that removing its last entries is found too. SQLite cannot compute
-- SHA-256, so this script only reshapes the tables: the step of code after it
-- (src/audit, `chain_existing`) hashes the entries already there, in id order, and sets
-- the head.
--
-- The list of actions grows to everything issue 12 logs (exports, trust, cards,
-- receipts, backups, restores, recovery, keys); SQLite changes a CHECK only by
-- rebuilding the table.
CREATE TABLE audit_log_v9 (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'import', 'enrol', 'revoke',
        'export', 'trust', 'untrust', 'card', 'receipt', 'backup', 'restore', 'recover', 'keys')),
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    changes TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_log_v9 (id, at, actor, action, kind, record_id, changes, prev_hash, hash)
    SELECT id, at, actor, action, kind, record_id, changes, '', '' FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v9 RENAME TO audit_log;
CREATE INDEX audit_log_record ON audit_log (record_id);

CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    entries INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    hash TEXT NOT NULL
);
