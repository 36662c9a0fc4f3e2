// Starts Neo4j Community (embedded DBMS) with Bolt on 127.0.0.1:<port> and runs until SIGTERM.
// usage: java <flags> -cp <classes:deps> Neo4jLauncher <home-dir> <bolt-port> [password]
// Prints "NEO4J_READY bolt://127.0.0.1:<port>" once the default database answers queries.
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

public final class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Neo4jLauncher <home-dir> <bolt-port> [password]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        // The password comes on stdin's first line, never argv (argv shows in `ps`).
        String password = null;
        if (args.length > 2 && args[2].equals("--password-stdin")) {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            password = in.readLine();
        }
        Files.createDirectories(home);

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(HttpConnector.enabled, false)
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
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(1536))
                .build();

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
}
