package com.pixelgram.security;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceServerAutoConfigurationTest {

	private final AutoConfigurations configurations = AutoConfigurations.of(ResourceServerAutoConfiguration.class);

	@Test
	void bindsDefaultsThatAServiceCanReplace() {
		new WebApplicationContextRunner().withConfiguration(this.configurations)
			.withPropertyValues("pixelgram.security.jwks-uri=http://localhost:8081/.well-known/jwks.json",
					"pixelgram.security.public-paths=/v1/auth/**,/error")
			.run((context) -> {
				SecurityProperties properties = context.getBean(SecurityProperties.class);
				assertThat(properties.issuer()).isEqualTo("pixelgram");
				assertThat(properties.audience()).isEqualTo("pixelgram-api");
				assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.publicPaths()).isEqualTo(List.of("/v1/auth/**", "/error"));
				assertThat(properties.internalToken()).isNull();
				assertThat(context).doesNotHaveBean(InternalTokenInterceptor.class);
			});
	}

	@Test
	void defaultPublicPathsAreHealthDocsAndError() {
		new WebApplicationContextRunner().withConfiguration(this.configurations)
			.run((context) -> assertThat(context.getBean(SecurityProperties.class).publicPaths()).containsExactly(
					"/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/v3/api-docs/**",
					"/swagger-ui/**", "/swagger-ui.html", "/error"));
	}

	@Test
	void backsOffForTheServicesOwnDecoder() {
		new WebApplicationContextRunner().withConfiguration(this.configurations)
			.withUserConfiguration(OwnDecoder.class)
			.run((context) -> assertThat(context).getBean(JwtDecoder.class).isSameAs(OwnDecoder.DECODER));
	}

	@Test
	void staysOutOfAReactiveApplication() {
		new ReactiveWebApplicationContextRunner().withConfiguration(this.configurations)
			.withPropertyValues("pixelgram.security.internal-token=x")
			.run((context) -> assertThat(context).doesNotHaveBean(JwtDecoder.class)
				.doesNotHaveBean(SecurityFilterChain.class)
				.doesNotHaveBean(SecurityProperties.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDecoder {

		static final JwtDecoder DECODER = (token) -> {
			throw new UnsupportedOperationException();
		};

		@Bean
		JwtDecoder jwtDecoder() {
			return DECODER;
		}

	}

}
