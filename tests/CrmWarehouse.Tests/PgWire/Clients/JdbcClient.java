// pgJDBC against the wire protocol, run by JdbcTests as a single-file program (java -cp postgresql.jar JdbcClient.java).
// Connection from PGHOST/PGPORT/PGUSER/PGPASSWORD; prints one "key=value" line per finding for the test to check.
import java.sql.*;
import java.util.*;

public class JdbcClient {
    static final String EVERY_TYPE = "SELECT true AS b, 1::SMALLINT AS i2, 2::INTEGER AS i4, 3::BIGINT AS i8, 1.5::FLOAT AS f4, "
        + "2.25::DOUBLE AS f8, -123.45::DECIMAL(10,2) AS num, 'héllo'::VARCHAR AS t, DATE '2026-03-15' AS d, TIME '13:14:15.5' AS tm, "
        + "TIMESTAMP '2026-03-15 13:14:15.123456' AS ts, TIMESTAMPTZ '2026-03-15 13:14:15+00' AS tstz, "
        + "INTERVAL '1 year 2 months 3 days 04:05:06' AS iv, '4b0c9e6e-0000-4000-8000-000000000001'::UUID AS u, "
        + "'\\x01\\x02\\xFF'::BLOB AS bytes, '{\"a\":1}'::JSON AS j, [1, 2, NULL]::INTEGER[] AS ints, ['a', 'b c']::VARCHAR[] AS texts";

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT") + "/warehouse?sslmode=disable";
        Properties props = new Properties();
        props.setProperty("user", System.getenv("PGUSER"));
        props.setProperty("password", System.getenv("PGPASSWORD"));
        try (Connection c = DriverManager.getConnection(url, props)) {
            print("connected", c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion());
            introspect(c);
            try (PreparedStatement p = c.prepareStatement("SELECT code, name FROM dim_branch WHERE branch_key = ?")) {
                p.setInt(1, 1);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    print("parameterised", r.getString(1) + "|" + r.getString(2));
                }
            }
            print("types.text", everyType(c, false));
            sqlState("error.missing", c, "SELECT * FROM no_such_table");
            sqlState("error.syntax", c, "SELECT 1 FROM FROM");
            sqlState("error.forbidden", c, "SELECT * FROM audit.batch");
            cancel(c);
        }
        props.setProperty("prepareThreshold", "-1"); // -1: server-prepared from the first execution, results in binary
        try (Connection c = DriverManager.getConnection(url, props)) {
            print("types.binary", everyType(c, true));
        }
    }

    static void introspect(Connection c) throws SQLException {
        DatabaseMetaData m = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet r = m.getTables(null, null, "%", new String[] { "TABLE", "VIEW" })) {
            while (r.next()) tables.add(r.getString("TABLE_SCHEM") + "." + r.getString("TABLE_NAME") + ":" + r.getString("TABLE_TYPE"));
        }
        print("tables", String.join(",", tables));
        List<String> schemas = new ArrayList<>();
        try (ResultSet r = m.getSchemas()) {
            while (r.next()) schemas.add(r.getString("TABLE_SCHEM"));
        }
        print("schemas", String.join(",", schemas));
        List<String> columns = new ArrayList<>();
        try (ResultSet r = m.getColumns(null, "role_analyst", "dim_branch", "%")) {
            while (r.next()) columns.add(r.getString("COLUMN_NAME") + ":" + r.getString("TYPE_NAME") + ":" + r.getInt("DATA_TYPE"));
        }
        print("columns", String.join(",", columns));
        List<String> keys = new ArrayList<>();
        try (ResultSet r = m.getPrimaryKeys(null, "role_analyst", "dim_branch")) {
            while (r.next()) keys.add(r.getString("COLUMN_NAME"));
        }
        print("primarykeys", "[" + String.join(",", keys) + "]");
        List<String> types = new ArrayList<>();
        try (ResultSet r = m.getTypeInfo()) {
            while (r.next()) types.add(r.getString("TYPE_NAME") + ":" + r.getInt("DATA_TYPE"));
        }
        print("typeinfo", String.join(",", types));
    }

    static String everyType(Connection c, boolean binary) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(EVERY_TYPE); ResultSet r = p.executeQuery()) {
            r.next();
            ResultSetMetaData meta = r.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object value = r.getObject(i);
                String text = value instanceof byte[] bytes ? hex(bytes)
                    : value instanceof Array array ? Arrays.toString((Object[]) array.getArray())
                    : String.valueOf(value);
                // The format the server sent the column in (0 text, 1 binary): pgJDBC asks for binary only when prepared.
                int format = meta.unwrap(org.postgresql.PGResultSetMetaData.class).getFormat(i);
                values.add(meta.getColumnTypeName(i) + (format == 1 ? "(b)" : "") + "=" + text);
            }
        }
        return String.join("|", values);
    }

    static void sqlState(String key, Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.executeQuery(sql);
            print(key, "no error");
        } catch (SQLException e) {
            print(key, e.getSQLState());
        }
    }

    // Cancels until the query ends: the first cancel may come before the server runs it, a later one cannot.
    static void cancel(Connection c) throws Exception {
        Statement s = c.createStatement();
        Thread canceller = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(100);
                    s.cancel();
                }
            } catch (InterruptedException | SQLException e) {
                // Done.
            }
        });
        canceller.start();
        try {
            s.executeQuery("SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range * b.range % 7 = 3");
            print("cancel", "not cancelled");
        } catch (SQLException e) {
            print("cancel", e.getSQLState());
        } finally {
            canceller.interrupt();
            canceller.join();
        }
        try (Statement after = c.createStatement(); ResultSet r = after.executeQuery("SELECT 7")) {
            r.next();
            print("after.cancel", r.getInt(1));
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) b.append(String.format("%02x", x));
        return b.toString();
    }

    static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
