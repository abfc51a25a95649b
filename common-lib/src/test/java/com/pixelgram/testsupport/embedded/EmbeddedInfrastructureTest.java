package com.pixelgram.testsupport.embedded;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureTest {

	private static final HttpClient http = HttpClient.newHttpClient();

	@Test
	void postgresAnswersOverJdbcAndCreatesADatabaseOnlyOnce() throws SQLException {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0, null)) {
			assertThat(postgres.port()).isPositive();
			assertThat(selectOne(postgres, "postgres")).isEqualTo(1);

			postgres.createDatabaseIfMissing("embedded_test");
			postgres.createDatabaseIfMissing("embedded_test");

			assertThat(selectOne(postgres, "embedded_test")).isEqualTo(1);
		}
	}

	@Test
	void postgresKeepsItsDatabasesAcrossRestartsOnTheSameDataDirectory(@TempDir Path dataDirectory)
			throws SQLException {
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0, dataDirectory)) {
			postgres.createDatabaseIfMissing("kept");
			execute(postgres, "kept", "CREATE TABLE marker (id int); INSERT INTO marker VALUES (42)");
		}
		try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0, dataDirectory)) {
			assertThat(queryInt(postgres, "kept", "SELECT id FROM marker")).isEqualTo(42);
		}
	}

	@Test
	void redisAnswersPingAndStoresValues() {
		try (EmbeddedRedisServer redis = EmbeddedRedisServer.start(0)) {
			assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
			RedisClient client = RedisClient.create(redis.url());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisCommands<String, String> commands = connection.sync();
				assertThat(commands.ping()).isEqualTo("PONG");
				commands.set("greeting", "hello");
				assertThat(commands.get("greeting")).isEqualTo("hello");
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void sqsDeliversAMessageAndStartsAgainOnTheSamePortAfterAStop() {
		EmbeddedSqsServer sqs = EmbeddedSqsServer.start(0);
		int port = sqs.port();
		try (sqs; SqsClient client = sqsClient(sqs.endpoint())) {
			assertThat(roundTrip(client, "first-queue", "hello")).isEqualTo("hello");
		}
		try (EmbeddedSqsServer restarted = EmbeddedSqsServer.start(port);
				SqsClient client = sqsClient(restarted.endpoint())) {
			assertThat(restarted.port()).isEqualTo(port);
			assertThat(roundTrip(client, "second-queue", "again")).isEqualTo("again");
		}
	}

	@Test
	void s3ServesAnObjectOfThePublicPrefixAnonymouslyWithItsContentTypeAndCacheControl() throws Exception {
		try (EmbeddedS3Server s3 = EmbeddedS3Server.start(0, null, "renditions/"); S3Client client = s3Client(s3)) {
			s3.createBucketIfMissing("media");
			s3.createBucketIfMissing("media");
			byte[] bytes = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
			client.putObject((put) -> put.bucket("media")
				.key("renditions/1080/abc.jpg")
				.contentType("image/jpeg")
				.cacheControl("public, max-age=31536000, immutable"), RequestBody.fromBytes(bytes));

			HttpResponse<byte[]> response = anonymousGet(s3.endpoint() + "/media/renditions/1080/abc.jpg");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(bytes);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
			client.putObject((put) -> put.bucket("media").key("originals/abc.jpg"), RequestBody.fromBytes(bytes));
			assertThat(anonymousGet(s3.endpoint() + "/media/originals/abc.jpg").statusCode()).isEqualTo(403);
			assertThat(anonymousGet(s3.endpoint() + "/media").statusCode()).isEqualTo(403);
			assertThat(anonymousPut(s3.endpoint() + "/media/intruder.txt").statusCode()).isEqualTo(403);
		}
	}

	@Test
	void s3RefusesAnonymousReadsUnlessAskedTo() throws Exception {
		try (EmbeddedS3Server s3 = EmbeddedS3Server.start(0, null, null); S3Client client = s3Client(s3)) {
			s3.createBucketIfMissing("private");
			client.putObject((put) -> put.bucket("private").key("secret.txt"), RequestBody.fromString("secret"));

			assertThat(anonymousGet(s3.endpoint() + "/private/secret.txt").statusCode()).isEqualTo(403);
			assertThat(client.getObjectAsBytes((get) -> get.bucket("private").key("secret.txt")).asUtf8String())
				.isEqualTo("secret");
		}
	}

	private static int selectOne(EmbeddedPostgresServer postgres, String database) throws SQLException {
		return queryInt(postgres, database, "SELECT 1");
	}

	private static int queryInt(EmbeddedPostgresServer postgres, String database, String sql) throws SQLException {
		try (Connection connection = connect(postgres, database);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getInt(1);
		}
	}

	private static void execute(EmbeddedPostgresServer postgres, String database, String sql) throws SQLException {
		try (Connection connection = connect(postgres, database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection connect(EmbeddedPostgresServer postgres, String database) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
	}

	private static SqsClient sqsClient(String endpoint) {
		return SqsClient.builder()
			.endpointOverride(URI.create(endpoint))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dev", "dev")))
			.build();
	}

	private static String roundTrip(SqsClient client, String queueName, String body) {
		String queueUrl = client.createQueue((create) -> create.queueName(queueName)).queueUrl();
		client.sendMessage((send) -> send.queueUrl(queueUrl).messageBody(body));
		List<Message> messages = client
			.receiveMessage((receive) -> receive.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(1))
			.messages();
		assertThat(messages).hasSize(1);
		return messages.get(0).body();
	}

	private static S3Client s3Client(EmbeddedS3Server s3) {
		return S3Client.builder()
			.endpointOverride(URI.create(s3.endpoint()))
			.forcePathStyle(true)
			.region(Region.US_EAST_1)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
			.build();
	}

	private static HttpResponse<byte[]> anonymousGet(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private static HttpResponse<byte[]> anonymousPut(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

}
