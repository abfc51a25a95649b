package com.pixelgram.gateway.security;

import com.pixelgram.gateway.problem.GatewayProblems;
import com.pixelgram.web.ProblemType;
import com.pixelgram.gateway.problem.ProblemWriter;
import com.pixelgram.security.BearerTokens;
import com.pixelgram.security.SecurityProperties;
import com.pixelgram.security.VerifiedTokenCache;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The gateway is a stateless resource server: it verifies every bearer token itself, to
 * reject early and to key rate limits, and lets only the public endpoints through without
 * one.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** What anyone may call without a token. */
	static final ServerWebExchangeMatcher PUBLIC = remembered(new OrServerWebExchangeMatcher(
			ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/v1/auth/register", "/v1/auth/login",
					"/v1/auth/refresh", "/v1/auth/email/verify", "/v1/auth/email/undo", "/v1/auth/password-reset",
					"/v1/auth/password-reset/confirm"),
			ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, "/.well-known/jwks.json"),
			ServerWebExchangeMatchers.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
					"/actuator/prometheus"),
			ServerWebExchangeMatchers.pathMatchers("/swagger-ui.html", "/swagger-ui/**", "/webjars/**",
					"/v3/api-docs/**")));

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemWriter problems) {
		ServerAuthenticationEntryPoint entryPoint = (exchange, failure) -> {
			// RFC 6750: the error code for a bad token, the bare scheme for none
			boolean invalidToken = failure instanceof OAuth2AuthenticationException;
			String detail = invalidToken ? "The bearer token is invalid or expired."
					: GatewayProblems.defaultDetail(ProblemType.UNAUTHORIZED);
			String challenge = invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer";
			return problems.write(exchange, ProblemType.UNAUTHORIZED, detail,
					(headers) -> headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge));
		};
		ServerAccessDeniedHandler accessDenied = (exchange, denied) -> problems.write(exchange, ProblemType.FORBIDDEN);
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.matchers(PUBLIC).permitAll().anyExchange().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenConverter(bearerTokensOutsidePublic())
				.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.build();
	}

	/**
	 * Ignores tokens where none is needed, as the services do, so that an expired token
	 * sent along with a login or a refresh does not turn it into a 401. The token is read
	 * from the {@code Authorization} header as Spring Security's converter reads it, but
	 * without its regular expression over the whole header (2 % of the gateway's CPU).
	 */
	private static ServerAuthenticationConverter bearerTokensOutsidePublic() {
		return (exchange) -> PUBLIC.matches(exchange).flatMap((match) -> {
			if (match.isMatch()) {
				return Mono.empty();
			}
			String token = BearerTokens
				.fromHeader(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
			return (token != null) ? Mono.just(new BearerTokenAuthenticationToken(token)) : Mono.empty();
		});
	}

	/**
	 * The matcher, asked once per exchange: the authentication converter and the
	 * authorization rules both ask whether a request is public.
	 */
	private static ServerWebExchangeMatcher remembered(ServerWebExchangeMatcher matcher) {
		String attribute = SecurityConfiguration.class.getName() + ".public";
		return (exchange) -> {
			MatchResult known = exchange.getAttribute(attribute);
			return (known != null) ? Mono.just(known)
					: matcher.matches(exchange).doOnNext((result) -> exchange.getAttributes().put(attribute, result));
		};
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(GatewaySecurityProperties properties,
			ObjectProvider<ObservationRegistry> observations) {
		int timeoutMillis = Math.toIntExact(properties.jwksTimeout().toMillis());
		// observed like every outbound call: http.client.requests, and a span with its
		// traceparent
		WebClient jwksClient = WebClient.builder()
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
				.responseTimeout(properties.jwksTimeout())))
			.build();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.webClient(jwksClient)
			.build();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		// a token without exp would be valid forever
		timestamps.setAllowEmptyExpiryClaim(false);
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(timestamps,
				new JwtIssuerValidator(properties.issuer()), new JwtAudienceValidator(properties.audience()),
				// rate limits are keyed by the subject
				new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
		decoder.setJwtValidator(validator);
		SecurityProperties.TokenCache settings = properties.tokenCache();
		if (settings.maxSize() <= 0) {
			return decoder;
		}
		// Verifying ES256 dominated the gateway's CPU: a client's token is verified once,
		// then its next requests only pass the claim checks again.
		VerifiedTokenCache cache = new VerifiedTokenCache(settings.maxSize(), settings.ttl(), validator);
		return (token) -> Mono.defer(() -> {
			Jwt known = cache.get(token);
			return (known != null) ? Mono.just(known)
					: decoder.decode(token).doOnNext((verified) -> cache.put(token, verified));
		});
	}

}
