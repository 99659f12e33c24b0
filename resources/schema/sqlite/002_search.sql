-- Accord's search indexes and the triggers that keep them in step with the vendor tables.
-- Built after a bulk load (the sample generator) and by migration 002; dropped and
-- rebuilt as one unit. accord_nfc / accord_fold / accord_fold_email are registered on
-- every connection Accord opens.

-- 3+ character search: FTS5 trigram (Unicode case folding, accents kept), data in NFC.
CREATE VIRTUAL TABLE accord_users_fts USING fts5(name, email, tokenize = 'trigram', content = '');
CREATE VIRTUAL TABLE accord_clients_fts USING fts5(name, company, email, tokenize = 'trigram', content = '');

-- 1-2 character search: prefixes of the folded names and email; also uniqueness of logins.
CREATE INDEX accord_users_first_fold ON tblusers (accord_fold(first_name));
CREATE INDEX accord_users_last_fold ON tblusers (accord_fold(last_name));
CREATE UNIQUE INDEX accord_users_email_fold ON tblusers (accord_fold_email(email));
CREATE INDEX accord_clients_first_fold ON tblclients (accord_fold(firstname));
CREATE INDEX accord_clients_last_fold ON tblclients (accord_fold(lastname));
CREATE INDEX accord_clients_email_fold ON tblclients (accord_fold(email));

-- Sorting the lists by a column other than id.
CREATE INDEX accord_users_last_login ON tblusers (coalesce(last_login, ''));
CREATE INDEX accord_users_two_factor ON tblusers ((coalesce(second_factor, '') <> ''));
-- How many client accounts each user can access (Manage Users' last column), one row per
-- user kept by the triggers below, so sorting by it walks an index.
CREATE TABLE accord_user_stats (
    id integer PRIMARY KEY, -- tblusers.id
    client_count integer NOT NULL DEFAULT 0
);
CREATE INDEX accord_user_stats_client_count ON accord_user_stats (client_count);
CREATE INDEX accord_clients_status ON tblclients (coalesce(status, ''));
-- The same for the Clients list's user count.
CREATE TABLE accord_client_stats (
    id integer PRIMARY KEY, -- tblclients.id
    user_count integer NOT NULL DEFAULT 0
);
CREATE INDEX accord_client_stats_user_count ON accord_client_stats (user_count);
CREATE INDEX accord_clients_company_fold ON tblclients (accord_fold(companyname));

CREATE TRIGGER accord_users_ai AFTER INSERT ON tblusers BEGIN
    INSERT INTO accord_users_fts (rowid, name, email)
        VALUES (new.id, accord_nfc(new.first_name || ' ' || new.last_name), accord_nfc(new.email));
    UPDATE accord_counters SET value = value + 1 WHERE name = 'users';
    INSERT OR REPLACE INTO accord_user_stats (id, client_count)
        VALUES (new.id, (SELECT count(*) FROM tblusers_clients WHERE auth_user_id = new.id));
END;
CREATE TRIGGER accord_users_ad AFTER DELETE ON tblusers BEGIN
    INSERT INTO accord_users_fts (accord_users_fts, rowid, name, email)
        VALUES ('delete', old.id, accord_nfc(old.first_name || ' ' || old.last_name), accord_nfc(old.email));
    UPDATE accord_counters SET value = value - 1 WHERE name = 'users';
    DELETE FROM accord_user_stats WHERE id = old.id;
END;
CREATE TRIGGER accord_users_au AFTER UPDATE OF first_name, last_name, email ON tblusers BEGIN
    INSERT INTO accord_users_fts (accord_users_fts, rowid, name, email)
        VALUES ('delete', old.id, accord_nfc(old.first_name || ' ' || old.last_name), accord_nfc(old.email));
    INSERT INTO accord_users_fts (rowid, name, email)
        VALUES (new.id, accord_nfc(new.first_name || ' ' || new.last_name), accord_nfc(new.email));
END;

CREATE TRIGGER accord_clients_ai AFTER INSERT ON tblclients BEGIN
    INSERT INTO accord_clients_fts (rowid, name, company, email)
        VALUES (new.id, accord_nfc(new.firstname || ' ' || new.lastname), accord_nfc(new.companyname), accord_nfc(new.email));
    UPDATE accord_counters SET value = value + 1 WHERE name = 'clients';
    INSERT OR REPLACE INTO accord_client_stats (id, user_count)
        VALUES (new.id, (SELECT count(*) FROM tblusers_clients WHERE client_id = new.id));
END;
CREATE TRIGGER accord_clients_ad AFTER DELETE ON tblclients BEGIN
    INSERT INTO accord_clients_fts (accord_clients_fts, rowid, name, company, email)
        VALUES ('delete', old.id, accord_nfc(old.firstname || ' ' || old.lastname), accord_nfc(old.companyname), accord_nfc(old.email));
    UPDATE accord_counters SET value = value - 1 WHERE name = 'clients';
    DELETE FROM accord_client_stats WHERE id = old.id;
END;
CREATE TRIGGER accord_clients_au AFTER UPDATE OF firstname, lastname, companyname, email ON tblclients BEGIN
    INSERT INTO accord_clients_fts (accord_clients_fts, rowid, name, company, email)
        VALUES ('delete', old.id, accord_nfc(old.firstname || ' ' || old.lastname), accord_nfc(old.companyname), accord_nfc(old.email));
    INSERT INTO accord_clients_fts (rowid, name, company, email)
        VALUES (new.id, accord_nfc(new.firstname || ' ' || new.lastname), accord_nfc(new.companyname), accord_nfc(new.email));
END;

CREATE TRIGGER accord_links_ai AFTER INSERT ON tblusers_clients BEGIN
    UPDATE accord_counters SET value = value + 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = new.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = new.client_id;
END;
CREATE TRIGGER accord_links_ad AFTER DELETE ON tblusers_clients BEGIN
    UPDATE accord_counters SET value = value - 1 WHERE name = 'links';
    UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = old.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = old.client_id;
END;
CREATE TRIGGER accord_links_au AFTER UPDATE OF auth_user_id, client_id ON tblusers_clients BEGIN
    UPDATE accord_user_stats SET client_count = client_count - 1 WHERE id = old.auth_user_id;
    UPDATE accord_user_stats SET client_count = client_count + 1 WHERE id = new.auth_user_id;
    UPDATE accord_client_stats SET user_count = user_count - 1 WHERE id = old.client_id;
    UPDATE accord_client_stats SET user_count = user_count + 1 WHERE id = new.client_id;
END;
