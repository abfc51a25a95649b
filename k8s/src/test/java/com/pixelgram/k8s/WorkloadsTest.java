package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every service runs as a hardened, probed, sized workload with its Service, service
 * account, disruption budget and autoscaler.
 */
class WorkloadsTest {

	private static final Manifests DEFAULTS = Chart.defaults();

	private static final Manifests PRODUCTION = Chart.production();

	@TempDir
	Path temporary;

	static Stream<Arguments> servicesWithDefaultAndProductionValues() {
		return Chart.SERVICES.stream()
			.flatMap((service) -> Stream.of(Arguments.of(service, DEFAULTS), Arguments.of(service, PRODUCTION)));
	}

	static Stream<Chart.Service> services() {
		return Chart.SERVICES.stream();
	}

	@ParameterizedTest
	@MethodSource("servicesWithDefaultAndProductionValues")
	void probesTheActuatorHealthGroupsOnTheManagementPort(Chart.Service service, Manifests manifests) {
		Container container = manifests.container(service);

		assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
			.containsExactlyInAnyOrder(tuple("http", service.port()), tuple("management", Chart.MANAGEMENT_PORT));
		assertProbe(container.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
	}

	@ParameterizedTest
	@MethodSource("servicesWithDefaultAndProductionValues")
	void runsHardened(Chart.Service service, Manifests manifests) {
		PodSpec pod = manifests.podTemplate(service).getSpec();
		Container container = manifests.container(service);
		SecurityContext security = container.getSecurityContext();

		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(security.getRunAsNonRoot()).isTrue();
		assertThat(security.getRunAsUser()).isEqualTo(10001L);
		assertThat(security.getReadOnlyRootFilesystem()).isTrue();
		assertThat(security.getAllowPrivilegeEscalation()).isFalse();
		assertThat(security.getPrivileged()).isFalse();
		assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
		assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(pod.getEnableServiceLinks()).isFalse();
		Volume tmp = pod.getVolumes().stream().filter((volume) -> volume.getName().equals("tmp")).findFirst().get();
		assertThat(tmp.getEmptyDir()).isNotNull();
		assertThat(tmp.getEmptyDir().getSizeLimit()).isNotNull();
		assertThat(container.getVolumeMounts())
			.anySatisfy((mount) -> assertThat(mount.getName() + ":" + mount.getMountPath()).isEqualTo("tmp:/tmp"));
		assertThat(container.getVolumeMounts()).filteredOn((mount) -> !mount.getName().equals("tmp"))
			.allSatisfy((mount) -> assertThat(mount.getReadOnly()).as(mount.getName()).isTrue());
	}

	@ParameterizedTest
	@MethodSource("servicesWithDefaultAndProductionValues")
	void requestsCpuAndMemoryAndLimitsMemory(Chart.Service service, Manifests manifests) {
		Container container = manifests.container(service);

		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
		Quantity request = container.getResources().getRequests().get("memory");
		Quantity limit = container.getResources().getLimits().get("memory");
		assertThat(Quantity.getAmountInBytes(limit)).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(request));
		assertThat(container.getEnv()).anySatisfy((env) -> {
			assertThat(env.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
			assertThat(env.getValue()).contains("-XX:MaxRAMPercentage=");
		});
	}

	@ParameterizedTest
	@MethodSource("servicesWithDefaultAndProductionValues")
	void hasAServiceADisruptionBudgetAnAutoscalerAndAServiceAccountThatMatchIt(Chart.Service service,
			Manifests manifests) {
		PodTemplateSpec template = manifests.podTemplate(service);
		Map<String, String> podLabels = template.getMetadata().getLabels();

		Service kubernetesService = manifests.get(Service.class, service.objectName());
		assertThat(podLabels).containsAllEntriesOf(kubernetesService.getSpec().getSelector());
		assertThat(kubernetesService.getSpec().getSelector()).containsEntry("app.kubernetes.io/component",
				service.component());
		assertThat(kubernetesService.getSpec().getPorts()).allSatisfy((port) -> assertThat(
				manifests.container(service).getPorts().stream().map(ContainerPort::getName).toList())
			.contains(port.getTargetPort().getStrVal()));

		PodDisruptionBudget budget = manifests.get(PodDisruptionBudget.class, service.objectName());
		assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());

		ServiceAccount account = manifests.get(ServiceAccount.class, template.getSpec().getServiceAccountName());
		assertThat(account.getAutomountServiceAccountToken()).isFalse();

		// values.yaml switches autoscaling on for every service, and so do the production
		// values: both must render an HPA per service
		Workload workload = Workload.of(manifests, service);
		HorizontalPodAutoscaler autoscaler = manifests.get(HorizontalPodAutoscaler.class, service.objectName());
		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo(workload.kind());
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(workload.name());
		assertThat(autoscaler.getSpec().getMetrics())
			.anySatisfy((metric) -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
		assertThat(autoscaler.getSpec().getMinReplicas()).isPositive()
			.isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
		// the autoscaler owns the replicas: a rendered count would fight it on upgrades
		assertThat(workload.replicas()).isNull();
	}

	@Test
	void rendersTheReplicaCountInsteadOfAnAutoscalerWhenAutoscalingIsOff() throws IOException {
		Path values = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(values, """
				notification:
				  replicaCount: 3
				  autoscaling:
				    enabled: false
				""");
		Manifests manifests = Chart.render(Chart.DEV_VALUES, values);

		Chart.Service notification = Chart.service("notification");
		assertThat(manifests.find(HorizontalPodAutoscaler.class, notification.objectName())).isEmpty();
		assertThat(Workload.of(manifests, notification).replicas()).isEqualTo(3);
		assertThat(manifests.all(HorizontalPodAutoscaler.class)).hasSize(Chart.SERVICES.size() - 1);
	}

	@ParameterizedTest
	@MethodSource("servicesWithDefaultAndProductionValues")
	void spreadsItsPodsOverZonesAndNodes(Chart.Service service, Manifests manifests) {
		PodTemplateSpec template = manifests.podTemplate(service);

		assertThat(template.getSpec().getTopologySpreadConstraints())
			.extracting(TopologySpreadConstraint::getTopologyKey)
			.containsExactlyInAnyOrder("topology.kubernetes.io/zone", "kubernetes.io/hostname");
		assertThat(template.getSpec().getTopologySpreadConstraints())
			.allSatisfy((constraint) -> assertThat(template.getMetadata().getLabels())
				.containsAllEntriesOf(constraint.getLabelSelector().getMatchLabels()));
	}

	@ParameterizedTest
	@MethodSource("services")
	void servicesThatMakeIdsNumberTheirReplicasFromThePodIndex(Chart.Service service) {
		Workload workload = Workload.of(PRODUCTION, service);
		List<EnvVar> env = PRODUCTION.container(service).getEnv();

		if (service.makesIds()) {
			assertThat(workload.kind()).isEqualTo("StatefulSet");
			assertThat(env).anySatisfy((variable) -> {
				assertThat(variable.getName()).isEqualTo("PIXELGRAM_IDS_NODE_ID");
				assertThat(variable.getValueFrom().getFieldRef().getFieldPath())
					.isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
			});
			int nodes = 1 << (Integer) Manifests.at(PRODUCTION.applicationConfig(service), "pixelgram.ids.node-bits");
			assertThat(mostReplicas(PRODUCTION, service)).isLessThanOrEqualTo(nodes);
		}
		else {
			assertThat(workload.kind()).isEqualTo("Deployment");
			assertThat(env).noneMatch((variable) -> variable.getName().equals("PIXELGRAM_IDS_NODE_ID"));
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void onlyFeedServiceAlsoScalesOnFeedReadsPerPod(Chart.Service service) {
		List<MetricSpec> metrics = PRODUCTION.get(HorizontalPodAutoscaler.class, service.objectName())
			.getSpec()
			.getMetrics();

		if (service.component().equals("feed-service")) {
			assertThat(metrics).anySatisfy((metric) -> {
				assertThat(metric.getType()).isEqualTo("Pods");
				assertThat(metric.getPods().getMetric().getName()).isEqualTo("pixelgram_feed_reads_per_second");
				assertThat(metric.getPods().getTarget().getType()).isEqualTo("AverageValue");
				assertThat(metric.getPods().getTarget().getAverageValue()).isEqualTo(new Quantity("150"));
			});
		}
		else {
			assertThat(metrics).allSatisfy((metric) -> assertThat(metric.getType()).isEqualTo("Resource"));
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void runsTheServiceImageFromTheConfiguredRegistryAtTheReleaseTag(Chart.Service service) {
		assertThat(PRODUCTION.container(service).getImage())
			.isEqualTo("registry.example.com/pixelgram/" + service.component() + ":0.1.0");
		assertThat(DEFAULTS.container(service).getImage())
			.isEqualTo("docker.io/pixelgram/" + service.component() + ":0.1.0");
	}

	@ParameterizedTest
	@MethodSource("services")
	void runsThreeReplicasAtLeastInProduction(Chart.Service service) {
		int fewest = PRODUCTION.get(HorizontalPodAutoscaler.class, service.objectName()).getSpec().getMinReplicas();

		assertThat(fewest).isEqualTo(3);
	}

	private static int mostReplicas(Manifests manifests, Chart.Service service) {
		return manifests.get(HorizontalPodAutoscaler.class, service.objectName()).getSpec().getMaxReplicas();
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
		assertThat(probe.getPeriodSeconds()).isPositive();
		assertThat(probe.getTimeoutSeconds()).isPositive();
	}

	/** What the tests need of a Deployment or a StatefulSet. */
	private record Workload(String kind, String name, Integer replicas) {

		static Workload of(Manifests manifests, Chart.Service service) {
			var workload = manifests.workload(service);
			if (workload instanceof Deployment deployment) {
				return new Workload("Deployment", deployment.getMetadata().getName(),
						deployment.getSpec().getReplicas());
			}
			StatefulSet statefulSet = (StatefulSet) workload;
			return new Workload("StatefulSet", statefulSet.getMetadata().getName(),
					statefulSet.getSpec().getReplicas());
		}

	}

}
