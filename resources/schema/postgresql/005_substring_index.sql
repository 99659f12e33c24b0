-- Substring search (3+ characters) through a trigram index (pg_trgm) instead of a scan:
-- one search key per record holds every searched field's folded key, joined by U+001F (a
-- control character no search term holds, so a term never matches across two fields).
-- Accord writes it with the other keys; the index answers LIKE '%term%' and the server
-- rechecks every candidate, so the index never changes an answer.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE accord_user_keys ADD COLUMN search_key text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE accord_client_keys ADD COLUMN search_key text COLLATE "C" NOT NULL DEFAULT '';
UPDATE accord_user_keys SET search_key = name_key || chr(31) || coalesce(email_key, '');
UPDATE accord_client_keys SET search_key = name_key || chr(31) || company_key || chr(31) || email_key;
CREATE INDEX accord_user_keys_search ON accord_user_keys USING gin (search_key gin_trgm_ops);
CREATE INDEX accord_client_keys_search ON accord_client_keys USING gin (search_key gin_trgm_ops);

-- A bulk load that writes the keys, counters, link stats and differences itself (the
-- sample generator, an import) sets accord.bulk_load for its transaction; the triggers
-- then leave those rows to it instead of updating a counter row per inserted row.
CREATE OR REPLACE FUNCTION accord_bulk_load() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('accord.bulk_load', true), '') = 'on'
$$;

CREATE OR REPLACE FUNCTION accord_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF accord_bulk_load() THEN
        RETURN NULL;
    END IF;
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

CREATE OR REPLACE FUNCTION accord_clients_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF accord_bulk_load() THEN
        RETURN NULL;
    END IF;
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

CREATE OR REPLACE FUNCTION accord_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF accord_bulk_load() THEN
        RETURN NULL;
    END IF;
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
