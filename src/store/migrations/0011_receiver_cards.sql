-- Schema 11 (issue 12): the receiving unit's card a commune trusts, and each sender's
-- own encryption key as its bundles carry it, so bundles travel sealed both ways.

-- A card is trusted after the clerk compared its fingerprint with the one the officer
-- read out over the phone. One card is in use at a time: trusting a receiving unit's
-- new card (its laptop changed and its keys were lost) revokes the old one, whose
-- rows stay as the record of what was trusted when.
CREATE TABLE receiver_cards (
    fingerprint TEXT PRIMARY KEY NOT NULL,
    installation_id TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    signing_key BLOB NOT NULL CHECK (length(signing_key) = 32),
    encryption_key TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    -- The card file as it was trusted, its signature included.
    card TEXT NOT NULL,
    trusted_at TEXT NOT NULL,
    trusted_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT
);
CREATE UNIQUE INDEX receiver_cards_in_use ON receiver_cards (unit_code) WHERE revoked_at IS NULL;

-- A sender's age recipient (`age1…`) from its newest applied bundle: what the
-- receiving unit seals that commune's bundles to. NULL for a sender whose version
-- did not send one yet.
ALTER TABLE senders ADD COLUMN encryption_key TEXT;

-- A deletion received for a record never received (Law 91/2025/QH15: a tombstone in a
-- bundle carries no fields, so there is nothing to make a row of). It is kept so that
-- an older version of the record arriving later stays deleted, and it counts in the
-- content digest like a deleted row.
CREATE TABLE tombstones (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX tombstones_kind_owner ON tombstones (kind, owner);
