package com.pixelgram.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.pixelgram.testsupport.DevStackProcess;
import com.pixelgram.testsupport.TcpProxy;

/**
 * The suite as dev-stack runs it, but with the service processes owned by the chaos suite
 * so that it can kill and restart them: dev-stack starts only the infrastructure
 * ({@code --infra-only}, ports moved by {@link #PORT_OFFSET}, data under {@code target/})
 * and writes each service's arguments, and the suite launches the five JVMs from them.
 * Two of those arguments are bent through a {@link TcpProxy}: the SQS endpoint of every
 * service, and post-service's second physical database, so that either can be cut as a
 * stopped server is. Redis is dev-stack's own redis-server process, which the suite
 * stops, continues or kills by its process id and then starts again on the same port.
 */
final class ChaosStack implements AutoCloseable {

	/** Not e2e-tests' (200) nor bench's (300). */
	static final int PORT_OFFSET = 400;

	static final String USER = "user-service";

	static final String POST = "post-service";

	static final String FEED = "feed-service";

	static final String NOTIFICATION = "notification-service";

	static final String GATEWAY = "gateway-service";

	static final List<String> SERVICES = List.of(USER, POST, FEED, NOTIFICATION, GATEWAY);

	/**
	 * post-service's second physical database (logical shards 4-7), the one that is cut.
	 */
	static final String CUT_DATABASE_ARGUMENT = "--pixelgram.shards.databases[1].url=";

	private static final String SQS_ARGUMENT = "--spring.cloud.aws.sqs.endpoint=";

	private static final int REDIS_PORT = 16379 + PORT_OFFSET;

	/** The JVM options dev-stack gives its services. */
	private static final List<String> JAVA_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-Xss512k");

	/**
	 * Production limits but for the ones a handful of virtual users spend in minutes; the
	 * count reconcilers' first run is put past the end, so that a count that is right is
	 * right by its events, not repaired.
	 */
	private static final String SPRING_APPLICATION_JSON = "{\"pixelgram\":{\"gateway\":{\"rate-limit\":{\"rules\":{"
			+ "\"user\":{\"limit\":1000000000},\"post-create\":{\"limit\":1000000000},"
			+ "\"like\":{\"limit\":1000000000},\"auth-ip\":{\"limit\":1000000000}}}},"
			+ "\"users\":{\"reconciliation\":{\"initial-delay\":\"PT2H\"}},"
			+ "\"post\":{\"reconciliation\":{\"initial-delay\":\"PT2H\"}}}}";

	private static final Duration INFRA_TIMEOUT = Duration.ofMinutes(4);

	/** A second replica's API port is this far above the first's. */
	private static final int REPLICA_PORT_SHIFT = 50;

	/** The name of a service's second replica, and of its log. */
	private static final String SECOND = "#2";

	private final Path root;

	private final Path data;

	private final Process devStack;

	private final Map<String, List<String>> arguments;

	private final Map<String, Process> services = new ConcurrentHashMap<>();

	private final TcpProxy sqsProxy;

	private final TcpProxy databaseProxy;

	/** The round-robin proxies in front of the replicated services, by service. */
	private final Map<String, TcpProxy> balancers;

	private final HttpClient probe = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private volatile ProcessHandle redis;

	private volatile List<String> redisCommand;

	private ChaosStack(Path root, Path data, Process devStack, Map<String, List<String>> arguments, TcpProxy sqsProxy,
			TcpProxy databaseProxy, Map<String, TcpProxy> balancers, ProcessHandle redis) {
		this.root = root;
		this.data = data;
		this.devStack = devStack;
		this.arguments = arguments;
		this.sqsProxy = sqsProxy;
		this.databaseProxy = databaseProxy;
		this.balancers = balancers;
		this.redis = redis;
		this.redisCommand = redisCommand(redis);
	}

	/**
	 * Starts the infrastructure, then the five services, and returns once every service
	 * is ready.
	 * @return the running stack
	 */
	static ChaosStack start() {
		return start(List.of(), Map.of());
	}

	/**
	 * Starts the infrastructure, then the five services with two replicas of each of
	 * {@code replicated}, and returns once every process is ready. The two replicas of a
	 * service share its databases, queues and Redis; the gateway and the other services
	 * reach them through a round-robin proxy ({@link TcpProxy#roundRobin}), as through a
	 * Kubernetes Service.
	 * @param replicated the services that run two replicas (not the gateway)
	 * @param extraArguments more arguments of a service, for every replica of it
	 * @return the running stack
	 */
	static ChaosStack start(List<String> replicated, Map<String, List<String>> extraArguments) {
		Path root = DevStackProcess.repositoryRoot();
		for (String module : List.of("dev-stack", USER, POST, FEED, NOTIFICATION, GATEWAY)) {
			Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(jar + " is missing: run ./mvnw verify from the repository root");
			}
		}
		Path data = root.resolve("chaos-tests/target/chaos-data").toAbsolutePath().normalize();
		stopLeftovers(data);
		DevStackProcess.deleteRecursively(data);
		Process devStack = startInfrastructure(root, data);
		ChaosStack stack = null;
		try {
			Map<String, List<String>> arguments = new LinkedHashMap<>();
			for (String service : SERVICES) {
				String line = Files.readString(data.resolve("args").resolve(service + ".args"));
				arguments.put(service, new ArrayList<>(Arrays.asList(line.trim().split(" "))));
			}
			URI sqs = URI.create(value(arguments.get(USER), SQS_ARGUMENT));
			TcpProxy sqsProxy = TcpProxy.to(sqs.getHost(), sqs.getPort());
			String databaseUrl = value(arguments.get(POST), CUT_DATABASE_ARGUMENT);
			TcpProxy databaseProxy = TcpProxy.forJdbcUrl(databaseUrl);
			for (List<String> serviceArguments : arguments.values()) {
				replace(serviceArguments, SQS_ARGUMENT, "http://127.0.0.1:" + sqsProxy.port());
			}
			replace(arguments.get(POST), CUT_DATABASE_ARGUMENT, databaseProxy.proxied(databaseUrl));
			extraArguments.forEach((service, extra) -> arguments.get(service).addAll(extra));
			Map<String, TcpProxy> balancers = new LinkedHashMap<>();
			for (String service : replicated) {
				int port = servicePort(service);
				TcpProxy balancer = TcpProxy.roundRobin("127.0.0.1", List.of(port, port + REPLICA_PORT_SHIFT));
				balancers.put(service, balancer);
				String address = "=http://127.0.0.1:" + port;
				arguments.values()
					.forEach((serviceArguments) -> serviceArguments.replaceAll((argument) -> argument.endsWith(address)
							? argument.replace(address, "=http://127.0.0.1:" + balancer.port()) : argument));
			}
			for (String service : replicated) {
				// each replica makes IDs with its own node number, as the chart's pods do
				arguments.get(service).addAll(List.of("--pixelgram.ids.node-bits=1", "--pixelgram.ids.node-id=0"));
				List<String> second = new ArrayList<>(arguments.get(service));
				replace(second, "--pixelgram.ids.node-id=", "1");
				int port = servicePort(service) + REPLICA_PORT_SHIFT;
				replace(second, "--server.port=", String.valueOf(port));
				replace(second, "--management.server.port=", String.valueOf(port + 10_000));
				arguments.put(service + SECOND, second);
			}
			ProcessHandle redis = ledgerRedis(data)
				.orElseThrow(() -> new IllegalStateException("dev-stack's redis-server is not in its pid file"));
			stack = new ChaosStack(root, data, devStack, arguments, sqsProxy, databaseProxy, balancers, redis);
			ChaosStack started = stack;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "chaos-stack-stop"));
			List<String> processes = List.copyOf(arguments.keySet());
			processes.forEach(stack::launch);
			stack.awaitReady(processes, Duration.ofMinutes(6));
			return stack;
		}
		catch (IOException | RuntimeException ex) {
			if (stack != null) {
				stack.close();
			}
			else {
				stop(devStack);
			}
			throw new IllegalStateException("the stack did not start: " + ex.getMessage(), ex);
		}
	}

	String gateway() {
		return "http://127.0.0.1:" + (8080 + PORT_OFFSET);
	}

	/**
	 * The SQS endpoint the services use (through the proxy, which forwards unless cut).
	 */
	String sqsEndpoint() {
		return value(this.arguments.get(USER), SQS_ARGUMENT);
	}

	/**
	 * A service's Actuator (Prometheus, health), 10,000 above its API port.
	 * @param service a service, or the name of its second replica ({@link #second})
	 */
	String management(String service) {
		return "http://127.0.0.1:" + (servicePort(service) + 10_000);
	}

	/** The name under which the stack runs a service's second replica. */
	static String second(String service) {
		return service + SECOND;
	}

	/** Every service process of the stack, second replicas included. */
	List<String> serviceProcesses() {
		return List.copyOf(this.arguments.keySet());
	}

	/**
	 * The stack's processes by part: each service's JVM, dev-stack's JVM (ElasticMQ,
	 * S3Proxy) with its Postgres processes, and redis-server.
	 */
	Map<String, List<ProcessHandle>> processes() {
		Map<String, List<ProcessHandle>> processes = new LinkedHashMap<>();
		this.arguments.keySet()
			.forEach((service) -> processes.put(service, List.of(this.services.get(service).toHandle())));
		processes.put("dev-stack (ElasticMQ, S3Proxy)", List.of(this.devStack.toHandle()));
		// dev-stack's Postgres runs detached from it: its server is found by its data
		// directory, and the backends are the server's children
		String data = this.data.toString();
		processes.put("postgres",
				ProcessHandle.allProcesses()
					.filter((process) -> process.info().command().orElse("").endsWith("/postgres")
							&& process.info().commandLine().orElse("").contains(data))
					.flatMap((server) -> Stream.concat(Stream.of(server), server.descendants()))
					.toList());
		processes.put("redis-server", List.of(this.redis));
		return processes;
	}

	/** Starts a service's JVM with the arguments it ran with before. */
	void launch(String service) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(JAVA_OPTIONS);
		// names the suite's processes, so that a later run finds what a killed one left
		command.add("-Dpixelgram.chaos.data=" + this.data);
		command.add("-jar");
		String module = service.replace(SECOND, "");
		command.add(this.root.resolve(module).resolve("target").resolve(module + ".jar").toString());
		command.addAll(this.arguments.get(service));
		Path log = this.data.resolve("logs").resolve(service + ".log");
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).directory(this.root.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().put("SPRING_APPLICATION_JSON", SPRING_APPLICATION_JSON);
			this.services.put(service, builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + service, ex);
		}
	}

	/** SIGKILL: the JVM gets no chance to finish anything. */
	void kill(String service) {
		Process process = this.services.get(service);
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits until each service answers its readiness probe. */
	void awaitReady(Collection<String> names, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> pending = new ArrayList<>(names);
		while (!pending.isEmpty()) {
			for (String service : List.copyOf(pending)) {
				Process process = this.services.get(service);
				if (!process.isAlive()) {
					throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see "
							+ this.data.resolve("logs").resolve(service + ".log"));
				}
				if (isReady(service)) {
					pending.remove(service);
				}
			}
			if (!pending.isEmpty()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("not ready after " + timeout.toSeconds() + " s: " + pending);
				}
				sleep(Duration.ofMillis(250));
			}
		}
	}

	boolean isReady(String service) {
		int port = servicePort(service) + 10_000;
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		try {
			return this.probe.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** SIGSTOP: Redis keeps its connections and answers nothing, as a hung server. */
	void hangRedis() {
		signal(this.redis.pid(), "STOP");
	}

	/** SIGCONT: Redis answers again, everything it held intact. */
	void continueRedis() {
		signal(this.redis.pid(), "CONT");
	}

	/** SIGKILL: Redis and everything in it are gone; nothing is kept on disk. */
	void killRedis() {
		this.redis.destroyForcibly();
		this.redis.onExit().join();
	}

	/**
	 * Starts an empty Redis on the same port, from the binary dev-stack ran (the
	 * machine's {@code redis-server} if that one is gone).
	 */
	void startRedis() {
		List<String> command = new ArrayList<>(this.redisCommand);
		if (!Files.isExecutable(Path.of(command.get(0)))) {
			command.set(0, "redis-server");
		}
		try {
			Path directory = Files.createDirectories(this.data.resolve("redis"));
			command.addAll(List.of("--dir", directory.toString()));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.data.resolve("logs/redis.log").toFile()))
				.start();
			this.redis = process.toHandle();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start Redis", ex);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!redisAnswers()) {
			if (System.nanoTime() > deadline || !this.redis.isAlive()) {
				throw new IllegalStateException("Redis did not start again: " + command);
			}
			sleep(Duration.ofMillis(100));
		}
	}

	boolean redisAnswers() {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", REDIS_PORT), 500);
			socket.setSoTimeout(500);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] answer = new byte[7];
			int read = socket.getInputStream().read(answer);
			return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Every service's SQS endpoint refuses connections and resets the open ones. */
	void cutSqs() {
		this.sqsProxy.refuse();
	}

	void restoreSqs() {
		this.sqsProxy.forward();
	}

	/** post-service's database {@code b} (logical shards 4-7) refuses and resets. */
	void cutDatabase() {
		this.databaseProxy.refuse();
	}

	/**
	 * post-service's database {@code b} (logical shards 4-7) accepts connections and
	 * answers nothing, on new connections and open ones: a database hung (a full disk, a
	 * lock storm, a network partition without resets).
	 */
	void hangDatabase() {
		this.databaseProxy.hang();
	}

	/** Database {@code b} serves again; connections open while it hung are reset. */
	void restoreDatabase() {
		this.databaseProxy.forward();
	}

	@Override
	public synchronized void close() {
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		this.services.values().forEach((process) -> stops.add(CompletableFuture.runAsync(() -> stop(process))));
		stops.forEach(CompletableFuture::join);
		if (!this.redis.equals(ledgerRedis(this.data).orElse(null)) && this.redis.isAlive()) {
			// the Redis the suite started itself; dev-stack stops its own
			this.redis.destroyForcibly();
		}
		this.sqsProxy.close();
		this.databaseProxy.close();
		this.balancers.values().forEach(TcpProxy::close);
		stop(this.devStack);
	}

	static int servicePort(String service) {
		if (service.endsWith(SECOND)) {
			return servicePort(service.replace(SECOND, "")) + REPLICA_PORT_SHIFT;
		}
		return switch (service) {
			case GATEWAY -> 8080 + PORT_OFFSET;
			case USER -> 8081 + PORT_OFFSET;
			case POST -> 8082 + PORT_OFFSET;
			case FEED -> 8083 + PORT_OFFSET;
			case NOTIFICATION -> 8084 + PORT_OFFSET;
			default -> throw new IllegalArgumentException(service);
		};
	}

	private static Process startInfrastructure(Path root, Path data) {
		return DevStackProcess.start(root,
				List.of("--infra-only", "--port-offset=" + PORT_OFFSET, "--data-dir=" + data), Map.of(),
				"Infrastructure is up", INFRA_TIMEOUT, true);
	}

	/** dev-stack's redis-server, as its pid file names it. */
	private static Optional<ProcessHandle> ledgerRedis(Path data) {
		try (Stream<String> lines = Files.lines(data.resolve("dev-stack.pids"))) {
			return lines.filter((line) -> line.startsWith("REDIS "))
				.map((line) -> Long.parseLong(line.split(" ")[2]))
				.findFirst()
				.flatMap(ProcessHandle::of);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static List<String> redisCommand(ProcessHandle redis) {
		String executable = redis.info().command().orElse("redis-server");
		return new ArrayList<>(List.of(executable, "--bind", "127.0.0.1", "--port", String.valueOf(REDIS_PORT),
				"--save", "", "--appendonly", "no"));
	}

	/**
	 * Stops what a run killed before its end left behind: every process whose command
	 * line names this data directory (dev-stack, the services, a Redis the suite
	 * started). dev-stack's own children then go with its watchdog, or at its next start.
	 */
	private static void stopLeftovers(Path data) {
		String marker = data.toString();
		List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
			.filter((process) -> process.pid() != ProcessHandle.current().pid())
			.filter((process) -> process.info().commandLine().orElse("").contains(marker))
			.toList();
		leftovers.forEach((process) -> {
			System.out.println("Stopping " + process.pid() + ", left running by an earlier chaos run");
			process.destroyForcibly();
		});
		leftovers.forEach((process) -> process.onExit().join());
		if (!leftovers.isEmpty()) {
			// the watchdog of a killed dev-stack stops Postgres and Redis within seconds
			sleep(Duration.ofSeconds(5));
		}
	}

	private static void stop(Process process) {
		DevStackProcess.stop(process, Duration.ofSeconds(30));
	}

	private static void signal(long pid, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String value(List<String> arguments, String prefix) {
		return arguments.stream()
			.filter((argument) -> argument.startsWith(prefix))
			.map((argument) -> argument.substring(prefix.length()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + prefix + " in " + arguments));
	}

	private static void replace(List<String> arguments, String prefix, String value) {
		for (int i = 0; i < arguments.size(); i++) {
			if (arguments.get(i).startsWith(prefix)) {
				arguments.set(i, prefix + value);
				return;
			}
		}
		throw new IllegalStateException("no " + prefix + " in " + arguments);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
