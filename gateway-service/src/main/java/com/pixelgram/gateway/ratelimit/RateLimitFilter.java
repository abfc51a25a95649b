package com.pixelgram.gateway.ratelimit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import com.pixelgram.gateway.clientip.ClientAddressResolver;
import com.pixelgram.gateway.problem.ProblemException;
import com.pixelgram.web.ProblemType;
import com.pixelgram.gateway.ratelimit.RateLimitProperties.Rule;
import com.pixelgram.gateway.ratelimit.RateLimitProperties.Scope;
import com.pixelgram.gateway.security.CurrentUser;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Applies the configured rate limits to every routed request: per user (the token's
 * subject) and, on the endpoints used before login, per client IP. Over a limit the
 * request is refused with 429 and a {@code Retry-After} in whole seconds.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

	private final RateLimitProperties properties;

	private final FixedWindowRateLimiter limiter;

	private final MeterRegistry meterRegistry;

	private final ClientAddressResolver clientAddresses;

	private final List<CompiledRule> rules;

	RateLimitFilter(RateLimitProperties properties, FixedWindowRateLimiter limiter, MeterRegistry meterRegistry,
			ClientAddressResolver clientAddresses) {
		this.properties = properties;
		this.limiter = limiter;
		this.meterRegistry = meterRegistry;
		this.clientAddresses = clientAddresses;
		this.rules = compile(properties.rules());
	}

	@Override
	public int getOrder() {
		// before anything is sent downstream
		return -100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!this.properties.enabled()) {
			return chain.filter(exchange);
		}
		List<Quota> quotas = quotasFor(exchange);
		if (quotas.isEmpty()) {
			return chain.filter(exchange);
		}
		return this.limiter.check(quotas).flatMap((verdict) -> {
			if (verdict.allowed()) {
				return chain.filter(exchange);
			}
			Counter.builder("pixelgram.gateway.ratelimit.rejected")
				.description("Requests refused with 429")
				.tag("rule", verdict.rejectedBy())
				.register(this.meterRegistry)
				.increment();
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
			return Mono.error(new ProblemException(ProblemType.RATE_LIMITED,
					"Rate limit exceeded; retry in " + verdict.retryAfterSeconds() + " seconds.", headers));
		});
	}

	private List<Quota> quotasFor(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		PathContainer path = request.getPath().pathWithinApplication();
		List<Quota> quotas = new ArrayList<>();
		for (CompiledRule rule : this.rules) {
			if (!rule.matches(request, path)) {
				continue;
			}
			subject(rule.rule().scope(), exchange).ifPresent((subject) -> quotas
				.add(new Quota(rule.name(), subject, rule.rule().limit(), rule.rule().window())));
		}
		return quotas;
	}

	private Optional<String> subject(Scope scope, ServerWebExchange exchange) {
		if (scope == Scope.USER) {
			return CurrentUser.userId(exchange);
		}
		// forwarding headers count only as far as trusted proxies wrote them
		InetAddress client = this.clientAddresses.resolve(exchange);
		return Optional.ofNullable(client).map(ClientAddressResolver::rateLimitKey);
	}

	private static List<CompiledRule> compile(Map<String, Rule> rules) {
		PathPatternParser parser = new PathPatternParser();
		List<CompiledRule> compiled = new ArrayList<>();
		if (rules != null) {
			rules.forEach((name, rule) -> compiled
				.add(new CompiledRule(name, rule, rule.paths().stream().map(parser::parse).toList())));
		}
		return compiled;
	}

	private record CompiledRule(String name, Rule rule, List<PathPattern> patterns) {

		boolean matches(ServerHttpRequest request, PathContainer path) {
			boolean methodMatches = this.rule.methods() == null || this.rule.methods().isEmpty()
					|| this.rule.methods().contains(request.getMethod());
			return methodMatches && this.patterns.stream().anyMatch((pattern) -> pattern.matches(path));
		}

	}

}
