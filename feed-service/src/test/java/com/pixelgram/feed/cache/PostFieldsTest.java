package com.pixelgram.feed.cache;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostMedia;
import com.pixelgram.feed.clients.PostView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostFieldsTest {

	private static final Instant CREATED = Instant.parse("2026-12-06T10:15:30.123Z");

	@Test
	void aPostComesBackAsItWasWrittenWithItsRenditionsLargestFirst() {
		Map<String, String> renditions = new LinkedHashMap<>();
		renditions.put("150", "https://cdn.example/p/150.jpg");
		renditions.put("1080", "https://cdn.example/p/1080.jpg");
		renditions.put("480", "https://cdn.example/p/480.jpg");
		renditions.put("720", "https://cdn.example/p/720.jpg");
		PostView post = new PostView(7, 9, "Dawn: 5:00 ~ sunrise ☀️ — «ok»", "Lisbon, PT", "a pier at dawn",
				"https://cdn.example/p/1080.jpg", "https://cdn.example/p/150.jpg", renditions, 1080, 1350, 3, 4,
				PostView.READY, CREATED);

		PostView read = PostFields.decode(7, 9, PostFields.encode(post), 11, 12);

		assertThat(read).isEqualTo(new PostView(7, 9, post.caption(), post.location(), post.altText(), post.imageUrl(),
				post.thumbnailUrl(), renditions, 1080, 1350, 11, 12, PostView.READY, CREATED));
		assertThat(List.copyOf(read.renditions().keySet())).containsExactly("1080", "720", "480", "150");
	}

	@Test
	void absentFieldsStayAbsentAndEmptyOnesEmpty() {
		PostView post = new PostView(1, 2, "", null, null, null, null, null, 0, 0, 0, 0, null, null);

		PostView read = PostFields.decode(1, 2, PostFields.encode(post), 0, 0);

		assertThat(read.caption()).isEmpty();
		assertThat(read.location()).isNull();
		assertThat(read.altText()).isNull();
		assertThat(read.createdAt()).isNull();
		assertThat(read.renditions()).isEmpty();
		assertThat(read.uploadStatus()).isEqualTo(PostView.READY);
	}

	@Test
	void hashtagsAndTheEditTimeFollowTheRenditionsAndAnEntryWithoutThemStillReads() {
		Instant edited = CREATED.plusSeconds(90).plusNanos(123_000);
		PostView post = new PostView(1, 2, "#été à #porto", null, null, "u", "t", Map.of("1080", "u"), 10, 10, 0, 0,
				PostView.READY, CREATED, List.of("été", "porto"), edited);
		String written = PostFields.encode(post);

		PostView read = PostFields.decode(1, 2, written, 0, 0);
		PostView earlier = PostFields.decode(1, 2, written.substring(0, written.indexOf("1:23:été")), 0, 0);

		assertThat(read.hashtags()).containsExactly("été", "porto");
		assertThat(read.editedAt()).isEqualTo(edited);
		assertThat(earlier.caption()).isEqualTo("#été à #porto");
		assertThat(earlier.hashtags()).isNull();
		assertThat(earlier.editedAt()).isNull();
	}

	@Test
	void anotherLayoutOrGarbageIsAMiss() {
		String written = PostFields.encode(new PostView(1, 2, "caption", null, null, "u", "t", Map.of("1080", "u"), 10,
				10, 0, 0, PostView.READY, CREATED));

		assertThat(PostFields.decode(1, 2, null, 0, 0)).isNull();
		assertThat(PostFields.decode(1, 2, "{\"caption\":\"x\"}", 0, 0)).isNull();
		assertThat(PostFields.decode(1, 2, written.substring(0, written.indexOf("4:1080") + 3), 0, 0)).isNull();
		assertThat(PostFields.decode(1, 2, "p1|5:abc", 0, 0)).isNull();
	}

	@Test
	void mentionsAndTheBlurhashFollowTheEditTimeAndAnEntryWithoutThemStillReads() {
		List<Mention> mentions = List.of(new Mention(41, "ana_b", 0, 6), new Mention(42, "x:y~z", 7, 13));
		PostView post = new PostView(1, 2, "@ana_b @x", null, null, "u", "t", Map.of("1080", "u"), 10, 10, 0, 0,
				PostView.READY, CREATED, List.of(), null, mentions, "LEHV6nWB2yk8pyo0adR*.7kCMdnj");
		String written = PostFields.encode(post);

		PostView read = PostFields.decode(1, 2, written, 0, 0);
		PostView earlier = PostFields.decode(1, 2, written.substring(0, written.indexOf("1:2" + "2:41")), 0, 0);

		assertThat(read.mentions()).isEqualTo(mentions);
		assertThat(read.blurhash()).isEqualTo("LEHV6nWB2yk8pyo0adR*.7kCMdnj");
		assertThat(earlier).isNotNull();
		assertThat(earlier.mentions()).isNull();
		assertThat(earlier.blurhash()).isNull();
		assertThat(earlier.hashtags()).isEmpty();
	}

	@Test
	void thePhotosFollowTheBlurhashAndAnEntryWithoutThemHasOnePhotoOfTheFirstsFields() {
		Map<String, String> first = Map.of("1080", "u0", "150", "t0");
		Map<String, String> second = new LinkedHashMap<>();
		second.put("150", "t1");
		second.put("1080", "u1");
		List<PostMedia> media = List.of(new PostMedia("u0", "t0", first, 10, 20, "LKO2?U%2Tw=w", "a ~ bay: 5:00"),
				new PostMedia("u1", "t1", second, 30, 40, null, null));
		PostView post = new PostView(1, 2, "two", null, "a ~ bay: 5:00", "u0", "t0", first, 10, 20, 0, 0,
				PostView.READY, CREATED, List.of(), null, List.of(), "LKO2?U%2Tw=w", media);
		String written = PostFields.encode(post);

		PostView read = PostFields.decode(1, 2, written, 0, 0);
		PostView earlier = PostFields.decode(1, 2, written.substring(0, written.lastIndexOf("1:2" + "2:u0")), 0, 0);

		assertThat(read.media()).isEqualTo(media);
		assertThat(List.copyOf(read.media().get(1).renditions().keySet())).containsExactly("1080", "150");
		assertThat(earlier).isNotNull();
		assertThat(earlier.media())
			.containsExactly(new PostMedia("u0", "t0", first, 10, 20, "LKO2?U%2Tw=w", "a ~ bay: 5:00"));
	}

	@Test
	void aPostOfOnePhotoIsWrittenOnceAndReadBackWithItsPhoto() {
		Map<String, String> renditions = Map.of("1080", "https://cdn.example/p/1080.jpg", "150",
				"https://cdn.example/p/150.jpg");
		PostView post = new PostView(1, 2, "one", null, "a bay", "https://cdn.example/p/1080.jpg",
				"https://cdn.example/p/150.jpg", renditions, 10, 20, 0, 0, PostView.READY, CREATED, List.of(), null,
				List.of(), "LKO2?U%2Tw=w", null);
		String written = PostFields.encode(post);

		PostView read = PostFields.decode(1, 2, written, 0, 0);

		assertThat(post.media()).hasSize(1);
		// once as the image URL, once as the 1080 rendition: not again for the photo
		assertThat(written.split("https://cdn.example/p/1080.jpg", -1)).hasSize(3);
		assertThat(read).isEqualTo(post);
	}

}
