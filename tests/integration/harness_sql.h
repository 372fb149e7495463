/*
 * harness_sql.h — statements that must succeed, for integration tests that
 * drive several sessions (a failure ends the test with the server's message).
 * Include after <cmocka.h> and harness.h.
 */
#ifndef OMENDB_TESTS_HARNESS_SQL_H
#define OMENDB_TESTS_HARNESS_SQL_H

static inline PGresult *query_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    return r;
}

static inline void exec_ok(PGconn *c, const char *sql)
{
    PQclear(query_ok(c, sql));
}

/* Fails unless `sql` answers exactly one row whose first value is `want`. */
static inline void expect_one(PGconn *c, const char *sql, const char *want)
{
    PGresult *r = query_ok(c, sql);
    if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", sql, PQntuples(r) ? PQgetvalue(r, 0, 0) : "<none>",
                 want);
    PQclear(r);
}

#endif
