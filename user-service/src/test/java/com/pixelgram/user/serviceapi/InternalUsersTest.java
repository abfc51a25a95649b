package com.pixelgram.user.serviceapi;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.pixelgram.id.IdGenerator;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.support.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class InternalUsersTest extends UserIntegrationTest {

	@Autowired
	IdGenerator ids;

	@Test
	void refusesCallsWithoutTheInternalToken() {
		TestUser user = register();

		for (String path : List.of("/internal/users?ids=" + user.id(), "/internal/users/" + user.id() + "/followers",
				"/internal/users/" + user.id() + "/following")) {
			api().get(path, null).assertProblem(403, "forbidden");
			api().get(path, user.accessToken()).assertProblem(403, "forbidden");
			internal(path, "wrong-token").assertProblem(403, "forbidden");
		}
	}

	@Test
	void letsPostServiceReadProfilesButNotTheFollowGraph() {
		TestUser user = register();

		JsonNode users = internal("/internal/users?ids=" + user.id(), POST_SERVICE_TOKEN).assertStatus(200)
			.path("users");
		HttpReply followers = internal("/internal/users/" + user.id() + "/followers", POST_SERVICE_TOKEN);
		HttpReply following = internal("/internal/users/" + user.id() + "/following", POST_SERVICE_TOKEN);

		assertThat(users.path(0).path("user_id").asString()).isEqualTo(Long.toString(user.id()));
		followers.assertProblem(403, "forbidden");
		following.assertProblem(403, "forbidden");
		assertThat(followers.json().path("detail").asString()).contains("post");
	}

	@Test
	void answersProfilesOfManyUsersInOneCall() {
		TestUser a = register();
		TestUser b = register();
		TestUser c = register();
		long unknown = this.ids.nextId(6);

		JsonNode users = internal(
				"/internal/users?ids=" + c.id() + "," + a.id() + "," + unknown + "," + b.id() + "," + a.id(),
				INTERNAL_TOKEN)
			.assertStatus(200)
			.path("users");

		assertThat(users.valueStream().map((user) -> user.path("user_id").asString()))
			.containsExactly(Long.toString(c.id()), Long.toString(a.id()), Long.toString(b.id()));
		assertThat(users.path(0).path("username").asString()).isEqualTo(c.username());
		assertThat(users.path(0).has("email")).isFalse();
		assertThat(users.path(0).has("followers_count")).isTrue();
	}

	@Test
	void answersProfilesByUsernameIgnoringCaseInTheOrderAsked() {
		TestUser a = register();
		TestUser b = register();

		JsonNode users = internal("/internal/users?usernames=" + b.username().toUpperCase(java.util.Locale.ROOT)
				+ ",nobody_by_that_name," + a.username() + "," + b.username(), POST_SERVICE_TOKEN)
			.assertStatus(200)
			.path("users");

		assertThat(users.valueStream().map((user) -> user.path("user_id").asString()))
			.containsExactly(Long.toString(b.id()), Long.toString(a.id()));
		assertThat(users.path(0).path("username").asString()).isEqualTo(b.username());
		String tooMany = LongStream.rangeClosed(1, 101).mapToObj((i) -> "user" + i).collect(Collectors.joining(","));
		internal("/internal/users?usernames=" + tooMany, INTERNAL_TOKEN).assertProblem(400, "validation");
		internal("/internal/users?usernames=", INTERNAL_TOKEN).assertProblem(400, "validation");
		internal("/internal/users?ids=" + a.id() + "&usernames=" + a.username(), INTERNAL_TOKEN).assertProblem(400,
				"validation");
	}

	@Test
	void refusesTooManyOrMalformedIds() {
		String tooMany = LongStream.rangeClosed(1, 101).mapToObj(Long::toString).collect(Collectors.joining(","));

		internal("/internal/users?ids=" + tooMany, INTERNAL_TOKEN).assertProblem(400, "validation");
		internal("/internal/users?ids=1,abc", INTERNAL_TOKEN).assertProblem(400, "validation");
		internal("/internal/users?ids=", INTERNAL_TOKEN).assertStatus(400);
		internal("/internal/users", INTERNAL_TOKEN).assertProblem(400, "validation");
	}

	@Test
	void pagesThroughMutedIdsForFeedServiceOnly() {
		TestUser muter = register();
		List<TestUser> muted = List.of(register(), register(), register());
		TestUser blocked = register();
		muted.forEach(
				(user) -> api().post("/v1/users/" + user.id() + "/mute", null, muter.accessToken()).assertStatus(200));
		api().post("/v1/users/" + blocked.id() + "/block", null, muter.accessToken()).assertStatus(200);
		List<String> sorted = muted.stream().map(TestUser::id).sorted().map(Object::toString).toList();

		JsonNode first = internal("/internal/users/" + muter.id() + "/muted?limit=2", INTERNAL_TOKEN).assertStatus(200);
		JsonNode second = internal(
				"/internal/users/" + muter.id() + "/muted?limit=2&after=" + first.path("next_after").asString(),
				INTERNAL_TOKEN)
			.assertStatus(200);
		api().delete("/v1/users/" + muted.get(0).id() + "/mute", muter.accessToken()).assertStatus(200);
		JsonNode afterUnmute = internal("/internal/users/" + muter.id() + "/muted", INTERNAL_TOKEN).assertStatus(200);

		assertThat(first.path("user_ids").valueStream().map(JsonNode::asString))
			.containsExactlyElementsOf(sorted.subList(0, 2));
		assertThat(second.path("user_ids").valueStream().map(JsonNode::asString)).containsExactly(sorted.get(2));
		assertThat(second.has("next_after")).isFalse();
		assertThat(afterUnmute.path("user_ids").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrderElementsOf(
					muted.subList(1, 3).stream().map(TestUser::id).map(Object::toString).toList());
		internal("/internal/users/" + muter.id() + "/muted", POST_SERVICE_TOKEN).assertProblem(403, "forbidden");
		internal("/internal/users/" + muter.id() + "/muted?limit=0", INTERNAL_TOKEN).assertProblem(400, "validation");
	}

	@Test
	void pagesThroughFollowerAndFollowedIdsWithACursor() {
		TestUser author = register();
		List<TestUser> followers = List.of(register(), register(), register());
		followers.forEach((follower) -> api().post("/v1/users/" + author.id() + "/follow", null, follower.accessToken())
			.assertStatus(200));
		List<String> sorted = followers.stream().map(TestUser::id).sorted().map(Object::toString).toList();

		JsonNode first = internal("/internal/users/" + author.id() + "/followers?limit=2", INTERNAL_TOKEN)
			.assertStatus(200);
		JsonNode second = internal(
				"/internal/users/" + author.id() + "/followers?limit=2&after=" + first.path("next_after").asString(),
				INTERNAL_TOKEN)
			.assertStatus(200);
		JsonNode following = internal("/internal/users/" + followers.get(0).id() + "/following", INTERNAL_TOKEN)
			.assertStatus(200);

		assertThat(first.path("user_ids").valueStream().map(JsonNode::asString))
			.containsExactlyElementsOf(sorted.subList(0, 2));
		assertThat(first.path("next_after").asString()).isEqualTo(sorted.get(1));
		assertThat(second.path("user_ids").valueStream().map(JsonNode::asString)).containsExactly(sorted.get(2));
		assertThat(second.has("next_after")).isFalse();
		assertThat(following.path("user_ids").valueStream().map(JsonNode::asString))
			.containsExactly(Long.toString(author.id()));
		internal("/internal/users/" + author.id() + "/followers?limit=10001", INTERNAL_TOKEN).assertProblem(400,
				"validation");
		internal("/internal/users/" + author.id() + "/followers?after=x", INTERNAL_TOKEN).assertProblem(400,
				"validation");
	}

	private HttpReply internal(String path, String token) {
		return api().send(HttpMethod.GET, path, null, null, Map.of("X-Internal-Token", token));
	}

}
