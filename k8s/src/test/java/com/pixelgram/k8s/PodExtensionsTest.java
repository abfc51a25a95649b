package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What an installation adds to the services' pods: its own image per service (pinned by
 * digest), environment from its Secrets, volumes, init containers and sidecars, for every
 * service or for one.
 */
class PodExtensionsTest {

	private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

	@TempDir
	Path temporary;

	@Test
	void aServiceRunsItsOwnImageAndADigestWinsOverTheTag() throws IOException {
		Manifests manifests = Chart.render(Chart.DEV_VALUES, write("""
				image:
				  tag: 0.2.0
				global:
				  imageRegistry: mirror.example.com
				feed:
				  image:
				    registry: feeds.example.com
				    repository: team/feed
				    tag: 0.2.1-hotfix
				    pullPolicy: Always
				post:
				  image:
				    tag: ignored-for-the-digest
				    digest: %s
				""".formatted(DIGEST)));

		assertThat(manifests.container(Chart.service("feed")).getImage())
			.isEqualTo("feeds.example.com/team/feed:0.2.1-hotfix");
		assertThat(manifests.container(Chart.service("feed")).getImagePullPolicy()).isEqualTo("Always");
		assertThat(manifests.container(Chart.service("post")).getImage())
			.isEqualTo("mirror.example.com/pixelgram/post-service@" + DIGEST);
		assertThat(manifests.container(Chart.service("post")).getImagePullPolicy()).isEqualTo("IfNotPresent");
		assertThat(manifests.container(Chart.service("user")).getImage())
			.isEqualTo("mirror.example.com/pixelgram/user-service:0.2.0");
	}

	@Test
	void theMigrationJobRunsTheImageOfItsService() throws IOException {
		Path values = write("""
				migrations:
				  enabled: true
				  username: owner
				  existingSecret: owner-password
				post:
				  image:
				    digest: %s
				""".formatted(DIGEST));

		Job job = Chart.renderWithHooks(Chart.DEV_VALUES, values)
			.get(Job.class, Chart.service("post").objectName() + "-migration");

		assertThat(job.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getImage)
			.containsExactly("docker.io/pixelgram/post-service@" + DIGEST);
	}

	@Test
	void refusesADigestThatIsNoSha256() throws IOException {
		Path values = write("""
				gateway:
				  image:
				    digest: latest
				""");

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, values))
			.withMessageContaining("/gateway/image/digest");
	}

	@Test
	void addsTheGlobalExtrasToEveryServiceAndAServicesOwnAfterThem() throws IOException {
		Manifests manifests = Chart.render(Chart.DEV_VALUES, write("""
				extraEnvVars:
				  - {name: EVERYWHERE, value: "1"}
				extraEnvFrom:
				  - secretRef: {name: pixelgram-extra}
				extraVolumes:
				  - name: ca
				    configMap: {name: corporate-ca}
				extraVolumeMounts:
				  - {name: ca, mountPath: /etc/ssl/corporate, readOnly: true}
				initContainers:
				  - name: wait-for-proxy
				    image: busybox:1.36
				    command: [sh, -c, "true"]
				sidecars:
				  - name: log-shipper
				    image: fluent/fluent-bit:3.0
				post:
				  extraEnvVars:
				    - name: POST_ONLY
				      valueFrom:
				        secretKeyRef: {name: post-extra, key: value}
				  extraEnvFrom:
				    - configMapRef: {name: post-extra}
				  extraVolumes:
				    - name: scratch
				      emptyDir: {}
				  extraVolumeMounts:
				    - {name: scratch, mountPath: /scratch}
				  initContainers:
				    - name: warm-up
				      image: busybox:1.36
				  sidecars:
				    - name: cloud-sql-proxy
				      image: proxy:2
				"""));

		for (Chart.Service service : Chart.SERVICES) {
			PodSpec pod = manifests.podTemplate(service).getSpec();
			Container main = pod.getContainers().get(0);
			boolean post = service.key().equals("post");

			assertThat(main.getName()).isEqualTo(service.component());
			assertThat(main.getEnv()).extracting(EnvVar::getName)
				.contains("EVERYWHERE", "SPRING_CONFIG_ADDITIONAL_LOCATION");
			assertThat(main.getEnv().stream().map(EnvVar::getName).toList().contains("POST_ONLY")).isEqualTo(post);
			assertThat(main.getEnvFrom()).extracting(PodExtensionsTest::source)
				.containsExactlyElementsOf(post ? List.of("secret:pixelgram-extra", "configMap:post-extra")
						: List.of("secret:pixelgram-extra"));
			assertThat(pod.getVolumes()).extracting(Volume::getName)
				.containsSubsequence(post ? List.of("tmp", "config", "ca", "scratch") : List.of("tmp", "config", "ca"));
			assertThat(main.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath)
				.contains(tuple("ca", "/etc/ssl/corporate"));
			assertThat(pod.getInitContainers()).extracting(Container::getName)
				.containsExactlyElementsOf(post ? List.of("wait-for-proxy", "warm-up") : List.of("wait-for-proxy"));
			assertThat(pod.getContainers()).extracting(Container::getName)
				.containsExactlyElementsOf(post ? List.of(service.component(), "log-shipper", "cloud-sql-proxy")
						: List.of(service.component(), "log-shipper"));
		}
		Container post = manifests.podTemplate(Chart.service("post")).getSpec().getContainers().get(0);
		assertThat(post.getEnv()).filteredOn((env) -> env.getName().equals("POST_ONLY"))
			.singleElement()
			.satisfies((env) -> assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("post-extra"));
		assertThat(post.getVolumeMounts()).extracting(VolumeMount::getName).endsWith("ca", "scratch");
	}

	@Test
	void addsNothingByDefault() {
		for (Manifests manifests : List.of(Chart.defaults(), Chart.production())) {
			for (Chart.Service service : Chart.SERVICES) {
				PodSpec pod = manifests.podTemplate(service).getSpec();

				assertThat(pod.getInitContainers()).as(service.component()).isNullOrEmpty();
				assertThat(pod.getContainers()).as(service.component()).hasSize(1);
				assertThat(pod.getContainers().get(0).getEnvFrom()).as(service.component()).isNullOrEmpty();
			}
		}
	}

	private static String source(EnvFromSource source) {
		if (source.getSecretRef() != null) {
			return "secret:" + source.getSecretRef().getName();
		}
		return "configMap:" + source.getConfigMapRef().getName();
	}

	private Path write(String values) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values-", ".yaml");
		Files.writeString(file, values);
		return file;
	}

}
