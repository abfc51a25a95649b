package com.pixelgram.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a process's resident set size from {@code /proc}, which is what the machine
 * really spends on it (the heap limit is not).
 */
final class ProcessMemory {

	private ProcessMemory() {
	}

	/**
	 * The resident set size.
	 * @param pid the process id
	 * @return kilobytes, or empty where {@code /proc} is not available
	 */
	static OptionalLong residentKilobytes(long pid) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
				.stream()
				.filter((line) -> line.startsWith("VmRSS:"))
				.map((line) -> line.replaceAll("[^0-9]", ""))
				.filter((digits) -> !digits.isEmpty())
				.mapToLong(Long::parseLong)
				.findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

}
