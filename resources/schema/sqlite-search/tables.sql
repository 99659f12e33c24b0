-- The search schema of an Accord SQLite file as this build makes it (schema 5 on: migration
-- 005 brings older files here; the sample generator builds it in bulk), with indexes.sql and
-- triggers.sql. As on the servers, the keys are folded by Accord itself (domain/textfolding:
-- NFC and Unicode case folding, DESIGN's search rules) in every writing transaction.
-- Everything here is core SQL and FTS5, so any SQLite client may write the vendor tables:
-- the triggers only mark which rows another program changed, and Accord folds those keys
-- when it next opens the file (SearchIndex::refreshDirtyKeys).

-- How many client accounts each user can access and how many users each client has (the
-- lists' last columns), one row per record kept by the triggers (as schema 002 made them).
CREATE TABLE IF NOT EXISTS accord_user_stats (
    id integer PRIMARY KEY, -- tblusers.id
    client_count integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS accord_client_stats (
    id integer PRIMARY KEY, -- tblclients.id
    user_count integer NOT NULL DEFAULT 0
);

CREATE TABLE accord_user_keys (
    id integer PRIMARY KEY, -- tblusers.id
    first_key text NOT NULL DEFAULT '',
    last_key text NOT NULL DEFAULT '',
    email_key text NOT NULL DEFAULT '', -- the login, trimmed and folded
    name_key text NOT NULL DEFAULT '',  -- "first last", for substring search
    -- 1 when another program stored a login that folds to another user's: reported when
    -- Accord opens the file; Accord refuses to save either of them until one changes.
    clash integer NOT NULL DEFAULT 0,
    dirty integer NOT NULL DEFAULT 1 -- written by another program, not folded yet
);

CREATE TABLE accord_client_keys (
    id integer PRIMARY KEY, -- tblclients.id
    first_key text NOT NULL DEFAULT '',
    last_key text NOT NULL DEFAULT '',
    company_key text NOT NULL DEFAULT '',
    email_key text NOT NULL DEFAULT '',
    name_key text NOT NULL DEFAULT '',
    dirty integer NOT NULL DEFAULT 1
);

-- Links another program added (or moved) whose differences Accord has not compared yet.
CREATE TABLE accord_dirty_links (
    user_id integer NOT NULL,
    client_id integer NOT NULL,
    PRIMARY KEY (user_id, client_id)
) WITHOUT ROWID;

-- 3+ character search: FTS5 trigram over the folded keys, kept by the keys' triggers; the
-- keys are folded already, so the tokenizer folds nothing (the term is folded the same way).
CREATE VIRTUAL TABLE accord_users_fts USING fts5(name, email, tokenize = 'trigram case_sensitive 1', content = '');
CREATE VIRTUAL TABLE accord_clients_fts USING fts5(name, company, email, tokenize = 'trigram case_sensitive 1', content = '');
