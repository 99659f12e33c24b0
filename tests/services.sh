# shellcheck shell=bash
# Throw-away PostgreSQL and MariaDB servers on loopback for the test suite.
# Source this file, then call start_postgres / start_mariadb, reset_databases
# between runs and stop_services on exit (a trap). Each server gets role/user
# admin1 (password pw) owning database accord and allowed to create the test
# suites' own databases (accord_t<pid>_<n>), and a read-only role/user support1
# (password pw) for the read-only tests, and keeper1 (with admin1's rights, and a long
# password no other text holds) for the keychain tests, which look for the password in
# settings, logs and activity rows; the addresses are exported as ACCORD_TEST_PG_URL,
# ACCORD_TEST_MYSQL_URL and ACCORD_TEST_DB_PASSWORD.
# Both servers take TLS as well as plain connections, with a certificate signed by a CA
# made at start-up (openssl, for 127.0.0.1): ACCORD_TEST_TLS_CA is that CA's certificate,
# ACCORD_TEST_TLS_WRONG_CA another CA's, which must be refused.
# The servers are throw-away: no fsync.
# with_keyring CMD... runs CMD with a Secret Service (QtKeychain) to talk to.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
_pg_dir='' _pg_port='' _my_dir='' _my_pid='' _my_port='' _tls_dir=''
export ACCORD_TEST_DB_PASSWORD=pw ACCORD_TEST_READONLY_USER=support1
export ACCORD_TEST_KEYCHAIN_USER=keeper1 ACCORD_TEST_KEYCHAIN_PASSWORD=Kq7-never-in-plain-text-2c9

# Print the first port from $1 upwards that nothing on 127.0.0.1 listens on.
_free_port()
{
    local p=$1
    while (: </dev/tcp/127.0.0.1/"$p") 2>/dev/null; do
        p=$((p + 1))
        [ "$p" -lt $(($1 + 100)) ] || { echo "no free port near $1" >&2; return 1; }
    done
    echo "$p"
}

# Run a command as the given service account when we are root (the servers
# refuse to run as root), or as ourselves otherwise.
_as()
{
    local user=$1; shift
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# A throw-away CA, a server certificate it signed for 127.0.0.1, and a second CA that
# signed nothing the servers show (made once; P-256 keys take milliseconds).
_make_tls()
{
    [ -z "$_tls_dir" ] || return 0
    _tls_dir=$(mktemp -d /tmp/accord-tls.XXXXXX) || return 1
    local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes) name
    for name in ca wrong-ca; do
        openssl req -x509 "${ec[@]}" -keyout "$_tls_dir/$name.key" -out "$_tls_dir/$name.pem" \
            -days 2 -subj "/CN=Accord test $name" 2>/dev/null || return 1
    done
    openssl req "${ec[@]}" -keyout "$_tls_dir/server.key" -out "$_tls_dir/server.csr" \
        -subj "/CN=127.0.0.1" 2>/dev/null || return 1
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$_tls_dir/server.ext"
    openssl x509 -req -in "$_tls_dir/server.csr" -CA "$_tls_dir/ca.pem" -CAkey "$_tls_dir/ca.key" \
        -CAcreateserial -days 2 -extfile "$_tls_dir/server.ext" -out "$_tls_dir/server.pem" \
        2>/dev/null || return 1
    chmod 755 "$_tls_dir"
    chmod 644 "$_tls_dir"/*.pem
    export ACCORD_TEST_TLS_CA=$_tls_dir/ca.pem ACCORD_TEST_TLS_WRONG_CA=$_tls_dir/wrong-ca.pem
}

# The server's certificate and key in a server's own folder, owned by its account (both
# servers refuse a key others may read).
_install_tls() # DIR USER
{
    cp "$_tls_dir/server.pem" "$_tls_dir/server.key" "$1/" || return 1
    chmod 600 "$1/server.key"
    [ "$(id -u)" -ne 0 ] || chown "$2" "$1/server.pem" "$1/server.key"
}

_pg_admin() { psql -q -v ON_ERROR_STOP=1 -h "$_pg_dir" -p "$_pg_port" -U postgres -d postgres "$@"; }
_my_admin() { mariadb -h127.0.0.1 -P"$_my_port" -uroot "$@"; }

start_postgres()
{
    local port
    port=$(_free_port "${ACCORD_PG_PORT:-55432}") || return 1
    _pg_port=$port
    _pg_dir=$(mktemp -d /tmp/accord-pg.XXXXXX) || return 1
    [ "$(id -u)" -ne 0 ] || chown postgres "$_pg_dir"
    _make_tls && _install_tls "$_pg_dir" postgres || return 1
    # Local socket connections are trusted (for setup below); TCP ones need the password.
    _as postgres "$PG_BIN/initdb" -D "$_pg_dir/data" -U postgres --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$_pg_dir/initdb.log" ||
        { cat "$_pg_dir/initdb.log" >&2; return 1; }
    _as postgres "$PG_BIN/pg_ctl" -D "$_pg_dir/data" -l "$_pg_dir/server.log" -w \
        -o "-p $port -k $_pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c autovacuum=off -c ssl=on -c ssl_cert_file=$_pg_dir/server.pem -c ssl_key_file=$_pg_dir/server.key ${ACCORD_PG_EXTRA:-}" start >/dev/null ||
        { cat "$_pg_dir/server.log" >&2; return 1; }
    _pg_admin -c "create role admin1 login createdb password 'pw'" \
        -c "create role support1 login password 'pw'" \
        -c "create role $ACCORD_TEST_KEYCHAIN_USER login createdb password '$ACCORD_TEST_KEYCHAIN_PASSWORD' in role admin1" \
        -c "create database accord owner admin1" || return 1
    export ACCORD_TEST_PG_URL="postgresql://admin1@127.0.0.1:$port/accord"
    echo "PostgreSQL: $ACCORD_TEST_PG_URL (data in $_pg_dir)"
}

start_mariadb()
{
    local i
    _my_port=$(_free_port "${ACCORD_MYSQL_PORT:-53306}") || return 1
    _my_dir=$(mktemp -d /tmp/accord-my.XXXXXX) || return 1
    local user=()
    if [ "$(id -u)" -eq 0 ]; then chown mysql "$_my_dir"; user=(--user=mysql); fi
    _make_tls && _install_tls "$_my_dir" mysql || return 1
    mariadb-install-db --no-defaults "${user[@]}" --datadir="$_my_dir/data" \
        --auth-root-authentication-method=normal >"$_my_dir/install.log" 2>&1 ||
        { cat "$_my_dir/install.log" >&2; return 1; }
    mariadbd --no-defaults "${user[@]}" --datadir="$_my_dir/data" --socket="$_my_dir/sock" \
        --pid-file="$_my_dir/mariadbd.pid" --port="$_my_port" --bind-address=127.0.0.1 \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --innodb-doublewrite=0 \
        --max-connections=300 --ssl-ca="$_tls_dir/ca.pem" --ssl-cert="$_my_dir/server.pem" \
        --ssl-key="$_my_dir/server.key" --plugin-load-add=ha_mroonga ${ACCORD_MYSQL_EXTRA:-} \
        </dev/null >"$_my_dir/server.log" 2>&1 &
    _my_pid=$!
    for ((i = 0; i < 120; i++)); do
        _my_admin -e 'select 1' >/dev/null 2>&1 && break
        kill -0 "$_my_pid" 2>/dev/null || { cat "$_my_dir/server.log" >&2; return 1; }
        sleep 0.5
    done
    _my_admin -e "create database accord;
        create user 'admin1'@'127.0.0.1' identified by 'pw';
        grant all on accord.* to 'admin1'@'127.0.0.1';
        grant all on \`accord\\_%\`.* to 'admin1'@'127.0.0.1';
        create user 'support1'@'127.0.0.1' identified by 'pw';
        grant select on \`accord\\_%\`.* to 'support1'@'127.0.0.1';
        grant select on accord.* to 'support1'@'127.0.0.1';
        create user '$ACCORD_TEST_KEYCHAIN_USER'@'127.0.0.1' identified by '$ACCORD_TEST_KEYCHAIN_PASSWORD';
        grant all on \`accord\\_%\`.* to '$ACCORD_TEST_KEYCHAIN_USER'@'127.0.0.1';" || return 1
    export ACCORD_TEST_MYSQL_URL="mysql://admin1@127.0.0.1:$_my_port/accord"
    echo "MariaDB: $ACCORD_TEST_MYSQL_URL (data in $_my_dir)"
}

# Give each started server an empty accord database again (between test runs).
reset_databases()
{
    if [ -n "$_pg_dir" ]; then
        _pg_admin -c "drop database accord with (force)" -c "create database accord owner admin1" ||
            return 1
    fi
    if [ -n "$_my_pid" ]; then
        _my_admin -e "drop database accord; create database accord;" || return 1
    fi
}

# Stop whatever was started and delete the data. Safe to call more than once.
stop_services()
{
    if [ -n "$_pg_dir" ]; then
        _as postgres "$PG_BIN/pg_ctl" -D "$_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$_pg_dir"
        _pg_dir=''
    fi
    if [ -n "$_my_pid" ]; then
        _my_admin -e shutdown >/dev/null 2>&1 ||
            kill "$_my_pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 60; i++)); do kill -0 "$_my_pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$_my_pid" 2>/dev/null || true
        wait "$_my_pid" 2>/dev/null || true
        _my_pid=''
    fi
    if [ -n "$_my_dir" ]; then
        rm -rf "$_my_dir"
        _my_dir=''
    fi
    if [ -n "$_tls_dir" ]; then
        rm -rf "$_tls_dir"
        _tls_dir=''
    fi
    unset ACCORD_TEST_PG_URL ACCORD_TEST_MYSQL_URL ACCORD_TEST_TLS_CA ACCORD_TEST_TLS_WRONG_CA
}

# Run a command in a private D-Bus session with an unlocked, throw-away GNOME
# keyring (the Secret Service QtKeychain talks to). The keyring lives in a temp
# dir and gets a non-empty password: with an empty one (or an existing login
# keyring with another password) writes need a GUI prompt and fail headless.
with_keyring()
{
    local dir rc=0
    dir=$(mktemp -d /tmp/accord-keyring.XXXXXX) || return 1
    _KEYRING_DIR=$dir dbus-run-session -- bash -c '
        echo -n accord | XDG_DATA_HOME=$_KEYRING_DIR XDG_RUNTIME_DIR=$_KEYRING_DIR \
            gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1
        unset _KEYRING_DIR
        for _ in $(seq 50); do   # the daemon claims its bus name after returning
            dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets |
                grep -q true && break
            sleep 0.1
        done
        exec "$@"' with_keyring "$@" || rc=$?
    rm -rf "$dir"
    return "$rc"
}
