package com.pixelgram.notification.push;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Access tokens of a Google service account (OAuth 2.0 JWT bearer grant, RFC 7523): a JWT
 * signed with the account's private key is exchanged at the token endpoint, and the token
 * is reused until a minute before it expires.
 */
class ServiceAccountTokens implements AccessTokenSource {

	static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

	private static final Duration LIFETIME = Duration.ofHours(1);

	private static final Duration EARLY_REFRESH = Duration.ofMinutes(1);

	private final String clientEmail;

	private final String keyId;

	private final RSAPrivateKey privateKey;

	private final URI tokenUri;

	private final RestClient http;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	private String token;

	private Instant refreshAt = Instant.MIN;

	/**
	 * @param credentials the service-account key file's JSON ({@code client_email},
	 * {@code private_key}, {@code private_key_id}, {@code token_uri})
	 * @param tokenUri the token endpoint, or {@code null} for the file's
	 * @param http a client of the application's {@code RestClient.Builder} (observed)
	 */
	ServiceAccountTokens(String credentials, URI tokenUri, RestClient http, Clock clock) {
		JsonNode key = this.json.readTree(credentials);
		this.clientEmail = required(key, "client_email");
		this.keyId = key.path("private_key_id").isString() ? key.path("private_key_id").asString() : null;
		this.privateKey = privateKey(required(key, "private_key"));
		this.tokenUri = (tokenUri != null) ? tokenUri : URI.create(required(key, "token_uri"));
		this.http = http;
		this.clock = clock;
	}

	static ServiceAccountTokens fromFile(String file, URI tokenUri, RestClient http) {
		try {
			return new ServiceAccountTokens(Files.readString(Path.of(file)), tokenUri, http, Clock.systemUTC());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read the FCM credentials file " + file, ex);
		}
	}

	@Override
	public synchronized String token() {
		Instant now = this.clock.instant();
		if (this.token == null || !now.isBefore(this.refreshAt)) {
			fetch(now);
		}
		return this.token;
	}

	@Override
	public synchronized void invalidate() {
		this.token = null;
	}

	private void fetch(Instant now) {
		String form = "grant_type="
				+ URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
				+ "&assertion=" + URLEncoder.encode(assertion(now), StandardCharsets.UTF_8);
		PushReply response;
		try {
			response = this.http.post()
				.uri(this.tokenUri)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form.getBytes(StandardCharsets.UTF_8))
				.exchange((request, reply) -> PushReply.of(reply));
		}
		catch (RestClientException ex) {
			throw new IllegalStateException("the token endpoint could not be reached", ex);
		}
		if (response.status() != 200) {
			throw new IllegalStateException("the token endpoint answered " + response.status());
		}
		JsonNode body = this.json.readTree(response.body());
		this.token = required(body, "access_token");
		long expiresIn = body.path("expires_in").asLong(LIFETIME.toSeconds());
		this.refreshAt = now.plusSeconds(expiresIn).minus(EARLY_REFRESH);
	}

	private String assertion(Instant now) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.clientEmail)
			.subject(this.clientEmail)
			.audience(this.tokenUri.toString())
			.claim("scope", SCOPE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.build();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(this.keyId).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(new RSASSASigner(this.privateKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("cannot sign the token request", ex);
		}
		return jwt.serialize();
	}

	private static RSAPrivateKey privateKey(String pem) {
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			return (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("the service account's private_key is not a PKCS#8 RSA key", ex);
		}
	}

	private static String required(JsonNode node, String name) {
		JsonNode value = node.path(name);
		if (!value.isString() || value.asString().isBlank()) {
			throw new IllegalStateException("missing " + name);
		}
		return value.asString();
	}

}
