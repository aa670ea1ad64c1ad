package chainmap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Neo4j Community on 127.0.0.1 with Bolt only, as the neo4j:5 image runs it, for development
 * and tests on machines without Docker.
 *
 * <p>Usage: {@code java -cp ... chainmap.Neo4jServer --home DIR [--port N] [--pagecache SIZE]
 * [--tx-max SIZE]}, with the password of user {@code neo4j} in {@code NEO4J_PASSWORD} (never on
 * the command line, where {@code ps} would show it). Port 0 picks a free port. Prints one line
 * {@code chainmap-neo4j ready bolt://127.0.0.1:PORT} once the database answers; SIGTERM shuts
 * it down cleanly, and so does the exit of the process that started it.
 */
public final class Neo4jServer {
  private static final String READY = "chainmap-neo4j ready bolt://127.0.0.1:";

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception e) {
      // The database's own threads would keep the JVM up: an error must end the process.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      fail("set NEO4J_PASSWORD to a password of at least 8 characters");
    }
    if (!options.containsKey("home")) {
      fail("--home DIR is required (the server's data and logs go there)");
    }
    int port = Integer.parseInt(options.getOrDefault("port", "7687"));
    if (port == 0) {
      port = freePort();
    }

    Map<String, String> config = new LinkedHashMap<>();
    config.put("server.bolt.enabled", "true");
    config.put("server.bolt.listen_address", "127.0.0.1:" + port);
    config.put("server.bolt.advertised_address", "127.0.0.1:" + port);
    config.put("server.bolt.tls_level", "DISABLED");
    config.put("server.http.enabled", "false");
    config.put("server.https.enabled", "false");
    config.put("dbms.security.auth_enabled", "true");
    config.put("server.memory.pagecache.size", options.getOrDefault("pagecache", "512m"));
    // Unset, Neo4j bounds the memory of all open transactions at 70% of the heap, so one too
    // large fails with an error instead of taking the server down.
    if (options.containsKey("tx-max")) {
      config.put("dbms.memory.transaction.total.max", options.get("tx-max"));
    }
    config.put("dbms.usage_report.enabled", "false");

    Path home = Path.of(options.get("home")).toAbsolutePath();
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .loadPropertiesFromFile(writeConfig(home, config))
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
    // Dies with its parent: a test run or a shell that is gone leaves no server behind.
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));

    GraphDatabaseService system = dbms.database("system");
    if (!system.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
      fail("the system database did not come up; see " + home.resolve("logs"));
    }
    setPassword(system, password);
    if (!dbms.database("neo4j").isAvailable(TimeUnit.MINUTES.toMillis(2))) {
      fail("database neo4j did not come up; see " + home.resolve("logs"));
    }
    System.out.println(READY + port);
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The password of user neo4j; on a restarted home it may be the one it already has. */
  private static void setPassword(GraphDatabaseService system, String password) {
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
          Map.of("password", password));
    } catch (QueryExecutionException e) {
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        fail("could not set the password of user neo4j: " + e.getMessage());
      }
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(
            "usage: Neo4jServer --home DIR [--port N (0: a free one; default 7687)]"
                + " [--pagecache 512m] [--tx-max SIZE (default: 70% of the heap)]\n"
                + "the password of user neo4j comes from NEO4J_PASSWORD (8+ characters)");
        System.exit(0);
      }
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        fail("unexpected argument " + arg + " (try --help)");
      }
      options.put(arg.substring(2), args[++i]);
    }
    return options;
  }

  /** The settings as a neo4j.conf under the home, rewritten on every start. */
  private static Path writeConfig(Path home, Map<String, String> config) throws IOException {
    Path file = home.resolve("conf").resolve("neo4j.conf");
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder("# written by chainmap.Neo4jServer on every start\n");
    config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Files.writeString(file, text.toString());
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void fail(String message) {
    System.err.println("chainmap-neo4j: " + message);
    System.exit(2);
  }
}
