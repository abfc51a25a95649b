package com.pixelgram.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The little of the Kubernetes API that Helm's {@code lookup} needs, in process. No
 * template of the chart uses {@code lookup} (its answers would differ between
 * {@code helm template}, GitOps tools and upgrades), but the Helm library bundled by
 * helm-java asks the cluster of the current kubeconfig whenever one does: the tests point
 * {@code KUBECONFIG} (set by surefire) here, so that they never reach a real cluster.
 */
final class FakeKubernetesApi {

	private static final String KUBECONFIG_FILE_NAME = "fake-kubeconfig";

	private static final String SECRETS_RESOURCE = """
			{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
			{"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}""";

	private static final String NOT_FOUND = """
			{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"NotFound","code":404}""";

	private static FakeKubernetesApi instance;

	private final Map<String, String> secrets = new ConcurrentHashMap<>();

	private FakeKubernetesApi() {
	}

	/** Starts the API once and points the kubeconfig named by KUBECONFIG at it. */
	static synchronized FakeKubernetesApi start() {
		if (instance == null) {
			FakeKubernetesApi api = new FakeKubernetesApi();
			api.listen();
			instance = api;
		}
		return instance;
	}

	/**
	 * Makes a Secret exist until {@link #clear()}.
	 * @param namespace its namespace
	 * @param name its name
	 * @param data its data, in clear
	 */
	void putSecret(String namespace, String name, Map<String, String> data) {
		StringBuilder json = new StringBuilder();
		data.forEach((key, value) -> json.append(json.isEmpty() ? "" : ",")
			.append('"')
			.append(key)
			.append("\":\"")
			.append(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
			.append('"'));
		this.secrets.put("/api/v1/namespaces/" + namespace + "/secrets/" + name,
				"{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
						+ namespace + "\"},\"type\":\"Opaque\",\"data\":{" + json + "}}");
	}

	void clear() {
		this.secrets.clear();
	}

	private void listen() {
		Path kubeconfig = kubeconfigPath();
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/", this::answer);
			server.setExecutor(null);
			server.start();
			Files.createDirectories(kubeconfig.getParent());
			Files.writeString(kubeconfig, """
					apiVersion: v1
					kind: Config
					clusters:
					  - name: fake
					    cluster:
					      server: http://127.0.0.1:%d
					users:
					  - name: fake
					    user: {}
					contexts:
					  - name: fake
					    context:
					      cluster: fake
					      user: fake
					current-context: fake
					""".formatted(server.getAddress().getPort()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path kubeconfigPath() {
		String kubeconfig = System.getenv("KUBECONFIG");
		if (kubeconfig == null || !Path.of(kubeconfig).getFileName().toString().equals(KUBECONFIG_FILE_NAME)) {
			throw new IllegalStateException("KUBECONFIG is " + kubeconfig + ": Helm's lookup would ask a real cluster."
					+ " Run the tests through Maven (surefire sets KUBECONFIG=target/" + KUBECONFIG_FILE_NAME
					+ "), or set that variable in the IDE's run configuration.");
		}
		return Path.of(kubeconfig).toAbsolutePath();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String body;
		int status;
		if (!"GET".equals(exchange.getRequestMethod())) {
			status = 405;
			body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":405}";
		}
		else if ("/api/v1".equals(path)) {
			status = 200;
			body = SECRETS_RESOURCE;
		}
		else if (this.secrets.containsKey(path)) {
			status = 200;
			body = this.secrets.get(path);
		}
		else {
			status = 404;
			body = NOT_FOUND;
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (var out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
