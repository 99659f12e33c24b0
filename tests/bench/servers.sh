#!/usr/bin/env bash
# accord-bench's server on loopback: starts PostgreSQL or MariaDB with tests/services.sh,
# with the memory a server for a million users is given (shared_buffers, the InnoDB buffer
# pool), prints "url=..." and "password=..." on stdout, and stops it (deleting its data)
# when the benchmark closes stdin.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/services.sh
trap stop_services EXIT
case "${1:-}" in
postgresql)
    ACCORD_PG_EXTRA="-c shared_buffers=1GB -c effective_cache_size=4GB -c maintenance_work_mem=512MB" \
        start_postgres >&2
    echo "url=$ACCORD_TEST_PG_URL" ;;
mysql)
    ACCORD_MYSQL_EXTRA="--innodb-buffer-pool-size=2G --innodb-log-file-size=512M" start_mariadb >&2
    echo "url=$ACCORD_TEST_MYSQL_URL" ;;
*) echo "usage: servers.sh postgresql|mysql" >&2; exit 2 ;;
esac
echo "password=$ACCORD_TEST_DB_PASSWORD"
cat >/dev/null # until the benchmark ends
