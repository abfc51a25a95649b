package com.pixelgram.e2e;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Zoe deletes her account through the gateway. She cannot log in any more, her post
 * leaves her follower's feed, the counts of the post she liked and commented go back, and
 * within a minute or two nothing of her is left in any shard of any service, in Redis or
 * in the bucket, except what is kept by design: her directory entry for the cooling-off,
 * post-service's record of the second erasure pass, and Redis keys that expire.
 */
@ExtendWith(PixelgramStack.class)
class AccountDeletionJourneyTest {

	static final Api api = new Api(PixelgramStack.gateway());

	static final Duration ASYNC = Duration.ofSeconds(120);

	/** Every sharded table and the columns that may name a user, per service database. */
	static final Map<String, Map<String, List<String>>> USER_COLUMNS = Map.of("users",
			Map.ofEntries(Map.entry("users", List.of("id")),
					Map.entry("following", List.of("follower_id", "followee_id")),
					Map.entry("followers", List.of("followee_id", "follower_id")),
					Map.entry("block", List.of("blocker_id", "blocked_id")),
					Map.entry("blocked_by", List.of("blocked_id", "blocker_id")),
					Map.entry("mute", List.of("muter_id", "muted_id")),
					Map.entry("follow_request", List.of("followee_id", "requester_id")),
					Map.entry("refresh_token", List.of("user_id")), Map.entry("account_token", List.of("user_id")),
					Map.entry("mail_outbox", List.of("user_id")), Map.entry("data_export", List.of("user_id"))),
			"posts",
			Map.of("post", List.of("user_id"), "post_like", List.of("user_id"), "comment", List.of("user_id"),
					"upload_idempotency", List.of("user_id"), "block_pair", List.of("user_id", "other_id"),
					"author_privacy", List.of("author_id"), "follower_copy", List.of("author_id", "follower_id"),
					"data_export_job", List.of("user_id")),
			"notifications",
			Map.of("notification", List.of("recipient_id", "actor_id"), "post_like",
					List.of("actor_id", "recipient_id"), "post_summary", List.of("author_id"), "post_subscription",
					List.of("author_id", "subscriber_id"), "silenced_actor", List.of("user_id", "actor_id"), "device",
					List.of("user_id")));

	@Test
	void aDeletedAccountLeavesNothingBehindInAnyShardRedisOrTheBucket() throws Exception {
		Journeys.Account zoe = Journeys.register(api, "zoe");
		Journeys.Account yan = Journeys.register(api, "yan");
		Journeys.Account xia = Journeys.register(api, "xia");
		follow(yan, zoe);
		follow(zoe, xia);
		String zoes = Journeys.uploadAndAwaitReady(api, zoe, "my last photo");
		String xias = Journeys.uploadAndAwaitReady(api, xia, "xia's photo");
		String mediaKey = mediaKeyOf(api.get("/v1/posts/" + zoes, zoe.accessToken()));
		ok(api.post("/v1/posts/" + zoes + "/like", "", yan.accessToken()));
		ok(api.post("/v1/posts/" + xias + "/like", "", zoe.accessToken()));
		assertThat(api.post("/v1/posts/" + xias + "/comments", "{\"text\":\"lovely\"}", zoe.accessToken()).status())
			.isEqualTo(201);
		assertThat(api
			.post("/v1/devices", "{\"platform\": \"android\", \"token\": \"fcm-" + UUID.randomUUID() + "\"}",
					zoe.accessToken())
			.status()).isEqualTo(201);
		await().atMost(ASYNC).untilAsserted(() -> assertThat(feedOf(yan)).contains(zoes));
		assertThat(bucketKeys(mediaKey)).isNotEmpty();
		assertThat(rowsNaming(zoe.id())).isNotEmpty();

		Api.Reply wrong = deleteAccount(zoe, "not my password");
		assertThat(wrong.status()).as(wrong.toString()).isEqualTo(403);
		assertThat(wrong.isProblem()).isTrue();
		Api.Reply deleted = deleteAccount(zoe, zoe.password());
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
		// A retry changes nothing: accepted again, or refused once the gateway has heard
		// that the account is gone, which it does within seconds (its access token dies
		// with it rather than at its expiry).
		Api.Reply repeat = deleteAccount(zoe, zoe.password());
		assertThat(repeat.status()).as(repeat.toString()).isIn(202, 401);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Api.Reply me = api.get("/v1/users/me", zoe.accessToken());
			assertThat(me.status()).as(me.toString()).isEqualTo(401);
			assertThat(me.isProblem()).isTrue();
		});

		Api.Reply login = api.post("/v1/auth/login",
				"{\"username\":\"" + zoe.username() + "\",\"password\":\"" + zoe.password() + "\"}", null);
		assertThat(login.status()).as(login.toString()).isEqualTo(401);
		assertThat(api.post("/v1/auth/refresh", "{\"refresh_token\":\"" + zoe.refreshToken() + "\"}", null).status())
			.isEqualTo(401);
		assertThat(api.get("/v1/users/" + zoe.id(), yan.accessToken()).status()).isEqualTo(404);

		await().atMost(ASYNC).untilAsserted(() -> {
			assertThat(rowsNaming(zoe.id())).isEmpty();
			assertThat(bucketKeys(mediaKey)).isEmpty();
			assertThat(feedOf(yan)).doesNotContain(zoes);
			Api.Reply post = api.get("/v1/posts/" + xias, xia.accessToken());
			assertThat(post.json().path("likes_count").asLong()).isZero();
			assertThat(post.json().path("comments_count").asLong()).isZero();
		});
		assertThat(api.get("/v1/posts/" + zoes, yan.accessToken()).status()).isEqualTo(404);
		assertThat(globalRows(zoe.id())).containsExactly("users: directory (cooling-off)");
		assertThat(postServiceRecheck(zoe.id())).isEqualTo(1);
		List<String> keys = redisKeysNaming(zoe.id());
		assertThat(keys).noneMatch(
				(key) -> Stream
					.of(":feed:", ":posts:", ":likes:", ":affinity:", ":hidden:", ":user:", ":profile:", ":followers:",
							":following:")
					.anyMatch((kind) -> key.contains(kind) && key.endsWith(":" + zoe.id())));
		for (String key : keys) {
			assertThat(redisTtl(key)).as(key + " expires").isPositive();
		}
		Journeys.Account again = registerAs(zoe.username());
		assertThat(again).as("the username stays taken during the cooling-off").isNull();
	}

	private static Api.Reply deleteAccount(Journeys.Account account, String password) {
		return api.send(api.request("/v1/users/me", account.accessToken())
			.header("Content-Type", "application/json")
			.method("DELETE",
					java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}")));
	}

	private static Journeys.Account registerAs(String username) {
		Api.Reply reply = api.post("/v1/auth/register", "{\"username\":\"" + username + "\",\"email\":\"" + username
				+ "-again@example.com\",\"password\":\"pw-" + UUID.randomUUID() + "\"}", null);
		assertThat(reply.status()).as(reply.toString()).isIn(201, 409);
		return (reply.status() == 201)
				? new Journeys.Account(reply.json().path("user").path("user_id").asString(), username, null, null, null)
				: null;
	}

	private static void follow(Journeys.Account follower, Journeys.Account followee) {
		ok(api.post("/v1/users/" + followee.id() + "/follow", "", follower.accessToken()));
	}

	private static void ok(Api.Reply reply) {
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
	}

	private static List<String> feedOf(Journeys.Account viewer) {
		Api.Reply feed = api.get("/v1/feed?limit=50", viewer.accessToken());
		assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		feed.json().path("posts").forEach((item) -> ids.add(item.path("post_id").asString()));
		return ids;
	}

	/** The {@code {token}/{postId}} every object key of the post contains. */
	private static String mediaKeyOf(Api.Reply post) {
		String url = post.json().path("image_url").asString();
		String[] parts = url.split("/");
		return parts[parts.length - 3] + "/" + parts[parts.length - 2];
	}

	/**
	 * The bucket's objects (S3Proxy's filesystem store) whose key holds the media key.
	 */
	private static List<String> bucketKeys(String mediaKey) throws IOException {
		Path bucket = dataDirectory().resolve("s3").resolve("pixelgram-media");
		if (!Files.isDirectory(bucket)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(bucket)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> bucket.relativize(file).toString().replace('\\', '/'))
				.filter((key) -> key.contains(mediaKey))
				.toList();
		}
	}

	/** "service: table.column" of every row of any shard that names the user. */
	private static List<String> rowsNaming(String userId) throws SQLException, IOException {
		List<String> found = new ArrayList<>();
		for (var service : USER_COLUMNS.entrySet()) {
			for (Database database : databases(service.getKey())) {
				try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
					List<String> schemas = new ArrayList<>();
					try (ResultSet rs = statement.executeQuery("SELECT schema_name FROM information_schema.schemata "
							+ "WHERE schema_name LIKE 'shard\\_%' ORDER BY 1")) {
						while (rs.next()) {
							schemas.add(rs.getString(1));
						}
					}
					for (String schema : schemas) {
						for (var table : service.getValue().entrySet()) {
							for (String column : table.getValue()) {
								try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + "."
										+ table.getKey() + " WHERE " + column + " = " + Long.parseLong(userId))) {
									rs.next();
									if (rs.getLong(1) > 0) {
										found.add(
												service.getKey() + ": " + schema + "." + table.getKey() + "." + column);
									}
								}
							}
						}
					}
				}
			}
		}
		return found;
	}

	/** What the global schemas still hold of the user. */
	private static List<String> globalRows(String userId) throws SQLException, IOException {
		long id = Long.parseLong(userId);
		List<String> found = new ArrayList<>();
		Map<String, String> queries = new LinkedHashMap<>();
		queries.put("users: directory (cooling-off)",
				"SELECT count(*) FROM global.directory WHERE user_id = " + id + " AND deleted_at IS NOT NULL");
		queries.put("users: directory (live)",
				"SELECT count(*) FROM global.directory WHERE user_id = " + id + " AND deleted_at IS NULL");
		queries.put("users: user_search", "SELECT count(*) FROM global.user_search WHERE user_id = " + id);
		queries.put("notifications: device_token", "SELECT count(*) FROM global.device_token WHERE user_id = " + id);
		for (var query : queries.entrySet()) {
			String service = query.getKey().substring(0, query.getKey().indexOf(':'));
			for (Database database : databases(service)) {
				try (Connection connection = database.connect();
						Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery(
								"SELECT EXISTS (SELECT 1 FROM information_schema.schemata WHERE schema_name = 'global')")) {
					rs.next();
					if (!rs.getBoolean(1)) {
						continue;
					}
				}
				try (Connection connection = database.connect();
						Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery(query.getValue())) {
					rs.next();
					if (rs.getLong(1) > 0) {
						found.add(query.getKey());
					}
				}
			}
		}
		return found;
	}

	/** post-service's record of the second erasure pass, due half an hour later. */
	private static long postServiceRecheck(String userId) throws SQLException, IOException {
		long rows = 0;
		for (Database database : databases("posts")) {
			try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
				List<String> schemas = new ArrayList<>();
				try (ResultSet rs = statement.executeQuery(
						"SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'shard\\_%'")) {
					while (rs.next()) {
						schemas.add(rs.getString(1));
					}
				}
				for (String schema : schemas) {
					try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema
							+ ".erased_user WHERE user_id = " + Long.parseLong(userId))) {
						rs.next();
						rows += rs.getLong(1);
					}
				}
			}
		}
		return rows;
	}

	/** A service's shard databases, as dev-stack gave them to the service. */
	private static List<Database> databases(String prefix) throws IOException {
		String service = switch (prefix) {
			case "users" -> "user-service";
			case "posts" -> "post-service";
			default -> "notification-service";
		};
		List<String> arguments = Arrays
			.asList(Files.readString(dataDirectory().resolve("args").resolve(service + ".args")).trim().split("\\s+"));
		List<Database> databases = new ArrayList<>();
		for (int i = 0;; i++) {
			String prefixOf = "--pixelgram.shards.databases[" + i + "].";
			String url = value(arguments, prefixOf + "url=");
			if (url == null) {
				return databases;
			}
			databases.add(new Database(url, value(arguments, prefixOf + "username="),
					value(arguments, prefixOf + "password=")));
		}
	}

	private static String value(List<String> arguments, String prefix) {
		return arguments.stream()
			.filter((argument) -> argument.startsWith(prefix))
			.map((argument) -> argument.substring(prefix.length()))
			.findFirst()
			.orElse(null);
	}

	private static Path dataDirectory() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve("mvnw"))) {
			directory = directory.getParent();
		}
		return directory.resolve("e2e-tests/target/e2e-data");
	}

	/** Every Redis key of the services that names the user as one of its parts. */
	private static List<String> redisKeysNaming(String userId) {
		List<String> found = new ArrayList<>();
		String cursor = "0";
		do {
			List<Object> reply = redis("SCAN", cursor, "COUNT", "1000");
			cursor = (String) reply.get(0);
			@SuppressWarnings("unchecked")
			List<Object> keys = (List<Object>) reply.get(1);
			for (Object key : keys) {
				if (Arrays.asList(((String) key).split("[:{}]")).contains(userId)) {
					found.add((String) key);
				}
			}
		}
		while (!"0".equals(cursor));
		return found;
	}

	private static long redisTtl(String key) {
		return (Long) redis("PTTL", key).get(0);
	}

	/** One command to dev-stack's Redis over RESP; the reply as a list. */
	private static List<Object> redis(String... command) {
		try (Socket socket = new Socket("127.0.0.1", 16379 + PixelgramStack.PORT_OFFSET)) {
			OutputStream out = socket.getOutputStream();
			StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
			for (String part : command) {
				request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
				request.append(part).append("\r\n");
			}
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			Object reply = read(new BufferedInputStream(socket.getInputStream()));
			if (reply instanceof List<?> list) {
				return new ArrayList<>(list);
			}
			List<Object> single = new ArrayList<>();
			single.add(reply);
			return single;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Object read(InputStream in) throws IOException {
		int type = in.read();
		String line = line(in);
		switch (type) {
			case '+':
				return line;
			case ':':
				return Long.parseLong(line);
			case '$': {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return null;
				}
				byte[] bytes = in.readNBytes(length);
				line(in);
				return new String(bytes, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(line);
				List<Object> items = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					items.add(read(in));
				}
				return items;
			}
			default:
				throw new IOException("Redis answered: " + (char) type + line);
		}
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("Redis closed the connection");
			}
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

	private record Database(String url, String username, String password) {

		Connection connect() throws SQLException {
			return DriverManager.getConnection(this.url, this.username, this.password);
		}

	}

}
