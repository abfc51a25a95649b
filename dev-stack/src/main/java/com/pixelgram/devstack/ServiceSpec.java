package com.pixelgram.devstack;

import java.nio.file.Path;
import java.util.List;

/**
 * How to launch one service: its module, HTTP port and Spring Boot command-line
 * arguments.
 *
 * @param name the Maven module and the service's name
 * @param port the HTTP port
 * @param arguments the command-line arguments, {@code --property=value}
 */
record ServiceSpec(String name, int port, List<String> arguments) {

	ServiceSpec {
		arguments = List.copyOf(arguments);
	}

	/**
	 * The executable jar the module's build produces.
	 * @param repositoryRoot the root of the Maven reactor
	 * @return the jar path
	 */
	Path jar(Path repositoryRoot) {
		return repositoryRoot.resolve(this.name).resolve("target").resolve(this.name + ".jar");
	}

}
