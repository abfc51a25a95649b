package com.pixelgram.devstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything dev-stack has started, so that one call stops it all: services first, in
 * parallel, then the infrastructure in reverse order of start.
 *
 * <p>
 * Ctrl-C can arrive while something is still starting. Whatever finishes starting after
 * {@link #stop()} began is stopped at once, and {@link #stop()} waits (bounded) for
 * starts in flight, so that nothing outlives dev-stack.
 */
final class RunningStack {

	/**
	 * How long a service's graceful shutdown may take: short enough that Ctrl-C stops
	 * everything within 15 s, Postgres' and Redis' stop included.
	 */
	private static final Duration SERVICE_GRACE = Duration.ofSeconds(10);

	private static final Duration START_IN_FLIGHT_WAIT = Duration.ofSeconds(60);

	private final PrintStream out;

	private final List<ServiceProcess> services = new ArrayList<>();

	private final Deque<Infrastructure.Component> infrastructure = new ArrayDeque<>();

	private int startsInFlight;

	private boolean stopping;

	RunningStack(PrintStream out) {
		this.out = out;
	}

	/**
	 * Announces that something is about to start.
	 * @return false when the stack is stopping and nothing may start any more
	 */
	synchronized boolean beginStart() {
		if (this.stopping) {
			return false;
		}
		this.startsInFlight++;
		return true;
	}

	/**
	 * Announces that a start announced with {@link #beginStart()} has ended, successfully
	 * or not.
	 */
	synchronized void endStart() {
		this.startsInFlight--;
		notifyAll();
	}

	/**
	 * Takes charge of a started component.
	 * @param component the component
	 * @return false when the stack was stopping, in which case the component has been
	 * stopped already
	 */
	boolean add(Infrastructure.Component component) {
		synchronized (this) {
			if (!this.stopping) {
				this.infrastructure.push(component);
				return true;
			}
		}
		component.closeQuietly(this.out);
		return false;
	}

	/**
	 * Takes charge of a started service.
	 * @param service the service
	 * @return false when the stack was stopping, in which case the service has been
	 * stopped already
	 */
	boolean add(ServiceProcess service) {
		synchronized (this) {
			if (!this.stopping) {
				this.services.add(service);
				return true;
			}
		}
		service.stop(SERVICE_GRACE);
		return false;
	}

	synchronized boolean isStopping() {
		return this.stopping;
	}

	/**
	 * Stops everything; later calls do nothing.
	 */
	void stop() {
		List<ServiceProcess> servicesToStop;
		List<Infrastructure.Component> infrastructureToStop;
		synchronized (this) {
			if (this.stopping) {
				return;
			}
			this.stopping = true;
			awaitStartsInFlight();
			servicesToStop = List.copyOf(this.services);
			infrastructureToStop = List.copyOf(this.infrastructure);
		}
		if (!servicesToStop.isEmpty()) {
			this.out.println("Stopping " + servicesToStop.size() + " services...");
			CompletableFuture
				.allOf(servicesToStop.stream()
					.map((service) -> CompletableFuture.runAsync(() -> service.stop(SERVICE_GRACE)))
					.toArray(CompletableFuture[]::new))
				.join();
		}
		if (!infrastructureToStop.isEmpty()) {
			this.out.println("Stopping the infrastructure...");
			infrastructureToStop.forEach((component) -> component.closeQuietly(this.out));
		}
	}

	private void awaitStartsInFlight() {
		long deadline = System.nanoTime() + START_IN_FLIGHT_WAIT.toNanos();
		while (this.startsInFlight > 0) {
			long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
			if (remainingMillis <= 0) {
				return;
			}
			try {
				wait(remainingMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
