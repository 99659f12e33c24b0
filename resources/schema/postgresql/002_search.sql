-- Accord's search keys, list counters and the triggers that keep the counters in step.
-- The keys are folded by Accord itself (NFC + case folding, DESIGN's search rules), not by
-- the server's collation: every write Accord makes refreshes the keys of the records it
-- touched in the same transaction. A row written by another program is marked dirty by
-- the triggers below (plain SQL), and Accord refreshes it when it next opens the database.
-- Keys compare in code point order (COLLATE "C"), as SQLite's BINARY does.

CREATE TABLE accord_user_keys (
    id bigint PRIMARY KEY, -- tblusers.id
    first_key text COLLATE "C" NOT NULL DEFAULT '',
    last_key text COLLATE "C" NOT NULL DEFAULT '',
    -- The login folded: unique, so two sessions can never store one email in two cases.
    -- NULL until Accord has folded it (a row written by another program).
    email_key text COLLATE "C" NULL,
    name_key text COLLATE "C" NOT NULL DEFAULT '', -- "first last", for substring search
    -- ISO 8601 UTC text of last_login, '' for never (as SQLite's coalesce(last_login, '')).
    last_login_key text COLLATE "C" NOT NULL DEFAULT '',
    two_factor smallint NOT NULL DEFAULT 0,
    dirty smallint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX accord_user_keys_email ON accord_user_keys (email_key);
CREATE INDEX accord_user_keys_first ON accord_user_keys (first_key, id);
CREATE INDEX accord_user_keys_last ON accord_user_keys (last_key, id);
CREATE INDEX accord_user_keys_email_order ON accord_user_keys (email_key, id);
CREATE INDEX accord_user_keys_last_login ON accord_user_keys (last_login_key, id);
CREATE INDEX accord_user_keys_two_factor ON accord_user_keys (two_factor, id);
CREATE INDEX accord_user_keys_dirty ON accord_user_keys (id) WHERE dirty <> 0;

CREATE TABLE accord_client_keys (
    id bigint PRIMARY KEY, -- tblclients.id
    first_key text COLLATE "C" NOT NULL DEFAULT '',
    last_key text COLLATE "C" NOT NULL DEFAULT '',
    company_key text COLLATE "C" NOT NULL DEFAULT '',
    email_key text COLLATE "C" NOT NULL DEFAULT '',
    name_key text COLLATE "C" NOT NULL DEFAULT '',
    status_key text COLLATE "C" NOT NULL DEFAULT '',
    dirty smallint NOT NULL DEFAULT 1
);
CREATE INDEX accord_client_keys_first ON accord_client_keys (first_key, id);
CREATE INDEX accord_client_keys_last ON accord_client_keys (last_key, id);
CREATE INDEX accord_client_keys_company ON accord_client_keys (company_key, id);
CREATE INDEX accord_client_keys_email ON accord_client_keys (email_key, id);
CREATE INDEX accord_client_keys_status ON accord_client_keys (status_key, id);
CREATE INDEX accord_client_keys_dirty ON accord_client_keys (id) WHERE dirty <> 0;

-- How many client accounts each user can access and how many users each client has,
-- for the lists' last columns and their order.
CREATE TABLE accord_user_stats (
    id bigint PRIMARY KEY, -- tblusers.id
    client_count integer NOT NULL DEFAULT 0
);
CREATE INDEX accord_user_stats_client_count ON accord_user_stats (client_count, id);
CREATE TABLE accord_client_stats (
    id bigint PRIMARY KEY, -- tblclients.id
    user_count integer NOT NULL DEFAULT 0
);
CREATE INDEX accord_client_stats_user_count ON accord_client_stats (user_count, id);

CREATE FUNCTION accord_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accord_counters SET value = value + 1 WHERE name = 'users';
        INSERT INTO accord_user_stats (id, client_count)
            VALUES (NEW.id, (SELECT count(*) FROM tblusers_clients WHERE auth_user_id = NEW.id))
            ON CONFLICT (id) DO UPDATE SET client_count = EXCLUDED.client_count;
        INSERT INTO accord_user_keys (id, email_key, last_login_key, two_factor, dirty)
            VALUES (NEW.id, NULL, coalesce(to_char(NEW.last_login AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
                    CASE WHEN NEW.second_factor <> '' THEN 1 ELSE 0 END, 1)
            ON CONFLICT (id) DO UPDATE SET email_key = NULL,
                last_login_key = EXCLUDED.last_login_key, two_factor = EXCLUDED.two_factor,
                dirty = 1;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE accord_user_keys SET last_login_key = coalesce(to_char(NEW.last_login AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
            two_factor = CASE WHEN NEW.second_factor <> '' THEN 1 ELSE 0 END,
            dirty = CASE WHEN NEW.first_name IS DISTINCT FROM OLD.first_name
                          OR NEW.last_name IS DISTINCT FROM OLD.last_name
                          OR NEW.email IS DISTINCT FROM OLD.email THEN 1 ELSE dirty END
            WHERE id = NEW.id;
    ELSE
        UPDATE accord_counters SET value = value - 1 WHERE name = 'users';
        DELETE FROM accord_user_stats WHERE id = OLD.id;
        DELETE FROM accord_user_keys WHERE id = OLD.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER accord_users_changed AFTER INSERT OR UPDATE OR DELETE ON tblusers
    FOR EACH ROW EXECUTE FUNCTION accord_users_changed();

CREATE FUNCTION accord_clients_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accord_counters SET value = value + 1 WHERE name = 'clients';
        INSERT INTO accord_client_stats (id, user_count)
            VALUES (NEW.id, (SELECT count(*) FROM tblusers_clients WHERE client_id = NEW.id))
            ON CONFLICT (id) DO UPDATE SET user_count = EXCLUDED.user_count;
        INSERT INTO accord_client_keys (id, status_key, dirty)
            VALUES (NEW.id, coalesce(NEW.status, ''), 1)
            ON CONFLICT (id) DO UPDATE SET status_key = EXCLUDED.status_key, dirty = 1;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE accord_client_keys SET status_key = coalesce(NEW.status, ''),
            dirty = CASE WHEN NEW.firstname IS DISTINCT FROM OLD.firstname
                          OR NEW.lastname IS DISTINCT FROM OLD.lastname
                          OR NEW.companyname IS DISTINCT FROM OLD.companyname
                          OR NEW.email IS DISTINCT FROM OLD.email THEN 1 ELSE dirty END
            WHERE id = NEW.id;
    ELSE
        UPDATE accord_counters SET value = value - 1 WHERE name = 'clients';
        DELETE FROM accord_client_stats WHERE id = OLD.id;
        DELETE FROM accord_client_keys WHERE id = OLD.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER accord_clients_changed AFTER INSERT OR UPDATE OR DELETE ON tblclients
    FOR EACH ROW EXECUTE FUNCTION accord_clients_changed();

CREATE FUNCTION accord_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = OLD.auth_user_id;
        UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = OLD.client_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = NEW.auth_user_id;
        UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = NEW.client_id;
    END IF;
    IF TG_OP = 'INSERT' THEN
        UPDATE accord_counters SET value = value + 1 WHERE name = 'links';
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE accord_counters SET value = value - 1 WHERE name = 'links';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER accord_links_changed AFTER INSERT OR DELETE OR UPDATE OF auth_user_id, client_id
    ON tblusers_clients FOR EACH ROW EXECUTE FUNCTION accord_links_changed();

-- Rows the database already holds (an older schema being brought up to date); Accord folds
-- the dirty keys once the migration has run.
UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers) WHERE name = 'users';
UPDATE accord_counters SET value = (SELECT count(*) FROM tblclients) WHERE name = 'clients';
UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers_clients) WHERE name = 'links';
INSERT INTO accord_user_stats (id, client_count)
    SELECT u.id, (SELECT count(*) FROM tblusers_clients l WHERE l.auth_user_id = u.id) FROM tblusers u;
INSERT INTO accord_client_stats (id, user_count)
    SELECT c.id, (SELECT count(*) FROM tblusers_clients l WHERE l.client_id = c.id) FROM tblclients c;
INSERT INTO accord_user_keys (id, last_login_key, two_factor, dirty)
    SELECT id, coalesce(to_char(last_login AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''), CASE WHEN second_factor <> '' THEN 1 ELSE 0 END, 1
    FROM tblusers;
INSERT INTO accord_client_keys (id, status_key, dirty)
    SELECT id, coalesce(status, ''), 1 FROM tblclients;
