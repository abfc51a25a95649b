package com.pixelgram.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import org.springframework.util.FileSystemUtils;

/**
 * The chart under test ({@code k8s/pixelgram}) and what the tests do with it: lint it,
 * render it as {@code helm template} does, read the result.
 */
final class Chart {

	/** The chart's directory; tests run in the module's directory. */
	static final Path DIRECTORY = Path.of("pixelgram").toAbsolutePath();

	/** The root of the repository, where the services' sources are. */
	static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	static final Path PRODUCTION_VALUES = Path.of("src/test/resources/values-production.yaml").toAbsolutePath();

	/**
	 * The defaults plus the values they lack to install: a throwaway cluster's generated
	 * signing key ({@code auth.jwt.allowGeneratedKey}) and the secret the internal tokens
	 * are derived from ({@code auth.internalToken.secret}).
	 */
	static final Path DEV_VALUES = Path.of("src/test/resources/values-dev.yaml").toAbsolutePath();

	static final String RELEASE = "pixelgram";

	static final String NAMESPACE = "pixelgram";

	/** The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion). */
	static final String KUBE_VERSION = "1.30.0";

	/** Every service: the chart's values key and the component name. */
	static final List<Service> SERVICES = List.of(new Service("gateway", "gateway-service", 8080, false),
			new Service("user", "user-service", 8081, true), new Service("post", "post-service", 8082, true),
			new Service("feed", "feed-service", 8083, false),
			new Service("notification", "notification-service", 8084, true));

	static final int MANAGEMENT_PORT = 9090;

	private Chart() {
	}

	static Service service(String key) {
		return SERVICES.stream()
			.filter((service) -> service.key().equals(key))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no service " + key));
	}

	static LintResult lint() {
		FakeKubernetesApi.start();
		return new Helm(DIRECTORY).lint().strict().call();
	}

	/**
	 * Renders the chart as {@code helm template} does.
	 * @param valuesFiles values files, applied in order over values.yaml
	 * @return the manifests
	 */
	static String template(Path... valuesFiles) {
		FakeKubernetesApi.start();
		TemplateCommand command = new Helm(DIRECTORY).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		for (Path valuesFile : valuesFiles) {
			command = command.withValuesFile(valuesFile);
		}
		return command.call();
	}

	/**
	 * The chart rendered with its hooks (the migration Jobs) as ordinary objects:
	 * {@link #template}, as {@code helm template} in a library, leaves hooks out. A copy
	 * of the chart without the {@code helm.sh/hook*} annotations renders them; the tests
	 * check those annotations in the template's source.
	 * @param valuesFiles values files, applied in order over values.yaml
	 * @return the manifests, hooks included
	 */
	static Manifests renderWithHooks(Path... valuesFiles) {
		FakeKubernetesApi.start();
		Path copy = Path.of("target/chart-hooks-as-objects").toAbsolutePath();
		try {
			FileSystemUtils.deleteRecursively(copy);
			FileSystemUtils.copyRecursively(DIRECTORY, copy);
			try (Stream<Path> templates = Files.list(copy.resolve("templates"))) {
				for (Path template : templates.filter((file) -> file.toString().endsWith(".yaml")).toList()) {
					String text = Files.readString(template);
					Files.writeString(template, text.replaceAll("(?m)^\\s*helm\\.sh/hook[-a-z]*:.*\\n", ""));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		TemplateCommand command = new Helm(copy).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBE_VERSION);
		for (Path valuesFile : valuesFiles) {
			command = command.withValuesFile(valuesFile);
		}
		return Manifests.parse(command.call());
	}

	static Manifests render(Path... valuesFiles) {
		return Manifests.parse(template(valuesFiles));
	}

	/**
	 * The chart rendered with its default values and {@link #DEV_VALUES}, once for all
	 * tests.
	 */
	static Manifests defaults() {
		return Rendered.DEFAULTS;
	}

	/** The chart rendered with values-production.yaml, once for all tests. */
	static Manifests production() {
		return Rendered.PRODUCTION;
	}

	static FakeKubernetesApi kubernetes() {
		return FakeKubernetesApi.start();
	}

	private static final class Rendered {

		static final Manifests DEFAULTS = render(DEV_VALUES);

		static final Manifests PRODUCTION = render(PRODUCTION_VALUES);

	}

	/**
	 * One service of the suite.
	 *
	 * @param key its key in values.yaml
	 * @param component its name, the {@code app.kubernetes.io/component} label
	 * @param port the port its API listens on
	 * @param makesIds whether it makes IDs (and so needs a node number per replica)
	 */
	record Service(String key, String component, int port, boolean makesIds) {

		String objectName() {
			return RELEASE + "-" + this.component;
		}

	}

}
