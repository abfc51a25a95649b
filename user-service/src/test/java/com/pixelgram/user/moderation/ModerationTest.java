package com.pixelgram.user.moderation;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.pixelgram.events.CommentCreated;
import com.pixelgram.events.DomainEvent;
import com.pixelgram.events.EventCodec;
import com.pixelgram.events.PostPublished;
import com.pixelgram.events.UserDeleted;
import com.pixelgram.events.UserSuspended;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventTopology;
import com.pixelgram.shard.Shards;
import com.pixelgram.testsupport.HttpReply;
import com.pixelgram.user.RedisKeys;
import com.pixelgram.user.UserIntegrationTest;
import com.pixelgram.user.support.Api;
import com.pixelgram.user.support.TestUser;
import com.pixelgram.user.support.TestUsers;
import com.pixelgram.user.token.RevocationEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ModerationTest extends UserIntegrationTest {

	private static TestUser moderator;

	@Autowired
	RevocationEvents revocationEvents;

	@Autowired
	SqsAsyncClient sqs;

	@Autowired
	EventCodec codec;

	@Autowired
	EventTopology topology;

	@Autowired
	IdGenerator ids;

	@Autowired
	Shards shards;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RedisKeys keys;

	@BeforeEach
	void moderator() {
		synchronized (ModerationTest.class) {
			if (moderator == null) {
				moderator = TestUsers.register(api(), MODERATOR, null);
			}
		}
	}

	@Test
	void aReportOfAVisiblePostIsFiledOnceWhileOpen() {
		TestUser author = register();
		TestUser reporter = register();
		long postId = publishPost(author);

		JsonNode first = report(reporter, "post", postId, "spam", "buy followers here").assertStatus(201);
		JsonNode again = report(reporter, "post", postId, "spam", null).assertStatus(200);

		assertThat(first.path("id").asString()).isNotBlank().isEqualTo(again.path("id").asString());
		assertThat(first.path("status").asString()).isEqualTo("OPEN");
		assertThat(first.path("target_type").asString()).isEqualTo("post");
		assertThat(first.path("target_id").asString()).isEqualTo(Long.toString(postId));
		assertThat(first.path("target_user_id").asString()).isEqualTo(Long.toString(author.id()));
		assertThat(first.path("comment").asString()).isEqualTo("buy followers here");
		assertThat(Instant.parse(first.path("created_at").asString())).isBefore(Instant.now().plusSeconds(1));
		assertThat(report(register(), "post", postId, "spam", null).assertStatus(201).path("id").asString())
			.as("another reporter's report is another report")
			.isNotEqualTo(first.path("id").asString());
	}

	@Test
	void refusesInvalidReportsAndTargetsTheReporterCannotSee() {
		TestUser author = register();
		TestUser reporter = register();
		long postId = publishPost(author);

		report(reporter, "post", postId, "boring", null).assertProblem(400, "validation");
		report(reporter, "photo", postId, "spam", null).assertProblem(400, "validation");
		report(reporter, "post", postId, "spam", "x".repeat(501)).assertProblem(400, "validation");
		api()
			.post("/v1/reports", Api.json("target_type", "post", "target_id", "abc", "reason", "spam"),
					reporter.accessToken())
			.assertProblem(400, "validation");
		report(reporter, "post", this.ids.nextId(IdGenerator.shardOf(author.id())), "spam", null).assertProblem(404,
				"not-found");
		report(reporter, "user", this.ids.nextId(1), "spam", null).assertProblem(404, "not-found");
		report(author, "post", postId, "spam", null).assertProblem(422, "self-report");
		report(reporter, "user", reporter.id(), "hate", null).assertProblem(422, "self-report");
		api()
			.post("/v1/reports",
					Api.json("target_type", "user", "target_id", Long.toString(author.id()), "reason", "spam"), null)
			.assertProblem(401, "unauthorized");

		api().post("/v1/users/" + reporter.id() + "/block", null, author.accessToken()).assertStatus(200);
		report(reporter, "post", postId, "spam", null).assertProblem(404, "not-found");
		report(reporter, "user", author.id(), "spam", null).assertProblem(404, "not-found");

		TestUser privateAuthor = register();
		api().put("/v1/users/" + privateAuthor.id(), Api.json("is_private", true), privateAuthor.accessToken())
			.assertStatus(200);
		long privatePost = publishPost(privateAuthor);
		report(register(), "post", privatePost, "spam", null).assertProblem(404, "not-found");
	}

	@Test
	void aCommentIsReportedWithItsPost() {
		TestUser author = register();
		TestUser commenter = register();
		long postId = publishPost(author);
		long commentId = this.ids.nextId(IdGenerator.shardOf(postId));
		send(new CommentCreated(commentId, postId, author.id(), commenter.id(), "rude words", Instant.now()));

		JsonNode report = await().atMost(Duration.ofSeconds(20))
			.until(() -> report(author, "comment", commentId, "harassment", null), (reply) -> reply.status() == 201)
			.json();

		assertThat(report.path("post_id").asString()).isEqualTo(Long.toString(postId));
		assertThat(report.path("target_user_id").asString()).isEqualTo(Long.toString(commenter.id()));
		report(commenter, "comment", commentId, "spam", null).assertProblem(422, "self-report");
	}

	@Test
	void theModeratorRoleIsInTheTokensOfModeratorsOnly() {
		TestUser user = register();

		assertThat(claims(moderator.accessToken()).path("roles").valueStream().map(JsonNode::asString).toList())
			.containsExactly("moderator");
		assertThat(claims(user.accessToken()).path("roles").isEmpty()).isTrue();
		JsonNode refreshed = api().post("/v1/auth/refresh", Api.json("refresh_token", moderator.refreshToken()), null)
			.assertStatus(200);
		moderator = new TestUser(moderator.id(), moderator.username(), moderator.email(), moderator.password(),
				refreshed.path("access_token").asString(), refreshed.path("refresh_token").asString());
		assertThat(claims(moderator.accessToken()).path("roles").valueStream().map(JsonNode::asString).toList())
			.containsExactly("moderator");
	}

	@Test
	void onlyModeratorsListAndResolveReportsOldestFirst() {
		TestUser author = register();
		TestUser reporter = register();
		long postId = publishPost(author);
		String older = report(reporter, "post", postId, "spam", null).assertStatus(201).path("id").asString();
		String newer = report(reporter, "user", author.id(), "harassment", null).assertStatus(201)
			.path("id")
			.asString();

		api().get("/v1/moderation/reports?status=open", reporter.accessToken()).assertProblem(403, "forbidden");
		api()
			.post("/v1/moderation/reports/" + older + "/resolve", Api.json("action", "dismiss"), reporter.accessToken())
			.assertProblem(403, "forbidden");
		api().post("/v1/moderation/users/" + author.id() + "/reinstate", null, reporter.accessToken())
			.assertProblem(403, "forbidden");

		List<String> open = openReportIds();
		assertThat(open).containsSubsequence(older, newer);
		api().get("/v1/moderation/reports?status=closed", moderator.accessToken()).assertProblem(400, "validation");

		resolve(older, "ban", null).assertProblem(400, "validation");
		resolve(newer, "take_down", null).assertProblem(422, "unsupported-action");
		resolve(Long.toString(this.ids.nextId(1)), "dismiss", null).assertProblem(404, "not-found");
		JsonNode dismissed = resolve(older, "dismiss", "not spam").assertStatus(200);
		JsonNode again = resolve(older, "dismiss", null).assertStatus(200);

		assertThat(dismissed.path("status").asString()).isEqualTo("RESOLVED");
		assertThat(dismissed.path("action").asString()).isEqualTo("dismiss");
		assertThat(dismissed.path("note").asString()).isEqualTo("not spam");
		assertThat(dismissed.path("resolved_by").asString()).isEqualTo(Long.toString(moderator.id()));
		assertThat(again.path("resolved_at").asString()).isEqualTo(dismissed.path("resolved_at").asString());
		resolve(older, "suspend", null).assertProblem(409, "conflict");
		assertThat(openReportIds()).doesNotContain(older).contains(newer);
		assertThat(report(reporter, "post", postId, "spam", null).assertStatus(201).path("id").asString())
			.as("a report resolved no longer holds back a new one")
			.isNotEqualTo(older);
	}

	@Test
	void takingAPostDownAsksPostServiceThroughAnEvent() {
		TestUser author = register();
		long postId = publishPost(author);
		String reportId = report(register(), "post", postId, "nudity", null).assertStatus(201).path("id").asString();

		resolve(reportId, "take_down", null).assertStatus(200);
		resolve(reportId, "take_down", null).assertStatus(200);

		assertThat(events(IdGenerator.shardOf(postId), "PostTakenDown", "post_id", postId)).isEqualTo(1);
	}

	@Test
	void aSuspendedAccountVanishesWithoutBeingErasedUntilItIsReinstated() {
		TestUser suspended = register();
		TestUser follower = register();
		TestUser followed = register();
		api().post("/v1/users/" + suspended.id() + "/follow", null, follower.accessToken()).assertStatus(200);
		api().post("/v1/users/" + followed.id() + "/follow", null, suspended.accessToken()).assertStatus(200);
		assertThat(search(follower, suspended.username())).contains(suspended.id());
		String reportId = report(follower, "user", suspended.id(), "spam", null).assertStatus(201)
			.path("id")
			.asString();

		JsonNode resolved = resolve(reportId, "suspend", "spam account").assertStatus(200);

		assertThat(resolved.path("action").asString()).isEqualTo("suspend");
		login(suspended).assertProblem(401, "unauthorized");
		api().post("/v1/auth/refresh", Api.json("refresh_token", suspended.refreshToken()), null)
			.assertProblem(401, "unauthorized");
		api().get("/v1/users/" + suspended.id(), follower.accessToken()).assertProblem(404, "not-found");
		assertThat(search(follower, suspended.username())).doesNotContain(suspended.id());
		assertThat(ids(api().get("/v1/users/" + followed.id() + "/followers", followed.accessToken()), "followers"))
			.doesNotContain(suspended.id());
		report(follower, "user", suspended.id(), "spam", null).assertProblem(404, "not-found");
		assertThat(events(IdGenerator.shardOf(suspended.id()), "UserSuspended", "user_id", suspended.id()))
			.isEqualTo(1);
		assertThat(events(IdGenerator.shardOf(suspended.id()), "UserDeleted", "user_id", suspended.id())).isZero();
		Double refusedUntil = this.redis.opsForZSet()
			.score(this.keys.key("{revoked-access}"), "suspended:" + suspended.id());
		assertThat(refusedUntil).as("the gateways refuse its tokens until the last one expired")
			.isGreaterThan(Instant.now().plus(Duration.ofMinutes(15)).toEpochMilli());
		String version = this.redis.opsForValue().get(this.keys.key("{revoked-access}:version"));
		assertThat(version).isNotNull();

		api().post("/v1/moderation/users/" + suspended.id() + "/reinstate", null, moderator.accessToken())
			.assertStatus(200);
		assertThat(this.redis.opsForZSet().score(this.keys.key("{revoked-access}"), "suspended:" + suspended.id()))
			.as("its tokens work again")
			.isNull();
		assertThat(Long.parseLong(this.redis.opsForValue().get(this.keys.key("{revoked-access}:version"))))
			.isGreaterThan(Long.parseLong(version));
		api().post("/v1/moderation/users/" + suspended.id() + "/reinstate", null, moderator.accessToken())
			.assertStatus(200);

		login(suspended).assertStatus(200);
		api().get("/v1/users/" + suspended.id(), follower.accessToken()).assertStatus(200);
		assertThat(search(follower, suspended.username())).contains(suspended.id());
		assertThat(ids(api().get("/v1/users/" + followed.id() + "/followers", followed.accessToken()), "followers"))
			.as("follows are kept through a suspension")
			.contains(suspended.id());
		assertThat(events(IdGenerator.shardOf(suspended.id()), "UserReinstated", "user_id", suspended.id()))
			.isEqualTo(1);
		api().post("/v1/moderation/users/" + this.ids.nextId(2) + "/reinstate", null, moderator.accessToken())
			.assertProblem(404, "not-found");
	}

	@Test
	void theGatewaysLearnOfASuspensionOrDeletionFromItsEventWhenTheWriteAfterTheCommitWasLost() {
		TestUser suspended = register();
		TestUser reporter = register();
		String reportId = report(reporter, "user", suspended.id(), "spam", null).assertStatus(201)
			.path("id")
			.asString();
		resolve(reportId, "suspend", null).assertStatus(200);
		String set = this.keys.key("{revoked-access}");
		String member = "suspended:" + suspended.id();
		Double listed = this.redis.opsForZSet().score(set, member);
		assertThat(listed).isNotNull();
		// As if Redis had failed at the write that follows the commit.
		this.redis.opsForZSet().remove(set, member);

		// The event from the suspension's transaction, as the outbox delivers it.
		send(new UserSuspended(suspended.id(), Instant.now()));

		await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.opsForZSet().score(set, member) != null);
		assertThat(this.redis.opsForZSet().score(set, member)).as("the same entry: its time is the suspension's")
			.isEqualTo(listed);

		long deleted = this.ids.nextId(3);
		send(new UserDeleted(deleted, Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.opsForZSet().score(set, "deleted:" + deleted) != null);
	}

	@Test
	void aLateSuspensionEventListsOnlyAnAccountThatIsStillSuspended() {
		TestUser account = register();
		TestUser reporter = register();
		String reportId = report(reporter, "user", account.id(), "spam", null).assertStatus(201).path("id").asString();
		resolve(reportId, "suspend", null).assertStatus(200);
		api().post("/v1/moderation/users/" + account.id() + "/reinstate", null, moderator.accessToken())
			.assertStatus(200);
		String set = this.keys.key("{revoked-access}");
		String member = "suspended:" + account.id();
		assertThat(this.redis.opsForZSet().score(set, member)).isNull();

		// Its suspension's event, after the reinstatement's (queues do not keep order).
		this.revocationEvents.suspended(account.id());

		assertThat(this.redis.opsForZSet().score(set, member)).as("reinstated since: its tokens work").isNull();
		login(account).assertStatus(200);

		// Suspended again: a late reinstatement's event leaves it listed.
		String again = report(reporter, "user", account.id(), "spam", null).assertStatus(201).path("id").asString();
		resolve(again, "suspend", null).assertStatus(200);
		this.revocationEvents.reinstated(account.id());
		assertThat(this.redis.opsForZSet().score(set, member)).isNotNull();
	}

	@Test
	void aNewFollowRequestIsPublishedOnce() {
		TestUser owner = register();
		api().put("/v1/users/" + owner.id(), Api.json("is_private", true), owner.accessToken()).assertStatus(200);
		TestUser requester = register();

		api().post("/v1/users/" + owner.id() + "/follow", null, requester.accessToken()).assertStatus(200);
		api().post("/v1/users/" + owner.id() + "/follow", null, requester.accessToken()).assertStatus(200);

		assertThat(events(IdGenerator.shardOf(owner.id()), "FollowRequested", "requester_id", requester.id()))
			.isEqualTo(1);
	}

	private long publishPost(TestUser author) {
		long postId = this.ids.nextId(IdGenerator.shardOf(author.id()));
		send(new PostPublished(postId, author.id(), "https://cdn.example.com/p/" + postId + "/1080.jpg",
				"https://cdn.example.com/p/" + postId + "/150.jpg", "a caption", Instant.now()));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.shards.read(IdGenerator.shardOf(postId),
					() -> this.shards.jdbc()
						.sql("SELECT count(*) FROM user_post WHERE post_id = :post")
						.param("post", postId)
						.query(Long.class)
						.single()) == 1);
		return postId;
	}

	private void send(DomainEvent event) {
		String url = this.sqs.getQueueUrl((request) -> request.queueName(this.topology.physical("user-events")))
			.join()
			.queueUrl();
		this.sqs
			.sendMessage((request) -> request.queueUrl(url)
				.messageBody(this.codec.encode(java.util.UUID.randomUUID(), Instant.now(), event)))
			.join();
	}

	private HttpReply report(TestUser reporter, String type, long targetId, String reason, String comment) {
		String body = (comment != null)
				? Api.json("target_type", type, "target_id", Long.toString(targetId), "reason", reason, "comment",
						comment)
				: Api.json("target_type", type, "target_id", Long.toString(targetId), "reason", reason);
		return api().post("/v1/reports", body, reporter.accessToken());
	}

	private HttpReply resolve(String reportId, String action, String note) {
		String body = (note != null) ? Api.json("action", action, "note", note) : Api.json("action", action);
		return api().post("/v1/moderation/reports/" + reportId + "/resolve", body, moderator.accessToken());
	}

	private List<String> openReportIds() {
		return api().get("/v1/moderation/reports?status=open&limit=100", moderator.accessToken())
			.assertStatus(200)
			.path("reports")
			.valueStream()
			.map((report) -> report.path("id").asString())
			.toList();
	}

	private HttpReply login(TestUser user) {
		return api().post("/v1/auth/login", Api.json("username", user.username(), "password", user.password()), null);
	}

	private List<Long> search(TestUser caller, String query) {
		return ids(api().get("/v1/users/search?q=" + Api.encode(query), caller.accessToken()), "users");
	}

	private static List<Long> ids(HttpReply reply, String field) {
		return reply.assertStatus(200)
			.path(field)
			.valueStream()
			.map((user) -> Long.parseLong(user.path("user_id").asString()))
			.toList();
	}

	private long events(int shard, String type, String field, long id) {
		return this.shards.read(shard,
				() -> this.shards.jdbc()
					.sql("SELECT count(DISTINCT event_id) FROM outbox.message WHERE event_type = :type "
							+ "AND payload -> 'payload' ->> '" + field + "' = :id")
					.param("type", type)
					.param("id", Long.toString(id))
					.query(Long.class)
					.single());
	}

	private static JsonNode claims(String accessToken) {
		String payload = accessToken.split("\\.")[1];
		return JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(payload));
	}

}
