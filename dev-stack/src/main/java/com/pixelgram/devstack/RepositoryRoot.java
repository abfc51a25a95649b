package com.pixelgram.devstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root, where the service jars and {@code .pixelgram-data} are,
 * wherever dev-stack is started from.
 */
final class RepositoryRoot {

	private RepositoryRoot() {
	}

	/**
	 * The directory two levels above {@code dev-stack/target/dev-stack.jar} when run with
	 * {@code java -jar}, else the working directory (an IDE, {@code mvn exec}).
	 * @param classPath the value of {@code java.class.path}
	 * @param workingDirectory the working directory
	 * @return the root
	 */
	static Path resolve(String classPath, Path workingDirectory) {
		// java -jar puts exactly the jar on the class path, whatever the launcher inside
		if (classPath != null && classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			Path target = Path.of(classPath).toAbsolutePath().normalize().getParent();
			Path module = (target != null) ? target.getParent() : null;
			Path root = (module != null) ? module.getParent() : null;
			if (root != null && Files.isDirectory(root.resolve("dev-stack"))) {
				return root;
			}
		}
		return workingDirectory.toAbsolutePath().normalize();
	}

}
