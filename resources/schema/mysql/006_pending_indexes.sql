-- Indexes a bulk load (the sample generator, an import) dropped before its transaction and
-- builds after its commit, two at once (on its own connection and one more). MariaDB's DDL
-- commits whatever is open, so each table's secondary indexes are recorded here
-- (committed) before they are dropped, and the row deleted once they are built again
-- (ALTER TABLE ... ADD INDEX IF NOT EXISTS, so a build stopped between the two is only
-- repeated): whatever stops the load or the builds leaves here exactly the indexes still to
-- build, and the next open builds them. Unique indexes are never dropped.
CREATE TABLE IF NOT EXISTS accord_pending_indexes (
    name varchar(191) NOT NULL,
    definition text NOT NULL,
    weight int(10) NOT NULL DEFAULT 1, -- the heaviest built first
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
