-- The vendor's tables with all their columns (WHMCS 8.x) in the vendor's own MySQL types,
-- InnoDB, utf8mb4 with the vendor's case-insensitive collation (so its unique email index
-- keeps refusing an email in another case). Accord's own tables are utf8mb4_bin.
-- No foreign keys: the vendor has none, and its data has orphans and invite_id = 0.
-- DDL commits on its own on MariaDB: every statement can run again after a failure.

CREATE TABLE IF NOT EXISTS tblusers (
    id int(10) unsigned NOT NULL AUTO_INCREMENT,
    first_name varchar(255) NOT NULL DEFAULT '',
    last_name varchar(255) NOT NULL DEFAULT '',
    email varchar(255) NOT NULL DEFAULT '',
    password varchar(255) NOT NULL DEFAULT '',
    language varchar(32) NOT NULL DEFAULT '',
    second_factor varchar(255) NOT NULL DEFAULT '',
    second_factor_config text NULL,
    remember_token varchar(100) NOT NULL DEFAULT '',
    reset_token varchar(255) NOT NULL DEFAULT '',
    security_question_id int(10) unsigned NOT NULL DEFAULT 0,
    security_question_answer varchar(255) NOT NULL DEFAULT '',
    last_ip varchar(64) NOT NULL DEFAULT '',
    last_hostname varchar(255) NOT NULL DEFAULT '',
    last_login timestamp NULL DEFAULT NULL,
    email_verification_token varchar(100) NOT NULL DEFAULT '',
    email_verification_token_expiry timestamp NULL DEFAULT NULL,
    email_verified_at timestamp NULL DEFAULT NULL,
    reset_token_expiry timestamp NULL DEFAULT NULL,
    created_at timestamp NULL DEFAULT NULL,
    updated_at timestamp NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY tblusers_email_unique (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS tblclients (
    id int(10) NOT NULL AUTO_INCREMENT,
    uuid varchar(255) NOT NULL DEFAULT '',
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
    tax_id varchar(128) NOT NULL DEFAULT '',
    password text NOT NULL DEFAULT '',
    authmodule text NOT NULL DEFAULT '',
    authdata text NOT NULL DEFAULT '',
    currency int(10) NOT NULL DEFAULT 0,
    defaultgateway text NOT NULL DEFAULT '',
    credit decimal(16,2) NOT NULL DEFAULT 0.00,
    taxexempt tinyint(1) NOT NULL DEFAULT 0,
    latefeeoveride tinyint(1) NOT NULL DEFAULT 0,
    overideduenotices tinyint(1) NOT NULL DEFAULT 0,
    separateinvoices tinyint(1) NOT NULL DEFAULT 0,
    disableautocc tinyint(1) NOT NULL DEFAULT 0,
    datecreated date NULL DEFAULT NULL,
    notes text NOT NULL DEFAULT '',
    billingcid int(10) NOT NULL DEFAULT 0,
    securityqid int(10) NOT NULL DEFAULT 0,
    securityqans text NOT NULL DEFAULT '',
    groupid int(10) NOT NULL DEFAULT 0,
    cardtype varchar(255) NOT NULL DEFAULT '',
    cardlastfour text NOT NULL DEFAULT '',
    cardnum blob NOT NULL DEFAULT '',
    startdate blob NOT NULL DEFAULT '',
    expdate blob NOT NULL DEFAULT '',
    issuenumber blob NOT NULL DEFAULT '',
    bankname text NOT NULL DEFAULT '',
    banktype text NOT NULL DEFAULT '',
    bankcode blob NOT NULL DEFAULT '',
    bankacct blob NOT NULL DEFAULT '',
    gatewayid text NOT NULL DEFAULT '',
    lastlogin datetime NULL DEFAULT NULL,
    ip text NOT NULL DEFAULT '',
    host text NOT NULL DEFAULT '',
    status enum('Active','Inactive','Closed') NOT NULL DEFAULT 'Active',
    language text NOT NULL DEFAULT '',
    pwresetkey text NOT NULL DEFAULT '',
    emailoptout int(1) NOT NULL DEFAULT 0,
    marketing_emails_opt_in tinyint(1) NOT NULL DEFAULT 0,
    overrideautoclose int(1) NOT NULL DEFAULT 0,
    allow_sso tinyint(1) NOT NULL DEFAULT 1,
    email_verified tinyint(1) NOT NULL DEFAULT 0,
    email_preferences text NULL DEFAULT NULL,
    created_at timestamp NULL DEFAULT NULL,
    updated_at timestamp NULL DEFAULT NULL,
    pwresetexpiry timestamp NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY firstname_lastname (firstname(32), lastname(32)),
    KEY email (email(64))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS tblusers_clients (
    id int(10) unsigned NOT NULL AUTO_INCREMENT,
    auth_user_id int(10) unsigned NOT NULL DEFAULT 0,
    client_id int(10) unsigned NOT NULL DEFAULT 0,
    invite_id int(10) unsigned NOT NULL DEFAULT 0,
    owner tinyint(1) unsigned NOT NULL DEFAULT 0,
    permissions text NULL DEFAULT NULL,
    last_login timestamp NULL DEFAULT NULL,
    created_at timestamp NULL DEFAULT NULL,
    updated_at timestamp NULL DEFAULT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY user_id_client_id (auth_user_id, client_id),
    KEY client_id_owner_idx (client_id, owner)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS tbluser_invites (
    id int(10) unsigned NOT NULL AUTO_INCREMENT,
    token varchar(100) NOT NULL DEFAULT '',
    email varchar(255) NOT NULL DEFAULT '',
    client_id int(10) unsigned NOT NULL DEFAULT 0,
    invited_by int(10) unsigned NOT NULL DEFAULT 0,
    invited_by_admin tinyint(1) NOT NULL DEFAULT 0,
    permissions text NULL DEFAULT NULL,
    accepted_at timestamp NULL DEFAULT NULL,
    created_at timestamp NULL DEFAULT NULL,
    updated_at timestamp NULL DEFAULT NULL,
    deleted_at timestamp NULL DEFAULT NULL,
    PRIMARY KEY (id),
    KEY tbluser_invites_client_id (client_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS tblactivitylog (
    id int(10) unsigned NOT NULL AUTO_INCREMENT,
    date datetime NULL DEFAULT NULL,
    description text NOT NULL DEFAULT '',
    user text NOT NULL DEFAULT '',
    userid int(10) unsigned NOT NULL DEFAULT 0,
    user_id int(10) unsigned NOT NULL DEFAULT 0,
    admin_id int(10) unsigned NOT NULL DEFAULT 0,
    ipaddr text NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY date (date),
    KEY user (user(255)),
    KEY userid (userid),
    KEY user_id (user_id),
    KEY admin_id (admin_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Accord's own bookkeeping.
CREATE TABLE IF NOT EXISTS accord_counters (
    name varchar(32) NOT NULL,
    value bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT IGNORE INTO accord_counters (name, value) VALUES ('users', 0), ('clients', 0), ('links', 0);
