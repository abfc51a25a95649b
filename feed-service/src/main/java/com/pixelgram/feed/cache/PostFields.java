package com.pixelgram.feed.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pixelgram.events.Mention;
import com.pixelgram.events.PostMedia;
import com.pixelgram.feed.clients.PostView;

/**
 * The display fields of a post in one string, so that a page's posts come back from Redis
 * as a few values each rather than a hash of twenty fields: decoding the replies was the
 * largest part of a feed read's CPU. Each field is {@code <length>:<text>}, or {@code ~}
 * when absent, so any text fits without escaping; the renditions, largest first, follow
 * their count, then the hashtags after theirs, the time of the last edit, the mentions
 * after their count (user ID, username, start, end), the BlurHash and the photos after
 * their count (each photo's URLs, renditions after their count, size, BlurHash and
 * alternative text), absent for a post of one photo, which is the fields before. The
 * counts, which move in place, stay in fields of their own; an edit rewrites the whole
 * value.
 */
final class PostFields {

	private static final String VERSION = "p1|";

	/** Rendition names by size, largest first; names that are not sizes after them. */
	private static final Comparator<String> RENDITION_ORDER = Comparator
		.comparingInt((String name) -> name.chars().allMatch(Character::isDigit) && !name.isEmpty() && name.length() < 9
				? -Integer.parseInt(name) : 0)
		.thenComparing(Comparator.naturalOrder());

	private PostFields() {
	}

	static String encode(PostView post) {
		StringBuilder text = new StringBuilder(512).append(VERSION);
		put(text, post.caption());
		put(text, post.location());
		put(text, post.altText());
		put(text, post.imageUrl());
		put(text, post.thumbnailUrl());
		put(text, post.uploadStatus());
		put(text, (post.createdAt() != null) ? post.createdAt().toString() : null);
		put(text, Integer.toString(post.width()));
		put(text, Integer.toString(post.height()));
		putRenditions(text, post.renditions());
		// Appended after the renditions: a reader of the earlier layout stops before
		// them.
		put(text, (post.hashtags() != null) ? Integer.toString(post.hashtags().size()) : null);
		if (post.hashtags() != null) {
			post.hashtags().forEach((tag) -> put(text, tag));
		}
		put(text, (post.editedAt() != null) ? post.editedAt().toString() : null);
		// Appended after the time of the last edit, as the hashtags were.
		put(text, (post.mentions() != null) ? Integer.toString(post.mentions().size()) : null);
		if (post.mentions() != null) {
			post.mentions().forEach((mention) -> {
				put(text, Long.toString(mention.userId()));
				put(text, mention.username());
				put(text, Integer.toString(mention.start()));
				put(text, Integer.toString(mention.end()));
			});
		}
		put(text, post.blurhash());
		// Appended after the BlurHash, as the mentions were. A post of one photo, the
		// fields above, leaves them out: decoding derives them again, and most posts
		// are of one photo.
		List<PostMedia> media = onlyIfCarousel(post);
		put(text, (media != null) ? Integer.toString(media.size()) : null);
		if (media != null) {
			media.forEach((photo) -> {
				put(text, photo.imageUrl());
				put(text, photo.thumbnailUrl());
				putRenditions(text, photo.renditions());
				put(text, Integer.toString(photo.width()));
				put(text, Integer.toString(photo.height()));
				put(text, photo.blurhash());
				put(text, photo.altText());
			});
		}
		return text.toString();
	}

	/**
	 * The post's photos, or {@code null} when it has one and it is the photo of its
	 * top-level fields.
	 */
	private static List<PostMedia> onlyIfCarousel(PostView post) {
		List<PostMedia> media = post.media();
		if (media != null && media.size() == 1
				&& media.get(0)
					.equals(new PostMedia(post.imageUrl(), post.thumbnailUrl(), post.renditions(), post.width(),
							post.height(), post.blurhash(), post.altText()))) {
			return null;
		}
		return media;
	}

	/**
	 * The post of its encoded fields, with its IDs and counts, or {@code null} when the
	 * text is not an encoding of this version.
	 */
	static PostView decode(long postId, long authorId, String text, long likes, long comments) {
		if (text == null || !text.startsWith(VERSION)) {
			return null;
		}
		Reader reader = new Reader(text, VERSION.length());
		try {
			String caption = reader.next();
			String location = reader.next();
			String altText = reader.next();
			String imageUrl = reader.next();
			String thumbnailUrl = reader.next();
			String status = reader.next();
			String created = reader.next();
			int width = Integer.parseInt(reader.next());
			int height = Integer.parseInt(reader.next());
			Map<String, String> renditions = readRenditions(reader);
			List<String> hashtags = null;
			String edited = null;
			if (reader.hasNext()) {
				String tags = reader.next();
				if (tags != null) {
					int tagCount = Integer.parseInt(tags);
					hashtags = new ArrayList<>(tagCount);
					for (int i = 0; i < tagCount; i++) {
						hashtags.add(reader.next());
					}
				}
				edited = reader.next();
			}
			List<Mention> mentions = null;
			String blurhash = null;
			if (reader.hasNext()) {
				String mentionsCount = reader.next();
				if (mentionsCount != null) {
					int mentionCount = Integer.parseInt(mentionsCount);
					mentions = new ArrayList<>(mentionCount);
					for (int i = 0; i < mentionCount; i++) {
						mentions.add(new Mention(Long.parseLong(reader.next()), reader.next(),
								Integer.parseInt(reader.next()), Integer.parseInt(reader.next())));
					}
				}
				blurhash = reader.next();
			}
			List<PostMedia> media = null;
			if (reader.hasNext()) {
				String mediaCount = reader.next();
				if (mediaCount != null) {
					int photoCount = Integer.parseInt(mediaCount);
					media = new ArrayList<>(photoCount);
					for (int i = 0; i < photoCount; i++) {
						media.add(new PostMedia(reader.next(), reader.next(), readRenditions(reader),
								Integer.parseInt(reader.next()), Integer.parseInt(reader.next()), reader.next(),
								reader.next()));
					}
				}
			}
			return new PostView(postId, authorId, caption, location, altText, imageUrl, thumbnailUrl, renditions, width,
					height, likes, comments, (status != null) ? status : PostView.READY,
					(created != null) ? Instant.parse(created) : null, hashtags,
					(edited != null) ? Instant.parse(edited) : null, mentions, blurhash, media);
		}
		catch (RuntimeException ex) {
			// garbage (or a newer layout): a miss, the post is fetched and written again
			return null;
		}
	}

	private static void putRenditions(StringBuilder text, Map<String, String> unordered) {
		Map<String, String> renditions = new TreeMap<>(RENDITION_ORDER);
		if (unordered != null) {
			renditions.putAll(unordered);
		}
		put(text, Integer.toString(renditions.size()));
		renditions.forEach((name, url) -> {
			put(text, name);
			put(text, url);
		});
	}

	private static Map<String, String> readRenditions(Reader reader) {
		int count = Integer.parseInt(reader.next());
		Map<String, String> renditions = new LinkedHashMap<>(count * 2);
		for (int i = 0; i < count; i++) {
			renditions.put(reader.next(), reader.next());
		}
		return renditions;
	}

	private static void put(StringBuilder text, String value) {
		if (value == null) {
			text.append('~');
		}
		else {
			text.append(value.length()).append(':').append(value);
		}
	}

	private static final class Reader {

		private final String text;

		private int at;

		Reader(String text, int at) {
			this.text = text;
			this.at = at;
		}

		boolean hasNext() {
			return this.at < this.text.length();
		}

		String next() {
			if (this.text.charAt(this.at) == '~') {
				this.at++;
				return null;
			}
			int colon = this.text.indexOf(':', this.at);
			int length = Integer.parseInt(this.text, this.at, colon, 10);
			int start = colon + 1;
			this.at = start + length;
			return this.text.substring(start, this.at);
		}

	}

}
