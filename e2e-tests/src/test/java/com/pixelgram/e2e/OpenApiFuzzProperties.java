package com.pixelgram.e2e;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The fuzzing property: each try is a batch of generated requests, a few for every
 * {@code /v1} operation of the stack's OpenAPI documents, sent by {@link FuzzRun}. Run by
 * {@link OpenApiFuzzTest} once the stack is up (its name keeps surefire from running it
 * on its own). Answers are judged by the run, which lists every offending request at the
 * end rather than stopping at the first: a 5xx is a bug of the service that answered, not
 * of the input, so there is nothing to shrink.
 */
class OpenApiFuzzProperties {

	/** Cases per operation in each try; each is sent with and without a token. */
	static final int CASES_PER_OPERATION = 2;

	static final int TRIES = 90;

	@Property(tries = TRIES, seed = "15015015", generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.MIXIN,
			shrinking = ShrinkingMode.OFF)
	void everyOperationAnswersBadInputWithAProblem(@ForAll("batches") List<BadInputs.Case> batch) {
		FuzzRun.current().send(batch);
	}

	@Provide
	Arbitrary<List<BadInputs.Case>> batches() {
		FuzzRun run = FuzzRun.current();
		List<Arbitrary<List<BadInputs.Case>>> perOperation = run.operations()
			.stream().<Arbitrary<List<BadInputs
					.Case>>>map(
							(operation) -> BadInputs.forOperation(operation, run.knownIds())
								.list()
								.ofSize(CASES_PER_OPERATION))
			.toList();
		return Combinators.combine(perOperation).as((lists) -> {
			List<BadInputs.Case> batch = new ArrayList<>();
			lists.forEach(batch::addAll);
			return batch;
		});
	}

}
