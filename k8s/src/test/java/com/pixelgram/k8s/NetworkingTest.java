package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

	/**
	 * Egress on, over the production values (which export traces and push through FCM and
	 * APNs).
	 */
	private static final String EGRESS = """
			networkPolicy:
			  egress:
			    enabled: true
			    postgresql:
			      to:
			        - ipBlock: {cidr: 10.20.0.0/16}
			""";

	@TempDir
	Path temporary;

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

	@Test
	void leavesEgressOpenByDefault() {
		for (Manifests manifests : List.of(DEFAULTS, PRODUCTION)) {
			assertThat(manifests.all(NetworkPolicy.class)).allSatisfy((policy) -> {
				assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
				assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
			});
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void withEgressOnEachServiceReachesOnlyTheDnsTheServicesItCallsAndWhatItUses(Chart.Service service)
			throws IOException {
		Manifests manifests = Chart.render(Chart.PRODUCTION_VALUES, write(EGRESS));
		NetworkPolicy deny = manifests.get(NetworkPolicy.class, "pixelgram-default-deny");
		NetworkPolicy policy = manifests.get(NetworkPolicy.class, service.objectName());

		assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
		assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
		assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
		List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
		assertThat(egress)
			.allSatisfy((rule) -> assertThat(rule.getPorts()).as("every rule names its ports").isNotEmpty());
		assertDns(egress);

		Set<String> callees = CALLERS.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().contains(service.component()))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		List<NetworkPolicyEgressRule> toTheSuite = egress.stream()
			.filter((rule) -> ports(rule).equals(Set.of("http/TCP")))
			.toList();
		if (callees.isEmpty()) {
			assertThat(toTheSuite).isEmpty();
		}
		else {
			assertThat(toTheSuite).singleElement()
				.satisfies((rule) -> assertThat(rule.getTo()).singleElement().satisfies((peer) -> {
					assertThat(peer.getNamespaceSelector()).isNull();
					assertThat(selects(peer.getPodSelector(), "app.kubernetes.io/instance"))
						.containsExactly(Chart.RELEASE);
					assertThat(selects(peer.getPodSelector(), "app.kubernetes.io/component")).isEqualTo(callees);
				}));
		}

		Map<Set<String>, List<NetworkPolicyEgressRule>> byPorts = egress.stream()
			.collect(Collectors.groupingBy(NetworkingTest::ports));
		boolean sharded = service.makesIds();
		assertThat(byPorts.containsKey(Set.of("5432/TCP"))).as("Postgres").isEqualTo(sharded);
		if (sharded) {
			assertThat(byPorts.get(Set.of("5432/TCP"))).singleElement()
				.satisfies((rule) -> assertThat(rule.getTo()).singleElement()
					.satisfies((peer) -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16")));
		}
		assertThat(byPorts.containsKey(Set.of("6379/TCP"))).as("Redis")
			.isEqualTo(!service.key().equals("notification"));
		assertThat(byPorts.containsKey(Set.of("443/TCP"))).as("AWS").isEqualTo(!service.key().equals("gateway"));
		assertThat(byPorts.containsKey(Set.of("4318/TCP"))).as("OTLP").isTrue();
		assertThat(byPorts.keySet()).as("nothing else")
			.allSatisfy((ports) -> assertThat(ports).isSubsetOf("53/UDP", "53/TCP", "http/TCP", "5432/TCP", "6379/TCP",
					"443/TCP", "4318/TCP"));
		if (service.key().equals("notification")) {
			// SQS, and FCM and APNs: two rules on 443
			assertThat(byPorts.get(Set.of("443/TCP"))).hasSize(2);
		}
	}

	@Test
	void withEgressOnTheServicesReachTheSqsAndS3EndpointsOnTheirPorts() throws IOException {
		Manifests manifests = Chart.render(Chart.DEV_VALUES, write(EGRESS), write("""
				sqs:
				  endpoint: http://elasticmq:9324
				s3:
				  endpoint: http://minio:9000
				"""));

		assertThat(awsPorts(manifests, "post")).containsExactlyInAnyOrder("443/TCP", "9324/TCP", "9000/TCP");
		assertThat(awsPorts(manifests, "user")).as("export links are presigned, and followed by the client")
			.containsExactlyInAnyOrder("443/TCP", "9324/TCP", "9000/TCP");
		assertThat(awsPorts(manifests, "feed")).containsExactlyInAnyOrder("443/TCP", "9324/TCP");
	}

	@Test
	void withEgressPostServiceReachesTheCloudFrontEndpointOfItsInvalidations() throws IOException {
		Manifests manifests = Chart.render(Chart.DEV_VALUES, write(EGRESS), write("""
				cdn:
				  invalidation:
				    provider: cloudfront
				    distributionId: E2QWRUHEXAMPLE
				    endpoint: http://cloudfront.internal:8443
				"""));

		assertThat(awsPorts(manifests, "post")).containsExactlyInAnyOrder("443/TCP", "8443/TCP");
		assertThat(awsPorts(manifests, "user")).as("only post-service invalidates")
			.containsExactlyInAnyOrder("443/TCP");
		assertThat(awsPorts(manifests, "feed")).containsExactlyInAnyOrder("443/TCP");
	}

	@Test
	void withEgressOnTheMigrationJobsReachOnlyTheDnsAndPostgres() throws IOException {
		Manifests manifests = Chart.render(Chart.PRODUCTION_VALUES, write(EGRESS));
		NetworkPolicy policy = manifests.get(NetworkPolicy.class, "pixelgram-migration");

		assertThat(selects(policy.getSpec().getPodSelector(), "app.kubernetes.io/component")).containsExactlyInAnyOrder(
				"user-service-migration", "post-service-migration", "notification-service-migration");
		assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
		assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
		assertDns(policy.getSpec().getEgress());
		assertThat(policy.getSpec().getEgress()).extracting(NetworkingTest::ports)
			.containsExactlyInAnyOrder(Set.of("53/UDP", "53/TCP"), Set.of("5432/TCP"));
	}

	private static Set<String> awsPorts(Manifests manifests, String key) {
		return manifests.get(NetworkPolicy.class, Chart.service(key).objectName())
			.getSpec()
			.getEgress()
			.stream()
			.map(NetworkingTest::ports)
			.filter((ports) -> ports.contains("443/TCP"))
			.findFirst()
			.orElseThrow();
	}

	private static void assertDns(List<NetworkPolicyEgressRule> egress) {
		assertThat(egress).filteredOn((rule) -> ports(rule).equals(Set.of("53/UDP", "53/TCP")))
			.singleElement()
			.satisfies((rule) -> assertThat(rule.getTo()).singleElement().satisfies((peer) -> {
				assertThat(peer.getNamespaceSelector().getMatchLabels())
					.isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
				assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
			}));
	}

	private static Set<String> ports(NetworkPolicyEgressRule rule) {
		return rule.getPorts()
			.stream()
			.map((port) -> (port.getPort().getStrVal() != null ? port.getPort().getStrVal()
					: String.valueOf(port.getPort().getIntVal())) + "/" + port.getProtocol())
			.collect(Collectors.toSet());
	}

	private Path write(String values) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(file, values);
		return file;
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
