package com.pixelgram.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docker-compose.yml as Compose reads it: YAML anchors and merge keys resolved, values
 * interpolated with {@code .env}, short and long syntaxes read alike.
 */
final class ComposeFile {

	static final String FILE = "docker-compose.yml";

	private final Map<String, Object> document;

	private final EnvFile env;

	private ComposeFile(Map<String, Object> document, EnvFile env) {
		this.document = document;
		this.env = env;
	}

	static ComposeFile load() {
		return new ComposeFile(Repository.yaml(FILE), EnvFile.load());
	}

	Map<String, Object> document() {
		return this.document;
	}

	EnvFile env() {
		return this.env;
	}

	Set<String> serviceNames() {
		return services().keySet();
	}

	Map<String, Object> service(String name) {
		Map<String, Object> service = map(services().get(name));
		if (service == null) {
			throw new AssertionError(FILE + " has no service " + name);
		}
		return service;
	}

	Set<String> declaredVolumes() {
		Map<String, Object> volumes = map(this.document.get("volumes"));
		return (volumes != null) ? volumes.keySet() : Set.of();
	}

	/**
	 * A service's environment, interpolated.
	 * @param name the service
	 * @return variable name to value, in the file's order
	 */
	Map<String, String> environment(String name) {
		Object environment = service(name).get("environment");
		Map<String, String> result = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> entries) {
			entries.forEach((key, value) -> result.put(String.valueOf(key),
					(value != null) ? this.env.interpolate(String.valueOf(value)) : ""));
		}
		else if (environment instanceof List<?> entries) {
			for (Object entry : entries) {
				String text = String.valueOf(entry);
				int equals = text.indexOf('=');
				result.put((equals < 0) ? text : text.substring(0, equals),
						(equals < 0) ? "" : this.env.interpolate(text.substring(equals + 1)));
			}
		}
		return result;
	}

	/**
	 * What a service waits for.
	 * @param name the service
	 * @return dependency to its condition ({@code service_started} for the short syntax)
	 */
	Map<String, String> dependsOn(String name) {
		Object dependsOn = service(name).get("depends_on");
		Map<String, String> result = new LinkedHashMap<>();
		if (dependsOn instanceof List<?> names) {
			names.forEach((dependency) -> result.put(String.valueOf(dependency), "service_started"));
		}
		else if (dependsOn instanceof Map<?, ?> entries) {
			entries.forEach((dependency, settings) -> {
				Map<String, Object> options = map(settings);
				Object condition = (options != null) ? options.get("condition") : null;
				result.put(String.valueOf(dependency),
						(condition != null) ? String.valueOf(condition) : "service_started");
			});
		}
		return result;
	}

	/**
	 * A service's published ports.
	 * @param name the service
	 * @return the ports, short or long syntax
	 */
	List<Port> ports(String name) {
		List<Port> ports = new ArrayList<>();
		Object declared = service(name).get("ports");
		if (!(declared instanceof List<?> entries)) {
			return ports;
		}
		for (Object entry : entries) {
			if (entry instanceof Map<?, ?>) {
				Map<String, Object> port = map(entry);
				Object hostIp = port.get("host_ip");
				ports.add(new Port((hostIp != null) ? interpolate(hostIp) : "",
						Integer.parseInt(interpolate(port.get("published"))),
						Integer.parseInt(interpolate(port.get("target")))));
			}
			else {
				String[] parts = interpolate(entry).replaceFirst("/tcp$", "").split(":");
				if (parts.length < 2) {
					throw new AssertionError(name + ": port " + entry + " is published on a random host port");
				}
				String hostIp = (parts.length == 3) ? parts[0] : "";
				ports.add(new Port(hostIp, Integer.parseInt(parts[parts.length - 2]),
						Integer.parseInt(parts[parts.length - 1])));
			}
		}
		return ports;
	}

	/**
	 * A service's mounts.
	 * @param name the service
	 * @return its volumes, short or long syntax
	 */
	List<Mount> mounts(String name) {
		List<Mount> mounts = new ArrayList<>();
		Object declared = service(name).get("volumes");
		if (!(declared instanceof List<?> entries)) {
			return mounts;
		}
		for (Object entry : entries) {
			if (entry instanceof Map<?, ?>) {
				Map<String, Object> mount = map(entry);
				mounts.add(new Mount(interpolate(mount.get("type")), interpolate(mount.get("source")),
						interpolate(mount.get("target")), Boolean.TRUE.equals(mount.get("read_only"))));
			}
			else {
				String[] parts = interpolate(entry).split(":");
				String source = parts[0];
				boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
				mounts.add(new Mount(bind ? "bind" : "volume", source, parts[1],
						parts.length > 2 && parts[2].contains("ro")));
			}
		}
		return mounts;
	}

	/**
	 * A service's health check command as the container runs it ({@code $$} unescaped).
	 * @param name the service
	 * @return the test, {@code CMD} or {@code CMD-SHELL} first; empty without one
	 */
	List<String> healthcheckTest(String name) {
		Map<String, Object> healthcheck = map(service(name).get("healthcheck"));
		if (healthcheck == null || Boolean.TRUE.equals(healthcheck.get("disable"))) {
			return List.of();
		}
		Object test = healthcheck.get("test");
		if (test instanceof List<?> parts) {
			return parts.stream().map(this::interpolate).toList();
		}
		return (test != null) ? List.of("CMD-SHELL", interpolate(test)) : List.of();
	}

	Map<String, String> buildArgs(String name) {
		Map<String, Object> build = map(service(name).get("build"));
		Map<String, String> result = new LinkedHashMap<>();
		Map<String, Object> args = (build != null) ? map(build.get("args")) : null;
		if (args != null) {
			args.forEach((key, value) -> result.put(key, interpolate(value)));
		}
		return result;
	}

	String interpolate(Object value) {
		return this.env.interpolate(String.valueOf(value));
	}

	private Map<String, Object> services() {
		Map<String, Object> services = map(this.document.get("services"));
		if (services == null) {
			throw new AssertionError(FILE + " has no services");
		}
		return services;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : null;
	}

	/**
	 * A port published on the host.
	 *
	 * @param hostIp the host address it is bound to, empty for every address
	 * @param published the host port
	 * @param target the container port
	 */
	record Port(String hostIp, int published, int target) {

	}

	/**
	 * A volume or bind mount.
	 *
	 * @param type {@code volume} or {@code bind}
	 * @param source volume name or host path
	 * @param target path in the container
	 * @param readOnly whether the container may not write
	 */
	record Mount(String type, String source, String target, boolean readOnly) {

	}

}
