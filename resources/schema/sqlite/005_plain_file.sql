-- An Accord file stays an ordinary SQLite file: no trigger, view, index or default may call
-- a function only Accord registers (accord_nfc, accord_fold, accord_fold_email), or any other
-- SQLite client (the sqlite3 shell, Python, a sync script) fails to write the vendor tables
-- with "no such function". The objects of 002 that did go here; Accord's folded keys take
-- their place (schema/sqlite-search, created and filled by this migration's after-script: see
-- SqliteDialect::afterScript).
DROP TRIGGER IF EXISTS accord_users_ai;
DROP TRIGGER IF EXISTS accord_users_ad;
DROP TRIGGER IF EXISTS accord_users_au;
DROP TRIGGER IF EXISTS accord_clients_ai;
DROP TRIGGER IF EXISTS accord_clients_ad;
DROP TRIGGER IF EXISTS accord_clients_au;
DROP TRIGGER IF EXISTS accord_links_ai;
DROP TRIGGER IF EXISTS accord_links_ad;
DROP TRIGGER IF EXISTS accord_links_au;
DROP INDEX IF EXISTS accord_users_first_fold;
DROP INDEX IF EXISTS accord_users_last_fold;
DROP INDEX IF EXISTS accord_users_email_fold;
DROP INDEX IF EXISTS accord_clients_first_fold;
DROP INDEX IF EXISTS accord_clients_last_fold;
DROP INDEX IF EXISTS accord_clients_email_fold;
DROP INDEX IF EXISTS accord_clients_company_fold;
DROP TABLE IF EXISTS accord_users_fts;
DROP TABLE IF EXISTS accord_clients_fts;
