package com.pixelgram.user.token;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The ES256 keys of this deployment: the active one signs, all of them (two during a
 * rotation) are published and accepted.
 */
@Component
public class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private final ECKey active;

	private final JWKSet publicKeys;

	private final ECDSASigner signer;

	SigningKeys(TokenProperties properties, GeneratedKeyStore generated) {
		List<TokenProperties.Key> configured = properties.keys();
		if (configured.isEmpty()) {
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
			this.active = PemKeys.parse(actives.get(0).kid(), actives.get(0).privateKey());
			this.publicKeys = new JWKSet(
					configured.stream().map((key) -> (JWK) PemKeys.parse(key.kid(), key.privateKey())).toList())
				.toPublicJWKSet();
		}
		try {
			this.signer = new ECDSASigner(this.active);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("the active signing key cannot sign", ex);
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

}
