package com.pixelgram.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A Spring MVC service with endpoints that fail in every way the problem details must
 * cover, and a filter that fails before any controller.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ProblemTestController.class, ValidatedTestController.class })
class WebTestApplication {

	static final String SECRET = "password of db-7 is hunter2";

	@Bean
	FailingFilter failingFilter() {
		return new FailingFilter();
	}

	/** Fails some requests before Spring MVC sees them, as a servlet filter might. */
	static class FailingFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			switch (request.getRequestURI()) {
				case "/filter/boom" -> throw new IllegalStateException(SECRET);
				case "/filter/unavailable" -> response.sendError(503, SECRET);
				default -> chain.doFilter(request, response);
			}
		}

	}

}
