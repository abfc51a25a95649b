package com.pixelgram.k8s;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KubernetesSchemaTest {

	@Test
	void rendersObjectsTheKubernetesSchemaAcceptsWithDefaultValues() {
		List<HasMetadata> objects = Chart.defaults().all();

		assertThat(objects).extracting(HasMetadata::getKind)
			.containsOnly("ConfigMap", "Secret", "Service", "ServiceAccount", "Deployment", "StatefulSet",
					"HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "NetworkPolicy");
		assertEveryObjectIsLabelledAndNamespaced(objects);
	}

	@Test
	void rendersObjectsTheKubernetesSchemaAcceptsWithProductionValues() {
		List<HasMetadata> objects = Chart.production().all();

		assertThat(objects).extracting(HasMetadata::getKind)
			.contains("ServiceMonitor", "PrometheusRule", "StatefulSet", "Deployment", "HorizontalPodAutoscaler");
		assertEveryObjectIsLabelledAndNamespaced(objects);
	}

	@Test
	void refusesAFieldTheSchemaDoesNotHave() {
		String deployment = """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: misspelt
				spec:
				  replica: 2
				""";

		assertThatIllegalStateException().isThrownBy(() -> Manifests.parse(deployment))
			.withMessageContaining("misspelt")
			.withMessageContaining("replica");
	}

	@Test
	void refusesAValueOfTheWrongType() {
		String service = """
				apiVersion: v1
				kind: Service
				metadata:
				  name: wrong
				spec:
				  ports:
				    - port: "8080"
				""";

		assertThatIllegalStateException().isThrownBy(() -> Manifests.parse(service)).withMessageContaining("wrong");
	}

	private static void assertEveryObjectIsLabelledAndNamespaced(List<HasMetadata> objects) {
		assertThat(objects).allSatisfy((object) -> {
			assertThat(object.getMetadata().getNamespace()).as(object.getMetadata().getName())
				.isEqualTo(Chart.NAMESPACE);
			assertThat(object.getMetadata().getLabels()).as(object.getMetadata().getName())
				.containsAllEntriesOf(
						Map.of("app.kubernetes.io/name", "pixelgram", "app.kubernetes.io/instance", Chart.RELEASE,
								"app.kubernetes.io/managed-by", "Helm", "app.kubernetes.io/part-of", "pixelgram"));
		});
	}

}
