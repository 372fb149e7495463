/*
 * The PostgreSQL JDBC driver (Debian libpostgresql-jdbc-java, /usr/share/java/postgresql.jar)
 * against a running OmenDB.
 *
 * Usage: java -cp postgresql.jar:CLASSDIR JdbcTest HOST PORT
 * (tests/clients/run_jdbc.sh compiles this file into a temporary directory and starts the
 * server). Each check prints "ok   NAME" or "FAIL NAME: why"; the last line is
 * "jdbc: N passed, N failed"; the exit status is 1 if anything failed.
 * JDBC_TRACE=1 in the environment logs every protocol message of the driver to stderr.
 */
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

public class JdbcTest {
    interface Body {
        void run() throws Exception;
    }

    static String host;
    static int port;
    static int passed, failed;

    static Connection conn;

    static final String COLS = "id, qty, price, amount, name, data, d, ts, tstz, flag, code, u";
    static final byte[] BYTES = {0, 1, (byte) 0xff, 39, 92};
    static final BigDecimal AMOUNT = new BigDecimal("1234.567");
    static final Date DATE = Date.valueOf("2024-02-29");
    static final Timestamp TS = Timestamp.valueOf("2024-01-02 03:04:05.123456");
    static final OffsetDateTime TSTZ = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2));
    static final UUID U = UUID.fromString("12345678-1234-5678-1234-567812345678");
    // a query that runs for a long time (about 40 s on OmenDB, longer on PostgreSQL)
    static final String LONG_QUERY = "SELECT count(*) FROM generate_series(1, 100000) a(g)"
            + " CROSS JOIN generate_series(1, 100000) b(g) WHERE (a.g * 7 + b.g) % 1000003 = 0";

    static Connection connect(String... props) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "omendb");
        p.setProperty("password", "omendb");
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30"); // a hung server must not hang the test
        for (int i = 0; i + 1 < props.length; i += 2) p.setProperty(props[i], props[i + 1]);
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/omendb", p);
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof SQLException && ((SQLException) e).getSQLState() != null)
            sb.append(" [").append(((SQLException) e).getSQLState()).append("]");
        sb.append(": ").append(String.valueOf(e.getMessage()).replaceAll("\\s*\n\\s*", " | "));
        if (e instanceof SQLException && ((SQLException) e).getNextException() != null)
            sb.append(" | next: ").append(describe(((SQLException) e).getNextException()));
        else if (e.getCause() != null && e.getCause() != e && !(e instanceof SQLException))
            sb.append(" | cause: ").append(describe(e.getCause()));
        return sb.toString();
    }

    /* Checks that fail today because of a known OmenDB gap (name prefix ->
     * the gap). Such a check prints "xfail" and does not fail the run; if it
     * passes it prints "XPASS" and fails the run, so the list stays current. */
    static final java.util.Map<String, String> XFAIL = new java.util.LinkedHashMap<>();
    static int xfailed;

    static String gapOf(String name) {
        for (java.util.Map.Entry<String, String> e : XFAIL.entrySet())
            if (name.startsWith(e.getKey())) return e.getValue();
        return null;
    }

    static void check(String name, Body body) {
        String gap = gapOf(name);
        try {
            body.run();
            if (gap != null) {
                failed++;
                System.out.println("XPASS " + name + ": passes now; remove it from XFAIL (" + gap + ")");
            } else {
                passed++;
                System.out.println("ok   " + name);
            }
        } catch (Throwable e) {
            if (gap != null) {
                xfailed++;
                System.out.println(("xfail " + name + ": " + gap + ": " + describe(e)).trim());
            } else {
                failed++;
                System.out.println(("FAIL " + name + ": " + describe(e)).trim());
            }
            try {
                if (conn != null && !conn.isClosed()) {
                    if (!conn.getAutoCommit()) conn.rollback();
                    conn.setAutoCommit(true);
                }
            } catch (Exception ignored) {
                // the next check reports a broken connection
            }
        }
        System.out.flush();
    }

    static void eq(Object got, Object want) {
        eq(got, want, "");
    }

    static void eq(Object got, Object want, String what) {
        boolean same = got instanceof byte[] && want instanceof byte[]
                ? Arrays.equals((byte[]) got, (byte[]) want)
                : got == null ? want == null : got.equals(want);
        if (!same)
            throw new AssertionError((what.isEmpty() ? "" : what + ": ") + "got " + show(got)
                    + ", want " + show(want));
    }

    static String show(Object o) {
        if (o instanceof byte[]) return Arrays.toString((byte[]) o);
        if (o instanceof int[]) return Arrays.toString((int[]) o);
        if (o instanceof String) return "\"" + o + "\"";
        return String.valueOf(o);
    }

    static void expect(boolean cond, String why) {
        if (!cond) throw new AssertionError(why);
    }

    /** Runs sql on c and expects an SQLException with this SQLState. */
    static void expectState(Connection c, String sql, String state) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            if (!state.equals(e.getSQLState()))
                throw new AssertionError(sql + ": SQLState " + e.getSQLState() + " (" + e.getMessage()
                        + "), want " + state);
            return;
        }
        throw new AssertionError(sql + ": no SQLException, want SQLState " + state);
    }

    static Object one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            expect(rs.next(), sql + ": no row");
            return rs.getObject(1);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        return ((Number) one(c, sql)).longValue();
    }

    static void exec(Connection c, String... sqls) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : sqls) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(sql + ": " + e.getMessage(), e.getSQLState(), e);
                }
            }
        }
    }

    /** The rows of a DatabaseMetaData result as maps from column label to value. */
    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            Map<String, Object> row = new HashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++)
                row.put(md.getColumnLabel(i).toUpperCase(), rs.getObject(i));
            out.add(row);
        }
        rs.close();
        return out;
    }

    static Map<String, Object> find(List<Map<String, Object>> rows, String col, Object val) {
        for (Map<String, Object> r : rows)
            if (val.equals(r.get(col))) return r;
        throw new AssertionError("no row with " + col + " = " + val + " in " + rows);
    }

    /** Sets the 12 columns of COLS from the second parameter on, with the typed setters. */
    static void setRow(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        ps.setLong(2, 1000000000000L + id);
        ps.setDouble(3, 2.5);
        ps.setBigDecimal(4, AMOUNT);
        ps.setString(5, "héllo 'q' " + id);
        ps.setBytes(6, BYTES);
        ps.setDate(7, DATE);
        ps.setTimestamp(8, TS);
        ps.setObject(9, TSTZ);
        ps.setBoolean(10, true);
        ps.setString(11, "c" + id);
        ps.setObject(12, U);
    }

    static void checkRow(ResultSet rs, int id) throws SQLException {
        eq(rs.getInt("id"), id, "getInt(id)");
        eq(rs.getLong("qty"), 1000000000000L + id, "getLong(qty)");
        eq(rs.getDouble("price"), 2.5, "getDouble(price)");
        eq(rs.getBigDecimal("amount"), AMOUNT, "getBigDecimal(amount)");
        eq(rs.getString("name"), "héllo 'q' " + id, "getString(name)");
        eq(rs.getBytes("data"), BYTES, "getBytes(data)");
        eq(rs.getDate("d"), DATE, "getDate(d)");
        eq(rs.getTimestamp("ts"), TS, "getTimestamp(ts)");
        eq(rs.getObject("tstz", OffsetDateTime.class).toInstant(), TSTZ.toInstant(), "getObject(tstz)");
        eq(rs.getTimestamp("tstz").toInstant(), TSTZ.toInstant(), "getTimestamp(tstz)");
        eq(rs.getBoolean("flag"), true, "getBoolean(flag)");
        eq(rs.getString("code"), "c" + id, "getString(code)");
        eq(rs.getObject("u"), U, "getObject(u)");
    }

    /** Counts the protocol messages the driver logs that contain one of the given strings. */
    static class MessageCounter extends Handler implements AutoCloseable {
        final Map<String, AtomicInteger> counts = new HashMap<>();
        final Logger logger = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        final Level oldLevel = logger.getLevel();

        MessageCounter(String... keys) {
            for (String k : keys) counts.put(k, new AtomicInteger());
            setLevel(Level.ALL);
            logger.setLevel(Level.FINEST);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (msg == null) return;
            for (Map.Entry<String, AtomicInteger> e : counts.entrySet())
                if (msg.contains(e.getKey())) e.getValue().incrementAndGet();
        }

        int get(String key) {
            return counts.get(key).get();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(oldLevel);
        }
    }

    public static void main(String[] args) throws Exception {
        host = args[0];
        port = Integer.parseInt(args[1]);
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        if (System.getenv("JDBC_TRACE") != null) {
            Logger l = Logger.getLogger("org.postgresql");
            l.setLevel(Level.FINEST);
            ConsoleHandler h = new ConsoleHandler();
            h.setLevel(Level.FINEST);
            l.addHandler(h);
        }
        long started = System.nanoTime();

        check("connect (default settings)", () -> {
            conn = connect();
            DatabaseMetaData md = conn.getMetaData();
            System.out.println("driver " + md.getDriverVersion() + ", server "
                    + md.getDatabaseProductName() + " " + md.getDatabaseProductVersion());
            eq(md.getDatabaseProductName(), "PostgreSQL");
            expect(conn.isValid(5), "isValid(5) is false");
            eq(conn.getAutoCommit(), true, "getAutoCommit");
        });
        if (conn == null) {
            System.out.println("jdbc: " + passed + " passed, " + failed + " failed");
            System.exit(1);
        }

        check("DatabaseMetaData.getDatabaseProductVersion", () -> {
            DatabaseMetaData md = conn.getMetaData();
            String v = md.getDatabaseProductVersion();
            expect(v.matches("\\d+(\\.\\d+)*.*"), "version " + v);
            expect(md.getDatabaseMajorVersion() >= 10, "major version " + md.getDatabaseMajorVersion());
            eq(one(conn, "SHOW server_version").toString(), v, "SHOW server_version");
        });

        check("ddl", () -> exec(conn,
                "CREATE TABLE items (id integer PRIMARY KEY, qty bigint, price float8,"
                        + " amount numeric(12,3), name text, data bytea, d date, ts timestamp,"
                        + " tstz timestamptz, flag boolean, code varchar(10), u uuid)",
                "CREATE TABLE auto_serial (id serial PRIMARY KEY, name text)",
                "CREATE TABLE auto_ident (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text)",
                "CREATE TABLE parent (id integer PRIMARY KEY, label text UNIQUE)",
                "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer NOT NULL"
                        + " REFERENCES parent (id), note text)",
                "CREATE INDEX child_parent_idx ON child (parent_id)",
                "CREATE TABLE batch_t (id integer PRIMARY KEY, name text)",
                "CREATE TABLE big (n integer, s text)",
                "INSERT INTO big SELECT g, 'row ' || g FROM generate_series(1, 10000) g"));

        check("Statement executeUpdate/executeQuery", () -> {
            try (Statement st = conn.createStatement()) {
                eq(st.executeUpdate("INSERT INTO parent VALUES (1, 'one'), (2, 'two'), (3, 'three')"), 3,
                        "insert count");
                eq(st.executeUpdate("UPDATE parent SET label = label || '!' WHERE id >= 2"), 2,
                        "update count");
                eq(st.executeUpdate("INSERT INTO child VALUES (10, 1, 'a'), (11, 2, NULL)"), 2,
                        "insert child count");
                try (ResultSet rs = st.executeQuery("SELECT id, label FROM parent ORDER BY id")) {
                    StringBuilder sb = new StringBuilder();
                    while (rs.next()) sb.append(rs.getInt(1)).append('=').append(rs.getString(2)).append(' ');
                    eq(sb.toString(), "1=one 2=two! 3=three! ");
                }
                eq(st.execute("SELECT 1"), true, "execute(SELECT) returns a result set");
                eq(st.getUpdateCount(), -1, "getUpdateCount after SELECT");
                eq(st.execute("DELETE FROM parent WHERE id = 3"), false, "execute(DELETE)");
                eq(st.getUpdateCount(), 1, "getUpdateCount after DELETE");
                eq(st.executeUpdate("CREATE TEMP TABLE tmp1 (x int)"), 0, "executeUpdate(DDL)");
            }
        });

        check("PreparedStatement setters (setInt/Long/Double/BigDecimal/String/Bytes/Date/"
                + "Timestamp/Object(OffsetDateTime)/Boolean/Object(UUID)) and setNull", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO items (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                setRow(ps, 1);
                eq(ps.executeUpdate(), 1, "insert count");
                ps.setInt(1, 2);
                ps.setNull(2, Types.BIGINT);
                ps.setNull(3, Types.DOUBLE);
                ps.setNull(4, Types.NUMERIC);
                ps.setNull(5, Types.VARCHAR);
                ps.setNull(6, Types.BINARY);
                ps.setNull(7, Types.DATE);
                ps.setNull(8, Types.TIMESTAMP);
                ps.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setNull(10, Types.BOOLEAN);
                ps.setNull(11, Types.VARCHAR);
                ps.setNull(12, Types.OTHER);
                eq(ps.executeUpdate(), 1, "insert count of the NULL row");
            }
        });

        check("ResultSet getters (getInt/Long/Double/BigDecimal/String/Bytes/Date/Timestamp/"
                + "Object(OffsetDateTime)/Boolean/Object(UUID)) and wasNull", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT " + COLS + " FROM items WHERE id = ? OR id = ? ORDER BY id")) {
                ps.setInt(1, 1);
                ps.setLong(2, 2L);
                try (ResultSet rs = ps.executeQuery()) {
                    expect(rs.next(), "no row 1");
                    checkRow(rs, 1);
                    expect(rs.next(), "no row 2");
                    eq(rs.getLong("qty"), 0L, "getLong(NULL)");
                    eq(rs.wasNull(), true, "wasNull");
                    eq(rs.getBigDecimal("amount"), null, "getBigDecimal(NULL)");
                    eq(rs.getBytes("data"), null, "getBytes(NULL)");
                    eq(rs.getTimestamp("ts"), null, "getTimestamp(NULL)");
                    eq(rs.getObject("tstz", OffsetDateTime.class), null, "getObject(NULL tstz)");
                    eq(rs.getBoolean("flag"), false, "getBoolean(NULL)");
                    eq(rs.getObject("u"), null, "getObject(NULL uuid)");
                    expect(!rs.next(), "more than 2 rows");
                }
            }
        });

        check("server-side prepared SELECT past prepareThreshold (10 runs, binary results)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT " + COLS + " FROM items WHERE id = ?")) {
                for (int run = 1; run <= 10; run++) {
                    ps.setInt(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        expect(rs.next(), "run " + run + ": no row");
                        try {
                            checkRow(rs, 1);
                        } catch (AssertionError e) {
                            throw new AssertionError("run " + run + ": " + e.getMessage());
                        }
                        if (run == 10) {
                            org.postgresql.PGResultSetMetaData md =
                                    rs.getMetaData().unwrap(org.postgresql.PGResultSetMetaData.class);
                            eq(md.getFormat(1), 1, "result format of int4 on run 10 (1 = binary)");
                        }
                    }
                }
                eq(ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare(), true,
                        "isUseServerPrepare");
            }
        });

        check("server-side prepared INSERT past prepareThreshold (10 runs)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO items (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 100; id < 110; id++) {
                    setRow(ps, id);
                    eq(ps.executeUpdate(), 1, "insert count of id " + id);
                }
            }
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + COLS + " FROM items WHERE id >= 100 ORDER BY id")) {
                for (int id = 100; id < 110; id++) {
                    expect(rs.next(), "missing id " + id);
                    checkRow(rs, id);
                }
                expect(!rs.next(), "extra rows");
            }
        });

        check("java.time: setObject/getObject LocalDate, LocalDateTime, OffsetDateTime", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT ?::date, ?::timestamp, ?::timestamptz, d, ts FROM items WHERE id = 1")) {
                LocalDate ld = LocalDate.of(1999, 12, 31);
                LocalDateTime ldt = LocalDateTime.of(2001, 2, 3, 4, 5, 6, 789000000);
                ps.setObject(1, ld);
                ps.setObject(2, ldt);
                ps.setObject(3, TSTZ);
                try (ResultSet rs = ps.executeQuery()) {
                    expect(rs.next(), "no row");
                    eq(rs.getObject(1, LocalDate.class), ld, "LocalDate");
                    eq(rs.getObject(2, LocalDateTime.class), ldt, "LocalDateTime");
                    eq(rs.getObject(3, OffsetDateTime.class).toInstant(), TSTZ.toInstant(), "OffsetDateTime");
                    eq(rs.getObject(4, LocalDate.class), LocalDate.of(2024, 2, 29), "LocalDate of d");
                    eq(rs.getObject(5, LocalDateTime.class), TS.toLocalDateTime(), "LocalDateTime of ts");
                }
            }
        });

        check("preferQueryMode=simple: Statement and PreparedStatement", () -> {
            try (Connection c = connect("preferQueryMode", "simple")) {
                eq(count(c, "SELECT count(*) FROM items"), 12L, "count(*)");
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO items (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    setRow(ps, 200);
                    // the driver cannot inline setBytes in simple mode (it sends a bare "?")
                    ps.setObject(6, "\\x0001ff275c", Types.OTHER);
                    eq(ps.executeUpdate(), 1, "insert count");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLS + " FROM items WHERE id = ? AND name = ? AND amount = ?"
                                + " AND ts = ? AND d = ? AND tstz = ? AND code IS DISTINCT FROM ?")) {
                    for (int run = 1; run <= 6; run++) {
                        ps.setInt(1, 200);
                        ps.setString(2, "héllo 'q' 200");
                        ps.setBigDecimal(3, AMOUNT);
                        ps.setTimestamp(4, TS);
                        ps.setDate(5, DATE);
                        ps.setObject(6, TSTZ);
                        ps.setNull(7, Types.VARCHAR);
                        try (ResultSet rs = ps.executeQuery()) {
                            expect(rs.next(), "run " + run + ": no row");
                            checkRow(rs, 200);
                        }
                    }
                }
                try (Statement st = c.createStatement()) {
                    eq(st.executeUpdate("DELETE FROM items WHERE id = 200"), 1, "delete count");
                }
            }
        });

        check("generated keys: serial column (RETURN_GENERATED_KEYS)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO auto_serial (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 1; i <= 3; i++) {
                    ps.setString(1, "n" + i);
                    eq(ps.executeUpdate(), 1, "insert count");
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        expect(keys.next(), "no generated key");
                        eq(keys.getInt("id"), i, "generated id");
                    }
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO auto_serial (name) VALUES (?)", new String[] {"id"})) {
                ps.setString(1, "n4");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    expect(keys.next(), "no generated key (column names)");
                    eq(keys.getLong(1), 4L, "generated id (column names)");
                }
            }
            try (Statement st = conn.createStatement()) {
                eq(st.executeUpdate("INSERT INTO auto_serial (name) VALUES ('n5')",
                        Statement.RETURN_GENERATED_KEYS), 1, "Statement insert count");
                try (ResultSet keys = st.getGeneratedKeys()) {
                    expect(keys.next(), "no generated key (Statement)");
                    eq(keys.getInt(1), 5, "generated id (Statement)");
                }
            }
        });

        check("generated keys: identity column (RETURN_GENERATED_KEYS)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO auto_ident (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 1; i <= 2; i++) {
                    ps.setString(1, "n" + i);
                    eq(ps.executeUpdate(), 1, "insert count");
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        expect(keys.next(), "no generated key");
                        eq(keys.getLong("id"), (long) i, "generated id");
                        eq(keys.getString("name"), "n" + i, "returned name");
                    }
                }
            }
        });

        check("batch insert (addBatch/executeBatch)", () -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO batch_t (id, name) VALUES (?, ?)")) {
                for (int i = 1; i <= 100; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "b" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                eq(counts.length, 100, "batch result length");
                for (int n : counts) eq(n, 1, "batch update count");
            }
            try (Statement st = conn.createStatement()) {
                st.addBatch("INSERT INTO batch_t VALUES (101, 'x')");
                st.addBatch("UPDATE batch_t SET name = 'y' WHERE id <= 10");
                st.addBatch("DELETE FROM batch_t WHERE id = 101");
                eq(Arrays.toString(st.executeBatch()), "[1, 10, 1]", "Statement batch counts");
            }
            eq(count(conn, "SELECT count(*) FROM batch_t"), 100L, "rows");
            eq(count(conn, "SELECT count(*) FROM batch_t WHERE name = 'y'"), 10L, "updated rows");
        });

        check("batch insert with reWriteBatchedInserts=true", () -> {
            try (Connection c = connect("reWriteBatchedInserts", "true");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO batch_t (id, name) VALUES (?, ?)")) {
                for (int i = 1000; i < 1300; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "r" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                eq(counts.length, 300, "batch result length");
                for (int n : counts) eq(n, Statement.SUCCESS_NO_INFO, "rewritten batch update count");
                eq(count(c, "SELECT count(*) FROM batch_t WHERE id >= 1000"), 300L, "rows");
                eq(one(c, "SELECT name FROM batch_t WHERE id = 1299"), "r1299", "last row");
            }
        });

        check("batch with a duplicate key: BatchUpdateException 23505", () -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO batch_t (id, name) VALUES (?, ?)")) {
                for (int id : new int[] {2000, 2001, 1}) {
                    ps.setInt(1, id);
                    ps.setString(2, "dup");
                    ps.addBatch();
                }
                try {
                    ps.executeBatch();
                    throw new AssertionError("no BatchUpdateException");
                } catch (BatchUpdateException e) {
                    SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                    eq(cause.getSQLState(), "23505", "SQLState");
                }
            }
            eq(count(conn, "SELECT count(*) FROM batch_t WHERE id >= 2000"), 0L,
                    "rows of the failed batch (autocommit batch runs in one transaction)");
        });

        check("CopyManager copyIn/copyOut", () -> {
            CopyManager cm = conn.unwrap(PGConnection.class).getCopyAPI();
            eq(cm.copyIn("COPY batch_t (id, name) FROM STDIN WITH (FORMAT csv)",
                    new StringReader("5000,a\n5001,\"b,c\"\n")), 2L, "rows copied in");
            StringWriter w = new StringWriter();
            eq(cm.copyOut("COPY (SELECT id, name FROM batch_t WHERE id >= 5000 ORDER BY id) TO STDOUT"
                    + " WITH (FORMAT csv)", w), 2L, "rows copied out");
            eq(w.toString(), "5000,a\n5001,\"b,c\"\n", "COPY TO STDOUT data");
            eq(count(conn, "SELECT count(*) FROM batch_t WHERE id >= 5000"), 2L, "rows");
        });

        check("multi-statement execute with getMoreResults", () -> {
            try (Statement st = conn.createStatement()) {
                eq(st.execute("INSERT INTO parent VALUES (7, 'm'); SELECT label FROM parent WHERE id = 7;"
                        + " UPDATE parent SET label = 'n' WHERE id = 7"), false, "first result is a count");
                eq(st.getUpdateCount(), 1, "insert count");
                eq(st.getMoreResults(), true, "second result is a result set");
                try (ResultSet rs = st.getResultSet()) {
                    expect(rs.next(), "no row");
                    eq(rs.getString(1), "m");
                }
                eq(st.getMoreResults(), false, "third result is a count");
                eq(st.getUpdateCount(), 1, "update count");
                eq(st.getMoreResults(), false, "no fourth result");
                eq(st.getUpdateCount(), -1, "no fourth result");
            }
        });

        check("setMaxRows(5) (Execute row limit in autocommit)", () -> {
            try (Statement st = conn.createStatement()) {
                st.setMaxRows(5);
                int n = 0;
                try (ResultSet rs = st.executeQuery("SELECT n FROM big ORDER BY n")) {
                    while (rs.next()) eq(rs.getInt(1), ++n, "row " + n);
                }
                eq(n, 5, "rows");
            }
            eq(count(conn, "SELECT count(*) FROM big"), 10000L, "after setMaxRows");
        });

        check("transactions: setAutoCommit(false), rollback, commit", () -> {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO parent VALUES (20, 'rolled back')");
                conn.rollback();
                eq(count(conn, "SELECT count(*) FROM parent WHERE id = 20"), 0L, "after rollback");
                st.executeUpdate("INSERT INTO parent VALUES (21, 'committed')");
                try (Connection other = connect()) {
                    eq(count(other, "SELECT count(*) FROM parent WHERE id = 21"), 0L,
                            "uncommitted row seen by another connection");
                    conn.commit();
                    eq(count(other, "SELECT count(*) FROM parent WHERE id = 21"), 1L,
                            "committed row seen by another connection");
                }
            }
            conn.setAutoCommit(true);
        });

        check("savepoints: setSavepoint, rollback(savepoint), releaseSavepoint", () -> {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO parent VALUES (30, 'kept')");
                Savepoint sp1 = conn.setSavepoint();
                st.executeUpdate("INSERT INTO parent VALUES (31, 'undone')");
                conn.rollback(sp1);
                Savepoint sp2 = conn.setSavepoint("named");
                st.executeUpdate("INSERT INTO parent VALUES (32, 'released')");
                conn.releaseSavepoint(sp2);
                Savepoint sp3 = conn.setSavepoint("after_error");
                try {
                    st.executeUpdate("INSERT INTO parent VALUES (30, 'duplicate')");
                    throw new AssertionError("duplicate key accepted");
                } catch (SQLException e) {
                    eq(e.getSQLState(), "23505", "SQLState of the duplicate");
                }
                conn.rollback(sp3);
                st.executeUpdate("INSERT INTO parent VALUES (33, 'after error')");
                conn.commit();
            }
            conn.setAutoCommit(true);
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM parent WHERE id >= 30 ORDER BY id")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) sb.append(rs.getInt(1)).append(' ');
                eq(sb.toString().trim(), "30 32 33");
            }
        });

        check("autosave=always: a failed statement does not abort the transaction", () -> {
            try (Connection c = connect("autosave", "always")) {
                c.setAutoCommit(false);
                exec(c, "INSERT INTO parent VALUES (50, 'fifty')");
                expectState(c, "INSERT INTO parent VALUES (50, 'duplicate')", "23505");
                exec(c, "INSERT INTO parent VALUES (51, 'fifty-one')");
                c.commit();
                eq(count(c, "SELECT count(*) FROM parent WHERE id IN (50, 51)"), 2L, "rows");
            }
        });

        check("SQLState 23505 (unique violation), connection stays usable", () -> {
            expectState(conn, "INSERT INTO parent VALUES (1, 'again')", "23505");
            expectState(conn, "INSERT INTO parent VALUES (99, 'one')", "23505");
            eq(count(conn, "SELECT count(*) FROM parent WHERE id = 1"), 1L, "after the error");
        });

        check("SQLState 42P01 (undefined table), connection stays usable", () -> {
            expectState(conn, "SELECT * FROM no_such_table", "42P01");
            try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM no_such_table WHERE x = ?")) {
                ps.setInt(1, 1);
                ps.executeQuery();
                throw new AssertionError("prepared SELECT from a missing table succeeded");
            } catch (SQLException e) {
                eq(e.getSQLState(), "42P01", "SQLState (prepared)");
            }
            eq(count(conn, "SELECT 1"), 1L, "after the error");
        });

        check("SQLState 22012 (division by zero), connection stays usable", () -> {
            expectState(conn, "SELECT 1/0", "22012");
            try (PreparedStatement ps = conn.prepareStatement("SELECT 10 / ?")) {
                ps.setInt(1, 0);
                ps.executeQuery();
                throw new AssertionError("prepared 10 / 0 succeeded");
            } catch (SQLException e) {
                eq(e.getSQLState(), "22012", "SQLState (prepared)");
            }
            eq(count(conn, "SELECT 2"), 2L, "after the error");
        });

        check("SQLStates 42703, 42601, 23502, 23503, 22P02", () -> {
            expectState(conn, "SELECT no_such_column FROM parent", "42703");
            expectState(conn, "SELEC 1", "42601");
            expectState(conn, "INSERT INTO child VALUES (50, NULL, 'x')", "23502");
            expectState(conn, "INSERT INTO child VALUES (51, 999, 'x')", "23503");
            expectState(conn, "SELECT 'abc'::int", "22P02");
            eq(count(conn, "SELECT 3"), 3L, "after the errors");
        });

        check("error inside a transaction: 25P02 until rollback", () -> {
            conn.setAutoCommit(false);
            expectState(conn, "SELECT 1/0", "22012");
            expectState(conn, "SELECT 1", "25P02");
            conn.rollback();
            eq(count(conn, "SELECT 4"), 4L, "after rollback");
            conn.commit();
            conn.setAutoCommit(true);
        });

        check("setFetchSize(100) with autocommit off over 10k rows (Execute row limit, PortalSuspended)", () -> {
            conn.setAutoCommit(false);
            try (MessageCounter log = new MessageCounter("<=BE PortalSuspended", "FE=> Execute(");
                 Statement st = conn.createStatement()) {
                st.setFetchSize(100);
                long sum = 0;
                int n = 0;
                try (ResultSet rs = st.executeQuery("SELECT n, s FROM big ORDER BY n")) {
                    while (rs.next()) {
                        n++;
                        if (rs.getInt(1) != n) throw new AssertionError("row " + n + " has n = " + rs.getInt(1));
                        sum += rs.getInt(1);
                    }
                }
                eq(n, 10000, "rows");
                eq(sum, 50005000L, "sum");
                expect(log.get("<=BE PortalSuspended") >= 99,
                        "PortalSuspended messages: " + log.get("<=BE PortalSuspended") + " (want 99 or more),"
                                + " Execute messages: " + log.get("FE=> Execute("));
            }
            try (PreparedStatement ps = conn.prepareStatement("SELECT n FROM big WHERE n > ? ORDER BY n")) {
                ps.setFetchSize(1000);
                for (int run = 1; run <= 6; run++) { // the last runs use a named server-side statement
                    ps.setInt(1, 5000);
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            n++;
                            if (rs.getInt(1) != 5000 + n)
                                throw new AssertionError("run " + run + ": row " + n + " has n = " + rs.getInt(1));
                        }
                    }
                    eq(n, 5000, "run " + run + ": rows");
                }
            }
            conn.commit();
            conn.setAutoCommit(true);
        });

        check("two open fetch-size result sets interleaved on one connection", () -> {
            conn.setAutoCommit(false);
            try (Statement a = conn.createStatement(); Statement b = conn.createStatement()) {
                a.setFetchSize(10);
                b.setFetchSize(10);
                try (ResultSet ra = a.executeQuery("SELECT n FROM big ORDER BY n");
                     ResultSet rb = b.executeQuery("SELECT n FROM big ORDER BY n DESC")) {
                    for (int i = 1; i <= 50; i++) {
                        expect(ra.next() && rb.next(), "row " + i + " missing");
                        eq(ra.getInt(1), i, "ascending row " + i);
                        eq(rb.getInt(1), 10001 - i, "descending row " + i);
                    }
                }
            }
            conn.commit();
            conn.setAutoCommit(true);
        });

        check("ResultSetMetaData: names, types, type names, numeric precision/scale", () -> {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + COLS + ", id + 1 AS next_id FROM items WHERE id = 1")) {
                ResultSetMetaData md = rs.getMetaData();
                eq(md.getColumnCount(), 13, "column count");
                String[] names = COLS.split(", ");
                for (int i = 0; i < names.length; i++) eq(md.getColumnName(i + 1), names[i], "name " + (i + 1));
                eq(md.getColumnLabel(13), "next_id", "label 13");
                int[] types = {Types.INTEGER, Types.BIGINT, Types.DOUBLE, Types.NUMERIC, Types.VARCHAR,
                        Types.BINARY, Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP, Types.BIT, Types.VARCHAR,
                        Types.OTHER, Types.INTEGER};
                String[] typeNames = {"int4", "int8", "float8", "numeric", "text", "bytea", "date",
                        "timestamp", "timestamptz", "bool", "varchar", "uuid", "int4"};
                for (int i = 0; i < types.length; i++) {
                    eq(md.getColumnTypeName(i + 1), typeNames[i], "getColumnTypeName(" + (i + 1) + ")");
                    eq(md.getColumnType(i + 1), types[i], "getColumnType(" + (i + 1) + ")");
                }
                eq(md.getPrecision(4), 12, "precision of numeric(12,3)");
                eq(md.getScale(4), 3, "scale of numeric(12,3)");
                eq(md.getPrecision(11), 10, "precision of varchar(10)");
                eq(md.getColumnDisplaySize(11), 10, "display size of varchar(10)");
                eq(md.getColumnClassName(4), "java.math.BigDecimal", "class of numeric");
            }
        });

        check("ResultSetMetaData from the catalog: isNullable, getBaseTableName, isAutoIncrement", () -> {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT s.id, s.name, i.qty FROM auto_serial s, items i"
                         + " WHERE s.id = 1 AND i.id = 1")) {
                ResultSetMetaData md = rs.getMetaData();
                org.postgresql.PGResultSetMetaData pmd = md.unwrap(org.postgresql.PGResultSetMetaData.class);
                eq(md.isNullable(1), ResultSetMetaData.columnNoNulls, "isNullable(id)");
                eq(md.isNullable(2), ResultSetMetaData.columnNullable, "isNullable(name)");
                eq(pmd.getBaseTableName(1), "auto_serial", "getBaseTableName(1)");
                eq(pmd.getBaseTableName(3), "items", "getBaseTableName(3)");
                eq(pmd.getBaseSchemaName(3), "public", "getBaseSchemaName(3)");
                eq(pmd.getBaseColumnName(3), "qty", "getBaseColumnName(3)");
                eq(md.isAutoIncrement(1), true, "isAutoIncrement(serial id)");
                eq(md.isAutoIncrement(3), false, "isAutoIncrement(qty)");
            }
        });

        check("DatabaseMetaData.getTables", () -> {
            DatabaseMetaData md = conn.getMetaData();
            List<Map<String, Object>> t = rows(md.getTables(null, "public", "%", new String[] {"TABLE"}));
            TreeSet<String> names = new TreeSet<>();
            for (Map<String, Object> r : t) {
                names.add((String) r.get("TABLE_NAME"));
                eq(r.get("TABLE_TYPE"), "TABLE", "TABLE_TYPE of " + r.get("TABLE_NAME"));
                eq(r.get("TABLE_SCHEM"), "public", "TABLE_SCHEM of " + r.get("TABLE_NAME"));
            }
            eq(names.toString(), "[auto_ident, auto_serial, batch_t, big, child, items, parent]", "tables");
            List<Map<String, Object>> one = rows(md.getTables(null, null, "items", null));
            eq(one.size(), 1, "getTables(null, null, \"items\", null)");
            eq(one.get(0).get("TABLE_NAME"), "items");
        });

        check("DatabaseMetaData.getColumns", () -> {
            List<Map<String, Object>> c = rows(conn.getMetaData().getColumns(null, "public", "items", "%"));
            eq(c.size(), 12, "columns of items");
            Map<String, Object> amount = find(c, "COLUMN_NAME", "amount");
            eq(amount.get("TYPE_NAME"), "numeric", "TYPE_NAME of amount");
            eq(amount.get("DATA_TYPE"), Types.NUMERIC, "DATA_TYPE of amount");
            eq(amount.get("COLUMN_SIZE"), 12, "COLUMN_SIZE of amount");
            eq(amount.get("DECIMAL_DIGITS"), 3, "DECIMAL_DIGITS of amount");
            eq(amount.get("ORDINAL_POSITION"), 4, "ORDINAL_POSITION of amount");
            Map<String, Object> id = find(c, "COLUMN_NAME", "id");
            eq(id.get("NULLABLE"), DatabaseMetaData.columnNoNulls, "NULLABLE of id");
            eq(id.get("IS_NULLABLE"), "NO", "IS_NULLABLE of id");
            eq(find(c, "COLUMN_NAME", "code").get("COLUMN_SIZE"), 10, "COLUMN_SIZE of varchar(10)");
            eq(find(c, "COLUMN_NAME", "u").get("TYPE_NAME"), "uuid", "TYPE_NAME of u");
            List<Map<String, Object>> s = rows(conn.getMetaData().getColumns(null, "public", "auto_serial", "id"));
            eq(s.size(), 1, "columns auto_serial.id");
            eq(s.get(0).get("IS_AUTOINCREMENT"), "YES", "IS_AUTOINCREMENT of serial");
            eq(String.valueOf(s.get(0).get("COLUMN_DEF")), "nextval('auto_serial_id_seq'::regclass)",
                    "COLUMN_DEF of serial");
        });

        check("DatabaseMetaData.getPrimaryKeys", () -> {
            List<Map<String, Object>> pk = rows(conn.getMetaData().getPrimaryKeys(null, "public", "child"));
            eq(pk.size(), 1, "primary key columns of child");
            eq(pk.get(0).get("COLUMN_NAME"), "id");
            eq(((Number) pk.get(0).get("KEY_SEQ")).intValue(), 1, "KEY_SEQ");
            eq(pk.get(0).get("PK_NAME"), "child_pkey", "PK_NAME");
        });

        check("DatabaseMetaData.getIndexInfo", () -> {
            List<Map<String, Object>> ix = rows(conn.getMetaData().getIndexInfo(null, "public", "child", false, false));
            Map<String, Object> pk = find(ix, "INDEX_NAME", "child_pkey");
            eq(pk.get("NON_UNIQUE"), false, "NON_UNIQUE of child_pkey");
            eq(pk.get("COLUMN_NAME"), "id", "COLUMN_NAME of child_pkey");
            Map<String, Object> byParent = find(ix, "INDEX_NAME", "child_parent_idx");
            eq(byParent.get("NON_UNIQUE"), true, "NON_UNIQUE of child_parent_idx");
            eq(byParent.get("COLUMN_NAME"), "parent_id", "COLUMN_NAME of child_parent_idx");
            List<Map<String, Object>> uq = rows(conn.getMetaData().getIndexInfo(null, "public", "parent", true, false));
            find(uq, "INDEX_NAME", "parent_label_key");
        });

        check("DatabaseMetaData.getImportedKeys/getExportedKeys", () -> {
            List<Map<String, Object>> fk = rows(conn.getMetaData().getImportedKeys(null, "public", "child"));
            eq(fk.size(), 1, "imported keys of child");
            Map<String, Object> r = fk.get(0);
            eq(r.get("PKTABLE_NAME"), "parent", "PKTABLE_NAME");
            eq(r.get("PKCOLUMN_NAME"), "id", "PKCOLUMN_NAME");
            eq(r.get("FKTABLE_NAME"), "child", "FKTABLE_NAME");
            eq(r.get("FKCOLUMN_NAME"), "parent_id", "FKCOLUMN_NAME");
            eq(r.get("FK_NAME"), "child_parent_id_fkey", "FK_NAME");
            eq(r.get("PK_NAME"), "parent_pkey", "PK_NAME");
            List<Map<String, Object>> ex = rows(conn.getMetaData().getExportedKeys(null, "public", "parent"));
            eq(ex.size(), 1, "exported keys of parent");
            eq(ex.get(0).get("FKTABLE_NAME"), "child", "exported FKTABLE_NAME");
        });

        check("DatabaseMetaData.getTypeInfo", () -> {
            List<Map<String, Object>> ti = rows(conn.getMetaData().getTypeInfo());
            expect(ti.size() >= 20, "only " + ti.size() + " types");
            eq(find(ti, "TYPE_NAME", "int4").get("DATA_TYPE"), Types.INTEGER, "DATA_TYPE of int4");
            eq(find(ti, "TYPE_NAME", "numeric").get("DATA_TYPE"), Types.NUMERIC, "DATA_TYPE of numeric");
            eq(find(ti, "TYPE_NAME", "text").get("DATA_TYPE"), Types.VARCHAR, "DATA_TYPE of text");
            find(ti, "TYPE_NAME", "timestamptz");
        });

        check("DatabaseMetaData.getSchemas/getCatalogs/getTableTypes", () -> {
            DatabaseMetaData md = conn.getMetaData();
            find(rows(md.getSchemas()), "TABLE_SCHEM", "public");
            find(rows(md.getCatalogs()), "TABLE_CAT", "omendb");
            find(rows(md.getTableTypes()), "TABLE_TYPE", "TABLE");
            eq(conn.getSchema(), "public", "getSchema");
            eq(conn.getCatalog(), "omendb", "getCatalog");
        });

        check("transaction isolation and read-only", () -> {
            eq(conn.getTransactionIsolation(), Connection.TRANSACTION_READ_COMMITTED, "default isolation");
            try (Connection c = connect()) {
                // OmenDB rejects SERIALIZABLE on purpose (0A000), so REPEATABLE READ is tested
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                eq(c.getTransactionIsolation(), Connection.TRANSACTION_REPEATABLE_READ, "isolation after set");
                c.setAutoCommit(false);
                c.setReadOnly(true);
                expectState(c, "INSERT INTO parent VALUES (40, 'read only')", "25006");
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
                eq(count(c, "SELECT count(*) FROM parent WHERE id = 40"), 0L, "rows");
            }
        });

        check("arrays: setArray/createArrayOf/setObject(long[]) and getArray (10 runs)", () -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT ?::int4[], ?::text[], ?::int8[], '{4,5}'::int4[], '{x,NULL}'::text[]")) {
                for (int run = 1; run <= 10; run++) {
                    ps.setArray(1, conn.createArrayOf("int4", new Integer[] {1, 2, 3}));
                    ps.setArray(2, conn.createArrayOf("text", new String[] {"a", "b c", null}));
                    ps.setObject(3, new long[] {7L, 8L});
                    try (ResultSet rs = ps.executeQuery()) {
                        expect(rs.next(), "no row");
                        String got = Arrays.toString((Object[]) rs.getArray(1).getArray())
                                + Arrays.toString((Object[]) rs.getArray(2).getArray())
                                + Arrays.toString((Object[]) rs.getArray(3).getArray())
                                + Arrays.toString((Object[]) rs.getArray(4).getArray())
                                + Arrays.toString((Object[]) rs.getArray(5).getArray());
                        eq(got, "[1, 2, 3][a, b c, null][7, 8][4, 5][x, null]", "run " + run);
                        eq(rs.getMetaData().getColumnTypeName(1), "_int4", "getColumnTypeName");
                    }
                }
            }
        });

        check("JVM time zone America/New_York: TimeZone startup parameter, timestamp round trips (10 runs)", () -> {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            try (Connection c = connect()) {
                eq(one(c, "SHOW TimeZone"), "America/New_York", "SHOW TimeZone");
                exec(c, "CREATE TEMP TABLE tz (id int, ts timestamp, tstz timestamptz, d date)");
                Timestamp ts = Timestamp.valueOf("2024-07-01 12:00:00");
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO tz VALUES (?, ?, ?, ?)");
                     PreparedStatement sel = c.prepareStatement(
                             "SELECT ts, tstz, d, tstz::text, ts::text FROM tz WHERE id = ?")) {
                    for (int run = 1; run <= 10; run++) {
                        ins.setInt(1, run);
                        ins.setTimestamp(2, ts);
                        ins.setTimestamp(3, ts);
                        ins.setDate(4, Date.valueOf("2024-01-15"));
                        ins.executeUpdate();
                        sel.setInt(1, run);
                        try (ResultSet rs = sel.executeQuery()) {
                            expect(rs.next(), "run " + run + ": no row");
                            eq(rs.getTimestamp(1), ts, "run " + run + ": getTimestamp(ts)");
                            eq(rs.getTimestamp(2), ts, "run " + run + ": getTimestamp(tstz)");
                            eq(rs.getDate(3), Date.valueOf("2024-01-15"), "run " + run + ": getDate");
                            eq(rs.getString(4), "2024-07-01 12:00:00-04", "run " + run + ": tstz::text");
                            eq(rs.getString(5), "2024-07-01 12:00:00", "run " + run + ": ts::text");
                            eq(rs.getObject(2, OffsetDateTime.class).toInstant().toString(), "2024-07-01T16:00:00Z",
                                    "run " + run + ": getObject(tstz, OffsetDateTime)");
                        }
                    }
                }
            } finally {
                TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            }
        });

        check("CallableStatement {? = call upper(?)}", () -> {
            try (CallableStatement cs = conn.prepareCall("{? = call upper(?)}")) {
                cs.registerOutParameter(1, Types.VARCHAR);
                cs.setString(2, "abc");
                cs.execute();
                eq(cs.getString(1), "ABC");
            }
        });

        check("setQueryTimeout(1) on a long query: SQLState 57014, connection stays usable", () -> {
            try (Connection c = connect("socketTimeout", "10"); Statement st = c.createStatement()) {
                st.setQueryTimeout(1);
                long t0 = System.nanoTime();
                try {
                    st.executeQuery(LONG_QUERY);
                    throw new AssertionError("the long query was not cancelled");
                } catch (SQLException e) {
                    long ms = (System.nanoTime() - t0) / 1000000;
                    eq(e.getSQLState(), "57014", "SQLState (" + e.getMessage() + ", after " + ms + " ms)");
                    expect(ms < 8000, "cancelled only after " + ms + " ms");
                }
                eq(count(c, "SELECT 5"), 5L, "after the cancel");
            }
        });

        check("Statement.cancel() from another thread: SQLState 57014, connection stays usable", () -> {
            ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
            try (Connection c = connect("socketTimeout", "10"); Statement st = c.createStatement()) {
                ex.schedule(() -> {
                    st.cancel();
                    return null;
                }, 500, TimeUnit.MILLISECONDS);
                long t0 = System.nanoTime();
                try {
                    st.executeQuery(LONG_QUERY);
                    throw new AssertionError("the long query was not cancelled");
                } catch (SQLException e) {
                    long ms = (System.nanoTime() - t0) / 1000000;
                    eq(e.getSQLState(), "57014", "SQLState (" + e.getMessage() + ", after " + ms + " ms)");
                    expect(ms < 8000, "cancelled only after " + ms + " ms");
                }
                eq(count(c, "SELECT 6"), 6L, "after the cancel");
            } finally {
                ex.shutdownNow();
            }
        });

        check("close", () -> {
            conn.close();
            eq(conn.isClosed(), true, "isClosed");
        });

        System.out.printf("(%.1f s)%n", (System.nanoTime() - started) / 1e9);
        System.out.println("jdbc: " + passed + " passed, " + failed + " failed (" + xfailed
                + " expected failures: known gaps listed in XFAIL)");
        System.exit(failed > 0 ? 1 : 0);
    }
}
