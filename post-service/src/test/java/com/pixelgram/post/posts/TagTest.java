package com.pixelgram.post.posts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.pixelgram.post.PostIntegrationTest;
import com.pixelgram.post.image.TestImages;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

class TagTest extends PostIntegrationTest {

	@Test
	void aTagPagesItsPostsNewestFirstWithACursor() {
		String tag = tag();
		long author = newUser();
		long other = newUser();
		long first = readyPost(author, "Dawn #" + tag.toUpperCase() + " #porto");
		long second = readyPost(other, "Noon #" + tag);
		long third = readyPost(author, "Dusk at the river #" + tag + " #" + tag);
		readyPost(author, "Nothing to see #elsewhere" + tag);

		Reply page = get(newUser(), "/v1/tags/" + tag + "/posts?limit=2");

		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(ids(page)).containsExactly(third, second);
		assertThat(page.json().path("tag").asString()).isEqualTo(tag);
		JsonNode post = page.json().path("posts").get(0);
		assertThat(post.path("hashtags").valueStream().map(JsonNode::asString)).containsExactly(tag);
		assertThat(post.path("username").asString()).isEqualTo("user" + author);
		assertThat(post.path("liked_by_me").asBoolean()).isFalse();
		String cursor = page.json().path("next_cursor").asString();
		assertThat(page.headers().getFirst(HttpHeaders.LINK))
			.isEqualTo("</v1/tags/" + tag + "/posts?cursor=" + cursor + "&limit=2>; rel=\"next\"");
		Reply last = get(newUser(), "/v1/tags/" + tag + "/posts?limit=2&cursor=" + cursor);
		assertThat(ids(last)).containsExactly(first);
		assertThat(last.json().has("next_cursor")).isFalse();
		assertThat(last.headers().getFirst(HttpHeaders.LINK)).isNull();
		assertThat(get(author, "/v1/posts/" + first).json().path("hashtags").valueStream().map(JsonNode::asString))
			.containsExactly(tag, "porto");
	}

	@Test
	void aTagIsMatchedWhateverItsCaseItsNormalFormOrItsHash() {
		String tag = "café" + tag();
		long postId = readyPost(newUser(), "Breakfast #" + tag.toUpperCase());

		assertThat(ids(get(newUser(), "/v1/tags/" + tag + "/posts"))).containsExactly(postId);
		assertThat(ids(Reply.of(client().get()
			.uri(URI.create("http://127.0.0.1:" + this.port + "/v1/tags/%23"
					+ UriUtils.encodePathSegment(tag.toUpperCase(), StandardCharsets.UTF_8) + "/posts"))
			.header(HttpHeaders.AUTHORIZATION, bearer(newUser()))))).containsExactly(postId);
		assertThat(ids(get(newUser(), "/v1/tags/" + tag.replace("é", "e\u0301") + "/posts"))).containsExactly(postId);
	}

	@Test
	void editingOrDeletingAPostMovesItBetweenTagsAndTheIndexFollows() {
		String before = tag();
		String after = tag();
		long author = newUser();
		long postId = readyPost(author, "#" + before + " on the quay");
		long deleted = readyPost(author, "#" + before + " and #" + after);

		Reply edited = patchJson(author, "/v1/posts/" + postId, "{\"caption\":\"now #" + after + "\"}");
		assertThat(delete(author, "/v1/posts/" + deleted).status()).isEqualTo(204);

		assertThat(edited.json().path("hashtags").valueStream().map(JsonNode::asString)).containsExactly(after);
		assertThat(ids(get(newUser(), "/v1/tags/" + before + "/posts"))).isEmpty();
		assertThat(ids(get(newUser(), "/v1/tags/" + after + "/posts"))).containsExactly(postId);
		assertThat(indexed(before)).isEmpty();
		assertThat(indexed(after)).containsExactly(postId);
		assertThat(JSON.readTree(outboxPayload(postId, "PostEdited"))
			.path("hashtags")
			.valueStream()
			.map(JsonNode::asString)).containsExactly(after);
		assertThat(JSON.readTree(outboxPayload(postId, "PostPublished"))
			.path("hashtags")
			.valueStream()
			.map(JsonNode::asString)).containsExactly(before);
	}

	@Test
	void anIndexRowLeftBehindIsSkippedAndThePageStillFills() {
		String tag = tag();
		long author = newUser();
		long kept = readyPost(author, "#" + tag);
		long untagged = readyPost(author, "no tag here");
		// rows a failure could leave: a post that no longer carries the tag, one that is
		// gone
		this.shards.write(this.shards.shardOfKey(tag),
				() -> this.shards.jdbc()
					.sql("INSERT INTO tag_post (tag, post_id) VALUES (:tag, :a), (:tag, :b)")
					.param("tag", tag)
					.param("a", untagged)
					.param("b", this.ids.nextId(2))
					.update());

		Reply page = get(newUser(), "/v1/tags/" + tag + "/posts?limit=1");

		assertThat(ids(page)).containsExactly(kept);
		assertThat(page.json().has("next_cursor")).isFalse();
	}

	@Test
	void refusesTooManyOrTooLongHashtagsAndABadTagCursorOrLimit() {
		long author = newUser();
		long postId = readyPost(author, "plain");
		StringBuilder many = new StringBuilder();
		for (int i = 0; i < 31; i++) {
			many.append("#t").append(i).append(' ');
		}
		String tooLong = "#" + "x".repeat(101);

		assertThat(field(upload(author, TestImages.png(TestImages.photo(20, 20)), "p.png", "image/png", "caption",
				many.toString())))
			.isEqualTo("caption");
		assertThat(field(patchJson(author, "/v1/posts/" + postId, "{\"caption\":\"" + tooLong + "\"}")))
			.isEqualTo("caption");
		assertThat(field(patchJson(author, "/v1/posts/" + postId, "{\"caption\":\"" + many + "\"}")))
			.isEqualTo("caption");
		assertThat(field(get(author, "/v1/tags/no-such!/posts"))).isEqualTo("tag");
		assertThat(field(get(author, "/v1/tags/" + "x".repeat(101) + "/posts"))).isEqualTo("tag");
		assertThat(field(get(author, "/v1/tags/porto/posts?cursor=bm9wZQ"))).isEqualTo("cursor");
		assertThat(field(get(author, "/v1/tags/porto/posts?cursor=%%%"))).isEqualTo("cursor");
		assertThat(field(get(author, "/v1/tags/porto/posts?limit=0"))).isEqualTo("limit");
		assertThat(field(get(author, "/v1/tags/porto/posts?limit=101"))).isEqualTo("limit");
	}

	private List<Long> indexed(String tag) {
		return this.shards.read(this.shards.shardOfKey(tag),
				() -> this.shards.jdbc()
					.sql("SELECT post_id FROM tag_post WHERE tag = :tag")
					.param("tag", tag)
					.query(Long.class)
					.list());
	}

	private long readyPost(long author, String caption) {
		Reply reply = upload(author, TestImages.png(TestImages.photo(40, 40)), "photo.png", "image/png", "caption",
				caption);
		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		long postId = reply.json().path("post_id").asLong();
		awaitStatus(author, postId, "READY");
		return postId;
	}

	private static String tag() {
		return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	private static String field(Reply reply) {
		return reply.assertProblem(400, "validation").path("errors").get(0).path("field").asString();
	}

	private static List<Long> ids(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json().path("posts").valueStream().map((post) -> post.path("post_id").asLong()).toList();
	}

}
