package com.pixelgram.benchgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as it comes: one route to the upstream named by
 * {@code bench.upstream}, no security, rate limit, access log, tracing or metrics.
 * {@code bench/run} measures the gateway's trivial route through it beside the gateway
 * itself, so that the report tells the framework's own cost from what the gateway adds.
 */
@SpringBootApplication
public class MinimalGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(MinimalGatewayApplication.class, args);
	}

}
