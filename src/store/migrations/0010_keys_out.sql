-- Schema 10: the installation's signing key leaves the database for the key vault
-- (src/vault: a file beside the database that only the user can read, sealed with
-- DPAPI on Windows). The step of code in src/store/keys_out.rs has written and flushed
-- the vault before this runs, in the same transaction as the version bump; the column
-- stays (NOT NULL, an old file's schema is compared exactly) and holds an empty blob.
UPDATE installation SET signing_key = X'';
