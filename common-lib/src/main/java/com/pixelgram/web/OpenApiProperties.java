package com.pixelgram.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The header of a service's OpenAPI description.
 *
 * @param title the API's title; when unset, "Pixelgram" and
 * {@code spring.application.name}
 * @param version the API's version
 * @param description what the service does
 */
@ConfigurationProperties("pixelgram.openapi")
public record OpenApiProperties(String title, @DefaultValue("v1") String version, String description) {

}
