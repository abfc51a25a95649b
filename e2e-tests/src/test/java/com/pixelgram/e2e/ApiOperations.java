package com.pixelgram.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The public operations ({@code /v1/...}) an OpenAPI document describes: what the attack
 * suite generates bad input for.
 */
final class ApiOperations {

	private ApiOperations() {
	}

	/**
	 * One operation: a method on a path template, its parameters and the body it reads.
	 *
	 * @param service the service whose document names it
	 * @param method the HTTP method, upper case
	 * @param path the path template, e.g. {@code /v1/users/{id}}
	 * @param parameters its path, query and header parameters
	 * @param body what it reads, or {@code null} if it reads no body
	 */
	record Operation(String service, String method, String path, List<Parameter> parameters, Body body) {

		String name() {
			return this.method + " " + this.path;
		}

		List<Parameter> in(String location) {
			return this.parameters.stream().filter((parameter) -> parameter.in().equals(location)).toList();
		}

	}

	/**
	 * A parameter.
	 *
	 * @param name its name
	 * @param in {@code path}, {@code query} or {@code header}
	 * @param required whether it is required
	 * @param schema its schema ({@code $ref}s resolved)
	 */
	record Parameter(String name, String in, boolean required, JsonNode schema) {

		String type() {
			return this.schema.path("type").asString("string");
		}

	}

	/**
	 * A request body.
	 *
	 * @param mediaType {@code application/json} or {@code multipart/form-data}
	 * @param schema its schema ({@code $ref}s resolved at the top)
	 * @param document the whole document, to resolve nested {@code $ref}s
	 */
	record Body(String mediaType, JsonNode schema, JsonNode document) {

		boolean isMultipart() {
			return this.mediaType.startsWith("multipart/");
		}

		/** The properties, resolved, in the document's order. */
		List<Property> properties() {
			List<String> required = new ArrayList<>();
			this.schema.path("required").forEach((name) -> required.add(name.asString()));
			List<Property> properties = new ArrayList<>();
			for (Map.Entry<String, JsonNode> property : this.schema.path("properties").properties()) {
				properties.add(new Property(property.getKey(), required.contains(property.getKey()),
						resolve(this.document, property.getValue())));
			}
			return properties;
		}

	}

	/**
	 * A property of a body.
	 *
	 * @param name the name as the document spells it
	 * @param required whether the document requires it
	 * @param schema its schema
	 */
	record Property(String name, boolean required, JsonNode schema) {

		/**
		 * The name on the wire: the services read snake_case, whatever the document says.
		 */
		String wireName() {
			return this.name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
		}

		String type() {
			return this.schema.path("type").asString("string");
		}

	}

	/**
	 * The {@code /v1} operations of a service's OpenAPI document.
	 * @param service the service's name
	 * @param document the document
	 * @return its operations, in the document's order
	 */
	static List<Operation> of(String service, JsonNode document) {
		List<Operation> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			if (!path.getKey().startsWith("/v1/")) {
				continue;
			}
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				JsonNode operation = method.getValue();
				List<Parameter> parameters = new ArrayList<>();
				operation.path("parameters").forEach((parameter) -> {
					JsonNode resolved = resolve(document, parameter);
					parameters.add(new Parameter(resolved.path("name").asString(), resolved.path("in").asString(),
							resolved.path("required").asBoolean(false), resolve(document, resolved.path("schema"))));
				});
				operations.add(new Operation(service, method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
						parameters, body(document, operation.path("requestBody"))));
			}
		}
		return operations;
	}

	private static Body body(JsonNode document, JsonNode requestBody) {
		JsonNode content = resolve(document, requestBody).path("content");
		for (Map.Entry<String, JsonNode> media : content.properties()) {
			return new Body(media.getKey(), resolve(document, media.getValue().path("schema")), document);
		}
		return null;
	}

	private static JsonNode resolve(JsonNode document, JsonNode node) {
		JsonNode resolved = node;
		while (resolved.has("$ref")) {
			String reference = resolved.path("$ref").asString();
			resolved = document.at(reference.substring(1));
		}
		return resolved;
	}

}
