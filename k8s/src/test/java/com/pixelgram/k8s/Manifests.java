package com.pixelgram.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects of a rendered chart, each read strictly into the Kubernetes object model of
 * its apiVersion and kind: a field the schema does not have, or a value of the wrong
 * type, fails the read, as the API server would refuse it. Kinds outside the list below
 * fail too, so that every kind the chart renders is checked.
 */
final class Manifests {

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
			Map.entry("v1/ConfigMap", ConfigMap.class), Map.entry("v1/Secret", Secret.class),
			Map.entry("v1/Service", Service.class), Map.entry("v1/ServiceAccount", ServiceAccount.class),
			Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("apps/v1/StatefulSet", StatefulSet.class),
			Map.entry("batch/v1/Job", Job.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
			Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
			Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

	/**
	 * The model's classes keep unknown fields in {@code additionalProperties} and ignore
	 * unknown ones: both are switched off, and scalars are not coerced ("3" is no
	 * integer), so that reading is as strict as the API server's validation.
	 */
	private static final ObjectMapper STRICT = JsonMapper.builder()
		.annotationIntrospector(new JacksonAnnotationIntrospector() {

			@Override
			public Boolean hasAnySetter(Annotated annotated) {
				return false;
			}

			@Override
			public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
				return JsonIgnoreProperties.Value.empty();
			}

		})
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.build();

	private final List<HasMetadata> objects;

	private Manifests(List<HasMetadata> objects) {
		this.objects = objects;
	}

	static Manifests parse(String manifests) {
		List<HasMetadata> objects = new ArrayList<>();
		for (Object document : yaml().loadAll(manifests)) {
			if (document == null) {
				continue;
			}
			objects.add(read(asMap(document)));
		}
		return new Manifests(objects);
	}

	static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		return new Yaml(options);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object yaml) {
		return (Map<String, Object>) yaml;
	}

	/**
	 * A value in nested maps by its dotted path ({@code pixelgram.ids.node-bits}).
	 * @param map the outermost map
	 * @param path keys separated by dots
	 * @return the value, or {@code null} when a key is missing
	 */
	static Object at(Map<String, Object> map, String path) {
		Object value = map;
		for (String key : path.split("\\.")) {
			if (!(value instanceof Map<?, ?> current)) {
				return null;
			}
			value = current.get(key);
		}
		return value;
	}

	private static HasMetadata read(Map<String, Object> document) {
		String key = document.get("apiVersion") + "/" + document.get("kind");
		Class<? extends HasMetadata> type = KINDS.get(key);
		if (type == null) {
			throw new IllegalStateException("the chart renders " + key + ", which these tests do not check yet");
		}
		try {
			return STRICT.convertValue(document, type);
		}
		catch (IllegalArgumentException ex) {
			Object name = asMap(document.get("metadata")).get("name");
			throw new IllegalStateException(
					key + " " + name + " does not fit the Kubernetes schema: " + ex.getMessage(), ex);
		}
	}

	List<HasMetadata> all() {
		return this.objects;
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	<T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
		return all(type).stream().filter((object) -> object.getMetadata().getName().equals(name)).findFirst();
	}

	<T extends HasMetadata> T get(Class<T> type, String name) {
		return find(type, name)
			.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " rendered"));
	}

	/** The Deployment or StatefulSet of a service. */
	HasMetadata workload(Chart.Service service) {
		return find(Deployment.class, service.objectName()).<HasMetadata>map((deployment) -> deployment)
			.or(() -> find(StatefulSet.class, service.objectName()))
			.orElseThrow(() -> new AssertionError("no workload for " + service.component()));
	}

	PodTemplateSpec podTemplate(Chart.Service service) {
		HasMetadata workload = workload(service);
		if (workload instanceof Deployment deployment) {
			return deployment.getSpec().getTemplate();
		}
		return ((StatefulSet) workload).getSpec().getTemplate();
	}

	/** The one container of a service's pods. */
	Container container(Chart.Service service) {
		List<Container> containers = podTemplate(service).getSpec().getContainers();
		if (containers.size() != 1 || !containers.get(0).getName().equals(service.component())) {
			throw new AssertionError(service.component() + " runs the containers " + containers);
		}
		return containers.get(0);
	}

	/** The application.yaml the chart renders for a service. */
	Map<String, Object> applicationConfig(Chart.Service service) {
		String text = get(ConfigMap.class, service.objectName()).getData().get("application.yaml");
		return asMap(yaml().load(text));
	}

}
