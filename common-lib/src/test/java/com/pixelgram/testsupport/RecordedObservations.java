package com.pixelgram.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * An {@link ObservationRegistry} that keeps the context of every observation that
 * stopped, to show that a client's calls are observed (and so timed as
 * {@code http.client.requests} and traced where the application has tracing).
 */
public final class RecordedObservations {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	public RecordedObservations() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				RecordedObservations.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	public ObservationRegistry registry() {
		return this.registry;
	}

	/** The observations that stopped, named {@code name}, oldest first. */
	public List<Observation.Context> named(String name) {
		return this.stopped.stream().filter((context) -> name.equals(context.getName())).toList();
	}

}
