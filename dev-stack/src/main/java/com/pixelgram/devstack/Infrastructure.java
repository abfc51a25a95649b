package com.pixelgram.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.pixelgram.testsupport.embedded.EmbeddedMailServer;
import com.pixelgram.testsupport.embedded.EmbeddedPostgresServer;
import com.pixelgram.testsupport.embedded.EmbeddedRedisServer;
import com.pixelgram.testsupport.embedded.EmbeddedS3Server;
import com.pixelgram.testsupport.embedded.EmbeddedSqsServer;

/**
 * Starts Postgres, Redis, ElasticMQ, S3Proxy and GreenMail in parallel on dev-stack's
 * ports, with their data under the data directory.
 */
final class Infrastructure {

	/**
	 * The file name of the Redis binary that embedded-redis ships, whatever its version.
	 */
	private static final String REDIS_SERVER = "redis-server";

	private Infrastructure() {
	}

	/**
	 * Starts everything and hands each server to the stack as soon as it runs, so that a
	 * failure or Ctrl-C stops what did start.
	 * @param ports where the servers listen
	 * @param dataDirectory {@code .pixelgram-data}
	 * @param stack takes charge of each server
	 * @param ledger takes note of the servers that run in processes of their own
	 * @param out progress lines
	 * @return the running servers
	 * @throws IllegalStateException if a server did not start
	 */
	static Servers start(LaunchSpecs.Ports ports, Path dataDirectory, RunningStack stack, ProcessLedger ledger,
			PrintStream out) {
		Path postgresDirectory = dataDirectory.resolve(Leftovers.POSTGRES_DIRECTORY);
		CompletableFuture<EmbeddedPostgresServer> postgres = startAsync("Postgres", stack, out,
				() -> EmbeddedPostgresServer.start(ports.postgres(), postgresDirectory), (server) -> {
					recordPostmaster(postgresDirectory, ledger);
					LaunchSpecs.databases().forEach(server::createDatabaseIfMissing);
				});
		CompletableFuture<EmbeddedRedisServer> redis = startAsync("Redis", stack, out,
				() -> EmbeddedRedisServer.start(ports.redis()), (server) -> redisServer().ifPresent((process) -> ledger
					.record(OwnedProcess.of(OwnedProcess.Kind.REDIS, REDIS_SERVER, process, REDIS_SERVER))));
		CompletableFuture<EmbeddedSqsServer> sqs = startAsync("ElasticMQ (SQS)", stack, out,
				() -> EmbeddedSqsServer.start(ports.sqs()), (server) -> {
				});
		CompletableFuture<EmbeddedS3Server> s3 = startAsync("S3Proxy (S3)", stack, out,
				() -> EmbeddedS3Server.start(ports.s3(), dataDirectory.resolve("s3"), LaunchSpecs.PUBLIC_MEDIA_PREFIX),
				(server) -> server.createBucketIfMissing(LaunchSpecs.MEDIA_BUCKET));
		CompletableFuture<EmbeddedMailServer> mail = startAsync("GreenMail (mail)", stack, out,
				() -> EmbeddedMailServer.start(ports.smtp(), ports.imap()), (server) -> {
				});
		List<String> failures = new ArrayList<>();
		for (CompletableFuture<?> future : List.of(postgres, redis, sqs, s3, mail)) {
			try {
				future.join();
			}
			catch (CompletionException ex) {
				failures.add(describe(ex.getCause()));
			}
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException(String.join("; ", failures));
		}
		return new Servers(postgres.join(), redis.join(), sqs.join(), s3.join(), mail.join());
	}

	/**
	 * The redis-server this JVM started, the one child of its that runs that binary.
	 * @return the process, or empty when Redis does not run
	 */
	static Optional<ProcessHandle> redisServer() {
		return ProcessHandle.current()
			.children()
			.filter((child) -> child.info().command().orElse("").contains(REDIS_SERVER))
			.findFirst();
	}

	private static void recordPostmaster(Path postgresDirectory, ProcessLedger ledger) {
		// pg_ctl starts the postmaster outside this JVM's tree; postmaster.pid names it
		Leftovers.postmaster(postgresDirectory)
			.flatMap((postmaster) -> ProcessHandle.of(postmaster.pid()))
			.ifPresent((process) -> ledger.record(OwnedProcess.of(OwnedProcess.Kind.POSTGRES, "postgres", process,
					postgresDirectory.toAbsolutePath().normalize().toString())));
	}

	private static <S extends AutoCloseable> CompletableFuture<S> startAsync(String name, RunningStack stack,
			PrintStream out, Supplier<S> starter, Consumer<S> prepare) {
		return CompletableFuture.supplyAsync(() -> {
			if (!stack.beginStart()) {
				throw new IllegalStateException(name + " not started: dev-stack is stopping");
			}
			try {
				long started = System.nanoTime();
				S server = starter.get();
				if (!stack.add(new Component(name, server))) {
					throw new IllegalStateException(name + " stopped: dev-stack is stopping");
				}
				prepare.accept(server);
				out.printf(Locale.ROOT, "  %-16s ready in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
				return server;
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException(name + ": " + describe(ex), ex);
			}
			finally {
				stack.endStart();
			}
		}, (task) -> new Thread(task, "start-" + name).start());
	}

	private static String describe(Throwable failure) {
		Throwable cause = failure;
		StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
				message.append(": ").append(cause.getMessage());
			}
		}
		return message.toString();
	}

	/**
	 * The running servers.
	 *
	 * @param postgres Postgres
	 * @param redis Redis
	 * @param sqs ElasticMQ
	 * @param s3 S3Proxy
	 * @param mail GreenMail: SMTP in, IMAP out
	 */
	record Servers(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, EmbeddedSqsServer sqs,
			EmbeddedS3Server s3, EmbeddedMailServer mail) {

	}

	/**
	 * A started server and the name to report it by.
	 *
	 * @param name the name
	 * @param server the server
	 */
	record Component(String name, AutoCloseable server) {

		void closeQuietly(PrintStream out) {
			try {
				this.server.close();
			}
			catch (Exception ex) {
				out.println("  " + this.name + " did not stop cleanly: " + ex.getMessage());
			}
		}

	}

}
