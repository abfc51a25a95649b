package com.pixelgram.user.follow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class FollowTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Test
	void followingTwiceMakesOneEdgeAndCountsItOnce() {
		TestUser follower = register();
		TestUser followee = registerInAnotherDatabaseThan(follower);

		JsonNode first = follow(follower, followee).assertStatus(200);
		JsonNode second = follow(follower, followee).assertStatus(200);

		assertThat(first.path("following").asBoolean()).isTrue();
		assertThat(first.path("user_id").asString()).isEqualTo(Long.toString(followee.id()));
		assertThat(first.path("followers_count").asLong()).isEqualTo(1);
		assertThat(second.path("followers_count").asLong()).isEqualTo(1);
		assertThat(edges("following", "follower_id", follower.id())).isEqualTo(1);
		assertThat(edges("followers", "followee_id", followee.id())).isEqualTo(1);
		assertThat(counts(follower)).containsExactly(0L, 1L);
		assertThat(counts(followee)).containsExactly(1L, 0L);
		assertThat(events(follower, "FollowCreated")).isEqualTo(1);
	}

	@Test
	void unfollowingTwiceIsFine() {
		TestUser follower = register();
		TestUser followee = register();
		follow(follower, followee).assertStatus(200);

		JsonNode first = unfollow(follower, followee).assertStatus(200);
		JsonNode second = unfollow(follower, followee).assertStatus(200);

		assertThat(first.path("following").asBoolean()).isFalse();
		assertThat(first.path("followers_count").asLong()).isZero();
		assertThat(second.path("followers_count").asLong()).isZero();
		assertThat(edges("following", "follower_id", follower.id())).isZero();
		assertThat(edges("followers", "followee_id", followee.id())).isZero();
		assertThat(counts(follower)).containsExactly(0L, 0L);
		assertThat(counts(followee)).containsExactly(0L, 0L);
		assertThat(events(follower, "FollowDeleted")).isEqualTo(1);
	}

	@Test
	void writesFollowCreatedInTheSameTransactionAsTheFollowersEdge() {
		TestUser follower = register();
		TestUser followee = registerInAnotherDatabaseThan(follower);

		follow(follower, followee).assertStatus(200);

		int shard = IdGenerator.shardOf(follower.id());
		List<String> edgeTransaction = this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT xmin::text FROM following WHERE follower_id = :follower AND followee_id = :followee")
					.param("follower", follower.id())
					.param("followee", followee.id())
					.query(String.class)
					.list());
		List<String> eventTransactions = this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT DISTINCT xmin::text FROM outbox.message WHERE event_type = 'FollowCreated' "
							+ "AND payload -> 'payload' ->> 'follower_id' = :follower "
							+ "AND payload -> 'payload' ->> 'followee_id' = :followee")
					.param("follower", Long.toString(follower.id()))
					.param("followee", Long.toString(followee.id()))
					.query(String.class)
					.list());
		JsonNode payload = this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT payload::text FROM outbox.message WHERE event_type = 'FollowCreated' "
							+ "AND payload -> 'payload' ->> 'follower_id' = :follower LIMIT 1")
					.param("follower", Long.toString(follower.id()))
					.query((rs, row) -> tools.jackson.databind.json.JsonMapper.builder()
						.build()
						.readTree(rs.getString(1))
						.path("payload"))
					.single());

		assertThat(edgeTransaction).hasSize(1);
		assertThat(eventTransactions).containsExactlyElementsOf(edgeTransaction);
		assertThat(payload.path("followee_id").asString()).isEqualTo(Long.toString(followee.id()));
		assertThat(payload.path("followee_followers_count").asLong()).isEqualTo(1);
	}

	@Test
	void aRetryCompletesAFollowWhoseFollowerSideWasLost() {
		TestUser follower = register();
		TestUser followee = registerInAnotherDatabaseThan(follower);
		// The followee's transaction committed, the follower's did not.
		this.shards.write(IdGenerator.shardOf(followee.id()), () -> {
			this.shards.jdbc()
				.sql("INSERT INTO followers (followee_id, follower_id, created_at) VALUES (:followee, :follower, now())")
				.param("followee", followee.id())
				.param("follower", follower.id())
				.update();
			return this.shards.jdbc()
				.sql("UPDATE users SET followers_count = followers_count + 1 WHERE id = :id")
				.param("id", followee.id())
				.update();
		});

		JsonNode retried = follow(follower, followee).assertStatus(200);

		assertThat(retried.path("followers_count").asLong()).isEqualTo(1);
		assertThat(edges("following", "follower_id", follower.id())).isEqualTo(1);
		assertThat(edges("followers", "followee_id", followee.id())).isEqualTo(1);
		assertThat(counts(follower)).containsExactly(0L, 1L);
		assertThat(counts(followee)).containsExactly(1L, 0L);
		assertThat(events(follower, "FollowCreated")).isEqualTo(1);
	}

	@Test
	void aRetryCompletesAnUnfollowWhoseFollowerSideWasLost() {
		TestUser follower = register();
		TestUser followee = registerInAnotherDatabaseThan(follower);
		follow(follower, followee).assertStatus(200);
		this.shards.write(IdGenerator.shardOf(followee.id()), () -> {
			this.shards.jdbc()
				.sql("DELETE FROM followers WHERE followee_id = :followee AND follower_id = :follower")
				.param("followee", followee.id())
				.param("follower", follower.id())
				.update();
			return this.shards.jdbc()
				.sql("UPDATE users SET followers_count = followers_count - 1 WHERE id = :id")
				.param("id", followee.id())
				.update();
		});

		unfollow(follower, followee).assertStatus(200);

		assertThat(edges("following", "follower_id", follower.id())).isZero();
		assertThat(counts(follower)).containsExactly(0L, 0L);
		assertThat(counts(followee)).containsExactly(0L, 0L);
		assertThat(events(follower, "FollowDeleted")).isEqualTo(1);
	}

	@Test
	void aCrowdFollowingEachOtherAllAtOnceGetsEveryEdgeCountedOnce() throws Exception {
		// Eight users each following the seven others, 28 requests at a time: more
		// requests than the connection pools hold (5 per database here), and pairs
		// following each other in both directions at once.
		List<TestUser> crowd = IntStream.range(0, 8).mapToObj((i) -> register()).toList();
		List<Callable<Integer>> follows = new ArrayList<>();
		for (TestUser follower : crowd) {
			for (TestUser followee : crowd) {
				if (follower != followee) {
					follows.add(() -> follow(follower, followee).status());
				}
			}
		}
		ExecutorService pool = Executors.newFixedThreadPool(28);
		List<Integer> statuses = new ArrayList<>();
		try {
			for (Future<Integer> status : pool.invokeAll(follows, 60, TimeUnit.SECONDS)) {
				statuses.add(status.get());
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(statuses).hasSize(56).containsOnly(200);
		for (TestUser user : crowd) {
			assertThat(counts(user)).as("followers and following of %s", user.username()).containsExactly(7L, 7L);
			assertThat(edges("following", "follower_id", user.id())).isEqualTo(7);
			assertThat(edges("followers", "followee_id", user.id())).isEqualTo(7);
			assertThat(events(user, "FollowCreated")).isEqualTo(7);
		}
	}

	@Test
	void refusesToFollowYourselfAnUnknownUserOrANonNumericId() {
		TestUser user = register();

		HttpReply self = follow(user, user);
		self.assertProblem(400, "validation");
		assertThat(self.errorFields()).containsExactly("id");
		api().post("/v1/users/" + this.ids.nextId(2) + "/follow", null, user.accessToken())
			.assertProblem(404, "not-found");
		api().delete("/v1/users/" + this.ids.nextId(5) + "/follow", user.accessToken()).assertProblem(404, "not-found");
		api().post("/v1/users/abc/follow", null, user.accessToken()).assertProblem(400, "validation");
		api().post("/v1/users/99999999999999999999/follow", null, user.accessToken()).assertStatus(400);
		api().post("/v1/users/" + user.id() + "/follow", null, null).assertProblem(401, "unauthorized");
		assertThat(counts(user)).containsExactly(0L, 0L);
	}

	@Test
	void pagesThroughFollowersNewestFirstWithANextLink() {
		TestUser owner = register();
		List<TestUser> followers = List.of(register(), register(), register(), register(), register());
		followers.forEach((follower) -> follow(follower, owner).assertStatus(200));
		String path = "/v1/users/" + owner.id() + "/followers";

		HttpReply first = api().get(path + "?limit=2", owner.accessToken());
		HttpReply second = api().get(path + "?page=2&limit=2", owner.accessToken());
		HttpReply last = api().get(path + "?page=3&limit=2", owner.accessToken());
		HttpReply all = api().get(path, owner.accessToken());

		assertThat(ids(first.assertStatus(200).path("followers"))).containsExactly(followers.get(4).id(),
				followers.get(3).id());
		assertThat(first.headers().getFirst("Link")).isEqualTo("<" + path + "?page=2&limit=2>; rel=\"next\"");
		assertThat(ids(second.assertStatus(200).path("followers"))).containsExactly(followers.get(2).id(),
				followers.get(1).id());
		assertThat(second.headers().getFirst("Link")).isEqualTo("<" + path + "?page=3&limit=2>; rel=\"next\"");
		assertThat(ids(last.assertStatus(200).path("followers"))).containsExactly(followers.get(0).id());
		assertThat(last.headers().containsHeader("Link")).isFalse();
		assertThat(all.assertStatus(200).path("followers")).hasSize(5);
		JsonNode item = first.json().path("followers").path(0);
		assertThat(item.path("username").asString()).isEqualTo(followers.get(4).username());
		assertThat(item.has("email")).isFalse();
	}

	@Test
	void pagesThroughFollowedUsers() {
		TestUser owner = register();
		List<TestUser> followed = List.of(register(), register(), register());
		followed.forEach((user) -> follow(owner, user).assertStatus(200));
		String path = "/v1/users/" + owner.id() + "/following";

		HttpReply first = api().get(path + "?page=1&limit=2", followed.get(0).accessToken());
		HttpReply second = api().get(path + "?page=2&limit=2", followed.get(0).accessToken());

		assertThat(ids(first.assertStatus(200).path("following"))).containsExactly(followed.get(2).id(),
				followed.get(1).id());
		assertThat(first.headers().getFirst("Link")).isEqualTo("<" + path + "?page=2&limit=2>; rel=\"next\"");
		assertThat(ids(second.assertStatus(200).path("following"))).containsExactly(followed.get(0).id());
		assertThat(second.headers().containsHeader("Link")).isFalse();
	}

	@Test
	void refusesBadPagingParameters() {
		TestUser user = register();
		String path = "/v1/users/" + user.id() + "/followers";

		for (String query : List.of("?page=0", "?page=-1", "?limit=0", "?limit=101", "?limit=abc", "?page=x")) {
			api().get(path + query, user.accessToken()).assertProblem(400, "validation");
		}
		api().get(path + "?limit=100", user.accessToken()).assertStatus(200);
		api().get("/v1/users/" + this.ids.nextId(1) + "/followers", user.accessToken()).assertProblem(404, "not-found");
	}

	@Test
	void refusesAPagePastTheDeepestOffsetNamingTheLimit() {
		TestUser user = register();
		String path = "/v1/users/" + user.id() + "/following";

		// (page - 1) * limit = 10,000 is the deepest served; one page further is refused.
		api().get(path + "?page=101&limit=100", user.accessToken()).assertStatus(200);
		api().get(path + "?page=10001&limit=1", user.accessToken()).assertStatus(200);
		JsonNode tooDeep = api().get(path + "?page=102&limit=100", user.accessToken())
			.assertProblem(400, "page-too-deep");
		JsonNode huge = api().get("/v1/users/" + user.id() + "/followers?page=2000000000", user.accessToken())
			.assertProblem(400, "page-too-deep");

		assertThat(tooDeep.path("max_offset").asLong()).isEqualTo(10_000);
		assertThat(tooDeep.path("max_page").asLong()).isEqualTo(101);
		assertThat(tooDeep.path("detail").asString()).contains("10000").contains("Narrow the query");
		assertThat(huge.path("max_page").asLong()).isEqualTo(501);
	}

	private HttpReply follow(TestUser follower, TestUser followee) {
		return api().post("/v1/users/" + followee.id() + "/follow", null, follower.accessToken());
	}

	private HttpReply unfollow(TestUser follower, TestUser followee) {
		return api().delete("/v1/users/" + followee.id() + "/follow", follower.accessToken());
	}

	private TestUser registerInAnotherDatabaseThan(TestUser user) {
		// Shards 0-3 live in one database, 4-7 in the other.
		for (int attempt = 0; attempt < 50; attempt++) {
			TestUser other = register();
			if (IdGenerator.shardOf(other.id()) / 4 != IdGenerator.shardOf(user.id()) / 4) {
				return other;
			}
		}
		throw new IllegalStateException("no user landed in the other database");
	}

	private long edges(String table, String column, long userId) {
		return this.shards.read(IdGenerator.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :id")
					.param("id", userId)
					.query(Long.class)
					.single());
	}

	/** {followers_count, following_count} of the user's row. */
	private List<Long> counts(TestUser user) {
		return this.shards.read(IdGenerator.shardOf(user.id()),
				() -> this.shards.jdbc()
					.sql("SELECT followers_count, following_count FROM users WHERE id = :id")
					.param("id", user.id())
					.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
					.single());
	}

	private long events(TestUser follower, String type) {
		return this.shards.read(IdGenerator.shardOf(follower.id()),
				() -> this.shards.jdbc()
					.sql("SELECT count(DISTINCT event_id) FROM outbox.message WHERE event_type = :type "
							+ "AND payload -> 'payload' ->> 'follower_id' = :follower")
					.param("type", type)
					.param("follower", Long.toString(follower.id()))
					.query(Long.class)
					.single());
	}

	private static List<Long> ids(JsonNode users) {
		return users.valueStream().map((user) -> Long.parseLong(user.path("user_id").asString())).toList();
	}

}
