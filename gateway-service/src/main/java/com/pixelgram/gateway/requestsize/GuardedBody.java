package com.pixelgram.gateway.requestsize;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request's body as the gateway reads it: counted while it streams to the service, cut
 * off with a 413 once it passes the limit, and, once the gateway has answered without
 * needing the rest, read to the end and discarded (up to a bound) so that the client's
 * writes complete and it reads the answer. Closing a connection while the client still
 * writes makes the peer's TCP stack answer with a reset, and a client that writes its
 * whole body before reading never sees the response.
 */
public final class GuardedBody {

	static final String ATTRIBUTE = GuardedBody.class.getName();

	private final Flux<DataBuffer> source;

	private final boolean hasBody;

	private final long declaredLength;

	private final long limit;

	private final long drainLimit;

	private final Duration drainTimeout;

	private final Supplier<RuntimeException> tooLarge;

	private final AtomicBoolean subscribed = new AtomicBoolean();

	private final Sinks.Empty<Void> done = Sinks.empty();

	private volatile Reader reader;

	private volatile boolean complete;

	GuardedBody(ServerHttpRequest request, long limit, long drainLimit, Duration drainTimeout,
			Supplier<RuntimeException> tooLarge) {
		this.source = request.getBody();
		HttpHeaders headers = request.getHeaders();
		this.declaredLength = headers.getContentLength();
		this.hasBody = declared(headers);
		this.limit = limit;
		this.drainLimit = drainLimit;
		this.drainTimeout = drainTimeout;
		this.tooLarge = tooLarge;
	}

	/**
	 * Whether a request's headers announce a body: a length above zero, or a transfer
	 * coding (chunked bodies declare no length). HTTP/1.1 frames a request without either
	 * as having none.
	 */
	static boolean declared(HttpHeaders headers) {
		return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	/** The body of the exchange's request, when the request went through the filter. */
	public static Optional<GuardedBody> of(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
	}

	/**
	 * Whether some of the body may still be on its way: it was neither read to the end
	 * nor absent.
	 */
	public boolean unread() {
		return this.hasBody && !this.complete;
	}

	/**
	 * Reads what is left of the body and discards it, up to the drain limit and for at
	 * most the drain timeout; completes when that is done. A body declared longer than
	 * the limit is not read at all: the connection is to be closed instead.
	 */
	public Mono<Void> drain() {
		if (!unread() || this.declaredLength > this.drainLimit) {
			return Mono.empty();
		}
		if (this.subscribed.compareAndSet(false, true)) {
			Reader drainer = new Reader(null);
			this.reader = drainer;
			this.source.subscribe(drainer);
		}
		else {
			Reader current = this.reader;
			if (current != null) {
				current.discardTheRest();
			}
		}
		return this.done.asMono().timeout(this.drainTimeout, Mono.fromRunnable(() -> {
			Reader current = this.reader;
			if (current != null) {
				current.cancel();
			}
		}));
	}

	/** The body as the route forwards it; it can be read once. */
	Flux<DataBuffer> forward() {
		return Flux.create((sink) -> {
			if (!this.subscribed.compareAndSet(false, true)) {
				sink.error(new IllegalStateException("The request body was already read"));
				return;
			}
			Reader forwarder = new Reader(sink);
			this.reader = forwarder;
			this.source.subscribe(forwarder);
		});
	}

	/**
	 * Counts what the connection delivers: passes it on while someone reads the body, and
	 * releases it once nobody does.
	 */
	private final class Reader extends BaseSubscriber<DataBuffer> {

		private final FluxSink<DataBuffer> sink;

		private long seen;

		private volatile boolean discarding;

		Reader(FluxSink<DataBuffer> sink) {
			this.sink = sink;
			this.discarding = (sink == null);
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			if (this.sink == null) {
				requestUnbounded();
				return;
			}
			// the forwarder stopped reading (it failed, or the service answered early):
			// the rest is discarded, so that the client can finish writing
			this.sink.onCancel(this::discardTheRest);
			this.sink.onRequest(this::request);
		}

		void discardTheRest() {
			if (!this.discarding) {
				this.discarding = true;
				requestUnbounded();
			}
		}

		@Override
		protected void hookOnNext(DataBuffer buffer) {
			this.seen += buffer.readableByteCount();
			if (this.discarding) {
				DataBufferUtils.release(buffer);
				if (this.seen > GuardedBody.this.drainLimit) {
					// enough: the connection is closed with the rest unread
					cancel();
				}
				return;
			}
			if (this.seen > GuardedBody.this.limit) {
				DataBufferUtils.release(buffer);
				discardTheRest();
				this.sink.error(GuardedBody.this.tooLarge.get());
				return;
			}
			this.sink.next(buffer);
		}

		@Override
		protected void hookOnComplete() {
			GuardedBody.this.complete = true;
			if (this.sink != null) {
				this.sink.complete();
			}
		}

		@Override
		protected void hookOnError(Throwable error) {
			if (this.sink != null) {
				this.sink.error(error);
			}
		}

		@Override
		protected void hookFinally(SignalType type) {
			GuardedBody.this.done.tryEmitEmpty();
		}

	}

}
