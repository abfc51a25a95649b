package com.pixelgram.security;

import java.time.Duration;
import java.util.List;

import com.pixelgram.web.ProblemDetailsAutoConfiguration;
import com.pixelgram.web.ProblemResponseWriter;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestTemplate;

/**
 * Every service is an OAuth2 resource server: ES256 tokens from user-service's JWKS,
 * checked for time, issuer and audience; a few public paths; {@code /internal/**} only
 * for other services; 401 and 403 as problems. Each bean backs off when a service
 * declares its own.
 */
@AutoConfiguration(after = ProblemDetailsAutoConfiguration.class, beforeName = {
		"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, HttpSecurity.class, NimbusJwtDecoder.class,
		BearerTokenAuthenticationFilter.class })
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebSecurity
public class ResourceServerAutoConfiguration {

	static final String INTERNAL_PATHS = "/internal/**";

	private static final Logger log = LoggerFactory.getLogger(ResourceServerAutoConfiguration.class);

	private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<ObservationRegistry> observations) {
		if (!StringUtils.hasText(properties.jwksUri())) {
			// Closed rather than failing to start: contexts without an API (an outbox
			// test, a batch job) need not name a JWKS.
			log.warn("pixelgram.security.jwks-uri is not set: every bearer token will be refused");
			return (token) -> {
				throw new BadJwtException("No JWKS is configured");
			};
		}
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(JWKS_TIMEOUT);
		requestFactory.setReadTimeout(JWKS_TIMEOUT);
		// The key fetches are observed like every other outbound call
		// (http.client.requests,
		// a span of the request that needed them, with its traceparent).
		RestTemplate jwks = new RestTemplate(requestFactory);
		jwks.setObservationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP));
		// One algorithm only: a none, HS256 or RS256 token has no key to match.
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.restOperations(jwks)
			.build();
		OAuth2TokenValidator<Jwt> validator = jwtValidator(properties);
		decoder.setJwtValidator(validator);
		return VerifiedTokenCache.caching(decoder, properties.tokenCache(), validator);
	}

	/**
	 * The checks every Pixelgram token must pass besides its signature: not expired (with
	 * the configured skew), our issuer and audience, a numeric subject. Public for a
	 * service that verifies with keys of its own (user-service).
	 * @param properties the security settings
	 * @return the validator
	 */
	public static OAuth2TokenValidator<Jwt> jwtValidator(SecurityProperties properties) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		timestamps.setAllowEmptyExpiryClaim(false);
		// CurrentUser reads the subject as the user ID.
		JwtClaimValidator<Object> numericSubject = new JwtClaimValidator<>(JwtClaimNames.SUB,
				(subject) -> subject instanceof String value && isLong(value));
		return new DelegatingOAuth2TokenValidator<>(List.of(timestamps, new JwtIssuerValidator(properties.issuer()),
				new JwtAudienceValidator(properties.audience()), numericSubject));
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityObservationSettings noSecurityObservations() {
		// Spring Security otherwise wraps each filter of the chain in an observation of
		// its
		// own on every request, which the management property only silences: the wrapping
		// was still about a tenth of a feed read's CPU. The request's own observation
		// (http.server.requests and its span) is unaffected.
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@ConditionalOnMissingBean(ProblemResponseWriter.class)
	ProblemResponseWriter securityProblemResponseWriter(ObjectProvider<JsonMapper> jsonMapper) {
		return new ProblemResponseWriter(jsonMapper.getIfAvailable(JsonMapper::shared));
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationEntryPoint problemAuthenticationEntryPoint(ProblemResponseWriter problems) {
		return new ProblemAuthenticationEntryPoint(problems);
	}

	/**
	 * Spring Security's strict firewall, with its header checks done without a regular
	 * expression ({@link HeaderChars}).
	 */
	@Bean
	@ConditionalOnMissingBean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderChars::allowed);
		firewall.setAllowedHeaderValues(HeaderChars::allowed);
		return firewall;
	}

	@Bean
	@ConditionalOnMissingBean
	AccessDeniedHandler problemAccessDeniedHandler(ProblemResponseWriter problems) {
		return new ProblemAccessDeniedHandler(problems);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty("pixelgram.security.internal-token")
	InternalTokenInterceptor internalTokenInterceptor(SecurityProperties properties) {
		return new InternalTokenInterceptor(properties.internalToken());
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties properties,
			AuthenticationEntryPoint entryPoint, AccessDeniedHandler accessDeniedHandler,
			ProblemResponseWriter problems) throws Exception {
		RequestMatcher publicPaths = anyOf(properties.publicPaths());
		RequestMatcher internalPaths = PathPatternRequestMatcher.withDefaults().matcher(INTERNAL_PATHS);
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(publicPaths)
				.permitAll()
				// InternalTokenFilter has refused every call but a known caller's on its
				// own paths.
				.requestMatchers(internalPaths)
				.permitAll()
				.anyRequest()
				.authenticated())
			.addFilterBefore(
					new InternalTokenFilter(internalPaths, new InternalCallers(properties.internalCallers()), problems),
					BearerTokenAuthenticationFilter.class)
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
				.bearerTokenResolver(bearerTokens(new OrRequestMatcher(publicPaths, internalPaths)))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDeniedHandler))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDeniedHandler));
		return http.build();
	}

	/**
	 * Ignores tokens where none is needed, so that an expired token sent along to a
	 * public path (a login, a health probe) does not turn it into a 401.
	 */
	private static BearerTokenResolver bearerTokens(RequestMatcher ignored) {
		return new BearerTokens(ignored);
	}

	private static RequestMatcher anyOf(List<String> patterns) {
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		List<RequestMatcher> matchers = patterns.stream()
			.map(builder::matcher)
			.map(RequestMatcher.class::cast)
			.toList();
		return matchers.isEmpty() ? (request) -> false : new OrRequestMatcher(matchers);
	}

	private static boolean isLong(String value) {
		try {
			Long.parseLong(value);
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
