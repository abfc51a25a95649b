package com.pixelgram.post.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.pixelgram.post.export.ExportRecords.Comments;
import com.pixelgram.post.export.ExportRecords.ExportedComment;
import com.pixelgram.post.export.ExportRecords.ExportedLike;
import com.pixelgram.post.export.ExportRecords.ExportedPost;
import com.pixelgram.post.export.ExportRecords.Likes;
import com.pixelgram.post.export.ExportRecords.Posts;
import com.pixelgram.post.media.MediaKeys;
import com.pixelgram.post.media.MediaProperties;
import com.pixelgram.shard.Shards;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes the zip of a user's data to a file: {@code profile.json}, {@code posts.json},
 * {@code comments.json}, {@code likes.json} and {@code photos/<post_id>.<ext>}, each
 * original streamed from S3 into the zip, so that memory holds one buffer whatever the
 * number and size of the photos. The posts are in the user's shard; the likes and
 * comments the user made, beside the posts they are on, in every shard (by the
 * {@code user_id} indexes the erasure uses too).
 */
@Component
class ExportArchive {

	private final Shards shards;

	private final S3Client s3;

	private final MediaKeys keys;

	private final MediaProperties media;

	private final JsonMapper json;

	ExportArchive(Shards shards, S3Client s3, MediaKeys keys, MediaProperties media, JsonMapper json) {
		this.shards = shards;
		this.s3 = s3;
		this.keys = keys;
		this.media = media;
		this.json = json;
	}

	/** Writes the zip of the job's user to the file (replaced). */
	void write(ExportJob job, Path file) {
		List<PostRow> posts = this.shards.read(this.shards.shardOf(job.userId()), () -> posts(job.userId()));
		List<ExportedComment> comments = new ArrayList<>();
		List<ExportedLike> likes = new ArrayList<>();
		for (int shard = 0; shard < this.shards.count(); shard++) {
			comments.addAll(this.shards.read(shard, () -> comments(job.userId())));
			likes.addAll(this.shards.read(shard, () -> likes(job.userId())));
		}
		comments.sort((a, b) -> Long.compare(a.commentId(), b.commentId()));
		likes.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
				ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
			entry(zip, "profile.json",
					this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(this.json.readTree(job.profile())));
			List<ExportedPost> exported = new ArrayList<>();
			List<PostRow> withPhoto = new ArrayList<>();
			for (PostRow post : posts) {
				boolean stored = photoExists(post);
				exported.add(post.exported(stored ? photoPath(post) : null));
				if (stored) {
					withPhoto.add(post);
				}
			}
			entry(zip, "posts.json", pretty(new Posts(exported)));
			entry(zip, "comments.json", pretty(new Comments(comments)));
			entry(zip, "likes.json", pretty(new Likes(likes)));
			// Photos are compressed already: deflating them again costs CPU for nothing.
			zip.setLevel(Deflater.NO_COMPRESSION);
			for (PostRow post : withPhoto) {
				zip.putNextEntry(new ZipEntry(photoPath(post)));
				try (ResponseInputStream<GetObjectResponse> photo = this.s3.getObject(
						(request) -> request.bucket(this.media.bucket()).key(this.keys.originalKey(post.mediaKey())))) {
					photo.transferTo(zip);
				}
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private boolean photoExists(PostRow post) {
		try {
			this.s3.headObject(
					(request) -> request.bucket(this.media.bucket()).key(this.keys.originalKey(post.mediaKey())));
			return true;
		}
		catch (NoSuchKeyException ex) {
			return false;
		}
		catch (software.amazon.awssdk.services.s3.model.S3Exception ex) {
			if (ex.statusCode() == 404) {
				return false;
			}
			throw ex;
		}
	}

	private byte[] pretty(Object value) {
		return this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
	}

	private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content);
		zip.closeEntry();
	}

	private static String photoPath(PostRow post) {
		return "photos/" + post.postId() + "." + extension(post.mediaType());
	}

	private static String extension(String mediaType) {
		return switch (mediaType) {
			case "image/png" -> "png";
			case "image/webp" -> "webp";
			default -> "jpg";
		};
	}

	private List<PostRow> posts(long userId) {
		return this.shards.jdbc()
			.sql("SELECT post_id, caption, location, alt_text, media_key, media_type, width, height, upload_status, "
					+ "created_at, edited_at, hashtags, mentions::text AS mentions FROM post WHERE user_id = :user "
					+ "ORDER BY post_id")
			.param("user", userId)
			.query((rs, row) -> new PostRow(rs.getLong("post_id"), rs.getString("caption"), rs.getString("location"),
					rs.getString("alt_text"), rs.getString("media_key"), rs.getString("media_type"), rs.getInt("width"),
					rs.getInt("height"), rs.getString("upload_status"), instant(rs, "created_at"),
					instant(rs, "edited_at"), strings(rs.getArray("hashtags")), mentions(rs.getString("mentions"))))
			.list();
	}

	private List<ExportedComment> comments(long userId) {
		return this.shards.jdbc()
			.sql("SELECT comment_id, post_id, reply_to, text, mentions::text AS mentions, created_at FROM comment "
					+ "WHERE user_id = :user AND NOT deleted")
			.param("user", userId)
			.query((rs, row) -> {
				long replyTo = rs.getLong("reply_to");
				return new ExportedComment(rs.getLong("comment_id"), rs.getLong("post_id"),
						rs.wasNull() ? null : replyTo, rs.getString("text"), mentions(rs.getString("mentions")),
						instant(rs, "created_at"));
			})
			.list();
	}

	private List<ExportedLike> likes(long userId) {
		return this.shards.jdbc()
			.sql("SELECT post_id, created_at FROM post_like WHERE user_id = :user")
			.param("user", userId)
			.query((rs, row) -> new ExportedLike(rs.getLong("post_id"), instant(rs, "created_at")))
			.list();
	}

	private JsonNode mentions(String text) {
		return (text != null) ? this.json.readTree(text) : null;
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** A post row, with what the zip needs beyond {@code posts.json}. */
	private record PostRow(long postId, String caption, String location, String altText, String mediaKey,
			String mediaType, int width, int height, String uploadStatus, Instant createdAt, Instant editedAt,
			List<String> hashtags, JsonNode mentions) {

		ExportedPost exported(String photo) {
			return new ExportedPost(this.postId, this.caption, this.location, this.altText, this.hashtags,
					this.mentions, this.uploadStatus, this.width, this.height, photo, this.createdAt, this.editedAt);
		}

	}

}
