-- Substring search (3+ characters) through Mroonga's n-gram index instead of a scan. One
-- search key per record holds every searched field's folded key, joined by U+001F (a
-- control character no search term holds, so a term never matches across two fields).
-- Mroonga keeps no transactions, so its tables are written only after a commit: a write
-- queues the records whose keys it changed (accord_search_queue, InnoDB, in the writing
-- transaction) and Accord copies their committed keys into the text tables afterwards and
-- empties the queue. Searches read queued records from the keys themselves, so a crash
-- between the two leaves nothing unfound.
BEGIN NOT ATOMIC
    IF NOT EXISTS (SELECT 1 FROM information_schema.ENGINES
                   WHERE ENGINE = 'Mroonga' AND SUPPORT IN ('YES', 'DEFAULT')) THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
            'Accord needs the Mroonga engine on MariaDB for its substring search: install mariadb-plugin-mroonga on the server, run INSTALL SONAME ''ha_mroonga'' as its root, then run accord init again';
    END IF;
END;

ALTER TABLE accord_user_keys ADD COLUMN IF NOT EXISTS search_key text NOT NULL DEFAULT '';
ALTER TABLE accord_client_keys ADD COLUMN IF NOT EXISTS search_key text NOT NULL DEFAULT '';
UPDATE accord_user_keys
    SET search_key = CONCAT(name_key, CHAR(31 USING utf8mb4), coalesce(email_key, ''));
UPDATE accord_client_keys
    SET search_key = CONCAT(name_key, CHAR(31 USING utf8mb4), company_key, CHAR(31 USING utf8mb4), email_key);

-- The records whose search key changed since the text tables were written: listed 0 users,
-- 1 clients.
CREATE TABLE IF NOT EXISTS accord_search_queue (
    listed tinyint NOT NULL,
    id int(10) NOT NULL,
    PRIMARY KEY (listed, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The n-gram indexes: TokenBigramSplitSymbolAlphaDigit splits runs of letters and digits
-- too, so 'user7777' is found inside 'user77770'.
CREATE TABLE IF NOT EXISTS accord_user_text (
    id int(10) unsigned NOT NULL PRIMARY KEY,
    search_text text NOT NULL,
    FULLTEXT INDEX accord_user_text_search (search_text)
        COMMENT 'tokenizer "TokenBigramSplitSymbolAlphaDigit"'
) ENGINE=Mroonga DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS accord_client_text (
    id int(10) NOT NULL PRIMARY KEY,
    search_text text NOT NULL,
    FULLTEXT INDEX accord_client_text_search (search_text)
        COMMENT 'tokenizer "TokenBigramSplitSymbolAlphaDigit"'
) ENGINE=Mroonga DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
REPLACE INTO accord_user_text (id, search_text) SELECT id, search_key FROM accord_user_keys;
REPLACE INTO accord_client_text (id, search_text) SELECT id, search_key FROM accord_client_keys;

-- A bulk load that writes the keys, counters, link stats, differences and text tables
-- itself (the sample generator, an import) sets @accord_bulk_load for its session; the
-- triggers then leave those rows to it instead of updating a counter row per inserted row.
CREATE OR REPLACE TRIGGER accord_users_ai AFTER INSERT ON tblusers FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'users';
    INSERT INTO accord_user_stats (id, client_count)
        VALUES (NEW.id, (SELECT count(*) FROM tblusers_clients WHERE auth_user_id = NEW.id))
        ON DUPLICATE KEY UPDATE client_count = VALUES(client_count);
    INSERT INTO accord_user_keys (id, email_key, last_login_key, two_factor, dirty)
        VALUES (NEW.id, NULL, coalesce(DATE_FORMAT(NEW.last_login, '%Y-%m-%dT%H:%i:%sZ'), ''),
                CASE WHEN NEW.second_factor <> '' THEN 1 ELSE 0 END, 1)
        ON DUPLICATE KEY UPDATE email_key = NULL, last_login_key = VALUES(last_login_key),
            two_factor = VALUES(two_factor), dirty = 1;
END IF;
END;

CREATE OR REPLACE TRIGGER accord_users_au AFTER UPDATE ON tblusers FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_user_keys SET last_login_key = coalesce(DATE_FORMAT(NEW.last_login, '%Y-%m-%dT%H:%i:%sZ'), ''),
        two_factor = CASE WHEN NEW.second_factor <> '' THEN 1 ELSE 0 END,
        dirty = CASE WHEN NOT (BINARY NEW.first_name <=> BINARY OLD.first_name)
                       OR NOT (BINARY NEW.last_name <=> BINARY OLD.last_name)
                       OR NOT (BINARY NEW.email <=> BINARY OLD.email) THEN 1 ELSE dirty END
        WHERE id = NEW.id;
END IF;
END;

CREATE OR REPLACE TRIGGER accord_users_ad AFTER DELETE ON tblusers FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'users';
    DELETE FROM accord_user_stats WHERE id = OLD.id;
    DELETE FROM accord_user_keys WHERE id = OLD.id;
    INSERT IGNORE INTO accord_search_queue (listed, id) VALUES (0, OLD.id);
END IF;
END;

CREATE OR REPLACE TRIGGER accord_clients_ai AFTER INSERT ON tblclients FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'clients';
    INSERT INTO accord_client_stats (id, user_count)
        VALUES (NEW.id, (SELECT count(*) FROM tblusers_clients WHERE client_id = NEW.id))
        ON DUPLICATE KEY UPDATE user_count = VALUES(user_count);
    INSERT INTO accord_client_keys (id, status_key, dirty) VALUES (NEW.id, NEW.status, 1)
        ON DUPLICATE KEY UPDATE status_key = VALUES(status_key), dirty = 1;
END IF;
END;

CREATE OR REPLACE TRIGGER accord_clients_au AFTER UPDATE ON tblclients FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_client_keys SET status_key = NEW.status,
        dirty = CASE WHEN NOT (BINARY NEW.firstname <=> BINARY OLD.firstname)
                       OR NOT (BINARY NEW.lastname <=> BINARY OLD.lastname)
                       OR NOT (BINARY NEW.companyname <=> BINARY OLD.companyname)
                       OR NOT (BINARY NEW.email <=> BINARY OLD.email) THEN 1 ELSE dirty END
        WHERE id = NEW.id;
END IF;
END;

CREATE OR REPLACE TRIGGER accord_clients_ad AFTER DELETE ON tblclients FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'clients';
    DELETE FROM accord_client_stats WHERE id = OLD.id;
    DELETE FROM accord_client_keys WHERE id = OLD.id;
    INSERT IGNORE INTO accord_search_queue (listed, id) VALUES (1, OLD.id);
END IF;
END;

CREATE OR REPLACE TRIGGER accord_links_ai AFTER INSERT ON tblusers_clients FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = NEW.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = NEW.client_id;
END IF;
END;

CREATE OR REPLACE TRIGGER accord_links_ad AFTER DELETE ON tblusers_clients FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = OLD.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = OLD.client_id;
END IF;
END;

CREATE OR REPLACE TRIGGER accord_links_au AFTER UPDATE ON tblusers_clients FOR EACH ROW BEGIN
IF @accord_bulk_load IS NULL THEN
    IF NEW.auth_user_id <> OLD.auth_user_id OR NEW.client_id <> OLD.client_id THEN
        UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = OLD.auth_user_id;
        UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = NEW.auth_user_id;
        UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = OLD.client_id;
        UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = NEW.client_id;
    END IF;
END IF;
END;
