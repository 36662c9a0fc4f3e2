// Starts Neo4j Community (embedded DBMS) with Bolt on 127.0.0.1:<port> and runs until SIGTERM.
// usage: java <flags> -cp <classes:deps[:neo4j-browser.jar]> Neo4jLauncher <home-dir> <bolt-port>
//        [--http-port <port> [--post-connect-cmd <browser command>]] [--password-stdin]
// With --http-port, HTTP on 127.0.0.1:<port> serves Neo4j Browser (the neo4j-browser jar must be on
// the classpath) and the discovery document at /, nothing else; without it HTTP stays off. Browser
// runs --post-connect-cmd after it connects (overlapgraph applies its style with it).
// Prints "NEO4J_READY bolt://127.0.0.1:<port>" once the default database answers queries.
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.server.configuration.ConfigurableServerModules;
import org.neo4j.server.configuration.ServerSettings;

public final class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        int httpPort = 0;
        String postConnectCmd = "";
        boolean passwordOnStdin = false;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--http-port") && i + 1 < args.length) {
                httpPort = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--post-connect-cmd") && i + 1 < args.length) {
                postConnectCmd = args[++i];
            } else if (args[i].equals("--password-stdin")) {
                passwordOnStdin = true;
            } else {
                usage();
            }
        }
        // The password comes on stdin's first line, never argv (argv shows in `ps`).
        String password = null;
        if (passwordOnStdin) {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            password = in.readLine();
        }
        Files.createDirectories(home);

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(HttpConnector.enabled, httpPort != 0)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(512))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "100M size")
                // LOAD CSV may not read the server's files (analysts' queries run read-only, but a
                // read transaction may still LOAD CSV FROM 'file:///...').
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                // Bound what one query may cost (issue 17): a runaway analyst query is stopped after
                // 15 minutes or 1 GiB of memory, whatever timeout the client asked for; loads stay
                // well within both.
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(15))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.gibiBytes(1))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(1536));
        if (httpPort != 0) {
            SocketAddress http = new SocketAddress("127.0.0.1", httpPort);
            builder.setConfig(HttpConnector.listen_address, http)
                    .setConfig(HttpConnector.advertised_address, http)
                    // Browser and the discovery document only: no HTTP Cypher endpoints (Browser
                    // speaks Bolt), no extensions, no Query API.
                    .setConfig(ServerSettings.http_enabled_modules, EnumSet.of(ConfigurableServerModules.BROWSER))
                    // Nothing leaves the machine: no usage data, and remote guides or styles
                    // (`:play <url>`, `:style <url>`) only from this machine.
                    .setConfig(ServerSettings.browser_post_connect_cmd, postConnectCmd)
                    .setConfig(ServerSettings.allow_telemetry, false)
                    .setConfig(ServerSettings.browser_remote_content_hostname_whitelist, "localhost,127.0.0.1")
                    // ... and the page may load nothing from elsewhere (Browser's own policy allows
                    // Google Fonts, Segment and Canny) and connect to this server's Bolt port only.
                    .setConfig(ServerSettings.http_static_content_security_policy, String.join("; ",
                            "default-src 'self'",
                            "script-src 'self'",
                            "img-src 'self' data:",
                            "style-src 'self' 'unsafe-inline'",
                            "font-src 'self'",
                            "base-uri 'none'",
                            "object-src 'none'",
                            "frame-ancestors 'none'",
                            "connect-src 'self' ws://127.0.0.1:" + port + " http://127.0.0.1:" + port));
        }
        DatabaseManagementService dbms = builder.build();

        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!db.isAvailable(1_000)) {
            if (System.currentTimeMillis() > deadline) {
                System.err.println("neo4j not available after 120 s");
                System.exit(1);
            }
        }
        if (password != null) {
            try {
                dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (RuntimeException e) {
                // A restart with the password set before: Neo4j refuses to "change" it to itself.
                String message = String.valueOf(e.getMessage());
                if (!message.contains("Old password and new password cannot be the same")) {
                    System.err.println("NEO4J_FAILED setting the password: " + message);
                    System.err.flush();
                    dbms.shutdown();
                    System.exit(1);
                }
            }
        }
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();
        forever.await();
    }

    private static void usage() {
        System.err.println("usage: Neo4jLauncher <home-dir> <bolt-port> [--http-port <port> "
                + "[--post-connect-cmd <command>]] [--password-stdin]");
        System.exit(2);
    }
}
