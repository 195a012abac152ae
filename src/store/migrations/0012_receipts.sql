-- Schema 12 (issue 12 item 5): the receipts a commune received from its receiving unit.
-- One row per receiving unit's installation: the newest receipt it wrote (by the time
-- of the newest bundle it says it applied), as its signed entry `receipt.json` holds
-- it. Nothing in it is about a person. Numbered 0012: 0010 (keys out of the database)
-- comes before it when its branch lands.
CREATE TABLE receipts (
    receiver_installation TEXT PRIMARY KEY NOT NULL,
    receiver_unit TEXT NOT NULL,
    receiver_unit_name TEXT NOT NULL,
    -- The receipt's `as_of` (UTC), NULL when the receiving unit had received nothing.
    as_of TEXT,
    receipt TEXT NOT NULL,
    -- The signed bundle it came in, and when this installation imported it.
    bundle_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
