package com.pixelgram.user.follow;

import java.util.List;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class MuteTest extends UserIntegrationTest {

	@Autowired
	Shards shards;

	@Autowired
	IdGenerator ids;

	@Test
	void mutingChangesNothingTheMutedUserCanSee() {
		TestUser muter = register();
		TestUser muted = register();
		follow(muter, muted).assertStatus(200);
		follow(muted, muter).assertStatus(200);

		JsonNode first = mute(muter, muted).assertStatus(200);
		mute(muter, muted).assertStatus(200);

		assertThat(first.path("user_id").asString()).isEqualTo(Long.toString(muted.id()));
		assertThat(first.path("muting").asBoolean()).isTrue();
		assertThat(events(muter, "UserMuted")).isEqualTo(1);
		assertThat(rows(muted.id())).isEqualTo(1);
		JsonNode seenByMuted = api().get("/v1/users/" + muter.id(), muted.accessToken()).assertStatus(200);
		assertThat(seenByMuted.path("is_following").asBoolean()).isTrue();
		JsonNode seenByMuter = api().get("/v1/users/" + muted.id(), muter.accessToken()).assertStatus(200);
		assertThat(seenByMuter.path("is_following").asBoolean()).isTrue();
		assertThat(api().get("/v1/users/" + muter.id() + "/followers", muted.accessToken())
			.assertStatus(200)
			.path("followers")).hasSize(1);
		follow(muted, muter).assertStatus(200);
		assertThat(api().get("/v1/users/me/mutes", muted.accessToken()).assertStatus(200).path("mutes")).isEmpty();
	}

	@Test
	void listsTheCallersMutesNewestFirstAndUnmutingTakesThemOff() {
		TestUser owner = register();
		List<TestUser> muted = List.of(register(), register(), register());
		muted.forEach((user) -> mute(owner, user).assertStatus(200));

		HttpReply first = api().get("/v1/users/me/mutes?limit=2", owner.accessToken());

		assertThat(userIds(first)).containsExactly(muted.get(2).id(), muted.get(1).id());
		assertThat(first.headers().getFirst("Link")).isEqualTo("</v1/users/me/mutes?page=2&limit=2>; rel=\"next\"");
		assertThat(userIds(api().get("/v1/users/me/mutes?page=2&limit=2", owner.accessToken())))
			.containsExactly(muted.get(0).id());

		JsonNode lifted = unmute(owner, muted.get(2)).assertStatus(200);
		unmute(owner, muted.get(2)).assertStatus(200);

		assertThat(lifted.path("muting").asBoolean()).isFalse();
		assertThat(userIds(api().get("/v1/users/me/mutes", owner.accessToken()))).containsExactly(muted.get(1).id(),
				muted.get(0).id());
		assertThat(events(owner, "UserUnmuted")).isEqualTo(1);
	}

	@Test
	void refusesToMuteYourselfAnUnknownUserOrWithoutAToken() {
		TestUser user = register();

		mute(user, user).assertProblem(400, "validation");
		api().post("/v1/users/" + this.ids.nextId(4) + "/mute", null, user.accessToken())
			.assertProblem(404, "not-found");
		api().delete("/v1/users/" + this.ids.nextId(7) + "/mute", user.accessToken()).assertProblem(404, "not-found");
		api().delete("/v1/users/x/mute", user.accessToken()).assertProblem(400, "validation");
		api().post("/v1/users/" + user.id() + "/mute", null, null).assertProblem(401, "unauthorized");
		api().get("/v1/users/me/mutes?limit=101", user.accessToken()).assertProblem(400, "validation");
	}

	@Test
	void anAccountMayMuteTenThousandUsersAndLiftingOneMakesRoom() {
		TestUser owner = register();
		TestUser another = register();
		TestUser more = register();
		mute(owner, another).assertStatus(200);
		// the rest of the list, straight into the owner's shard
		this.shards.write(IdGenerator.shardOf(owner.id()),
				() -> this.shards.jdbc()
					.sql("INSERT INTO mute (muter_id, muted_id, created_at) SELECT :owner, -n, now() "
							+ "FROM generate_series(1, 9999) n")
					.param("owner", owner.id())
					.update());

		mute(owner, more).assertProblem(409, "too-many-mutes");
		mute(owner, another).assertStatus(200);
		unmute(owner, another).assertStatus(200);
		mute(owner, more).assertStatus(200);
	}

	private HttpReply mute(TestUser muter, TestUser muted) {
		return api().post("/v1/users/" + muted.id() + "/mute", null, muter.accessToken());
	}

	private HttpReply unmute(TestUser muter, TestUser muted) {
		return api().delete("/v1/users/" + muted.id() + "/mute", muter.accessToken());
	}

	private HttpReply follow(TestUser follower, TestUser followee) {
		return api().post("/v1/users/" + followee.id() + "/follow", null, follower.accessToken());
	}

	private static List<Long> userIds(HttpReply reply) {
		return reply.assertStatus(200)
			.path("mutes")
			.valueStream()
			.map((user) -> Long.parseLong(user.path("user_id").asString()))
			.toList();
	}

	/**
	 * Mute rows in every shard that mute the user: a mute is kept once, by the muter's
	 * shard, with no mirror in the muted user's shard (which may be the same one).
	 */
	private long rows(long mutedId) {
		long rows = 0;
		for (int shard = 0; shard < this.shards.count(); shard++) {
			rows += this.shards.read(shard,
					() -> this.shards.jdbc()
						.sql("SELECT count(*) FROM mute WHERE muted_id = :id")
						.param("id", mutedId)
						.query(Long.class)
						.single());
		}
		return rows;
	}

	private long events(TestUser muter, String type) {
		return this.shards.read(IdGenerator.shardOf(muter.id()),
				() -> this.shards.jdbc()
					.sql("SELECT count(DISTINCT event_id) FROM outbox.message WHERE event_type = :type "
							+ "AND payload -> 'payload' ->> 'muter_id' = :muter")
					.param("type", type)
					.param("muter", Long.toString(muter.id()))
					.query(Long.class)
					.single());
	}

}
