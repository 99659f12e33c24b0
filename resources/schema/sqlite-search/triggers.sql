-- Core SQL only. Accord's own writes refold the keys (clearing dirty) and compare the
-- touched links in the same transaction; what another program writes stays marked until
-- Accord next opens the file.

-- The full-text indexes follow the keys (FTS5 'delete' takes the values indexed).
CREATE TRIGGER accord_user_keys_ai AFTER INSERT ON accord_user_keys BEGIN
    INSERT INTO accord_users_fts (rowid, name, email) VALUES (new.id, new.name_key, new.email_key);
END;
CREATE TRIGGER accord_user_keys_ad AFTER DELETE ON accord_user_keys BEGIN
    INSERT INTO accord_users_fts (accord_users_fts, rowid, name, email)
        VALUES ('delete', old.id, old.name_key, old.email_key);
END;
CREATE TRIGGER accord_user_keys_au AFTER UPDATE OF name_key, email_key ON accord_user_keys
WHEN new.name_key IS NOT old.name_key OR new.email_key IS NOT old.email_key BEGIN
    INSERT INTO accord_users_fts (accord_users_fts, rowid, name, email)
        VALUES ('delete', old.id, old.name_key, old.email_key);
    INSERT INTO accord_users_fts (rowid, name, email) VALUES (new.id, new.name_key, new.email_key);
END;
CREATE TRIGGER accord_client_keys_ai AFTER INSERT ON accord_client_keys BEGIN
    INSERT INTO accord_clients_fts (rowid, name, company, email)
        VALUES (new.id, new.name_key, new.company_key, new.email_key);
END;
CREATE TRIGGER accord_client_keys_ad AFTER DELETE ON accord_client_keys BEGIN
    INSERT INTO accord_clients_fts (accord_clients_fts, rowid, name, company, email)
        VALUES ('delete', old.id, old.name_key, old.company_key, old.email_key);
END;
CREATE TRIGGER accord_client_keys_au AFTER UPDATE OF name_key, company_key, email_key ON accord_client_keys
WHEN new.name_key IS NOT old.name_key OR new.company_key IS NOT old.company_key
  OR new.email_key IS NOT old.email_key BEGIN
    INSERT INTO accord_clients_fts (accord_clients_fts, rowid, name, company, email)
        VALUES ('delete', old.id, old.name_key, old.company_key, old.email_key);
    INSERT INTO accord_clients_fts (rowid, name, company, email)
        VALUES (new.id, new.name_key, new.company_key, new.email_key);
END;

-- Users: counters, link counts, and a key row to fold. A changed compared field (names,
-- email, language) marks the user dirty: its keys and its links' differences are redone.
CREATE TRIGGER accord_users_ai AFTER INSERT ON tblusers BEGIN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'users';
    INSERT OR REPLACE INTO accord_user_stats (id, client_count)
        VALUES (new.id, (SELECT count(*) FROM tblusers_clients WHERE auth_user_id = new.id));
    INSERT INTO accord_user_keys (id, dirty) VALUES (new.id, 1)
        ON CONFLICT (id) DO UPDATE SET dirty = 1;
END;
CREATE TRIGGER accord_users_ad AFTER DELETE ON tblusers BEGIN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'users';
    DELETE FROM accord_user_stats WHERE id = old.id;
    DELETE FROM accord_user_keys WHERE id = old.id;
    DELETE FROM accord_link_differences WHERE user_id = old.id;
END;
CREATE TRIGGER accord_users_au AFTER UPDATE OF first_name, last_name, email, language ON tblusers
WHEN new.first_name IS NOT old.first_name OR new.last_name IS NOT old.last_name
  OR new.email IS NOT old.email OR new.language IS NOT old.language BEGIN
    UPDATE accord_user_keys SET dirty = 1 WHERE id = new.id;
END;

CREATE TRIGGER accord_clients_ai AFTER INSERT ON tblclients BEGIN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'clients';
    INSERT OR REPLACE INTO accord_client_stats (id, user_count)
        VALUES (new.id, (SELECT count(*) FROM tblusers_clients WHERE client_id = new.id));
    INSERT INTO accord_client_keys (id, dirty) VALUES (new.id, 1)
        ON CONFLICT (id) DO UPDATE SET dirty = 1;
END;
CREATE TRIGGER accord_clients_ad AFTER DELETE ON tblclients BEGIN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'clients';
    DELETE FROM accord_client_stats WHERE id = old.id;
    DELETE FROM accord_client_keys WHERE id = old.id;
    DELETE FROM accord_link_differences WHERE client_id = old.id;
END;
CREATE TRIGGER accord_clients_au AFTER UPDATE OF firstname, lastname, companyname, email, language ON tblclients
WHEN new.firstname IS NOT old.firstname OR new.lastname IS NOT old.lastname
  OR new.companyname IS NOT old.companyname OR new.email IS NOT old.email
  OR new.language IS NOT old.language BEGIN
    UPDATE accord_client_keys SET dirty = 1 WHERE id = new.id;
END;

-- Links: counters, link counts, and the differences: a gone link's row goes at once, an
-- owner flag is copied, a new (or moved) link waits in accord_dirty_links to be compared.
CREATE TRIGGER accord_links_ai AFTER INSERT ON tblusers_clients BEGIN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = new.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = new.client_id;
    INSERT OR IGNORE INTO accord_dirty_links (user_id, client_id) VALUES (new.auth_user_id, new.client_id);
END;
CREATE TRIGGER accord_links_ad AFTER DELETE ON tblusers_clients BEGIN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = old.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = old.client_id;
    DELETE FROM accord_link_differences WHERE user_id = old.auth_user_id AND client_id = old.client_id;
    DELETE FROM accord_intended_differences WHERE user_id = old.auth_user_id AND client_id = old.client_id;
    DELETE FROM accord_dirty_links WHERE user_id = old.auth_user_id AND client_id = old.client_id;
END;
CREATE TRIGGER accord_links_au AFTER UPDATE OF auth_user_id, client_id ON tblusers_clients BEGIN
    UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = old.auth_user_id;
    UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = new.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = old.client_id;
    UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = new.client_id;
    DELETE FROM accord_link_differences WHERE user_id = old.auth_user_id AND client_id = old.client_id;
    INSERT OR IGNORE INTO accord_dirty_links (user_id, client_id) VALUES (new.auth_user_id, new.client_id);
END;
CREATE TRIGGER accord_links_owner AFTER UPDATE OF owner ON tblusers_clients BEGIN
    UPDATE accord_link_differences SET owner = CASE WHEN new.owner <> 0 THEN 1 ELSE 0 END
        WHERE user_id = new.auth_user_id AND client_id = new.client_id;
END;
