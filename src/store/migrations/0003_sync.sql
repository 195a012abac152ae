-- Schema version 3: sync bundles (DESIGN.md §4).

-- Installations whose bundles this one accepts, enrolled after an officer compared the
-- key's fingerprint with the one the sender's screen or enrolment sheet shows.
CREATE TABLE senders (
    installation_id TEXT PRIMARY KEY NOT NULL,
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('commune', 'district')),
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    fingerprint TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    enrolled_by TEXT NOT NULL
);
CREATE INDEX senders_unit ON senders (unit_code);

-- Every bundle applied, by the SHA-256 of its bytes: the same file again is a duplicate.
CREATE TABLE import_log (
    bundle_sha256 TEXT PRIMARY KEY NOT NULL,
    file_name TEXT NOT NULL,
    sender_installation TEXT NOT NULL,
    sender_unit TEXT NOT NULL,
    from_seq INTEGER NOT NULL,
    to_seq INTEGER NOT NULL,
    full INTEGER NOT NULL CHECK (full IN (0, 1)),
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    summary TEXT NOT NULL
);

-- The sender's change counter ranges received so far, merged: a hole is a bundle that
-- never arrived.
CREATE TABLE received_ranges (
    sender_installation TEXT NOT NULL,
    from_seq INTEGER NOT NULL,
    to_seq INTEGER NOT NULL,
    PRIMARY KEY (sender_installation, from_seq)
) WITHOUT ROWID;

-- Well-signed records that cannot be applied yet (a reference to a record not yet
-- received, a kind or value from a newer version). Retried on every import.
CREATE TABLE quarantine (
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    record TEXT NOT NULL,
    reason_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (kind, record_id, hlc, origin)
) WITHOUT ROWID;

-- What this installation exported: the next incremental bundle starts after the
-- highest `to_seq` here.
CREATE TABLE export_log (
    id INTEGER PRIMARY KEY,
    exported_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    from_seq INTEGER NOT NULL,
    to_seq INTEGER NOT NULL,
    full INTEGER NOT NULL CHECK (full IN (0, 1)),
    counts TEXT NOT NULL
);

-- Type-ahead on an ID or phone number reads these indexes by prefix range (FTS5 prefix
-- indexes stop at three characters, and a 12-digit number is one long token).
CREATE INDEX members_id_number ON members (id_number);
CREATE INDEX members_phone ON members (phone);
