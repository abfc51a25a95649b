package com.pixelgram.k8s;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token of calls to /internal/**: generated once, then kept; or from an existing
 * Secret.
 */
class InternalTokenTest {

	private static final String SECRET = "pixelgram-internal-token";

	@AfterEach
	void forgetSecrets() {
		Chart.kubernetes().clear();
	}

	@Test
	void generatesALongRandomTokenAtTheFirstInstallation() {
		String first = token(Chart.render());
		String second = token(Chart.render());

		assertThat(first).hasSize(48).matches("[A-Za-z0-9]+");
		assertThat(second).isNotEqualTo(first);
	}

	@Test
	void keepsTheTokenOfTheInstalledReleaseOnUpgrade() {
		Chart.kubernetes().putSecret(Chart.NAMESPACE, SECRET, Map.of("internal-token", "token-of-the-running-release"));

		assertThat(token(Chart.render())).isEqualTo("token-of-the-running-release");
	}

	@Test
	void createsNoSecretWhenAnExistingOneHoldsTheToken() {
		Manifests manifests = Chart.production();

		assertThat(manifests.all(Secret.class)).isEmpty();
	}

	private static String token(Manifests manifests) {
		String encoded = manifests.get(Secret.class, SECRET).getData().get("internal-token");
		return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
	}

}
