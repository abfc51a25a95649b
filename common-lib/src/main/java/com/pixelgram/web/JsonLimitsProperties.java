package com.pixelgram.web;

import tools.jackson.core.StreamReadConstraints;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the JSON parser accepts, in request bodies and in every other document the service
 * reads with its mapper (other services' answers, events). Jackson's own defaults (20
 * million characters a string, 1,000 levels) let one request hold tens of megabytes or
 * recurse deep; no field of the API comes near these.
 *
 * @param maxStringLength the longest string value, in characters
 * @param maxNameLength the longest property name, in characters
 * @param maxNestingDepth the deepest nesting of objects and arrays
 * @param maxNumberLength the longest number, in characters
 * @param maxDocumentLength the largest document
 */
@ConfigurationProperties("pixelgram.json")
public record JsonLimitsProperties(@DefaultValue("65536") int maxStringLength, @DefaultValue("1024") int maxNameLength,
		@DefaultValue("64") int maxNestingDepth, @DefaultValue("100") int maxNumberLength,
		@DefaultValue("4MB") DataSize maxDocumentLength) {

	/** These limits as Jackson's constraints. */
	public StreamReadConstraints constraints() {
		return StreamReadConstraints.builder()
			.maxStringLength(this.maxStringLength)
			.maxNameLength(this.maxNameLength)
			.maxNestingDepth(this.maxNestingDepth)
			.maxNumberLength(this.maxNumberLength)
			.maxDocumentLength(this.maxDocumentLength.toBytes())
			.build();
	}

}
