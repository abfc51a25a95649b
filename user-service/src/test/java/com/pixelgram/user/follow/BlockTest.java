package com.pixelgram.user.follow;

import java.util.List;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class BlockTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Test
	void blockingRemovesTheFollowsBothWaysOnceHoweverOftenItIsRepeated() {
		TestUser blocker = register();
		TestUser blocked = registerInAnotherDatabaseThan(blocker);
		follow(blocker, blocked).assertStatus(200);
		follow(blocked, blocker).assertStatus(200);

		JsonNode first = block(blocker, blocked).assertStatus(200);
		JsonNode second = block(blocker, blocked).assertStatus(200);

		assertThat(first.path("user_id").asString()).isEqualTo(Long.toString(blocked.id()));
		assertThat(first.path("blocking").asBoolean()).isTrue();
		assertThat(second.path("blocking").asBoolean()).isTrue();
		assertThat(rows("following", "follower_id", blocker.id())).isZero();
		assertThat(rows("followers", "followee_id", blocker.id())).isZero();
		assertThat(rows("following", "follower_id", blocked.id())).isZero();
		assertThat(rows("followers", "followee_id", blocked.id())).isZero();
		assertThat(counts(blocker)).containsExactly(0L, 0L);
		assertThat(counts(blocked)).containsExactly(0L, 0L);
		assertThat(rows("block", "blocker_id", blocker.id())).isEqualTo(1);
		assertThat(rows("blocked_by", "blocked_id", blocked.id())).isEqualTo(1);
		assertThat(events(blocker, "UserBlocked", "blocker_id")).isEqualTo(1);
		assertThat(events(blocker, "FollowDeleted", "follower_id")).isEqualTo(1);
		assertThat(events(blocked, "FollowDeleted", "follower_id")).isEqualTo(1);
		JsonNode payload = payload(blocker, "UserBlocked");
		assertThat(payload.path("blocked_id").asString()).isEqualTo(Long.toString(blocked.id()));
		assertThat(payload.path("blocked_at").asString()).isNotEmpty();
	}

	@Test
	void theBlockedUserCannotFollowOrSeeTheBlockerAndTheBlockerMustUnblockFirst() {
		TestUser blocker = register();
		TestUser blocked = register();
		block(blocker, blocked).assertStatus(200);

		follow(blocked, blocker).assertProblem(404, "not-found");
		follow(blocker, blocked).assertProblem(409, "conflict");
		api().get("/v1/users/" + blocker.id(), blocked.accessToken()).assertProblem(404, "not-found");
		api().get("/v1/users/" + blocked.id(), blocker.accessToken()).assertProblem(404, "not-found");
		api().get("/v1/users/" + blocker.id() + "/followers", blocked.accessToken()).assertProblem(404, "not-found");
		api().get("/v1/users/" + blocked.id() + "/following", blocker.accessToken()).assertProblem(404, "not-found");
		assertThat(rows("following", "follower_id", blocked.id())).isZero();
		assertThat(rows("following", "follower_id", blocker.id())).isZero();

		unblock(blocker, blocked).assertStatus(200);

		follow(blocked, blocker).assertStatus(200);
		follow(blocker, blocked).assertStatus(200);
		api().get("/v1/users/" + blocker.id(), blocked.accessToken()).assertStatus(200);
	}

	@Test
	void eachLeavesTheOthersListsOfThirdPartiesAndSearch() {
		String base = TestUsers.uniqueName("blk");
		TestUser blocker = TestUsers.register(api(), base + "a", null);
		TestUser blocked = TestUsers.register(api(), base + "b", null);
		TestUser bystander = TestUsers.register(api(), base + "c", null);
		follow(blocker, bystander).assertStatus(200);
		follow(blocked, bystander).assertStatus(200);
		follow(bystander, blocker).assertStatus(200);
		follow(bystander, blocked).assertStatus(200);

		block(blocker, blocked).assertStatus(200);

		String followers = "/v1/users/" + bystander.id() + "/followers";
		String following = "/v1/users/" + bystander.id() + "/following";
		assertThat(userIds(api().get(followers, blocker.accessToken()), "followers")).containsExactly(blocker.id());
		assertThat(userIds(api().get(followers, blocked.accessToken()), "followers")).containsExactly(blocked.id());
		assertThat(userIds(api().get(following, blocker.accessToken()), "following")).containsExactly(blocker.id());
		assertThat(userIds(api().get(followers, bystander.accessToken()), "followers"))
			.containsExactlyInAnyOrder(blocker.id(), blocked.id());
		assertThat(search(blocker, base)).contains(blocker.id(), bystander.id()).doesNotContain(blocked.id());
		assertThat(search(blocked, base)).contains(blocked.id(), bystander.id()).doesNotContain(blocker.id());
		assertThat(search(blocked, base + "a")).doesNotContain(blocker.id());
		assertThat(search(bystander, base)).contains(blocker.id(), blocked.id());
	}

	@Test
	void listsTheCallersBlocksNewestFirstWithANextLinkAndUnblockingTakesThemOff() {
		TestUser owner = register();
		List<TestUser> blocked = List.of(register(), register(), register());
		blocked.forEach((user) -> block(owner, user).assertStatus(200));

		HttpReply first = api().get("/v1/users/me/blocks?limit=2", owner.accessToken());
		HttpReply second = api().get("/v1/users/me/blocks?page=2&limit=2", owner.accessToken());

		assertThat(userIds(first, "blocks")).containsExactly(blocked.get(2).id(), blocked.get(1).id());
		assertThat(first.headers().getFirst("Link")).isEqualTo("</v1/users/me/blocks?page=2&limit=2>; rel=\"next\"");
		assertThat(userIds(second, "blocks")).containsExactly(blocked.get(0).id());
		assertThat(second.headers().containsHeader("Link")).isFalse();
		assertThat(first.json().path("blocks").path(0).path("username").asString())
			.isEqualTo(blocked.get(2).username());
		assertThat(userIds(api().get("/v1/users/me/blocks", blocked.get(0).accessToken()), "blocks")).isEmpty();

		JsonNode lifted = unblock(owner, blocked.get(1)).assertStatus(200);
		unblock(owner, blocked.get(1)).assertStatus(200);

		assertThat(lifted.path("blocking").asBoolean()).isFalse();
		assertThat(userIds(api().get("/v1/users/me/blocks", owner.accessToken()), "blocks"))
			.containsExactly(blocked.get(2).id(), blocked.get(0).id());
		assertThat(rows("blocked_by", "blocked_id", blocked.get(1).id())).isZero();
		assertThat(events(owner, "UserUnblocked", "blocker_id")).isEqualTo(1);
	}

	@Test
	void blockingBackSomeoneWhoBlockedYouWorksAndBothMustLiftTheirs() {
		TestUser first = register();
		TestUser second = register();
		block(first, second).assertStatus(200);
		block(second, first).assertStatus(200);

		unblock(first, second).assertStatus(200);

		api().get("/v1/users/" + second.id(), first.accessToken()).assertProblem(404, "not-found");
		follow(first, second).assertProblem(404, "not-found");
		unblock(second, first).assertStatus(200);
		follow(first, second).assertStatus(200);
	}

	@Test
	void refusesToBlockYourselfAnUnknownUserOrWithoutAToken() {
		TestUser user = register();

		block(user, user).assertProblem(400, "validation");
		api().post("/v1/users/" + this.ids.nextId(3) + "/block", null, user.accessToken())
			.assertProblem(404, "not-found");
		api().delete("/v1/users/" + this.ids.nextId(6) + "/block", user.accessToken()).assertProblem(404, "not-found");
		api().post("/v1/users/abc/block", null, user.accessToken()).assertProblem(400, "validation");
		api().post("/v1/users/" + user.id() + "/block", null, null).assertProblem(401, "unauthorized");
		api().get("/v1/users/me/blocks", null).assertProblem(401, "unauthorized");
		api().get("/v1/users/me/blocks?limit=0", user.accessToken()).assertProblem(400, "validation");
		api().get("/v1/users/me/blocks?page=102&limit=100", user.accessToken()).assertProblem(400, "page-too-deep");
	}

	@Test
	void anAccountMayBlockTenThousandUsersAndLiftingOneMakesRoom() {
		TestUser owner = register();
		TestUser another = register();
		TestUser more = register();
		block(owner, another).assertStatus(200);
		// the rest of the list, straight into the owner's shard
		this.shards.write(IdGenerator.shardOf(owner.id()),
				() -> this.shards.jdbc()
					.sql("INSERT INTO block (blocker_id, blocked_id, created_at) SELECT :owner, -n, now() "
							+ "FROM generate_series(1, 9999) n")
					.param("owner", owner.id())
					.update());

		block(owner, more).assertProblem(409, "too-many-blocks");
		block(owner, another).assertStatus(200);
		unblock(owner, another).assertStatus(200);
		block(owner, more).assertStatus(200);
	}

	private HttpReply block(TestUser blocker, TestUser blocked) {
		return api().post("/v1/users/" + blocked.id() + "/block", null, blocker.accessToken());
	}

	private HttpReply unblock(TestUser blocker, TestUser blocked) {
		return api().delete("/v1/users/" + blocked.id() + "/block", blocker.accessToken());
	}

	private HttpReply follow(TestUser follower, TestUser followee) {
		return api().post("/v1/users/" + followee.id() + "/follow", null, follower.accessToken());
	}

	private List<Long> search(TestUser caller, String query) {
		return userIds(api().get("/v1/users/search?q=" + Api.encode(query), caller.accessToken()), "users");
	}

	private static List<Long> userIds(HttpReply reply, String field) {
		return reply.assertStatus(200)
			.path(field)
			.valueStream()
			.map((user) -> Long.parseLong(user.path("user_id").asString()))
			.toList();
	}

	private TestUser registerInAnotherDatabaseThan(TestUser user) {
		for (int attempt = 0; attempt < 50; attempt++) {
			TestUser other = register();
			if (IdGenerator.shardOf(other.id()) / 4 != IdGenerator.shardOf(user.id()) / 4) {
				return other;
			}
		}
		throw new IllegalStateException("no user landed in the other database");
	}

	private long rows(String table, String column, long userId) {
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

	private long events(TestUser actor, String type, String actorField) {
		return this.shards.read(IdGenerator.shardOf(actor.id()),
				() -> this.shards.jdbc()
					.sql("SELECT count(DISTINCT event_id) FROM outbox.message WHERE event_type = :type "
							+ "AND payload -> 'payload' ->> '" + actorField + "' = :actor")
					.param("type", type)
					.param("actor", Long.toString(actor.id()))
					.query(Long.class)
					.single());
	}

	private JsonNode payload(TestUser blocker, String type) {
		return this.shards.read(IdGenerator.shardOf(blocker.id()),
				() -> this.shards.jdbc()
					.sql("SELECT payload::text FROM outbox.message WHERE event_type = :type "
							+ "AND payload -> 'payload' ->> 'blocker_id' = :blocker LIMIT 1")
					.param("type", type)
					.param("blocker", Long.toString(blocker.id()))
					.query((rs, row) -> tools.jackson.databind.json.JsonMapper.builder()
						.build()
						.readTree(rs.getString(1))
						.path("payload"))
					.single());
	}

}
