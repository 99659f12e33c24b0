-- Indexes and triggers a bulk load (the sample generator, an import) dropped before its
-- transaction and makes again after its commit, two at once on connections of their own
-- (the triggers first). MariaDB's DDL commits whatever is open, so each is recorded here
-- (committed) before it is dropped, and its row deleted once it is made again (CREATE INDEX
-- IF NOT EXISTS, CREATE OR REPLACE TRIGGER, so one made between the two is only made
-- again): whatever stops the load or the builds leaves here exactly what is still to make,
-- and the next open makes it. Unique indexes are never dropped.
CREATE TABLE IF NOT EXISTS accord_pending_indexes (
    name varchar(191) NOT NULL,
    definition text NOT NULL,
    weight int(10) NOT NULL DEFAULT 1, -- the heaviest made first
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
