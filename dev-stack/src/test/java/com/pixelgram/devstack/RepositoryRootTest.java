package com.pixelgram.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryRootTest {

	@TempDir
	Path repository;

	@Test
	void isTwoLevelsAboveTheJarWhenRunWithJavaJar() throws IOException {
		Path jar = Files.createDirectories(this.repository.resolve("dev-stack/target")).resolve("dev-stack.jar");

		assertThat(RepositoryRoot.resolve(jar.toString(), Path.of("/somewhere/else"))).isEqualTo(this.repository);
	}

	@Test
	void isTheWorkingDirectoryWhenNotRunFromTheBuiltJar() {
		Path workingDirectory = this.repository.resolve("work");

		assertThat(RepositoryRoot.resolve("target/classes:lib/a.jar", workingDirectory)).isEqualTo(workingDirectory);
		assertThat(RepositoryRoot.resolve("/tmp/dev-stack.jar", workingDirectory)).isEqualTo(workingDirectory);
	}

}
