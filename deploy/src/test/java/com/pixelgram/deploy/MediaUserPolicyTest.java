package com.pixelgram.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The decision create-bucket.sh takes before attaching post-service's policy to its MinIO
 * user, run by a real shell on what {@code mc admin user info} prints.
 */
class MediaUserPolicyTest {

	private static final String LIBRARY = "deploy/compose/minio/user-policy.sh";

	private static final String FIXTURES = "deploy/src/test/resources/mc-admin-user-info/";

	static List<Arguments> outputs() {
		List<Arguments> cases = new ArrayList<>();
		for (String shell : List.of("/bin/sh", "/bin/bash")) {
			// the access key spells the policy's name in all of them
			cases.add(Arguments.of(shell, "new-user.txt", false));
			cases.add(Arguments.of(shell, "policy-attached.txt", true));
			cases.add(Arguments.of(shell, "several-policies.txt", true));
			cases.add(Arguments.of(shell, "other-policy.txt", false));
		}
		return cases;
	}

	@ParameterizedTest(name = "{0} on {1}: attached = {2}")
	@MethodSource("outputs")
	void thePolicyCountsAsAttachedOnlyWhenThePolicyNameLineListsIt(String shell, String fixture, boolean attached)
			throws Exception {
		assumeThat(Path.of(shell)).as(shell).isExecutable();
		assertThat(Repository.read(FIXTURES + fixture)).as("the access key, on the first line")
			.startsWith("AccessKey: pixelgram-post-service\n");
		assertThat(hasPolicy(shell, Repository.path(FIXTURES + fixture), "pixelgram-post-service")).as(fixture)
			.isEqualTo(attached);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("shells")
	void windowsLineEndingsAndAMissingFinalNewlineDoNotHideThePolicy(String shell) throws Exception {
		assumeThat(Path.of(shell)).as(shell).isExecutable();
		Path output = Files.createTempFile("mc-admin-user-info", ".txt");
		try {
			Files.writeString(output, "AccessKey: media\r\nStatus: enabled\r\nPolicyName: pixelgram-post-service",
					StandardCharsets.UTF_8);
			assertThat(hasPolicy(shell, output, "pixelgram-post-service")).isTrue();
			assertThat(hasPolicy(shell, output, "readonly")).isFalse();
		}
		finally {
			Files.delete(output);
		}
	}

	static List<String> shells() {
		return List.of("/bin/sh", "/bin/bash");
	}

	@Test
	void createBucketDecidesWithTheTestedFunction() {
		String script = Repository.read("deploy/compose/minio/create-bucket.sh");
		assertThat(script).contains(". /config/user-policy.sh")
			.contains("| user_has_policy pixelgram-post-service; then")
			.doesNotContain("grep");
	}

	private static boolean hasPolicy(String shell, Path output, String policy)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder(shell, "-euc", ". \"$1\"; user_has_policy \"$2\"", shell,
				Repository.path(LIBRARY).toString(), policy)
			.redirectInput(output.toFile())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the shell returns").isTrue();
		String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(printed).as("nothing printed").isEmpty();
		assertThat(process.exitValue()).as("exit status").isIn(0, 1);
		return process.exitValue() == 0;
	}

}
