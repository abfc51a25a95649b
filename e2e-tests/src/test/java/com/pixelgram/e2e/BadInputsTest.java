package com.pixelgram.e2e;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import com.pixelgram.e2e.ApiOperations.Operation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack suite's requests, drawn for a small OpenAPI document without the stack:
 * every kind of bad input turns up, and a seed draws the same requests again.
 */
class BadInputsTest {

	private static final String DOCUMENT = """
			{
			  "paths": {
			    "/v1/users/{id}": {
			      "put": {
			        "parameters": [
			          { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } },
			          { "name": "Idempotency-Key", "in": "header", "schema": { "type": "string" } }
			        ],
			        "requestBody": { "content": { "application/json": {
			          "schema": { "$ref": "#/components/schemas/Update" } } } }
			      }
			    },
			    "/v1/search": {
			      "get": {
			        "parameters": [
			          { "name": "q", "in": "query", "schema": { "type": "string" } },
			          { "name": "limit", "in": "query", "schema": { "type": "integer" } },
			          { "name": "exact", "in": "query", "schema": { "type": "boolean" } }
			        ]
			      }
			    },
			    "/v1/posts": {
			      "post": {
			        "requestBody": { "content": { "multipart/form-data": { "schema": {
			          "type": "object",
			          "properties": { "image": { "type": "string", "format": "binary" }, "caption": { "type": "string" } }
			        } } } }
			      }
			    },
			    "/internal/ignored": { "get": {} }
			  },
			  "components": {
			    "schemas": {
			      "Update": {
			        "type": "object",
			        "required": [ "fullName" ],
			        "properties": {
			          "fullName": { "type": "string", "minLength": 1, "maxLength": 100 },
			          "email": { "type": "string" },
			          "visibility": { "type": "string", "pattern": "public|private" },
			          "age": { "type": "integer" },
			          "private": { "type": "boolean" }
			        }
			      }
			    }
			  }
			}
			""";

	private static final List<String> KNOWN_IDS = List.of("7240000000000000001", "7240000000000000002", "me");

	private static final int DRAWS = 1_500;

	private final Map<String, Operation> operations = ApiOperations
		.of("test-service", JsonMapper.builder().build().readTree(DOCUMENT))
		.stream()
		.collect(Collectors.toMap(Operation::name, Function.identity()));

	@Test
	void theDocumentHasThreeOperations() {
		assertThat(this.operations).containsOnlyKeys("PUT /v1/users/{id}", "GET /v1/search", "POST /v1/posts");
	}

	@Test
	void theSameSeedDrawsTheSameRequests() {
		for (Operation operation : this.operations.values()) {
			Gen<BadInputs.Case> cases = BadInputs.forOperation(operation, KNOWN_IDS);
			RandomGenerator first = new SplittableRandom(15015015L);
			RandomGenerator again = new SplittableRandom(15015015L);
			RandomGenerator other = new SplittableRandom(15015016L);
			int different = 0;
			for (int i = 0; i < DRAWS; i++) {
				BadInputs.Case a = cases.next(first);
				BadInputs.Case b = cases.next(again);
				BadInputs.Case c = cases.next(other);
				assertThat(b.describe()).as("%s, try %d", operation.name(), i + 1).isEqualTo(a.describe());
				assertThat(b.label()).isEqualTo(a.label());
				assertThat(Arrays.equals(b.body(), a.body())).as("the same body").isTrue();
				if (!c.describe().equals(a.describe())) {
					different++;
				}
			}
			assertThat(different).as("requests another seed draws differently").isGreaterThan(DRAWS / 2);
		}
	}

	@Test
	void everyKindOfJsonBodyIsDrawn() {
		Set<String> labels = labels(this.operations.get("PUT /v1/users/{id}"));

		assertThat(labels).anyMatch((label) -> label.contains("path:id="))
			.anyMatch((label) -> label.contains("headers:[Idempotency-Key]"))
			.anyMatch((label) -> label.contains("(well-formed request head: large body)"));
		for (String kind : List.of("valid-shape", "wrong-type:", "missing:", "missing:[all]", "extra:", "null:",
				"null-body", "huge:", "nested:", "nested-body:", "invalid-utf8:", "content-type:none",
				"content-type:text/plain", "empty-body", "no-body", "no-body-no-type", "garbage:")) {
			assertThat(labels).as(kind).anyMatch((label) -> label.contains(kind));
		}
	}

	@Test
	void everyKindOfMultipartBodyIsDrawn() {
		Set<String> labels = labels(this.operations.get("POST /v1/posts"));

		for (String kind : List.of("garbage-image:", "truncated-jpeg:", "missing-image", "empty-image", "no-filename",
				"two-images", "huge-caption:200000", "invalid-utf8-caption", "filename:", "boundary-mismatch",
				"no-boundary", "no-closing-boundary", "multipart:empty-body", "json-instead", "garbage-headers",
				"preamble-only")) {
			assertThat(labels).as(kind).anyMatch((label) -> label.contains(kind));
		}
	}

	@Test
	void everyKindOfQueryAndStrayBodyIsDrawn() {
		Set<String> labels = labels(this.operations.get("GET /v1/search"));

		for (String kind : List.of("?q=", "?limit=", "?exact=", "exact=maybe", "LIMIT=1", "q[]=1", "unknown=1",
				"__proto__=1", "x=yyyyy", "stray-body", "stray-body-70KB")) {
			assertThat(labels).as(kind).anyMatch((label) -> label.contains(kind));
		}
	}

	@Test
	void aLargeBodyGoesOnAHeadTheGatewayCanParse() {
		Gen<BadInputs.Case> cases = BadInputs.forOperation(this.operations.get("POST /v1/posts"), KNOWN_IDS);
		RandomGenerator random = new SplittableRandom(15015015L);
		int large = 0;
		for (int i = 0; i < DRAWS; i++) {
			BadInputs.Case request = cases.next(random);
			if (request.label().contains("(well-formed request head: large body)")) {
				large++;
				assertThat(request.headers().values()).noneMatch(BadInputs::unparseableHeaderValue);
				assertThat(request.target()).isEqualTo("/v1/posts");
			}
		}
		assertThat(large).isPositive();
		assertThat(BadInputs.unparseableHeaderValue("a\u0000b")).isTrue();
		assertThat(BadInputs.unparseableHeaderValue("a\tb ü")).isFalse();
	}

	@Test
	void aRequestDescribesItselfExactly() {
		BadInputs.Case request = new BadInputs.Case("PUT /v1/users/{id}", "PUT", "/v1/users/%C3%28?q=a\\b",
				Map.of("Content-Type", "application/json"),
				new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}' }, "invalid-utf8:a=C328");

		assertThat(request.describe()).isEqualTo("""
				PUT /v1/users/%C3%28?q=a\\\\b
				Content-Type: application/json
				(10 bytes) (not UTF-8) {"a":"\\xC3("}""");
		assertThat(
				new BadInputs.Case("GET /v1/feed", "GET", "/v1/feed", Map.of("X-A", "a\tb\u0000"), null, "").describe())
			.isEqualTo("GET /v1/feed\nX-A: a\\tb\\u0000\n(no body)");
	}

	/** The labels of the requests drawn for an operation, each with its target. */
	private static Set<String> labels(Operation operation) {
		Gen<BadInputs.Case> cases = BadInputs.forOperation(operation, KNOWN_IDS);
		RandomGenerator random = new SplittableRandom(15015015L);
		Set<String> labels = new HashSet<>();
		for (int i = 0; i < DRAWS; i++) {
			BadInputs.Case request = cases.next(random);
			labels.add(request.label() + " " + request.target());
		}
		return labels;
	}

}
