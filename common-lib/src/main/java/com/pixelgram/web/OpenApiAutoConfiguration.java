package com.pixelgram.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.configuration.SpringDocConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The OpenAPI description's header and its bearer-token scheme, for the services that
 * describe their API with springdoc: the title and description come from
 * {@link OpenApiProperties} ({@code pixelgram.openapi.*} in the service's
 * {@code application.yaml}). The gateway, which only routes to the services' documents,
 * keeps springdoc's own.
 */
@AutoConfiguration(beforeName = "org.springdoc.core.configuration.SpringDocConfiguration")
@ConditionalOnClass({ OpenAPI.class, SpringDocConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(OpenApiProperties.class)
public class OpenApiAutoConfiguration {

	static final String SECURITY_SCHEME = "bearer";

	@Bean
	@ConditionalOnMissingBean
	OpenAPI serviceOpenApi(OpenApiProperties properties, Environment environment) {
		String title = StringUtils.hasText(properties.title()) ? properties.title()
				: "Pixelgram " + environment.getProperty("spring.application.name", "application");
		return new OpenAPI()
			.info(new Info().title(title).version(properties.version()).description(properties.description()))
			.components(new Components().addSecuritySchemes(SECURITY_SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
	}

}
