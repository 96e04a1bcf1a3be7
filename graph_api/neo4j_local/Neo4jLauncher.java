// Starts an embedded Neo4j Community DBMS with a Bolt connector on loopback.
//
// Run with Java's single-file source launcher (Java 17+, no javac step):
//
//   GRAPH_API_NEO4J_PASSWORD=secret123 \
//     java -cp "$(cat classpath.txt)" Neo4jLauncher.java <port> <home-dir>
//
// Protocol (read by graph_api.neo4j_local):
//   stdout: exactly one line, either
//             READY neo4j <version> bolt://127.0.0.1:<port>
//           or
//             FAILED <reason>        (then exit status != 0)
//   stderr: Neo4j's user log (neo4j.log equivalent) and stack traces.
//           The debug log is written to <home-dir>/logs/debug.log.
//   stdin:  the DBMS runs until stdin reaches EOF (so it stops when the parent
//           process dies and its pipe closes) or until SIGTERM/SIGINT; both
//           run a shutdown hook that calls DatabaseManagementService.shutdown().
//
// The password comes from the environment variable GRAPH_API_NEO4J_PASSWORD
// (not argv, so it does not show in `ps`). On every start the `neo4j` user's
// password is set to it, with no forced change at first login.

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Neo4jLauncher {
    static final String PASSWORD_ENV = "GRAPH_API_NEO4J_PASSWORD";
    static final String HOST = "127.0.0.1";
    static final long MIB = 1024L * 1024L;
    static final long AVAILABLE_TIMEOUT_MS = 120_000L;

    private Neo4jLauncher() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            fail("usage: java -cp <classpath> Neo4jLauncher.java <port> <home-dir>"
                    + " (password in $" + PASSWORD_ENV + ")", null, 2);
        }
        int port = parsePort(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath().normalize();
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            fail("environment variable " + PASSWORD_ENV + " is not set", null, 2);
        }

        DatabaseManagementService dbms = null;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setUserLogProvider(new Log4jLogProvider(System.err))
                    // Bolt only, loopback only, plain text (local development).
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    // Small footprint by default (a developer laptop or a 2-core CI runner);
                    // benchmarks at 10^5 entities raise it with -Dgraphapi.pagecache.mib=N.
                    .setConfig(GraphDatabaseSettings.pagecache_memory,
                            Long.getLong("graphapi.pagecache.mib", 128L) * MIB)
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 16 * MIB)
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Unsupported (internal) settings: without them Bolt's shutdown waits for
                    // two 5 s Netty "quiet periods", so every stop takes >10 s.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                    .build();
        } catch (Throwable t) {
            fail("could not start the Neo4j DBMS in " + home + ": " + describe(t), t, 1);
        }

        final DatabaseManagementService service = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.shutdown();
                System.err.println("Neo4jLauncher: DBMS shut down cleanly");
            } catch (Throwable t) {
                System.err.println("Neo4jLauncher: error during shutdown: " + describe(t));
                t.printStackTrace(System.err);
            }
        }, "neo4j-launcher-shutdown"));

        String version;
        try {
            GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            GraphDatabaseService neo4j = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!system.isAvailable(AVAILABLE_TIMEOUT_MS) || !neo4j.isAvailable(AVAILABLE_TIMEOUT_MS)) {
                fail("databases did not become available within " + AVAILABLE_TIMEOUT_MS + " ms", null, 1);
            }
            setPassword(system, password);
            version = kernelVersion(system);
        } catch (Throwable t) {
            fail("Neo4j started but could not be configured: " + describe(t), t, 1);
            return; // unreachable; keeps the compiler's definite-assignment check happy
        }

        System.out.println("READY neo4j " + version + " bolt://" + HOST + ":" + port);
        System.out.flush();

        waitForStdinEof();
        System.exit(0); // runs the shutdown hook
    }

    /** Sets the neo4j user's password and clears the "must change password" flag. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            // Restarting on a persistent home with the same password: Neo4j refuses
            // to "change" a password to its current value. That is fine; make sure
            // no change is required and carry on.
            String message = String.valueOf(e.getMessage()).toLowerCase();
            if (!message.contains("cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    /** Returns the "Neo4j Kernel" version from dbms.components(), e.g. "5.26.30". */
    private static String kernelVersion(GraphDatabaseService system) {
        // The system database only allows CALL ... YIELD ... RETURN (no WHERE/WITH).
        return system.executeTransactionally(
                "CALL dbms.components() YIELD name, versions RETURN name, versions",
                Map.of(),
                result -> {
                    String found = "unknown";
                    while (result.hasNext()) {
                        Map<String, Object> row = result.next();
                        Object versions = row.get("versions");
                        if ("Neo4j Kernel".equals(row.get("name")) && versions instanceof List<?> list
                                && !list.isEmpty()) {
                            found = String.valueOf(list.get(0));
                        }
                    }
                    return found;
                });
    }

    private static void waitForStdinEof() {
        byte[] buffer = new byte[256];
        InputStream in = System.in;
        try {
            while (in.read(buffer) != -1) {
                // ignore input; only EOF matters
            }
        } catch (IOException e) {
            // a broken stdin means the parent is gone: stop as well
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                fail("port must be between 1 and 65535, got " + text, null, 2);
            }
            return port;
        } catch (NumberFormatException e) {
            fail("port must be an integer, got '" + text + "'", null, 2);
            return -1; // unreachable
        }
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable current = t;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (depth > 0) {
                sb.append(" <- caused by ");
            }
            sb.append(current.getClass().getSimpleName()).append(": ").append(current.getMessage());
            current = current.getCause() == current ? null : current.getCause();
        }
        return sb.toString().replace('\n', ' ').replace('\r', ' ');
    }

    private static void fail(String reason, Throwable cause, int status) {
        if (cause != null) {
            cause.printStackTrace(System.err);
        }
        System.err.flush();
        System.out.println("FAILED " + reason.replace('\n', ' ').replace('\r', ' '));
        System.out.flush();
        System.exit(status);
    }
}
