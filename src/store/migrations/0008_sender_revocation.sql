-- Schema 8: an enrolled sender can be revoked (issue 11). Its records stay; its later
-- bundles are refused with a reason until the officer enrols its key again.
ALTER TABLE senders ADD COLUMN revoked_at TEXT;
ALTER TABLE senders ADD COLUMN revoked_by TEXT;
