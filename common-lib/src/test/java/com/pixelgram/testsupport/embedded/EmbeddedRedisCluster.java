package com.pixelgram.testsupport.embedded;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.pixelgram.redis.RedisClusterAutoConfiguration;
import com.pixelgram.redis.RedisClusterProperties;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.SlotHash;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster for tests: masters and their replicas, each a {@code redis-server}
 * process (the machine's, such as Debian's package, else the binary embedded-redis ships)
 * in cluster mode on 127.0.0.1, joined with {@code CLUSTER MEET}, the 16,384 slots split
 * evenly among the masters and each replica following its master. A master can be killed
 * to make its replica take over, as a failover in production does.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

	/**
	 * How long a node may be unreachable before the others count it failed and its
	 * replica is promoted: short, so that a failover takes seconds in a test.
	 */
	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(60);

	private static EmbeddedRedisCluster shared;

	private final List<Node> nodes;

	private final int masters;

	private EmbeddedRedisCluster(List<Node> nodes, int masters) {
		this.nodes = nodes;
		this.masters = masters;
	}

	/**
	 * Starts the nodes and forms the cluster; returns once every node reports the cluster
	 * up and every replica is in sync with its master.
	 * @param masters the number of masters
	 * @param replicasPerMaster the replicas of each master
	 */
	public static EmbeddedRedisCluster start(int masters, int replicasPerMaster) {
		int count = masters * (1 + replicasPerMaster);
		List<Node> nodes = new ArrayList<>(count);
		EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(nodes, masters);
		try {
			for (int i = 0; i < count; i++) {
				nodes.add(Node.start());
			}
			cluster.form(replicasPerMaster);
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * One cluster of three masters, each with a replica, for every test of the JVM that
	 * only reads and writes (keep apart by key prefix); stopped when the JVM exits. A
	 * test that kills a node starts a cluster of its own.
	 */
	public static synchronized EmbeddedRedisCluster shared() {
		if (shared == null) {
			EmbeddedRedisCluster cluster = start(3, 1);
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stop"));
			shared = cluster;
		}
		return shared;
	}

	/**
	 * A started connection factory to the cluster, following its topology as the
	 * services' clients do; {@code destroy()} it afterwards.
	 */
	public LettuceConnectionFactory connectionFactory() {
		// the services' defaults, as their auto-configuration binds them
		RedisClusterProperties defaults = new Binder().bindOrCreate("pixelgram.redis.cluster",
				RedisClusterProperties.class);
		ClusterClientOptions options = ClusterClientOptions.builder()
			.topologyRefreshOptions(RedisClusterAutoConfiguration.topologyRefresh(defaults))
			.build();
		LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes()),
				LettuceClientConfiguration.builder().clientOptions(options).build());
		connections.afterPropertiesSet();
		connections.start();
		return connections;
	}

	/**
	 * Every node as {@code host:port}, as {@code spring.data.redis.cluster.nodes} takes
	 * them.
	 */
	public List<String> nodes() {
		return this.nodes.stream().filter(Node::running).map(Node::address).toList();
	}

	/**
	 * Kills the master that serves a key's slot and waits until one of its replicas
	 * serves the slot: the failover a lost master causes.
	 * @param key a key of the slot whose master dies
	 * @return how long the slot had no master, from the kill to the promotion
	 */
	public Duration killMasterOf(String key) {
		int slot = SlotHash.getSlot(key);
		Node master = this.nodes.stream()
			.filter(Node::running)
			.filter((node) -> node.isMaster() && node.servesSlot(slot))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
		List<Node> others = this.nodes.stream().filter((node) -> node != master && node.running()).toList();
		List<Node> replicas = others.stream().filter((node) -> node.replicaOf(master)).toList();
		// Replication is asynchronous: a master killed before its replicas caught up
		// loses writes, which is another fault than the failover this simulates.
		await().atMost(FORMATION_TIMEOUT)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> replicas.stream()
				.anyMatch((replica) -> replica.offset("slave_repl_offset") >= master.offset("master_repl_offset")));
		long killedAt = System.nanoTime();
		master.kill();
		await().atMost(FORMATION_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> others.stream().anyMatch((node) -> node.isMaster() && node.servesSlot(slot))
					&& others.stream().allMatch(Node::clusterOk));
		return Duration.ofNanos(System.nanoTime() - killedAt);
	}

	/** The number of keys each running master holds, in node order. */
	public List<Long> keysPerMaster() {
		return this.nodes.stream().filter((node) -> node.running() && node.isMaster()).map(Node::dbSize).toList();
	}

	@Override
	public void close() {
		this.nodes.forEach(Node::kill);
	}

	private void form(int replicasPerMaster) {
		Node first = this.nodes.get(0);
		this.nodes.stream().skip(1).forEach((node) -> first.sync((redis) -> redis.clusterMeet("127.0.0.1", node.port)));
		int perMaster = SlotHash.SLOT_COUNT / this.masters;
		for (int m = 0; m < this.masters; m++) {
			int from = m * perMaster;
			int to = (m == this.masters - 1) ? SlotHash.SLOT_COUNT : from + perMaster;
			int[] slots = IntStream.range(from, to).toArray();
			this.nodes.get(m).sync((redis) -> redis.clusterAddSlots(slots));
		}
		await().atMost(FORMATION_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.nodes.stream().allMatch((node) -> node.knownNodes() == this.nodes.size()));
		for (int r = 0; r < this.masters * replicasPerMaster; r++) {
			Node replica = this.nodes.get(this.masters + r);
			String masterId = this.nodes.get(r % this.masters).id();
			replica.sync((redis) -> redis.clusterReplicate(masterId));
		}
		await().atMost(FORMATION_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.nodes.stream().allMatch(Node::clusterOk)
					&& this.nodes.stream().skip(this.masters).allMatch(Node::replicaInSync));
	}

	/** One {@code redis-server} process in cluster mode. */
	private static final class Node {

		private final RedisServer server;

		private final Path directory;

		private final int port;

		private final RedisClient client;

		private volatile boolean running = true;

		private Node(RedisServer server, Path directory, int port) {
			this.server = server;
			this.directory = directory;
			this.port = port;
			this.client = RedisClient.create("redis://127.0.0.1:" + port);
		}

		static Node start() {
			int port = FreePorts.resolve(0);
			try {
				Path directory = Files.createTempDirectory("redis-cluster-node-" + port);
				RedisServer server = RedisServer.newRedisServer()
					.executableProvider(executable())
					.bind("127.0.0.1")
					.port(port)
					.setting("cluster-enabled yes")
					// each node keeps its cluster state in a directory of its own
					.setting("dir " + directory)
					.setting("cluster-config-file nodes.conf")
					.setting("cluster-node-timeout " + NODE_TIMEOUT.toMillis())
					// a lost master costs only its own slots, not the whole cluster
					.setting("cluster-require-full-coverage no")
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				server.start();
				return new Node(server, directory, port);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Redis cluster node did not start on port " + port, ex);
			}
		}

		/**
		 * The machine's {@code redis-server} (Debian's package, the version production
		 * runs) when it has one, else the binary embedded-redis ships.
		 */
		private static ExecutableProvider executable() {
			try {
				return ExecutableProvider.newExecutableInPath("redis-server");
			}
			catch (FileNotFoundException ex) {
				return ExecutableProvider.newJarResourceProvider();
			}
		}

		String address() {
			return "127.0.0.1:" + this.port;
		}

		boolean running() {
			return this.running;
		}

		String id() {
			return sync(RedisCommands::clusterMyId);
		}

		long knownNodes() {
			return sync(RedisCommands::clusterNodes).lines().filter((line) -> !line.isBlank()).count();
		}

		boolean clusterOk() {
			return sync(RedisCommands::clusterInfo).contains("cluster_state:ok");
		}

		boolean isMaster() {
			return sync((redis) -> redis.info("replication")).contains("role:master");
		}

		boolean replicaInSync() {
			return sync((redis) -> redis.info("replication")).contains("master_link_status:up");
		}

		boolean replicaOf(Node master) {
			return sync((redis) -> redis.info("replication")).contains("master_port:" + master.port);
		}

		/** A replication offset from {@code INFO replication}. */
		long offset(String field) {
			return sync((redis) -> redis.info("replication")).lines()
				.filter((line) -> line.startsWith(field + ":"))
				.map((line) -> Long.parseLong(line.substring(field.length() + 1).trim()))
				.findFirst()
				.orElse(-1L);
		}

		boolean servesSlot(int slot) {
			String myself = sync(RedisCommands::clusterNodes).lines()
				.filter((line) -> line.contains("myself"))
				.findFirst()
				.orElse("");
			String[] fields = myself.split(" ");
			for (int i = 8; i < fields.length; i++) {
				String range = fields[i];
				if (range.startsWith("[")) {
					continue;
				}
				int dash = range.indexOf('-');
				int from = Integer.parseInt((dash < 0) ? range : range.substring(0, dash));
				int to = (dash < 0) ? from : Integer.parseInt(range.substring(dash + 1));
				if (slot >= from && slot <= to) {
					return true;
				}
			}
			return false;
		}

		long dbSize() {
			return sync(RedisCommands::dbsize);
		}

		<T> T sync(java.util.function.Function<RedisCommands<String, String>, T> command) {
			try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
				return command.apply(connection.sync());
			}
		}

		void kill() {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.client.shutdown();
			try {
				this.server.stop();
				try (var files = Files.list(this.directory)) {
					for (Path file : files.toList()) {
						Files.deleteIfExists(file);
					}
				}
				Files.deleteIfExists(this.directory);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Redis cluster node on port " + this.port + " did not stop", ex);
			}
		}

	}

}
