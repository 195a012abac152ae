-- Schema 14 (issue 15 item 6): "Đã xóa gần đây", the local recycle bin.
--
-- A deletion empties every optional field of the rows it tombstones (Law 91/2025/QH15),
-- so an undo needs a copy of what was there. One batch per deletion the user asked for:
-- the root record, every record the cascade tombstoned, and the optional links it
-- cleared on other records, each with its values as stored. It is local only: never in
-- a bundle, never in the content digest, kept 30 days (records::recycle::KEPT_DAYS) and
-- then purged, when the store opens and at every deletion; after that only the
-- tombstone remains.
CREATE TABLE recycle_batches (
    id TEXT PRIMARY KEY NOT NULL,
    -- When, as the audit log writes it (RFC 3339 local time), and in UTC milliseconds
    -- for the purge.
    deleted_at TEXT NOT NULL,
    deleted_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    root_kind TEXT NOT NULL,
    root_id TEXT NOT NULL
);
CREATE INDEX recycle_batches_by_time ON recycle_batches (deleted_ms);
CREATE TABLE recycle_rows (
    batch_id TEXT NOT NULL REFERENCES recycle_batches (id) ON DELETE CASCADE,
    -- The order the deletion wrote them in (children before their parent).
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    -- 'deleted': the row was tombstoned, `stored` holds every field as it was;
    -- 'cleared': an optional link of a record that stayed was emptied, `field` names it
    -- and `stored` holds its value.
    effect TEXT NOT NULL CHECK (effect IN ('deleted', 'cleared')),
    field TEXT,
    stored TEXT NOT NULL,
    -- The version the deletion wrote: a restore goes ahead only over that version.
    hlc INTEGER NOT NULL,
    PRIMARY KEY (batch_id, position)
);
CREATE INDEX recycle_rows_by_record ON recycle_rows (record_id);
