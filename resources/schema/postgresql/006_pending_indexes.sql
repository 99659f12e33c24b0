-- Indexes a bulk load (the sample generator, an import) dropped inside its transaction and
-- builds after its commit, several at once on connections of their own: each is built in
-- a transaction that also deletes its row, so a load stopped part-way leaves here exactly
-- the indexes still to build, and the next open builds them. Unique indexes are never
-- left here: they are built before the load commits.
CREATE TABLE accord_pending_indexes (
    name text PRIMARY KEY,
    definition text NOT NULL,
    weight integer NOT NULL DEFAULT 1 -- the heaviest built first
);
