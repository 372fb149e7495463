#!/usr/bin/env bash
# run_psql.sh — psql as a person uses it, against OmenDB: \d, \dt, \dn, \di,
# \d TABLE (types with typmods, not null, defaults, primary key and unique
# indexes), \d+ TABLE, \du, \l, \df, \dn+, aligned and expanded (\x) query
# output, the information_schema, \copy (COPY FROM STDIN / TO STDOUT driven by
# psql), the queries psql 15 (and 14) send to complete table names on TAB,
# and TAB completion itself (psql on a pseudo-terminal, see tab_complete.py).
#
# Each case runs `psql -X -c ...` (the real psql 15 client, unchanged) and its
# stdout+stderr must equal tests/integration/expected/psql_<case>.out, which
# were produced by the same cases against a real PostgreSQL 15 (see --regen).
#
#   tests/integration/run_psql.sh          compare OmenDB with the expected files
#   tests/integration/run_psql.sh --regen  rewrite the expected files from PostgreSQL 15
#                                          (role and database "omendb", as OmenDB has)
#
# Exit status 0 iff every case matches; a unified diff is printed for each mismatch.
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/server.sh
. "$HERE/../lib/server.sh"
EXPECTED="$HERE/expected"
PSQL="${PSQL:-psql}"

SETUP_SQL=$(
    cat <<'EOF'
CREATE SCHEMA app;
CREATE TABLE users (
    id integer PRIMARY KEY,
    email varchar(20) NOT NULL UNIQUE,
    name text,
    balance numeric(10,2) DEFAULT 0,
    created timestamptz,
    active boolean NOT NULL DEFAULT true
);
CREATE TABLE app.orders (
    order_id bigint PRIMARY KEY,
    user_id integer NOT NULL,
    amount numeric(12,3),
    code char(4),
    note varchar(100) DEFAULT 'none',
    UNIQUE (user_id, code)
);
CREATE TABLE items (sku text, qty smallint, price double precision, d date);
CREATE TABLE defs (a bigint DEFAULT 5, b int DEFAULT -1, c numeric DEFAULT 1.5,
    d numeric DEFAULT -2.5, e smallint DEFAULT 3, f float8 DEFAULT 2.5, g text DEFAULT 'x',
    h timestamptz DEFAULT now(), i date DEFAULT '2020-01-01', j boolean DEFAULT false,
    k int DEFAULT 1 + 2, l varchar(5) DEFAULT 'ab', m char(3) DEFAULT 'ab', n real DEFAULT 1,
    o int8 DEFAULT -7);
CREATE TABLE "MixedCase" ("Id" int PRIMARY KEY, "select" text DEFAULT 'it''s', UNIQUE ("select"));
INSERT INTO users VALUES
    (1, 'a@x.org', 'Ann', 10.50, '2024-01-02 03:04:05+00', true),
    (2, 'b@x.org', NULL, DEFAULT, NULL, false);
INSERT INTO app.orders VALUES (10, 1, 5.125, 'ab', DEFAULT), (11, 2, NULL, NULL, NULL);
CREATE VIEW active_users AS SELECT id, email, name FROM users WHERE active;
CREATE VIEW app.user_totals (customer, n, total) AS
    SELECT o.user_id, count(*), sum(o.amount) FROM app.orders o
    JOIN users u ON u.id = o.user_id GROUP BY o.user_id;
CREATE SEQUENCE app.ticket_seq AS integer START 100 INCREMENT 5 MAXVALUE 1000 CYCLE CACHE 10;
CREATE TABLE tickets (id serial PRIMARY KEY, code bigint GENERATED ALWAYS AS IDENTITY);
CREATE SEQUENCE owned_seq OWNED BY tickets.id;
COMMENT ON TABLE users IS 'people who sign in';
COMMENT ON COLUMN users.email IS 'login e-mail';
COMMENT ON COLUMN app.user_totals.total IS 'sum of amounts';
COMMENT ON SCHEMA app IS 'the application';
COMMENT ON VIEW active_users IS 'who may sign in';
COMMENT ON SEQUENCE app.ticket_seq IS 'ticket numbers';
COMMENT ON INDEX users_email_key IS 'one account per address';
COMMENT ON CONSTRAINT orders_pkey ON app.orders IS 'order key';
COMMENT ON ROLE omendb IS 'the one role';
EOF
)

# Cases: name, then the psql -c arguments (one per line).
CASES=(
    'dt|\dt'
    'd|\d'
    'dn|\dn'
    'di|\di'
    'dt_app|\dt app.*'
    'd_users|\d users'
    'd_orders|\d app.orders'
    'd_items|\d items'
    'd_defs|\d defs'
    'd_mixed|\d "MixedCase"'
    'd_missing|\d nosuch'
    'd_sysview|\d pg_cursors'
    'd_plus_users|\d+ users'
    'dv|\dv'
    'dv_app|\dv app.*'
    'd_view|\d active_users'
    'ds|\ds'
    'ds_app|\ds app.*'
    'd_seq|\d app.ticket_seq'
    'd_serial_seq|\d tickets_id_seq'
    'd_identity_seq|\d tickets_code_seq'
    'd_owned_seq|\d owned_seq'
    'd_tickets|\d tickets'
    'd_plus_view|\d+ active_users'
    'd_plus_view_app|\d+ app.user_totals'
    'select_view|SELECT * FROM app.user_totals ORDER BY customer'
    'd_plus_orders|\d+ app.orders'
    'du|\du omendb'
    'du_plus|\du+ omendb'
    'l|\l omendb'
    'df|\df'
    'dn_plus|\dn+ app'
    'obj_description|SELECT n.nspname, c.relname, c.relkind, obj_description(c.oid, '"'"'pg_class'"'"') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('"'"'public'"'"', '"'"'app'"'"') ORDER BY 1, 2
SELECT conname, obj_description(oid, '"'"'pg_constraint'"'"') FROM pg_constraint WHERE conname LIKE '"'"'orders%'"'"' ORDER BY 1
SELECT attname, col_description(attrelid, attnum) FROM pg_attribute WHERE attrelid = '"'"'users'"'"'::regclass AND attnum > 0 ORDER BY attnum'
    'tab_tables|SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('"'"'r'"'"', '"'"'p'"'"') AND (c.relname) LIKE '"'"'it%'"'"' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = '"'"'pg_catalog'"'"') UNION ALL SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE '"'"'a%'"'"' AND n.nspname NOT LIKE E'"'"'pg\\_%'"'"' LIMIT 1000'
    'tab_tables_14|SELECT pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c WHERE c.relkind IN ('"'"'r'"'"', '"'"'p'"'"') AND substring(pg_catalog.quote_ident(c.relname),1,1)='"'"'M'"'"' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = '"'"'pg_catalog'"'"') UNION SELECT pg_catalog.quote_ident(n.nspname) || '"'"'.'"'"' FROM pg_catalog.pg_namespace n WHERE substring(pg_catalog.quote_ident(n.nspname) || '"'"'.'"'"',1,1)='"'"'a'"'"' ORDER BY 1'
    'select_aligned|SELECT id, email, name, balance, created, active FROM users ORDER BY id'
    'select_join|SELECT u.name, o.order_id, o.amount, o.code, o.note FROM users u JOIN app.orders o ON o.user_id = u.id ORDER BY o.order_id'
    'expanded|\x
SELECT * FROM users ORDER BY id'
    'is_tables|SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema NOT IN ('"'"'pg_catalog'"'"', '"'"'information_schema'"'"') ORDER BY 1, 2'
    'is_columns|SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default FROM information_schema.columns WHERE table_name = '"'"'users'"'"' ORDER BY ordinal_position'
    'is_constraints|SELECT constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_schema IN ('"'"'public'"'"', '"'"'app'"'"') AND constraint_type <> '"'"'CHECK'"'"' ORDER BY 1'
    'is_keys|SELECT constraint_name, column_name, ordinal_position FROM information_schema.key_column_usage WHERE table_schema = '"'"'app'"'"' ORDER BY 1, 3'
    'copy|\copy items (sku, qty, d) from program '"'"'printf "x,1,2020-01-01\ny,\"2\",\n"'"'"' with (format csv)
\copy (SELECT sku, qty, price, d FROM items ORDER BY sku) to stdout with csv header
COPY items TO STDOUT'
    'temp|CREATE TEMP TABLE users (id serial PRIMARY KEY, note text DEFAULT '"'"'n'"'"')
CREATE TEMP TABLE scratch (x int) ON COMMIT DELETE ROWS
\dt
\d users
\d scratch
SELECT table_name, table_type FROM information_schema.tables WHERE table_name IN ('"'"'users'"'"', '"'"'scratch'"'"') ORDER BY 1, 2'
)

# run_case PORT NAME CMDS: prints psql's output for one case (a session's
# temporary schema pg_temp_N printed as pg_temp_N: N differs between servers).
run_case() {
    local port=$1 cmds=$2 args=() line
    while IFS= read -r line; do args+=(-c "$line"); done <<<"$cmds"
    "$PSQL" -X -h 127.0.0.1 -p "$port" -U omendb omendb "${args[@]}" 2>&1 |
        sed 's/pg_temp_[0-9][0-9]*/pg_temp_N/g'
}

setup_db() {
    local port=$1
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U omendb omendb <<<"$SETUP_SQL"
}

if [ "${1:-}" = "--regen" ]; then
    start_postgres || exit 1
    "$PSQL" -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" postgres \
        -c "CREATE ROLE omendb SUPERUSER CREATEROLE CREATEDB REPLICATION BYPASSRLS LOGIN" \
        -c "CREATE DATABASE omendb OWNER omendb" || exit 1
    setup_db "$PG_PORT" || exit 1
    mkdir -p "$EXPECTED"
    for c in "${CASES[@]}"; do
        name=${c%%|*}
        run_case "$PG_PORT" "${c#*|}" >"$EXPECTED/psql_$name.out"
        echo "wrote $EXPECTED/psql_$name.out"
    done
    exit 0
fi

start_omendb || exit 1
if ! setup_db "$OMEN_PORT"; then
    echo "run_psql: setup failed" >&2
    exit 1
fi
fail=0
pass=0
got="$(mktemp "${TMPDIR:-/tmp}/run_psql.XXXXXX")"
add_cleanup "rm -f $got $got.diff"
for c in "${CASES[@]}"; do
    name=${c%%|*}
    exp="$EXPECTED/psql_$name.out"
    run_case "$OMEN_PORT" "${c#*|}" >"$got"
    if [ ! -f "$exp" ]; then
        echo "FAIL $name: missing $exp"
        fail=$((fail + 1))
    elif diff -u --label "expected/psql_$name.out" --label "omendb" "$exp" "$got" >"$got.diff"; then
        echo "ok   $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name"
        cat "$got.diff"
        fail=$((fail + 1))
    fi
done
# TAB completion in the real psql (on a pseudo-terminal): table names, schema-
# qualified names, quoted mixed-case names.
for c in 'ite|items' 'app.ord|app.orders' '"Mix|"MixedCase"' 'us|users'; do
    if timeout 30 /usr/bin/python3 "$HERE/tab_complete.py" "$PSQL" 127.0.0.1 "$OMEN_PORT" \
        "${c%%|*}" "${c#*|}"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
    fi
done
echo "run_psql: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
