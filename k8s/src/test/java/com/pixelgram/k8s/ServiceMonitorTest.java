package com.pixelgram.k8s;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ServiceMonitors (metrics.serviceMonitor.enabled) make the Prometheus Operator
 * scrape each service's own Service, on the port where Actuator really listens.
 */
class ServiceMonitorTest {

	private static final Manifests PRODUCTION = Chart.production();

	static List<Chart.Service> services() {
		return Chart.SERVICES;
	}

	@Test
	void noServiceMonitorIsRenderedUnlessTheValuesAskForIt() {
		assertThat(Chart.defaults().all(ServiceMonitor.class)).isEmpty();
		assertThat(PRODUCTION.all(ServiceMonitor.class)).extracting((monitor) -> monitor.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(Chart.SERVICES.stream().map(Chart.Service::objectName).toList());
	}

	@ParameterizedTest
	@MethodSource("services")
	void scrapesActuatorsPrometheusEndpointOnTheServicesManagementPort(Chart.Service service) {
		ServiceMonitor monitor = PRODUCTION.get(ServiceMonitor.class, service.objectName());
		Service kubernetesService = PRODUCTION.get(Service.class, service.objectName());

		assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies((endpoint) -> {
			assertThat(endpoint.getPort()).isEqualTo(managementPortName(service, kubernetesService));
			assertThat(endpoint.getTargetPort()).as("the port is named, not numbered").isNull();
			assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
		});
		assertThat(monitor.getSpec().getEndpoints()).extracting(Endpoint::getInterval).doesNotContainNull();
	}

	@ParameterizedTest
	@MethodSource("services")
	void selectsItsOwnServiceAndNoOther(Chart.Service service) {
		ServiceMonitor monitor = PRODUCTION.get(ServiceMonitor.class, service.objectName());
		Service kubernetesService = PRODUCTION.get(Service.class, service.objectName());
		Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();

		assertThat(selector).isNotEmpty();
		assertThat(selects(monitor.getSpec().getSelector(), kubernetesService)).isTrue();
		assertThat(PRODUCTION.all(Service.class)).filteredOn((other) -> other != kubernetesService)
			.allSatisfy((other) -> assertThat(selects(monitor.getSpec().getSelector(), other))
				.as("%s selects %s too", monitor.getMetadata().getName(), other.getMetadata().getName())
				.isFalse());
		assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames())
			.containsExactly(kubernetesService.getMetadata().getNamespace());
	}

	/**
	 * Whether a label selector (matchLabels, and Exists or DoesNotExist expressions)
	 * selects a Service.
	 */
	private static boolean selects(LabelSelector selector, Service service) {
		Map<String, String> labels = service.getMetadata().getLabels();
		if (!labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
			return false;
		}
		List<LabelSelectorRequirement> expressions = (selector.getMatchExpressions() != null)
				? selector.getMatchExpressions() : List.of();
		return expressions.stream().allMatch((expression) -> switch (expression.getOperator()) {
			case "Exists" -> labels.containsKey(expression.getKey());
			case "DoesNotExist" -> !labels.containsKey(expression.getKey());
			default -> throw new AssertionError("unexpected operator " + expression.getOperator());
		});
	}

	/**
	 * The name of the Service port that leads to Actuator: the one whose target is the
	 * container port where management.server.port of the service's configuration points.
	 */
	private static String managementPortName(Chart.Service service, Service kubernetesService) {
		Object managementPort = Manifests.at(PRODUCTION.applicationConfig(service), "management.server.port");
		assertThat(managementPort).as("%s management.server.port", service.component())
			.isEqualTo(Chart.MANAGEMENT_PORT);
		ContainerPort containerPort = PRODUCTION.container(service)
			.getPorts()
			.stream()
			.filter((port) -> port.getContainerPort().equals(managementPort))
			.findFirst()
			.orElseThrow(() -> new AssertionError(service.component() + " has no container port " + managementPort));
		List<ServicePort> toManagement = kubernetesService.getSpec()
			.getPorts()
			.stream()
			.filter((port) -> containerPort.getName().equals(port.getTargetPort().getStrVal())
					|| managementPort.equals(port.getTargetPort().getIntVal()))
			.toList();
		assertThat(toManagement).as("%s Service ports to Actuator", service.component()).hasSize(1);
		return toManagement.get(0).getName();
	}

}
