package com.pixelgram.user.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The ES256 keys of this deployment: the active one signs, all of them (two during a
 * rotation) are published and accepted. Outside the {@code local} profile they must be
 * configured and never published ({@link KeyPolicy}).
 */
@Component
class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final ECKey active;

	private final JWKSet publicKeys;

	private final ECDSASigner signer;

	SigningKeys(TokenProperties properties, GeneratedKeyStore generated, Environment environment) {
		KeyPolicy policy = new KeyPolicy(environment);
		List<TokenProperties.Key> configured = properties.keys();
		if (configured.isEmpty()) {
			policy.checkGeneratedKeyAllowed();
			List<ECKey> keys = generated.loadOrCreate();
			this.active = keys.get(0);
			this.publicKeys = new JWKSet(keys.stream().map(JWK.class::cast).toList()).toPublicJWKSet();
			log.info("Signing tokens with generated key {} (no pixelgram.users.tokens.keys configured)",
					this.active.getKeyID());
		}
		else {
			List<TokenProperties.Key> actives = configured.stream()
				.filter((key) -> key.active() || configured.size() == 1)
				.toList();
			if (actives.size() != 1) {
				throw new IllegalStateException(
						"exactly one of pixelgram.users.tokens.keys must be active, found " + actives.size());
			}
			List<ECKey> keys = configured.stream().map((key) -> PemKeys.parse(key.kid(), pem(key))).toList();
			policy.checkConfigured(keys);
			if (keys.stream().anyMatch(KeyPolicy::isPublished)) {
				log.warn("Signing tokens with a sample key published in the repository (profile {}): "
						+ "anyone can forge this deployment's tokens", KeyPolicy.LOCAL_PROFILE);
			}
			this.active = keys.get(configured.indexOf(actives.get(0)));
			this.publicKeys = new JWKSet(keys.stream().map(JWK.class::cast).toList()).toPublicJWKSet();
		}
		try {
			this.signer = new ECDSASigner(this.active);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("the active signing key cannot sign", ex);
		}
	}

	/** The PEM of a configured key, from the property or from its file. */
	private static String pem(TokenProperties.Key key) {
		if (StringUtils.hasText(key.privateKey()) || !StringUtils.hasText(key.privateKeyFile())) {
			return key.privateKey();
		}
		try {
			return Files.readString(Path.of(key.privateKeyFile()), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"cannot read signing key " + key.kid() + " from " + key.privateKeyFile() + ": " + ex, ex);
		}
	}

	/** The key ID of the key new tokens are signed with. */
	public String activeKid() {
		return this.active.getKeyID();
	}

	/** The public keys tokens are verified with. */
	public JWKSet publicKeys() {
		return this.publicKeys;
	}

	/** The JWKS document, public parts only. */
	Map<String, Object> jwksDocument() {
		return this.publicKeys.toJSONObject(true);
	}

	ECDSASigner signer() {
		return this.signer;
	}

	/**
	 * A secret for HMACs derived from the active key's private part, so that signed
	 * tokens need no secret of their own: whoever holds the signing key can mint access
	 * tokens anyway. Rotating the key voids what was signed with the old one.
	 */
	byte[] derivedSecret(String label) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.active.getD().decode(), "HmacSHA256"));
			return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
