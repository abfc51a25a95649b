package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The ways in: an Ingress or a Gateway API HTTPRoute to the gateway-service, as the
 * values choose; and the headless Services that govern the StatefulSets.
 */
class GatewayApiTest {

	@TempDir
	Path temporary;

	@Test
	void rendersNoHttpRouteByDefault() {
		assertThat(Chart.defaults().all(HTTPRoute.class)).isEmpty();
		assertThat(Chart.production().all(HTTPRoute.class)).isEmpty();
	}

	@Test
	void routesTheHostsOfAGatewayToTheGatewayServiceInsteadOfTheIngress() throws IOException {
		Manifests manifests = Chart.render(Chart.PRODUCTION_VALUES, write("""
				ingress:
				  enabled: false
				httpRoute:
				  enabled: true
				  parentRefs:
				    - name: public
				      namespace: gateway-system
				      sectionName: https
				  requestTimeout: 60s
				  annotations:
				    example.com/owner: platform
				"""));

		assertThat(manifests.all(Ingress.class)).isEmpty();
		HTTPRoute route = manifests.get(HTTPRoute.class, "pixelgram-gateway-service");
		assertThat(route.getMetadata().getAnnotations()).containsEntry("example.com/owner", "platform");
		assertThat(route.getSpec().getParentRefs()).singleElement().satisfies((parent) -> {
			assertThat(parent.getName()).isEqualTo("public");
			assertThat(parent.getNamespace()).isEqualTo("gateway-system");
			assertThat(parent.getSectionName()).isEqualTo("https");
		});
		assertThat(route.getSpec().getHostnames()).containsExactly("api.pixelgram.example");
		assertThat(route.getSpec().getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.getMatches()).singleElement().satisfies((match) -> {
				assertThat(match.getPath().getType()).isEqualTo("PathPrefix");
				assertThat(match.getPath().getValue()).isEqualTo("/");
			});
			assertThat(rule.getBackendRefs()).singleElement().satisfies((backend) -> {
				assertThat(backend.getName()).isEqualTo("pixelgram-gateway-service");
				Service gateway = manifests.get(Service.class, backend.getName());
				assertThat(gateway.getSpec().getPorts()).extracting(ServicePort::getPort).contains(backend.getPort());
			});
			assertThat(rule.getTimeouts().getRequest()).isEqualTo("60s");
		});
	}

	@Test
	void routesItsOwnHostnamesWhenGiven() throws IOException {
		Manifests manifests = Chart.render(Chart.DEV_VALUES, write("""
				httpRoute:
				  enabled: true
				  parentRefs: [{name: public}]
				  hostnames: [api.example.org, www.example.org]
				"""));

		HTTPRoute route = manifests.get(HTTPRoute.class, "pixelgram-gateway-service");
		assertThat(route.getSpec().getHostnames()).containsExactly("api.example.org", "www.example.org");
		assertThat(route.getSpec().getRules().get(0).getTimeouts()).isNull();
	}

	@Test
	void refusesARouteWithoutAGatewayToAttachTo() throws IOException {
		Path values = write("""
				httpRoute:
				  enabled: true
				""");

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, values))
			.withMessageContaining("/httpRoute/parentRefs");
	}

	@Test
	void everyStatefulSetIsGovernedByAHeadlessServiceOfItsPods() {
		for (Manifests manifests : List.of(Chart.defaults(), Chart.production())) {
			List<StatefulSet> statefulSets = manifests.all(StatefulSet.class);
			assertThat(statefulSets).hasSize(3);
			for (StatefulSet statefulSet : statefulSets) {
				Service governing = manifests.get(Service.class, statefulSet.getSpec().getServiceName());

				assertThat(governing.getMetadata().getName())
					.isEqualTo(statefulSet.getMetadata().getName() + "-headless");
				assertThat(governing.getSpec().getClusterIP()).isEqualTo("None");
				assertThat(governing.getSpec().getPublishNotReadyAddresses()).isTrue();
				assertThat(governing.getSpec().getSelector())
					.isEqualTo(statefulSet.getSpec().getSelector().getMatchLabels());
				assertThat(governing.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("http");
				// callers keep the load-balanced Service
				assertThat(manifests.get(Service.class, statefulSet.getMetadata().getName()).getSpec().getClusterIP())
					.isNull();
			}
			assertThat(manifests.all(Service.class))
				.filteredOn((service) -> "None".equals(service.getSpec().getClusterIP()))
				.hasSize(3);
		}
	}

	private Path write(String values) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(file, values);
		return file;
	}

}
