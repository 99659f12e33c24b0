-- Accord's search keys, list counters and the triggers that keep the counters in step.
-- The keys are folded by Accord itself (NFC + case folding, DESIGN's search rules), not by
-- the server's collation (a _ci collation also folds accents, DESIGN's search does not):
-- every write Accord makes refreshes the keys of the records it touched in the same
-- transaction. A row written by another program is marked dirty by the triggers below, and
-- Accord refreshes it when it next opens the database. utf8mb4_bin compares code points.

CREATE TABLE IF NOT EXISTS accord_user_keys (
    id int(10) unsigned NOT NULL, -- tblusers.id
    first_key varchar(700) NOT NULL DEFAULT '',
    last_key varchar(700) NOT NULL DEFAULT '',
    -- The login folded: unique, so two sessions can never store one email in two cases.
    -- NULL until Accord has folded it (a row written by another program).
    email_key varchar(700) NULL DEFAULT NULL,
    name_key text NOT NULL DEFAULT '', -- "first last", for substring search
    -- ISO 8601 UTC text of last_login, '' for never (as SQLite's coalesce(last_login, '')).
    last_login_key varchar(20) NOT NULL DEFAULT '',
    two_factor tinyint NOT NULL DEFAULT 0,
    dirty tinyint NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY accord_user_keys_email (email_key),
    KEY accord_user_keys_first (first_key, id),
    KEY accord_user_keys_last (last_key, id),
    KEY accord_user_keys_email_order (email_key, id),
    KEY accord_user_keys_last_login (last_login_key, id),
    KEY accord_user_keys_two_factor (two_factor, id),
    KEY accord_user_keys_dirty (dirty, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS accord_client_keys (
    id int(10) NOT NULL, -- tblclients.id
    first_key varchar(700) NOT NULL DEFAULT '',
    last_key varchar(700) NOT NULL DEFAULT '',
    company_key varchar(700) NOT NULL DEFAULT '',
    email_key varchar(700) NOT NULL DEFAULT '',
    name_key text NOT NULL DEFAULT '',
    status_key varchar(16) NOT NULL DEFAULT '',
    dirty tinyint NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    KEY accord_client_keys_first (first_key, id),
    KEY accord_client_keys_last (last_key, id),
    KEY accord_client_keys_company (company_key, id),
    KEY accord_client_keys_email (email_key, id),
    KEY accord_client_keys_status (status_key, id),
    KEY accord_client_keys_dirty (dirty, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- How many client accounts each user can access and how many users each client has,
-- for the lists' last columns and their order.
CREATE TABLE IF NOT EXISTS accord_user_stats (
    id int(10) unsigned NOT NULL, -- tblusers.id
    client_count int NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY accord_user_stats_client_count (client_count, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS accord_client_stats (
    id int(10) NOT NULL, -- tblclients.id
    user_count int NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY accord_client_stats_user_count (user_count, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE OR REPLACE TRIGGER accord_users_ai AFTER INSERT ON tblusers FOR EACH ROW BEGIN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'users';
    INSERT INTO accord_user_stats (id, client_count)
        VALUES (NEW.id, (SELECT count(*) FROM tblusers_clients WHERE auth_user_id = NEW.id))
        ON DUPLICATE KEY UPDATE client_count = VALUES(client_count);
    INSERT INTO accord_user_keys (id, email_key, last_login_key, two_factor, dirty)
        VALUES (NEW.id, NULL, coalesce(DATE_FORMAT(NEW.last_login, '%Y-%m-%dT%H:%i:%sZ'), ''),
                CASE WHEN NEW.second_factor <> '' THEN 1 ELSE 0 END, 1)
        ON DUPLICATE KEY UPDATE email_key = NULL, last_login_key = VALUES(last_login_key),
            two_factor = VALUES(two_factor), dirty = 1;
END;
CREATE OR REPLACE TRIGGER accord_users_au AFTER UPDATE ON tblusers FOR EACH ROW BEGIN
    UPDATE accord_user_keys SET last_login_key = coalesce(DATE_FORMAT(NEW.last_login, '%Y-%m-%dT%H:%i:%sZ'), ''),
        two_factor = CASE WHEN NEW.second_factor <> '' THEN 1 ELSE 0 END,
        dirty = CASE WHEN NOT (BINARY NEW.first_name <=> BINARY OLD.first_name)
                       OR NOT (BINARY NEW.last_name <=> BINARY OLD.last_name)
                       OR NOT (BINARY NEW.email <=> BINARY OLD.email) THEN 1 ELSE dirty END
        WHERE id = NEW.id;
END;
CREATE OR REPLACE TRIGGER accord_users_ad AFTER DELETE ON tblusers FOR EACH ROW BEGIN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'users';
    DELETE FROM accord_user_stats WHERE id = OLD.id;
    DELETE FROM accord_user_keys WHERE id = OLD.id;
END;

CREATE OR REPLACE TRIGGER accord_clients_ai AFTER INSERT ON tblclients FOR EACH ROW BEGIN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'clients';
    INSERT INTO accord_client_stats (id, user_count)
        VALUES (NEW.id, (SELECT count(*) FROM tblusers_clients WHERE client_id = NEW.id))
        ON DUPLICATE KEY UPDATE user_count = VALUES(user_count);
    INSERT INTO accord_client_keys (id, status_key, dirty) VALUES (NEW.id, NEW.status, 1)
        ON DUPLICATE KEY UPDATE status_key = VALUES(status_key), dirty = 1;
END;
CREATE OR REPLACE TRIGGER accord_clients_au AFTER UPDATE ON tblclients FOR EACH ROW BEGIN
    UPDATE accord_client_keys SET status_key = NEW.status,
        dirty = CASE WHEN NOT (BINARY NEW.firstname <=> BINARY OLD.firstname)
                       OR NOT (BINARY NEW.lastname <=> BINARY OLD.lastname)
                       OR NOT (BINARY NEW.companyname <=> BINARY OLD.companyname)
                       OR NOT (BINARY NEW.email <=> BINARY OLD.email) THEN 1 ELSE dirty END
        WHERE id = NEW.id;
END;
CREATE OR REPLACE TRIGGER accord_clients_ad AFTER DELETE ON tblclients FOR EACH ROW BEGIN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'clients';
    DELETE FROM accord_client_stats WHERE id = OLD.id;
    DELETE FROM accord_client_keys WHERE id = OLD.id;
END;

CREATE OR REPLACE TRIGGER accord_links_ai AFTER INSERT ON tblusers_clients FOR EACH ROW BEGIN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = NEW.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = NEW.client_id;
END;
CREATE OR REPLACE TRIGGER accord_links_ad AFTER DELETE ON tblusers_clients FOR EACH ROW BEGIN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = OLD.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = OLD.client_id;
END;
CREATE OR REPLACE TRIGGER accord_links_au AFTER UPDATE ON tblusers_clients FOR EACH ROW BEGIN
    IF NEW.auth_user_id <> OLD.auth_user_id OR NEW.client_id <> OLD.client_id THEN
        UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = OLD.auth_user_id;
        UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = NEW.auth_user_id;
        UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = OLD.client_id;
        UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = NEW.client_id;
    END IF;
END;

-- Rows the database already holds (an older schema being brought up to date); Accord folds
-- the dirty keys once the migration has run.
UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers) WHERE name = 'users';
UPDATE accord_counters SET value = (SELECT count(*) FROM tblclients) WHERE name = 'clients';
UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers_clients) WHERE name = 'links';
REPLACE INTO accord_user_stats (id, client_count)
    SELECT u.id, (SELECT count(*) FROM tblusers_clients l WHERE l.auth_user_id = u.id) FROM tblusers u;
REPLACE INTO accord_client_stats (id, user_count)
    SELECT c.id, (SELECT count(*) FROM tblusers_clients l WHERE l.client_id = c.id) FROM tblclients c;
REPLACE INTO accord_user_keys (id, last_login_key, two_factor, dirty)
    SELECT id, coalesce(DATE_FORMAT(last_login, '%Y-%m-%dT%H:%i:%sZ'), ''),
           CASE WHEN second_factor <> '' THEN 1 ELSE 0 END, 1
    FROM tblusers;
REPLACE INTO accord_client_keys (id, status_key, dirty) SELECT id, status, 1 FROM tblclients;
