package com.pixelgram.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAutoConfigurationTest {

	private final AutoConfigurations configurations = AutoConfigurations.of(ProblemDetailsAutoConfiguration.class);

	@Test
	void providesTheAdviceAndReplacesBootsErrorControllerInAServletApplication() {
		new WebApplicationContextRunner().withConfiguration(this.configurations).run((context) -> {
			assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class)
				.hasSingleBean(ProblemResponseWriter.class);
			assertThat(context).getBean(ErrorController.class).isInstanceOf(ProblemErrorController.class);
		});
	}

	@Test
	void staysOutOfAReactiveApplication() {
		new ReactiveWebApplicationContextRunner().withConfiguration(this.configurations)
			.run((context) -> assertThat(context).doesNotHaveBean(ResponseEntityExceptionHandler.class)
				.doesNotHaveBean(ErrorController.class)
				.doesNotHaveBean(ProblemResponseWriter.class));
	}

}
