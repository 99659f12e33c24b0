-- The differences between users and the client accounts they are linked to, kept in step
-- by Accord's services in the same transaction as every write (see storage/differencestore).
-- One row per link with at least one differing field pair. Kinds: 0 equal, 1 case_or_space,
-- 2 empty_side, 3 differs. Both sides' compared values are kept, so the report reads this
-- table alone.
CREATE TABLE accord_link_differences (
    client_id bigint NOT NULL,
    user_id bigint NOT NULL,
    owner smallint NOT NULL DEFAULT 0,
    first_name_kind smallint NOT NULL DEFAULT 0,
    last_name_kind smallint NOT NULL DEFAULT 0,
    email_kind smallint NOT NULL DEFAULT 0,
    language_kind smallint NOT NULL DEFAULT 0,
    -- Fields marked intended (1 first_name, 2 last_name, 4 email, 8 language).
    intended smallint NOT NULL DEFAULT 0,
    -- 1 while some differing field is not marked intended: the report's rows.
    open smallint NOT NULL DEFAULT 1,
    user_first_name text NOT NULL DEFAULT '',
    user_last_name text NOT NULL DEFAULT '',
    user_email text NOT NULL DEFAULT '',
    user_language text NOT NULL DEFAULT '',
    client_firstname text NOT NULL DEFAULT '',
    client_lastname text NOT NULL DEFAULT '',
    client_email text NOT NULL DEFAULT '',
    client_language text NOT NULL DEFAULT '',
    PRIMARY KEY (client_id, user_id)
);
CREATE INDEX accord_link_differences_report ON accord_link_differences (owner, open, client_id, user_id);
CREATE INDEX accord_link_differences_user ON accord_link_differences (user_id, client_id);

-- "Mark as intended": a link (field '') or one field pair of it, with a note and the values
-- of both sides when marked; once either side's compared values change the mark goes.
CREATE TABLE accord_intended_differences (
    client_id bigint NOT NULL,
    user_id bigint NOT NULL,
    field text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    marked_by text NOT NULL DEFAULT '',
    marked_at timestamp(0) with time zone NULL,
    user_values text NOT NULL DEFAULT '',
    client_values text NOT NULL DEFAULT '',
    PRIMARY KEY (client_id, user_id, field)
);

-- Per-database choices shared by everyone who opens it (e.g. keep_in_step).
CREATE TABLE accord_settings (
    name text PRIMARY KEY,
    value text NOT NULL DEFAULT ''
);
