-- Failed sign-ins per login, shared by every process on the database (the Client Area
-- preview and the headless `login`), so repeated guesses for one email are slowed down
-- whoever makes them (domain/failedsignins: 3 free, then 1 s doubling to 15 min; a day
-- without failures forgets them). Keyed by the SHA-256 of the folded email: these counters
-- are not user data, and no address is kept for an email no user has.
CREATE TABLE IF NOT EXISTS accord_sign_in_failures (
    login_key text PRIMARY KEY,
    failures integer NOT NULL DEFAULT 0,
    last_failure_at timestamp(0) with time zone NULL,
    next_allowed_at timestamp(0) with time zone NULL
);
CREATE INDEX IF NOT EXISTS accord_sign_in_failures_last ON accord_sign_in_failures (last_failure_at);
