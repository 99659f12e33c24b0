-- Sorting the lists by a column other than id (as schema 002 made them).
CREATE INDEX IF NOT EXISTS accord_users_last_login ON tblusers (coalesce(last_login, ''));
CREATE INDEX IF NOT EXISTS accord_users_two_factor ON tblusers ((coalesce(second_factor, '') <> ''));
CREATE INDEX IF NOT EXISTS accord_clients_status ON tblclients (coalesce(status, ''));
CREATE INDEX IF NOT EXISTS accord_user_stats_client_count ON accord_user_stats (client_count);
CREATE INDEX IF NOT EXISTS accord_client_stats_user_count ON accord_client_stats (user_count);
-- 1-2 character search and the lists' orders: one index per key (the id follows in each).
CREATE INDEX accord_user_keys_first ON accord_user_keys (first_key);
CREATE INDEX accord_user_keys_last ON accord_user_keys (last_key);
-- Also how a write finds another user with the same login: SQLite runs one write at a time
-- (BEGIN IMMEDIATE), so the check in the writing transaction keeps logins unique without
-- a unique index (which could not hold the duplicates another program may store).
CREATE INDEX accord_user_keys_email ON accord_user_keys (email_key);
CREATE INDEX accord_user_keys_clash ON accord_user_keys (id) WHERE clash <> 0;
CREATE INDEX accord_user_keys_dirty ON accord_user_keys (id) WHERE dirty <> 0;
CREATE INDEX accord_client_keys_first ON accord_client_keys (first_key);
CREATE INDEX accord_client_keys_last ON accord_client_keys (last_key);
CREATE INDEX accord_client_keys_company ON accord_client_keys (company_key);
CREATE INDEX accord_client_keys_email ON accord_client_keys (email_key);
CREATE INDEX accord_client_keys_dirty ON accord_client_keys (id) WHERE dirty <> 0;
