package com.pixelgram.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceLockTest {

	@TempDir
	Path directory;

	@Test
	void refusesASecondInstanceInTheSameJvmWhileTheLockIsHeld() throws IOException {
		Path file = this.directory.resolve(".pixelgram-data/dev-stack.lock");
		try (InstanceLock first = InstanceLock.tryAcquire(file).orElseThrow()) {
			assertThat(InstanceLock.tryAcquire(file)).isEmpty();
		}
		try (InstanceLock again = InstanceLock.tryAcquire(file).orElseThrow()) {
			assertThat(again).isNotNull();
		}
	}

	@Test
	void refusesASecondInstanceWhileAnotherProcessHoldsTheLockAndAcceptsOneAfterItEnds() throws Exception {
		Path file = this.directory.resolve("dev-stack.lock");
		Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString())
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
			assertThat(output.readLine()).isEqualTo("locked");

			assertThat(InstanceLock.tryAcquire(file)).isEmpty();

			holder.getOutputStream().close();
			assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			holder.destroyForcibly();
		}
		Optional<InstanceLock> afterwards = InstanceLock.tryAcquire(file);
		assertThat(afterwards).isPresent();
		afterwards.get().close();
	}

	/**
	 * Holds the lock in another JVM, as a running dev-stack does, until its stdin closes.
	 */
	static final class LockHolder {

		public static void main(String[] args) throws IOException {
			try (InstanceLock lock = InstanceLock.tryAcquire(Path.of(args[0])).orElseThrow()) {
				System.out.println("locked");
				System.out.flush();
				while (System.in.read() != -1) {
					// wait for the test to close stdin
				}
			}
		}

	}

}
