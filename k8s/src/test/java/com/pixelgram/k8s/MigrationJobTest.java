package com.pixelgram.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Migrations as a Helm hook: with migrations.enabled, one Job per sharded service
 * migrates as the schemas' owner before the release's objects are applied, and the pods
 * start without migrating, as the data-only role.
 */
class MigrationJobTest {

	private static final List<Chart.Service> SHARDED = List.of(Chart.service("user"), Chart.service("post"),
			Chart.service("notification"));

	@TempDir
	Path temporary;

	@Test
	void aHookJobPerShardedServiceMigratesAsTheOwnerAndGrantsThePodsRole() throws IOException {
		assertThat(Files.readString(Chart.DIRECTORY.resolve("templates/migration-job.yaml")))
			.as("the Jobs are hooks, run before the release's other objects")
			.contains("    helm.sh/hook: pre-install,pre-upgrade\n")
			.contains("    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded\n");
		assertThat(Chart.production().all(Job.class)).as("hooks are no ordinary objects of the release").isEmpty();
		Manifests production = Chart.renderWithHooks(Chart.PRODUCTION_VALUES);

		assertThat(production.all(Job.class)).extracting((job) -> job.getMetadata().getName())
			.containsExactlyInAnyOrder("pixelgram-user-service-migration", "pixelgram-post-service-migration",
					"pixelgram-notification-service-migration");
		for (Chart.Service service : SHARDED) {
			Job job = production.get(Job.class, service.objectName() + "-migration");
			PodSpec pod = job.getSpec().getTemplate().getSpec();
			assertThat(pod.getRestartPolicy()).isEqualTo("Never");
			assertThat(pod.getServiceAccountName()).as("the chart's ServiceAccount does not exist yet").isNull();
			assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
				.containsEntry("app.kubernetes.io/component", service.component() + "-migration");
			Container container = pod.getContainers().get(0);
			assertThat(container.getImage()).isEqualTo(production.container(service).getImage());
			assertThat(env(container, "PIXELGRAM_SHARDS_MIGRATEONLY").getValue()).isEqualTo("true");
			EnvVar password = env(container, "SECRET_MIGRATION_PASSWORD");
			assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("pixelgram-postgresql-owner");
			assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
			assertThat(container.getVolumeMounts())
				.anySatisfy((mount) -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));

			Map<String, Object> shards = shardsOf(env(container, "SPRING_APPLICATION_JSON").getValue());
			Map<String, Object> podShards = Manifests
				.asMap(Manifests.at(production.applicationConfig(service), "pixelgram.shards"));
			assertThat(shards).containsEntry("count", 1024)
				.containsEntry("global-database", podShards.get("global-database"))
				.doesNotContainKey("migrate-on-start");
			List<?> databases = (List<?>) shards.get("databases");
			List<?> podDatabases = (List<?>) podShards.get("databases");
			assertThat(databases).hasSameSizeAs(podDatabases);
			for (int i = 0; i < databases.size(); i++) {
				Map<String, Object> database = Manifests.asMap(databases.get(i));
				Map<String, Object> podDatabase = Manifests.asMap(podDatabases.get(i));
				assertThat(database).containsEntry("username", "pixelgram_owner")
					.containsEntry("password", "${SECRET_MIGRATION_PASSWORD}")
					.containsEntry("url", podDatabase.get("url"))
					.containsEntry("shards", podDatabase.get("shards"))
					.as("the pods' user gets the data rights")
					.containsEntry("runtime-role", podDatabase.get("username"));
				assertThat(podDatabase.get("username")).isIn("pixelgram", "posts_b");
			}
			assertThat(podShards).as("the pods of %s", service.component()).containsEntry("migrate-on-start", false);
		}
	}

	@Test
	void withoutTheJobsThePodsMigrateAtStartAsBefore() {
		Manifests defaults = Chart.renderWithHooks(Chart.DEV_VALUES);

		assertThat(defaults.all(Job.class)).isEmpty();
		for (Chart.Service service : SHARDED) {
			assertThat(Manifests.at(defaults.applicationConfig(service), "pixelgram.shards.migrate-on-start"))
				.isEqualTo(true);
		}
	}

	@Test
	void theJobsNeedTheOwnersUserAndASecretMadeBeforeTheInstall() throws IOException {
		Path noSecret = values("""
				migrations:
				  enabled: true
				  username: pixelgram_owner
				""");
		Path noUser = values("""
				migrations:
				  enabled: true
				  existingSecret: owner
				""");

		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, noSecret))
			.withMessageContaining("migrations.enabled needs migrations.existingSecret");
		assertThatIllegalStateException().isThrownBy(() -> Chart.template(Chart.DEV_VALUES, noUser))
			.withMessageContaining("migrations.enabled needs migrations.username");
	}

	private static Map<String, Object> shardsOf(String json) {
		Map<String, Object> config = Manifests.asMap(Manifests.yaml().load(json));
		assertThat(config.keySet()).containsExactly("pixelgram");
		assertThat(Manifests.asMap(config.get("pixelgram")).keySet()).containsExactly("shards");
		return Manifests.asMap(Manifests.at(config, "pixelgram.shards"));
	}

	private static EnvVar env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
	}

	private Path values(String yaml) throws IOException {
		Path file = Files.createTempFile(this.temporary, "values", ".yaml");
		Files.writeString(file, yaml);
		return file;
	}

}
