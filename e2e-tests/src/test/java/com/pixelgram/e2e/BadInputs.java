package com.pixelgram.e2e;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pixelgram.e2e.ApiOperations.Body;
import com.pixelgram.e2e.ApiOperations.Operation;
import com.pixelgram.e2e.ApiOperations.Parameter;
import com.pixelgram.e2e.ApiOperations.Property;

/**
 * Generators ({@link Gen}) of bad and edge input for an operation, from what its OpenAPI
 * document says it takes: path IDs that are not numbers, too large, negative or not
 * ASCII; query parameters out of range, of the wrong type or very long; JSON bodies with
 * wrong types, missing required or extra fields, nulls, huge strings (within and beyond
 * the limits), deep nesting, invalid UTF-8, the wrong content type or nothing at all;
 * multipart bodies with missing or garbage parts. A few well-formed values are mixed in,
 * so that the bad part of a request is not always refused before the service looks at the
 * rest.
 */
final class BadInputs {

	/** One generated request, before it is sent with or without a token. */
	record Case(String operation, String method, String target, Map<String, String> headers, byte[] body,
			String label) {

		@Override
		public String toString() {
			return this.method + " " + abbreviate(this.target, 120) + " [" + this.label + "]";
		}

		/**
		 * The request as it is written, to read or to send again by hand: the request
		 * line, the headers (without the {@code Host}, {@code Connection} and
		 * {@code Content-Length} that {@link RawHttp} adds, or a token), and the body's
		 * size and its first {@value BadInputs#BODY_SHOWN} characters. Backslashes and
		 * control characters are escaped as in Java; of a body that is not UTF-8, the
		 * first bytes show, those outside printable ASCII as {@code \xNN}.
		 * @return the request, on several lines
		 */
		String describe() {
			StringBuilder request = new StringBuilder();
			request.append(this.method).append(' ').append(escape(this.target)).append('\n');
			this.headers
				.forEach((name, value) -> request.append(escape(name)).append(": ").append(escape(value)).append('\n'));
			if (this.body == null) {
				request.append("(no body)");
			}
			else {
				request.append("(").append(this.body.length).append(" bytes) ").append(shown(this.body));
			}
			return request.toString();
		}

		private static String shown(byte[] body) {
			try {
				String text = StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(body))
					.toString();
				return (text.length() > BODY_SHOWN) ? escape(text.substring(0, BODY_SHOWN)) + "…" : escape(text);
			}
			catch (CharacterCodingException ex) {
				StringBuilder bytes = new StringBuilder("(not UTF-8) ");
				for (int i = 0; i < Math.min(body.length, BODY_SHOWN); i++) {
					byte b = body[i];
					if (b >= 0x20 && b < 0x7F) {
						bytes.append((b == '\\') ? "\\\\" : String.valueOf((char) b));
					}
					else {
						bytes.append(String.format("\\x%02X", b & 0xFF));
					}
				}
				return (body.length > BODY_SHOWN) ? bytes + "…" : bytes.toString();
			}
		}

		private static String escape(String text) {
			StringBuilder escaped = new StringBuilder(text.length());
			for (char c : text.toCharArray()) {
				switch (c) {
					case '\\' -> escaped.append("\\\\");
					case '\r' -> escaped.append("\\r");
					case '\n' -> escaped.append("\\n");
					case '\t' -> escaped.append("\\t");
					default -> {
						if (Character.isISOControl(c)) {
							escaped.append(String.format("\\u%04X", (int) c));
						}
						else {
							escaped.append(c);
						}
					}
				}
			}
			return escaped.toString();
		}

	}

	private record Part(String text, String label) {

	}

	private record Payload(Map<String, String> headers, byte[] body, String label) {

	}

	private static final List<String> BAD_IDS = List.of("abc", "-1", "0", "-0", "1.5", "1e3", "0x1F", "+1",
			"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
			"18446744073709551616", "99999999999999999999999999999999999999", "null", "undefined", "true", "me", "%00",
			"%FF", "%C0%AF", "%C3%28", "%ED%A0%80", "%E2%80%AE1", "%F0%9F%98%80", "%D9%A1%D9%A2", "%EF%BC%91", "%20",
			"1%0A", "1%0D%0AX-Injected:%201", "%2e%2e", "..%2F..%2Factuator", ";", "1;x=y", "%3B", "%7Bid%7D", "*",
			"1,2", "%27%20OR%201=1--", "%25", "%", "%zz", "é", "١٢٣", "🙂");

	private static final List<String> BAD_INTEGERS = List.of("-1", "0", "1", "-2147483648", "-2147483649", "2147483647",
			"2147483648", "9223372036854775808", "100000", "1000000000", "abc", "1.5", "1e3", "", "%20", "0x10", "-0",
			"true", "null", "%00", "%EF%BC%91", "NaN", "Infinity", "%2B1", "1%2C2");

	private static final List<String> BAD_TEXTS = List.of("", "%00", "%FF", "%C3%28", "%ED%A0%80", "%", "%zz", "a%",
			"%27%20OR%20%271%27=%271", "%3Cscript%3Ealert(1)%3C/script%3E", "..%2F..", "*", "%25", "_", "%5C",
			"%E2%80%AE", "%F0%9F%98%80", "%0D%0ASet-Cookie:%20x=y", "null", "%22");

	private static final List<String> WRONG_VALUES = List.of("123", "true", "false", "[]", "{}", "1.5", "-1", "\"\"",
			"[1,2]", "{\"a\":1}", "1e309", "-0", "\"12345678901234567890123\"", "99999999999999999999999999999",
			"\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "[null]", "\"true\"");

	private static final List<String> EXTRA_FIELDS = List.of("\"admin\":true", "\"user_id\":\"1\"", "\"id\":1",
			"\"followers_count\":1e308", "\"__proto__\":{\"admin\":true}", "\"\":\"\"", "\"password_hash\":\"x\"",
			"\"email_verified\":true", "\"role\":\"ADMIN\"", "\"é\":\"é\"");

	private static final List<String> GARBAGE_JSON = List.of("{", "}", "{\"a\":", "[", "]", "null", "true", "0",
			"\"text\"", "[]", "[{}]", "{}{}", "{} trailing", "{'a':'b'}", "{a:1}", "{\"a\":1,}", "{\"a\":NaN}",
			"{\"a\":Infinity}", "{/* comment */}", "{\"a\":1,\"a\":2}", "{\"a\":01}", "{\"a\":\"\\x41\"}",
			"{\"a\":\"unterminated}", "\uFEFF{}", "{\"a\":1e999999}", "{\"a\":-}", "\u0000", "<xml/>", "a=1&b=2",
			"--boundary", " ");

	private static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/xml",
			"application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
			"application/json; charset=ISO-8859-1", "application/json; charset=bogus", "application/octet-stream",
			"*/*", "application/*", "json", "", "application/problem+json", "text/html; charset=utf-8",
			"application/json, text/plain");

	private static final int LARGE_BODY = 16 * 1024;

	/** How much of a body {@link Case#describe()} shows. */
	static final int BODY_SHOWN = 300;

	private BadInputs() {
	}

	/**
	 * Requests for an operation: each combines a path, a query, headers and a body, any
	 * of which may be bad.
	 * @param operation the operation
	 * @param knownIds IDs that exist (registered users), mixed in among the bad ones
	 * @return the generator
	 */
	static Gen<Case> forOperation(Operation operation, List<String> knownIds) {
		Gen<Part> path = path(operation, knownIds);
		Gen<Part> query = query(operation.in("query"));
		Gen<Map<String, String>> headers = headers(operation.in("header"));
		Gen<Payload> payload = payload(operation.body());
		return (random) -> {
			Part p = path.next(random);
			Part q = query.next(random);
			Map<String, String> h = headers.next(random);
			Payload b = payload.next(random);
			Map<String, String> all = new LinkedHashMap<>(h);
			all.putAll(b.headers());
			String label = String
				.join(" ", List.of(p.label(), q.label(), h.isEmpty() ? "" : "headers:" + h.keySet(), b.label()))
				.trim()
				.replaceAll(" +", " ");
			String target = p.text() + q.text();
			byte[] body = b.body();
			if (body != null && body.length > LARGE_BODY) {
				// The gateway refuses a request head it cannot parse (414, or 400 for a
				// bad escape or a control character in a header) and closes without
				// reading the body: a client still writing a large one may see a reset
				// before the answer. So a large body goes on a well-formed request line
				// with parseable headers, and bad heads carry small bodies.
				target = operation.path();
				for (Parameter parameter : operation.in("path")) {
					target = target.replace("{" + parameter.name() + "}", knownIds.get(0));
				}
				all.values().removeIf(BadInputs::unparseableHeaderValue);
				label = label + " (well-formed request head: large body)";
			}
			return new Case(operation.name(), operation.method(), target, all, body, label);
		};
	}

	/** A header value with a control character other than tab, which HTTP/1.1 forbids. */
	static boolean unparseableHeaderValue(String value) {
		return value.chars().anyMatch((c) -> (c < 0x20 && c != '\t') || c == 0x7f);
	}

	private static Gen<Part> path(Operation operation, List<String> knownIds) {
		List<Parameter> parameters = operation.in("path");
		if (parameters.isEmpty()) {
			return Gen.just(new Part(operation.path(), ""));
		}
		List<Gen<String>> values = parameters.stream().map((parameter) -> pathValue(knownIds)).toList();
		return Gen.combine(values).map((chosen) -> {
			String path = operation.path();
			List<String> labels = new ArrayList<>();
			for (int i = 0; i < parameters.size(); i++) {
				path = path.replace("{" + parameters.get(i).name() + "}", chosen.get(i));
				labels.add(parameters.get(i).name() + "=" + abbreviate(chosen.get(i), 24));
			}
			return new Part(path, "path:" + String.join(",", labels));
		});
	}

	private static Gen<String> pathValue(List<String> knownIds) {
		return Gen.frequency(Gen.weighted(5, Gen.oneOf(BAD_IDS)), Gen.weighted(2, Gen.longs().map(String::valueOf)),
				Gen.weighted(1,
						Gen.bigIntegers(BigInteger.TWO.pow(63), BigInteger.TEN.pow(40)).map(BigInteger::toString)),
				Gen.weighted(2, Gen.unicode(1, 40).map(BadInputs::encode)), Gen.weighted(1, Gen.numeric(30, 3000)),
				Gen.weighted(3, Gen.oneOf(knownIds)));
	}

	private static Gen<Part> query(List<Parameter> parameters) {
		List<Gen<String>> values = new ArrayList<>();
		for (Parameter parameter : parameters) {
			Gen<String> value = switch (parameter.type()) {
				case "integer",
						"number" ->
					Gen.frequency(Gen.weighted(4, Gen.oneOf(BAD_INTEGERS)),
							Gen.weighted(2, Gen.ints().map(String::valueOf)), Gen.weighted(1, Gen.numeric(11, 2000)),
							Gen.weighted(1, text(0, 30)));
				case "boolean" -> Gen.oneOf("true", "false", "yes", "1", "", "maybe", "TRUE", "%00");
				default -> Gen.frequency(Gen.weighted(3, Gen.oneOf(BAD_TEXTS)), Gen.weighted(3, text(0, 60)),
						Gen.weighted(1, Gen.alpha(200, 9000)), Gen.weighted(1, Gen.numeric(1, 30)));
			};
			String name = parameter.name();
			values.add(Gen.frequency(Gen.weighted(1, Gen.just("")), Gen.weighted(3, value.map((v) -> name + "=" + v)),
					Gen.weighted(1, Gen.oneOf(name, name + "=", name + "=1&" + name + "=abc", name + "[]=1",
							name.toUpperCase(java.util.Locale.ROOT) + "=1"))));
		}
		values.add(Gen.frequency(Gen.weighted(6, Gen.just("")), Gen.weighted(1,
				Gen.oneOf("unknown=1", "=", "&&&", "a[b]=c", "%", "__proto__=1", "x=" + "y".repeat(5000)))));
		return Gen.combine(values).map((chosen) -> {
			String query = String.join("&", chosen.stream().filter((part) -> !part.isEmpty()).toList());
			return query.isEmpty() ? new Part("", "") : new Part("?" + query, "query:" + abbreviate(query, 60));
		});
	}

	private static Gen<Map<String, String>> headers(List<Parameter> parameters) {
		if (parameters.isEmpty()) {
			return Gen.just(Map.of());
		}
		List<Gen<Map<String, String>>> values = new ArrayList<>();
		for (Parameter parameter : parameters) {
			Gen<String> value = Gen.frequency(Gen.weighted(2, Gen.alpha(36, 36)),
					Gen.weighted(1, Gen.oneOf("", " ", "ä", "null", "x".repeat(300), "x".repeat(7000))),
					Gen.weighted(1, Gen.ascii(0, 60).map((s) -> s.replaceAll("[\\r\\n]", ""))));
			values.add(Gen.frequency(Gen.weighted(1, Gen.just(Map.of())),
					Gen.weighted(2, value.map((v) -> Map.of(parameter.name(), v)))));
		}
		return Gen.combine(values).map((chosen) -> {
			Map<String, String> headers = new LinkedHashMap<>();
			chosen.forEach(headers::putAll);
			return headers;
		});
	}

	private static Gen<Payload> payload(Body body) {
		if (body == null) {
			return Gen.frequency(Gen.weighted(6, Gen.just(new Payload(Map.of(), null, ""))),
					Gen.weighted(1, Gen.oneOf(GARBAGE_JSON).map((json) -> jsonPayload(json, "stray-body"))),
					Gen.weighted(1,
							Gen.just(jsonPayload("{\"a\":\"" + "x".repeat(70_000) + "\"}", "stray-body-70KB"))));
		}
		return body.isMultipart() ? multipart(body) : json(body);
	}

	/** Bad JSON bodies: a well-formed one with one or two things made wrong. */
	private static Gen<Payload> json(Body body) {
		List<Property> properties = body.properties();
		Gen<Map<String, String>> base = base(properties);
		Gen<Property> field = properties.isEmpty() ? Gen.just(new Property("field", false, body.schema()))
				: Gen.oneOf(properties);
		Gen<String> wrongValues = Gen.oneOf(WRONG_VALUES);
		Gen<Boolean> booleans = Gen.oneOf(true, false);
		Gen<Integer> hugeLengths = hugeLength();
		Gen<String> units = Gen.oneOf("a", "é", "🙂", "\\u0000");
		Gen<Integer> depths = Gen.oneOf(63, 65, 200, 1_000, 20_000);
		Gen<String> opens = Gen.oneOf("[", "{\"a\":");
		Gen<byte[]> badBytes = Gen.oneOf(invalidUtf8());
		return Gen.frequency(Gen.weighted(1, base.map((fields) -> jsonPayload(object(fields), "valid-shape"))),
				Gen.weighted(3, (random) -> {
					Map<String, String> fields = base.next(random);
					Property f = field.next(random);
					String v = wrongValues.next(random);
					fields.put(f.wireName(), v);
					return jsonPayload(object(fields), "wrong-type:" + f.wireName() + "=" + v);
				}), Gen.weighted(2, Gen.combine(base, Gen.subsetOf(properties), (fields, drop) -> {
					List<String> removed = new ArrayList<>();
					drop.forEach((property) -> removed.add(property.wireName()));
					if (removed.isEmpty()) {
						fields.clear();
						removed.add("all");
					}
					removed.forEach(fields::remove);
					return jsonPayload(object(fields), "missing:" + removed);
				})), Gen.weighted(2, Gen.combine(base, Gen.oneOf(EXTRA_FIELDS), (fields, extra) -> {
					String json = object(fields);
					json = json.equals("{}") ? "{" + extra + "}"
							: json.substring(0, json.length() - 1) + "," + extra + "}";
					return jsonPayload(json, "extra:" + extra);
				})), Gen.weighted(2, (random) -> {
					Map<String, String> fields = base.next(random);
					Property f = field.next(random);
					boolean whole = booleans.next(random);
					if (whole) {
						return jsonPayload("null", "null-body");
					}
					fields.put(f.wireName(), "null");
					return jsonPayload(object(fields), "null:" + f.wireName());
				}), Gen.weighted(3, (random) -> {
					Map<String, String> fields = base.next(random);
					Property f = field.next(random);
					int length = hugeLengths.next(random);
					String unit = units.next(random);
					fields.put(f.wireName(), "\"" + unit.repeat(length) + "\"");
					return jsonPayload(object(fields), "huge:" + f.wireName() + "=" + length + "x" + unit);
				}), Gen.weighted(2, (random) -> {
					Map<String, String> fields = base.next(random);
					Property f = field.next(random);
					int depth = depths.next(random);
					String open = opens.next(random);
					boolean whole = booleans.next(random);
					String close = open.equals("[") ? "]" : "}";
					String nested = open.repeat(depth) + "1" + close.repeat(depth);
					if (whole) {
						return jsonPayload(nested, "nested-body:" + depth + open);
					}
					fields.put(f.wireName(), nested);
					return jsonPayload(object(fields), "nested:" + f.wireName() + "=" + depth + open);
				}), Gen.weighted(2, (random) -> {
					Map<String, String> fields = base.next(random);
					Property f = field.next(random);
					byte[] bad = badBytes.next(random);
					fields.put(f.wireName(), "\"\u0001BAD\u0001\"");
					byte[] json = object(fields).getBytes(StandardCharsets.UTF_8);
					return new Payload(Map.of("Content-Type", "application/json"), replace(json, bad),
							"invalid-utf8:" + f.wireName() + "=" + hex(bad));
				}), Gen.weighted(3, Gen.combine(base, Gen.oneOf(WRONG_CONTENT_TYPES), (fields, type) -> {
					Map<String, String> headers = type.isEmpty() ? Map.of() : Map.of("Content-Type", type);
					return new Payload(headers, object(fields).getBytes(StandardCharsets.UTF_8),
							"content-type:" + (type.isEmpty() ? "none" : type));
				})),
				Gen.weighted(2,
						Gen.oneOf(new Payload(Map.of("Content-Type", "application/json"), new byte[0], "empty-body"),
								new Payload(Map.of("Content-Type", "application/json"), null, "no-body"),
								new Payload(Map.of(), null, "no-body-no-type"))),
				Gen.weighted(3, Gen.oneOf(GARBAGE_JSON).map((json) -> jsonPayload(json, "garbage:" + json))));
	}

	/**
	 * A well-formed object whose values fit the schema, as raw JSON values by wire name.
	 */
	private static Gen<Map<String, String>> base(List<Property> properties) {
		if (properties.isEmpty()) {
			return (random) -> new LinkedHashMap<>();
		}
		List<Gen<String>> values = properties.stream().map(BadInputs::plausible).toList();
		return Gen.combine(values).map((chosen) -> {
			Map<String, String> fields = new LinkedHashMap<>();
			for (int i = 0; i < properties.size(); i++) {
				fields.put(properties.get(i).wireName(), chosen.get(i));
			}
			return fields;
		});
	}

	private static Gen<String> plausible(Property property) {
		switch (property.type()) {
			case "boolean":
				return Gen.oneOf("true", "false");
			case "integer":
			case "number":
				return Gen.ints(0, 100).map(String::valueOf);
			default:
				String pattern = property.schema().path("pattern").asString("");
				if (pattern.matches("[a-z|]+")) {
					return Gen.oneOf(pattern.split("\\|")).map((value) -> "\"" + value + "\"");
				}
				if (property.name().toLowerCase(java.util.Locale.ROOT).contains("email")) {
					return Gen.alpha(1, 12).map((s) -> "\"" + s + "@example.com\"");
				}
				int min = property.schema().path("minLength").asInt(0);
				int max = Math.min(property.schema().path("maxLength").asInt(40), 40);
				return Gen.alphanumeric(Math.max(min, 1), Math.max(max, min)).map((s) -> "\"" + s + "\"");
		}
	}

	private static Gen<Integer> hugeLength() {
		// around the services' limits: a field's maxLength, the JSON parser's 64 KiB
		// string, the gateway's 64KB body
		return Gen.oneOf(151, 256, 4_097, 30_000, 60_000, 65_537, 100_000, 200_000);
	}

	/** Bad multipart uploads: parts missing, doubled, mislabelled or cut short. */
	private static Gen<Payload> multipart(Body body) {
		String field = body.properties().stream().map(Property::name).findFirst().orElse("image");
		Gen<byte[]> garbage = Gen.bytes(0, 3_000);
		Gen<byte[]> fakeJpeg = garbage.map((tail) -> concat(
				new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0 },
				tail));
		return Gen.frequency(
				Gen.weighted(2,
						Gen.combine(garbage,
								Gen.oneOf("image/jpeg", "image/png", "image/webp", "text/plain",
										"application/octet-stream", "image/svg+xml", ""),
								(bytes, type) -> form(parts(file(field, "photo.jpg", type, bytes)),
										"garbage-image:" + type + "/" + bytes.length))),
				Gen.weighted(1,
						fakeJpeg.map((bytes) -> form(parts(file(field, "photo.jpg", "image/jpeg", bytes)),
								"truncated-jpeg:" + bytes.length))),
				Gen.weighted(2,
						Gen.oneOf("caption", "location", "alt_text", "other")
							.map((name) -> form(parts(text(name, "hello")), "missing-" + field))),
				Gen.weighted(1,
						Gen.just(form(parts(file(field, "photo.jpg", "image/jpeg", new byte[0])), "empty-image"))),
				Gen.weighted(1, garbage.map((bytes) -> form(parts(new byte[][] {
						("Content-Disposition: form-data; name=\"" + field + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
							.getBytes(StandardCharsets.UTF_8),
						bytes }), "no-filename"))),
				Gen.weighted(1,
						garbage.map((bytes) -> form(parts(file(field, "a.jpg", "image/jpeg", bytes),
								file(field, "b.jpg", "image/jpeg", bytes)), "two-images"))),
				Gen.weighted(2, Gen.combine(garbage, Gen.oneOf(2_201, 10_000, 60_000, 200_000), (bytes, length) -> {
					List<byte[][]> parts = parts(text("caption", "c".repeat(length)),
							file(field, "photo.jpg", "image/jpeg", bytes));
					return form(parts, "huge-caption:" + length);
				})),
				Gen.weighted(1, Gen.oneOf(invalidUtf8())
					.map((bad) -> form(parts(
							new byte[][] { "Content-Disposition: form-data; name=\"caption\"\r\n\r\n"
								.getBytes(StandardCharsets.UTF_8), bad },
							file(field, "photo.jpg", "image/jpeg", new byte[] { 1, 2, 3 })), "invalid-utf8-caption"))),
				Gen.weighted(1,
						Gen.oneOf("../../etc/passwd", "a\u0000.jpg", "🙂.jpg", "x".repeat(2_000), "\".jpg")
							.map((name) -> form(parts(file(field, name, "image/jpeg", new byte[] { 1, 2, 3 })),
									"filename:" + abbreviate(name, 20)))),
				Gen.weighted(2, Gen
					.oneOf("boundary-mismatch", "no-boundary", "no-closing-boundary", "empty-body", "json-instead",
							"garbage-headers", "preamble-only")
					.map(BadInputs::brokenForm)));
	}

	private static List<byte[][]> parts(byte[][]... parts) {
		return List.of(parts);
	}

	private static byte[][] file(String name, String filename, String type, byte[] bytes) {
		String head = "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
				+ (type.isEmpty() ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
		return new byte[][] { head.getBytes(StandardCharsets.UTF_8), bytes };
	}

	private static byte[][] text(String name, String value) {
		return new byte[][] {
				("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8),
				value.getBytes(StandardCharsets.UTF_8) };
	}

	private static Payload form(List<byte[][]> parts, String label) {
		String boundary = "fuzz-boundary-7d2f";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[][] part : parts) {
			body.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
			for (byte[] piece : part) {
				body.writeBytes(piece);
			}
			body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return new Payload(Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), body.toByteArray(),
				"multipart:" + label);
	}

	private static Payload brokenForm(String kind) {
		String part = "--b1\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.jpg\"\r\n"
				+ "Content-Type: image/jpeg\r\n\r\n\u0001\u0002\u0003\r\n";
		return switch (kind) {
			case "boundary-mismatch" -> raw("multipart/form-data; boundary=b2", part + "--b1--\r\n", kind);
			case "no-boundary" -> raw("multipart/form-data", part + "--b1--\r\n", kind);
			case "no-closing-boundary" -> raw("multipart/form-data; boundary=b1", part, kind);
			case "empty-body" -> raw("multipart/form-data; boundary=b1", "", kind);
			case "json-instead" -> raw("application/json", "{\"image\":\"AAEC\"}", kind);
			case "garbage-headers" ->
				raw("multipart/form-data; boundary=b1", "--b1\r\nnot a header\r\n\r\nxyz\r\n--b1--\r\n", kind);
			default -> raw("multipart/form-data; boundary=b1", "just a preamble, no parts", kind);
		};
	}

	private static Payload raw(String contentType, String body, String label) {
		return new Payload(Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8),
				"multipart:" + label);
	}

	private static Payload jsonPayload(String json, String label) {
		return new Payload(Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8),
				abbreviate(label, 60));
	}

	private static String object(Map<String, String> fields) {
		List<String> members = new ArrayList<>();
		fields.forEach((name, value) -> members.add("\"" + name + "\":" + value));
		return "{" + String.join(",", members) + "}";
	}

	private static List<byte[]> invalidUtf8() {
		return List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xFE, (byte) 0xFF }, new byte[] { (byte) 0xC0, (byte) 0xAF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
				new byte[] { (byte) 0xE2, (byte) 0x82 }, new byte[] { (byte) 0x80 });
	}

	/** Replaces the marker {@code \u0001BAD\u0001} with raw bytes. */
	private static byte[] replace(byte[] json, byte[] bad) {
		String text = new String(json, StandardCharsets.ISO_8859_1);
		int at = text.indexOf("\u0001BAD\u0001");
		return concat(concat(java.util.Arrays.copyOfRange(json, 0, at), bad),
				java.util.Arrays.copyOfRange(json, at + 5, json.length));
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (byte b : bytes) {
			hex.append(String.format("%02X", b));
		}
		return hex.toString();
	}

	private static Gen<String> text(int min, int max) {
		return Gen.unicode(min, max).map(BadInputs::encode);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String abbreviate(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length) + "…(" + text.length() + ")";
	}

	/** Whether a request target is one a client can write on a request line. */
	static boolean isWritableTarget(String target) {
		Matcher control = Pattern.compile("[\\x00-\\x20\\x7F]").matcher(target);
		return target.startsWith("/v1/") && !control.find();
	}

}
