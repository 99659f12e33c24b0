-- The vendor's tables with all their columns (WHMCS 8.x), in SQLite types:
-- text for varchar/text/enum/decimal, integer for int/tinyint, ISO 8601 UTC text for dates.
-- Every NOT NULL column has a default, so a row needs only what the application knows.
-- No foreign keys: the vendor has none, and its data has orphans and invite_id = 0.

CREATE TABLE tblusers (
    id integer PRIMARY KEY AUTOINCREMENT,
    first_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    password text NOT NULL DEFAULT '',
    language text NOT NULL DEFAULT '',
    second_factor text NOT NULL DEFAULT '',
    second_factor_config text NULL,
    remember_token text NOT NULL DEFAULT '',
    reset_token text NOT NULL DEFAULT '',
    security_question_id integer NOT NULL DEFAULT 0,
    security_question_answer text NOT NULL DEFAULT '',
    last_ip text NOT NULL DEFAULT '',
    last_hostname text NOT NULL DEFAULT '',
    last_login text NULL,
    email_verification_token text NOT NULL DEFAULT '',
    email_verification_token_expiry text NULL,
    email_verified_at text NULL,
    reset_token_expiry text NULL,
    created_at text NULL,
    updated_at text NULL
);
CREATE UNIQUE INDEX tblusers_email_unique ON tblusers (email);

CREATE TABLE tblclients (
    id integer PRIMARY KEY AUTOINCREMENT,
    uuid text NOT NULL DEFAULT '',
    firstname text NOT NULL DEFAULT '',
    lastname text NOT NULL DEFAULT '',
    companyname text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    address1 text NOT NULL DEFAULT '',
    address2 text NOT NULL DEFAULT '',
    city text NOT NULL DEFAULT '',
    state text NOT NULL DEFAULT '',
    postcode text NOT NULL DEFAULT '',
    country text NOT NULL DEFAULT '',
    phonenumber text NOT NULL DEFAULT '',
    tax_id text NOT NULL DEFAULT '',
    password text NOT NULL DEFAULT '',
    authmodule text NOT NULL DEFAULT '',
    authdata text NOT NULL DEFAULT '',
    currency integer NOT NULL DEFAULT 0,
    defaultgateway text NOT NULL DEFAULT '',
    credit text NOT NULL DEFAULT '0.00',
    taxexempt integer NOT NULL DEFAULT 0,
    latefeeoveride integer NOT NULL DEFAULT 0,
    overideduenotices integer NOT NULL DEFAULT 0,
    separateinvoices integer NOT NULL DEFAULT 0,
    disableautocc integer NOT NULL DEFAULT 0,
    datecreated text NULL,
    notes text NOT NULL DEFAULT '',
    billingcid integer NOT NULL DEFAULT 0,
    securityqid integer NOT NULL DEFAULT 0,
    securityqans text NOT NULL DEFAULT '',
    groupid integer NOT NULL DEFAULT 0,
    cardtype text NOT NULL DEFAULT '',
    cardlastfour text NOT NULL DEFAULT '',
    cardnum blob NOT NULL DEFAULT x'',
    startdate blob NOT NULL DEFAULT x'',
    expdate blob NOT NULL DEFAULT x'',
    issuenumber blob NOT NULL DEFAULT x'',
    bankname text NOT NULL DEFAULT '',
    banktype text NOT NULL DEFAULT '',
    bankcode blob NOT NULL DEFAULT x'',
    bankacct blob NOT NULL DEFAULT x'',
    gatewayid text NOT NULL DEFAULT '',
    lastlogin text NULL,
    ip text NOT NULL DEFAULT '',
    host text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'Active',
    language text NOT NULL DEFAULT '',
    pwresetkey text NOT NULL DEFAULT '',
    emailoptout integer NOT NULL DEFAULT 0,
    marketing_emails_opt_in integer NOT NULL DEFAULT 0,
    overrideautoclose integer NOT NULL DEFAULT 0,
    allow_sso integer NOT NULL DEFAULT 1,
    email_verified integer NOT NULL DEFAULT 0,
    email_preferences text NULL,
    created_at text NULL,
    updated_at text NULL,
    pwresetexpiry text NULL
);
CREATE INDEX firstname_lastname ON tblclients (firstname, lastname);
CREATE INDEX email ON tblclients (email);

CREATE TABLE tblusers_clients (
    id integer PRIMARY KEY AUTOINCREMENT,
    auth_user_id integer NOT NULL DEFAULT 0,
    client_id integer NOT NULL DEFAULT 0,
    invite_id integer NOT NULL DEFAULT 0,
    owner integer NOT NULL DEFAULT 0,
    permissions text NULL,
    last_login text NULL,
    created_at text NULL,
    updated_at text NULL
);
CREATE UNIQUE INDEX user_id_client_id ON tblusers_clients (auth_user_id, client_id);
CREATE INDEX client_id_owner_idx ON tblusers_clients (client_id, owner);

CREATE TABLE tbluser_invites (
    id integer PRIMARY KEY AUTOINCREMENT,
    token text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    client_id integer NOT NULL DEFAULT 0,
    invited_by integer NOT NULL DEFAULT 0,
    invited_by_admin integer NOT NULL DEFAULT 0,
    permissions text NULL,
    accepted_at text NULL,
    created_at text NULL,
    updated_at text NULL,
    deleted_at text NULL
);
CREATE INDEX tbluser_invites_client_id ON tbluser_invites (client_id);

CREATE TABLE tblactivitylog (
    id integer PRIMARY KEY AUTOINCREMENT,
    date text NULL,
    description text NOT NULL DEFAULT '',
    user text NOT NULL DEFAULT '',
    userid integer NOT NULL DEFAULT 0,
    user_id integer NOT NULL DEFAULT 0,
    admin_id integer NOT NULL DEFAULT 0,
    ipaddr text NOT NULL DEFAULT ''
);
CREATE INDEX tblactivitylog_date ON tblactivitylog (date);
CREATE INDEX tblactivitylog_user ON tblactivitylog (user);
CREATE INDEX tblactivitylog_userid ON tblactivitylog (userid);
CREATE INDEX tblactivitylog_user_id ON tblactivitylog (user_id);
CREATE INDEX tblactivitylog_admin_id ON tblactivitylog (admin_id);

-- Accord's own bookkeeping.
CREATE TABLE accord_counters (
    name text PRIMARY KEY,
    value integer NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO accord_counters (name, value) VALUES ('users', 0), ('clients', 0), ('links', 0);
