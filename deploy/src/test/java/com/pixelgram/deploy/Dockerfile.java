package com.pixelgram.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The root Dockerfile as a list of instructions, continuation lines joined. */
final class Dockerfile {

	static final String FILE = "Dockerfile";

	private final List<Instruction> instructions;

	private Dockerfile(List<Instruction> instructions) {
		this.instructions = instructions;
	}

	static Dockerfile load() {
		return parse(Repository.read(FILE));
	}

	static Dockerfile parse(String text) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : text.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			String instruction = current.toString().strip();
			current.setLength(0);
			if (instruction.isEmpty()) {
				continue;
			}
			int space = instruction.indexOf(' ');
			instructions.add(new Instruction(instruction.substring(0, space).toUpperCase(Locale.ROOT),
					instruction.substring(space + 1).strip()));
		}
		return new Dockerfile(instructions);
	}

	List<Instruction> instructions() {
		return this.instructions;
	}

	List<Instruction> all(String keyword) {
		return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
	}

	/**
	 * The instructions of the last stage, from its {@code FROM} on.
	 * @return the final stage
	 */
	List<Instruction> finalStage() {
		int from = 0;
		for (int i = 0; i < this.instructions.size(); i++) {
			if (this.instructions.get(i).keyword().equals("FROM")) {
				from = i;
			}
		}
		return this.instructions.subList(from, this.instructions.size());
	}

	/**
	 * One instruction.
	 *
	 * @param keyword {@code FROM}, {@code COPY}, ... in upper case
	 * @param arguments the rest of it, continuation lines joined by a space
	 */
	record Instruction(String keyword, String arguments) {

	}

}
