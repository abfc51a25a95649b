package com.pixelgram.feed;

import com.pixelgram.testsupport.ServiceSmokeTest;
import com.pixelgram.testsupport.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pixelgram.security.jwks-uri=http://127.0.0.1:9/.well-known/jwks.json")
class FeedServiceApplicationTest extends ServiceSmokeTest {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.redis(registry, "feed");
		TestInfrastructure.sqs(registry, "feed");
	}

}
