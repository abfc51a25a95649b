package com.pixelgram.user.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id at OWASP's minimum (19 MiB, two iterations, one lane); Spring's defaults are
 * below it.
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

	/** The memory one hash or verification takes, in KiB. */
	static final int MEMORY_KIB = 19456;

	@Bean
	PasswordEncoder passwordEncoder() {
		return new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, 2);
	}

}
