package com.pixelgram.testsupport;

import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a service under test at real infrastructure, for {@code @DynamicPropertySource}
 * methods: a shard map over fresh databases, Redis with a key prefix, SQS queues with a
 * prefix.
 */
public final class TestInfrastructure {

	private TestInfrastructure() {
	}

	/**
	 * Creates {@code databases} fresh databases and spreads {@code shards} logical shards
	 * over them in equal ranges.
	 * @return the databases, in shard order
	 */
	public static List<TestDatabase> shardMap(DynamicPropertyRegistry registry, String hint, int shards,
			int databases) {
		List<TestDatabase> created = new java.util.ArrayList<>();
		registry.add("pixelgram.shards.count", () -> shards);
		int perDatabase = shards / databases;
		for (int i = 0; i < databases; i++) {
			TestDatabase database = TestPostgres.createDatabase(hint + "_" + i);
			created.add(database);
			String prefix = "pixelgram.shards.databases[" + i + "].";
			int from = i * perDatabase;
			int to = (i == databases - 1) ? shards - 1 : from + perDatabase - 1;
			registry.add(prefix + "name", () -> "db" + (created.indexOf(database)));
			registry.add(prefix + "url", database::url);
			registry.add(prefix + "username", database::username);
			registry.add(prefix + "password", database::password);
			registry.add(prefix + "pool-size", () -> 5);
			registry.add(prefix + "shards[0]", () -> from + "-" + to);
		}
		return created;
	}

	/** Redis of the tests, with a key prefix for this test class. */
	public static String redis(DynamicPropertyRegistry registry, String hint) {
		String prefix = TestRedis.uniquePrefix(hint);
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("pixelgram.redis.key-prefix", () -> prefix);
		return prefix;
	}

	/** The shared embedded SQS, with a queue prefix for this test class. */
	public static String sqs(DynamicPropertyRegistry registry, String hint) {
		return sqs(registry, hint, TestSqs.endpoint());
	}

	/** An SQS endpoint of the test's own, with a queue prefix for this test class. */
	public static String sqs(DynamicPropertyRegistry registry, String hint, String endpoint) {
		String prefix = TestSqs.uniqueQueuePrefix(hint);
		registry.add("spring.cloud.aws.sqs.endpoint", () -> endpoint);
		registry.add("spring.cloud.aws.region.static", () -> "us-east-1");
		registry.add("spring.cloud.aws.credentials.access-key", () -> "test");
		registry.add("spring.cloud.aws.credentials.secret-key", () -> "test");
		registry.add("pixelgram.events.queue-prefix", () -> prefix);
		return prefix;
	}

	/** The shared embedded SMTP server, as Spring Mail's host and port. */
	public static void mail(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> TestMail.server().smtpPort());
	}

}
