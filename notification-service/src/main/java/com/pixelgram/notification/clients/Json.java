package com.pixelgram.notification.clients;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Reading of the other services' JSON, lenient where their contracts are still settling
 * (an ID as string or number, {@code user_id} or {@code id}, a list bare or wrapped).
 */
final class Json {

	private Json() {
	}

	/** The array itself, or the named array member of an object, or an empty node. */
	static Iterable<JsonNode> list(JsonNode body, String member) {
		if (body == null || body.isNull() || body.isMissingNode()) {
			return List.of();
		}
		JsonNode list = body.isArray() ? body : body.path(member);
		return list.isArray() ? list : List.of();
	}

	/** The first present member of the names as a long, or {@code null}. */
	static Long id(JsonNode node, String... names) {
		for (String name : names) {
			JsonNode value = node.path(name);
			if (value.isNumber()) {
				return value.longValue();
			}
			if (value.isString() && !value.asString().isBlank()) {
				try {
					return Long.parseLong(value.asString().trim());
				}
				catch (NumberFormatException ex) {
					return null;
				}
			}
		}
		return null;
	}

	/** A text member, or {@code null} when absent or null. */
	static String text(JsonNode node, String name) {
		JsonNode value = node.path(name);
		return (value.isMissingNode() || value.isNull()) ? null : value.asString();
	}

}
