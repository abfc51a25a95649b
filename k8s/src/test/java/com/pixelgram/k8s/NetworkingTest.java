package com.pixelgram.k8s;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may reach what: the ingress to the gateway only, the suite to itself, Prometheus to
 * the actuator.
 */
class NetworkingTest {

	private static final Manifests DEFAULTS = Chart.defaults();

	private static final Manifests PRODUCTION = Chart.production();

	/**
	 * Who calls whom (docs/architecture.md §1 and the services' clients); every caller
	 * also fetches the JWKS.
	 */
	private static final Map<String, Set<String>> CALLERS = Map.of("gateway-service", Set.of(), "user-service",
			Set.of("gateway-service", "post-service", "feed-service", "notification-service"), "post-service",
			Set.of("gateway-service", "feed-service", "notification-service"), "feed-service",
			Set.of("gateway-service"), "notification-service", Set.of("gateway-service"));

	static List<Chart.Service> services() {
		return Chart.SERVICES;
	}

	@Test
	void onlyTheGatewayIsExposedThroughAnIngress() {
		for (Manifests manifests : List.of(DEFAULTS, PRODUCTION)) {
			List<Ingress> ingresses = manifests.all(Ingress.class);

			assertThat(ingresses).hasSize(1);
			assertThat(ingresses.get(0).getSpec().getRules()).flatMap((rule) -> rule.getHttp().getPaths())
				.extracting((path) -> path.getBackend().getService().getName())
				.containsOnly("pixelgram-gateway-service");
			assertThat(ingresses.get(0).getSpec().getRules())
				.flatMap((rule) -> rule.getHttp().getPaths().stream().map((path) -> path.getBackend()).toList())
				.extracting(IngressBackend::getService)
				.allSatisfy((backend) -> assertThat(backend.getPort().getName()).isEqualTo("http"));
		}
	}

	@Test
	void servesTheApiOverTlsInProduction() {
		Ingress ingress = PRODUCTION.get(Ingress.class, "pixelgram-gateway-service");

		assertThat(ingress.getSpec().getTls()).singleElement().satisfies((tls) -> {
			assertThat(tls.getHosts()).containsExactly("api.pixelgram.example");
			assertThat(tls.getSecretName()).isEqualTo("api.pixelgram.example-tls");
		});
		assertThat(ingress.getSpec().getRules()).extracting((rule) -> rule.getHost())
			.containsExactly("api.pixelgram.example");
	}

	@Test
	void deniesAllIngressToThePodsOfTheReleaseByDefault() {
		NetworkPolicy deny = DEFAULTS.get(NetworkPolicy.class, "pixelgram-default-deny");

		assertThat(deny.getSpec().getPodSelector().getMatchLabels())
			.isEqualTo(Map.of("app.kubernetes.io/name", "pixelgram", "app.kubernetes.io/instance", Chart.RELEASE));
		assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
		assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
	}

	@Test
	void theGatewayAcceptsTheApiPortOnlyFromTheIngressControllersNamespace() {
		NetworkPolicy policy = DEFAULTS.get(NetworkPolicy.class, "pixelgram-gateway-service");

		List<NetworkPolicyIngressRule> api = rulesForPort(policy, "http");
		assertThat(api).singleElement()
			.satisfies((rule) -> assertThat(rule.getFrom()).singleElement().satisfies((peer) -> {
				assertThat(peer.getNamespaceSelector().getMatchLabels())
					.isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
				assertThat(peer.getIpBlock()).isNull();
			}));
	}

	@ParameterizedTest
	@MethodSource("services")
	void internalServicesAcceptTheApiPortOnlyFromTheServicesOfTheSuiteThatCallThem(Chart.Service service) {
		if (service.component().equals("gateway-service")) {
			return;
		}
		for (Manifests manifests : List.of(DEFAULTS, PRODUCTION)) {
			NetworkPolicy policy = manifests.get(NetworkPolicy.class, service.objectName());

			assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component",
					service.component());
			List<NetworkPolicyIngressRule> api = rulesForPort(policy, "http");
			assertThat(api).isNotEmpty()
				.allSatisfy((rule) -> assertThat(rule.getFrom()).isNotEmpty().allSatisfy((peer) -> {
					assertThat(peer.getNamespaceSelector()).as("only pods of the release's namespace").isNull();
					assertThat(peer.getIpBlock()).isNull();
					assertThat(selects(peer.getPodSelector(), "app.kubernetes.io/instance"))
						.containsExactly(Chart.RELEASE);
					assertThat(selects(peer.getPodSelector(), "app.kubernetes.io/component"))
						.isEqualTo(CALLERS.get(service.component()));
				}));
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void prometheusReachesOnlyTheManagementPortFromItsNamespace(Chart.Service service) {
		NetworkPolicy policy = PRODUCTION.get(NetworkPolicy.class, service.objectName());

		List<NetworkPolicyIngressRule> management = rulesForPort(policy, "management");
		assertThat(management).singleElement()
			.satisfies((rule) -> assertThat(rule.getFrom()).singleElement().satisfies((peer) -> {
				assertThat(peer.getNamespaceSelector().getMatchLabels())
					.isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
				assertThat(peer.getPodSelector().getMatchLabels())
					.isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
			}));
		assertThat(policy.getSpec().getIngress()).allSatisfy((rule) -> assertThat(rule.getPorts()).isNotEmpty());
	}

	private static List<NetworkPolicyIngressRule> rulesForPort(NetworkPolicy policy, String port) {
		return policy.getSpec()
			.getIngress()
			.stream()
			.filter((rule) -> rule.getPorts()
				.stream()
				.map(NetworkPolicyPort::getPort)
				.anyMatch((candidate) -> port.equals(candidate.getStrVal())))
			.toList();
	}

	private static Set<String> selects(LabelSelector selector, String label) {
		if (selector.getMatchLabels() != null && selector.getMatchLabels().containsKey(label)) {
			return Set.of(selector.getMatchLabels().get(label));
		}
		return selector.getMatchExpressions()
			.stream()
			.filter((requirement) -> requirement.getKey().equals(label))
			.peek((requirement) -> assertThat(requirement.getOperator()).isEqualTo("In"))
			.map(LabelSelectorRequirement::getValues)
			.flatMap(List::stream)
			.collect(Collectors.toSet());
	}

}
