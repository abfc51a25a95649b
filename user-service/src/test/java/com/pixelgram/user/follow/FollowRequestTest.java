package com.pixelgram.user.follow;

import java.util.List;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class FollowRequestTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Test
	void followingAPrivateAccountIsARequestUntilItIsApproved() {
		TestUser owner = privateAccount();
		TestUser requester = register();

		JsonNode first = follow(requester, owner).assertStatus(200);
		JsonNode again = follow(requester, owner).assertStatus(200);

		assertThat(first.path("status").asString()).isEqualTo("requested");
		assertThat(first.path("following").asBoolean()).isFalse();
		assertThat(again.path("status").asString()).isEqualTo("requested");
		assertThat(userIds(api().get("/v1/follow-requests", owner.accessToken()), "follow_requests"))
			.containsExactly(requester.id());
		assertThat(userIds(api().get("/v1/users/" + owner.id() + "/followers", owner.accessToken()), "followers"))
			.isEmpty();
		assertThat(api().get("/v1/users/" + owner.id(), requester.accessToken())
			.assertStatus(200)
			.path("is_following")
			.asBoolean()).isFalse();
		assertThat(events(requester, "FollowCreated")).isZero();

		JsonNode approved = approve(owner, requester).assertStatus(200);
		JsonNode approvedAgain = approve(owner, requester).assertStatus(200);

		assertThat(approved.path("status").asString()).isEqualTo("approved");
		assertThat(approved.path("user_id").asString()).isEqualTo(Long.toString(requester.id()));
		assertThat(approved.path("followers_count").asLong()).isEqualTo(1);
		assertThat(approvedAgain.path("status").asString()).isEqualTo("approved");
		assertThat(userIds(api().get("/v1/users/" + owner.id() + "/followers", owner.accessToken()), "followers"))
			.containsExactly(requester.id());
		assertThat(userIds(api().get("/v1/follow-requests", owner.accessToken()), "follow_requests")).isEmpty();
		assertThat(events(requester, "FollowCreated")).isEqualTo(1);
		assertThat(follow(requester, owner).assertStatus(200).path("status").asString()).isEqualTo("following");
	}

	@Test
	void aRejectedOrWithdrawnRequestLeavesNoFollow() {
		TestUser owner = privateAccount();
		TestUser rejected = register();
		TestUser withdrawn = register();
		follow(rejected, owner).assertStatus(200);
		follow(withdrawn, owner).assertStatus(200);

		JsonNode rejection = api().post("/v1/follow-requests/" + rejected.id() + "/reject", null, owner.accessToken())
			.assertStatus(200);
		unfollow(withdrawn, owner).assertStatus(200);

		assertThat(rejection.path("status").asString()).isEqualTo("rejected");
		assertThat(userIds(api().get("/v1/follow-requests", owner.accessToken()), "follow_requests")).isEmpty();
		approve(owner, rejected).assertProblem(404, "not-found");
		approve(owner, withdrawn).assertProblem(404, "not-found");
		assertThat(userIds(api().get("/v1/users/" + owner.id() + "/followers", owner.accessToken()), "followers"))
			.isEmpty();
	}

	@Test
	void goingPrivateIsOnTheProfileAndPublishedOnceAndPublicAccountsAreFollowedAtOnce() {
		TestUser user = register();
		TestUser follower = register();

		assertThat(follow(follower, user).assertStatus(200).path("status").asString()).isEqualTo("following");
		JsonNode updated = api().put("/v1/users/" + user.id(), Api.json("is_private", true), user.accessToken())
			.assertStatus(200);
		api().put("/v1/users/" + user.id(), Api.json("is_private", true), user.accessToken()).assertStatus(200);

		assertThat(updated.path("is_private").asBoolean()).isTrue();
		assertThat(api().get("/v1/users/" + user.id(), follower.accessToken())
			.assertStatus(200)
			.path("is_private")
			.asBoolean()).isTrue();
		assertThat(privacyEvents(user)).containsExactly("true");
		assertThat(follow(follower, user).assertStatus(200).path("status").asString()).as("a follower stays one")
			.isEqualTo("following");
		api().put("/v1/users/" + user.id(), Api.json("is_private", "yes"), user.accessToken()).assertStatus(400);
	}

	@Test
	void aBlockDropsPendingRequestsBothWays() {
		TestUser owner = privateAccount();
		TestUser requester = register();
		follow(requester, owner).assertStatus(200);

		api().post("/v1/users/" + requester.id() + "/block", null, owner.accessToken()).assertStatus(200);

		assertThat(userIds(api().get("/v1/follow-requests", owner.accessToken()), "follow_requests")).isEmpty();
	}

	@Test
	void refusesBadRequestIdsAndCallsWithoutAToken() {
		TestUser owner = privateAccount();

		approve(owner, register()).assertProblem(404, "not-found");
		api().post("/v1/follow-requests/abc/approve", null, owner.accessToken()).assertProblem(400, "validation");
		api().post("/v1/follow-requests/" + this.ids.nextId(1) + "/reject", null, owner.accessToken())
			.assertStatus(200);
		api().get("/v1/follow-requests", null).assertProblem(401, "unauthorized");
		api().get("/v1/follow-requests?limit=0", owner.accessToken()).assertProblem(400, "validation");
	}

	private TestUser privateAccount() {
		TestUser user = register();
		api().put("/v1/users/" + user.id(), Api.json("is_private", true), user.accessToken()).assertStatus(200);
		return user;
	}

	private HttpReply follow(TestUser follower, TestUser followee) {
		return api().post("/v1/users/" + followee.id() + "/follow", null, follower.accessToken());
	}

	private HttpReply unfollow(TestUser follower, TestUser followee) {
		return api().delete("/v1/users/" + followee.id() + "/follow", follower.accessToken());
	}

	private HttpReply approve(TestUser owner, TestUser requester) {
		return api().post("/v1/follow-requests/" + requester.id() + "/approve", null, owner.accessToken());
	}

	private static List<Long> userIds(HttpReply reply, String field) {
		return reply.assertStatus(200)
			.path(field)
			.valueStream()
			.map((user) -> Long.parseLong(user.path("user_id").asString()))
			.toList();
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

	private List<String> privacyEvents(TestUser user) {
		return this.shards.read(IdGenerator.shardOf(user.id()), () -> this.shards.jdbc()
			.sql("SELECT DISTINCT ON (event_id) payload -> 'payload' ->> 'is_private' FROM outbox.message "
					+ "WHERE event_type = 'AccountPrivacyChanged' AND payload -> 'payload' ->> 'user_id' = :user")
			.param("user", Long.toString(user.id()))
			.query(String.class)
			.list());
	}

}
