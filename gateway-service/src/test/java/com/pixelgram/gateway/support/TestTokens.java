package com.pixelgram.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * An ES256 key published as a JWKS by a local server, as user-service does, and tokens
 * signed with it (or forged in the usual ways).
 */
public final class TestTokens {

	public static final String ISSUER = "pixelgram";

	public static final String AUDIENCE = "pixelgram-api";

	private static final ECKey KEY = generateKey();

	private static final HttpServer JWKS = serveJwks();

	private TestTokens() {
	}

	public static String jwksUri() {
		return "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/.well-known/jwks.json";
	}

	/** A valid token for the user. */
	public static String valid(String subject) {
		return sign(claims(subject).build());
	}

	/**
	 * Claims a valid token carries: issuer, audience, issued now, five minutes to live.
	 */
	public static JWTClaimsSet.Builder claims(String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
	}

	public static String sign(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEY.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims);
			jwt.sign(new ECDSASigner(KEY));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * HS256 with the public key as the secret: the classic algorithm confusion attack.
	 */
	public static String hmacSignedWithPublicKey(String subject) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(),
					claims(subject).build());
			jwt.sign(new MACSigner(KEY.toECPublicKey().getEncoded()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code alg: none}. */
	public static String unsigned(String subject) {
		return new PlainJWT(claims(subject).build()).serialize();
	}

	/** A valid token whose payload was swapped for another subject's afterwards. */
	public static String tampered(String subject, String forgedSubject) {
		String[] parts = valid(subject).split("\\.");
		String payload = claims(forgedSubject).build().toString();
		parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		return String.join(".", parts);
	}

	private static ECKey generateKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serveJwks() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
