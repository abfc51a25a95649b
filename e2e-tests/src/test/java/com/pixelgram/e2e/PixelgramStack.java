package com.pixelgram.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.pixelgram.testsupport.DevStackProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole suite, started once for every end-to-end test class exactly as a developer
 * starts it ({@code java -jar dev-stack/target/dev-stack.jar}): each service in its own
 * JVM on embedded Postgres, Redis, ElasticMQ and S3Proxy. Its ports are moved by
 * {@link #PORT_OFFSET} and its data lives under {@code target/}, so a developer's running
 * stack is left alone.
 */
public final class PixelgramStack implements BeforeAllCallback {

	static final int PORT_OFFSET = 200;

	static final int GATEWAY_PORT = 8080 + PORT_OFFSET;

	/** The username user-service grants the moderator role to. */
	static final String MODERATOR = "moderator_e2e";

	static final int S3_PORT = 19000 + PORT_OFFSET;

	/** Where dev-stack's GreenMail serves the mail it received over IMAP. */
	static final int IMAP_PORT = 13143 + PORT_OFFSET;

	/**
	 * user-service's and the gateway's Actuator ports, for their Prometheus endpoints:
	 * dev-stack puts each service's Actuator 10,000 above its API port.
	 */
	static final int USER_SERVICE_MANAGEMENT_PORT = 8081 + 10_000 + PORT_OFFSET;

	static final int GATEWAY_MANAGEMENT_PORT = 8080 + 10_000 + PORT_OFFSET;

	// generous: on a loaded 2-core machine five JVMs and Postgres take minutes to start
	private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.getOrComputeIfAbsent(Running.class, (key) -> Running.start(), Running.class);
	}

	/** The gateway's base URL. */
	static String gateway() {
		return "http://127.0.0.1:" + GATEWAY_PORT;
	}

	/**
	 * The running dev-stack process; closed (Ctrl-C, in effect) when every test has run.
	 */
	static final class Running implements ExtensionContext.Store.CloseableResource {

		private final Process process;

		private Running(Process process) {
			this.process = process;
		}

		static final int LIKE_LIMIT = 20;

		static Running start() {
			Path root = DevStackProcess.repositoryRoot();
			Path data = root.resolve("e2e-tests/target/e2e-data");
			DevStackProcess.deleteRecursively(data);
			// A like limit low enough for one test to reach (the default is 1,000 an
			// hour); every other rule keeps its production value. One moderator.
			String limits = "{\"pixelgram\":{\"gateway\":{\"rate-limit\":{\"rules\":{\"like\":{\"limit\":" + LIKE_LIMIT
					+ "}}}},\"users\":{\"roles\":{\"moderator-usernames\":[\"" + MODERATOR + "\"]}}}}";
			return new Running(DevStackProcess.start(root,
					List.of("--port-offset=" + PORT_OFFSET, "--data-dir=" + data,
							"--timeout=" + START_TIMEOUT.toSeconds()),
					Map.of("SPRING_APPLICATION_JSON", limits), "Pixelgram is up", START_TIMEOUT.plusSeconds(30),
					false));
		}

		@Override
		public void close() {
			DevStackProcess.stop(this.process, Duration.ofSeconds(60));
		}

	}

}
