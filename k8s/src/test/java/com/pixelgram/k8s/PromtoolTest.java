package com.pixelgram.k8s;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where the alert rules' tests find promtool, and what they do without it: skip on a
 * developer's machine, fail under CI.
 */
class PromtoolTest {

	@TempDir
	Path temporary;

	@Test
	void findsPromtoolOnThePath() throws IOException {
		Path bin = Files.createDirectory(this.temporary.resolve("bin"));
		Path promtool = executable(bin.resolve("promtool"));

		assertThat(Promtool.locate(Map.of("PATH", emptyDirectory() + File.pathSeparator + bin, "CI", "true")))
			.isEqualTo(promtool.toString());
	}

	@Test
	void skipsTheTestsWithInstallInstructionsWhenPromtoolIsMissingOutsideCi() throws IOException {
		String path = emptyDirectory().toString();

		for (Map<String, String> environment : List.of(Map.of("PATH", path), Map.of("PATH", path, "CI", ""),
				Map.of("PATH", path, "CI", "false"))) {
			assertThatExceptionOfType(TestAbortedException.class).as("%s", environment)
				.isThrownBy(() -> Promtool.locate(environment))
				.withMessageContaining("apt-get install -y prometheus")
				.withMessageContaining("PROMTOOL");
		}
	}

	@Test
	void failsWhenPromtoolIsMissingUnderCi() throws IOException {
		Map<String, String> environment = Map.of("PATH", emptyDirectory().toString(), "CI", "true");

		assertThatIllegalStateException().isThrownBy(() -> Promtool.locate(environment))
			.withMessageContaining("apt-get install -y prometheus")
			.withMessageContaining("CI is set");
	}

	@Test
	void failsWhenPromtoolNamesNoExecutable() {
		Map<String, String> environment = Map.of("PROMTOOL", this.temporary.resolve("nothing").toString());

		assertThatIllegalStateException().isThrownBy(() -> Promtool.locate(environment))
			.withMessageContaining("is not an executable");
	}

	@Test
	void prefersTheBinaryThatPromtoolNames() throws IOException {
		Path named = executable(this.temporary.resolve("promtool-3"));

		assertThat(Promtool.locate(Map.of("PROMTOOL", named.toString(), "PATH", ""))).isEqualTo(named.toString());
	}

	private Path emptyDirectory() throws IOException {
		return Files.createTempDirectory(this.temporary, "empty");
	}

	private static Path executable(Path file) throws IOException {
		Files.writeString(file, "#!/bin/sh\nexit 0\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

}
