package com.pixelgram.user;

import com.pixelgram.testsupport.ServiceSmokeTest;
import com.pixelgram.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

// A key generated and kept in the database: the local profile only.
@ActiveProfiles("local")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pixelgram.security.jwks-uri=http://127.0.0.1:9/.well-known/jwks.json")
class UserServiceApplicationTest extends ServiceSmokeTest {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.shardMap(registry, "users", 8, 2);
		TestInfrastructure.redis(registry, "users");
		TestInfrastructure.sqs(registry, "users");
	}

}
