package com.pixelgram.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;
import org.springdoc.core.configuration.SpringDocConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiAutoConfigurationTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenApiAutoConfiguration.class))
		.withPropertyValues("spring.application.name=sample-service",
				"pixelgram.openapi.description=Samples and their likes");

	@Test
	void describesTheServiceFromItsNameAndProperties() {
		this.runner.run((context) -> {
			OpenAPI openApi = context.getBean(OpenAPI.class);

			Info info = openApi.getInfo();
			assertThat(info.getTitle()).isEqualTo("Pixelgram sample-service");
			assertThat(info.getVersion()).isEqualTo("v1");
			assertThat(info.getDescription()).isEqualTo("Samples and their likes");
			SecurityScheme bearer = openApi.getComponents().getSecuritySchemes().get("bearer");
			assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
			assertThat(bearer.getScheme()).isEqualTo("bearer");
			assertThat(bearer.getBearerFormat()).isEqualTo("JWT");
			assertThat(openApi.getSecurity()).singleElement()
				.satisfies((requirement) -> assertThat(requirement).containsOnlyKeys("bearer"));
		});
	}

	@Test
	void takesAnExplicitTitleAndVersion() {
		this.runner.withPropertyValues("pixelgram.openapi.title=Samples API", "pixelgram.openapi.version=v2")
			.run((context) -> {
				Info info = context.getBean(OpenAPI.class).getInfo();

				assertThat(info.getTitle()).isEqualTo("Samples API");
				assertThat(info.getVersion()).isEqualTo("v2");
			});
	}

	@Test
	void backsOffWhenTheServiceDescribesItself() {
		OpenAPI own = new OpenAPI().info(new Info().title("own"));

		this.runner.withBean(OpenAPI.class, () -> own)
			.run((context) -> assertThat(context.getBean(OpenAPI.class)).isSameAs(own));
	}

	@Test
	void leavesTheReactiveGatewayWithSpringdocsOwn() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OpenApiAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenAPI.class));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(OpenApiAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenAPI.class));
	}

	@Test
	void needsSpringdoc() {
		this.runner.withClassLoader(new FilteredClassLoader(SpringDocConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenAPI.class));
	}

}
