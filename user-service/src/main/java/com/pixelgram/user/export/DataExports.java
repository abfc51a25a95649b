package com.pixelgram.user.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.pixelgram.events.DataExportFailed;
import com.pixelgram.events.DataExportReady;
import com.pixelgram.events.DataExportRequested;
import com.pixelgram.id.IdGenerator;
import com.pixelgram.outbox.EventPublisher;
import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.Account;
import com.pixelgram.user.account.AccountRepository;
import com.pixelgram.user.profile.UserProfile;
import com.pixelgram.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * A user's data exports: the request, recorded with its {@code DataExportRequested} in
 * one transaction of the user's shard; post-service's answer; and the export as the user
 * polls it, with a fresh download link once READY.
 */
@Service
public class DataExports {

	private static final Logger log = LoggerFactory.getLogger(DataExports.class);

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final Shards shards;

	private final AccountRepository accounts;

	private final DataExportRepository exports;

	private final IdGenerator ids;

	private final EventPublisher events;

	private final JsonMapper json;

	private final ExportLinks links;

	private final ExportProperties properties;

	DataExports(Shards shards, AccountRepository accounts, DataExportRepository exports, IdGenerator ids,
			EventPublisher events, JsonMapper json, ExportLinks links, ExportProperties properties) {
		this.shards = shards;
		this.accounts = accounts;
		this.exports = exports;
		this.ids = ids;
		this.events = events;
		this.json = json;
		this.links = links;
		this.properties = properties;
	}

	/**
	 * Starts an export of the user's data, or answers the one still pending: a phone that
	 * retries gets the same export. The account's row is locked first, so two requests at
	 * once cannot both start one.
	 * @return the export's ID
	 */
	long request(long userId) {
		int shard = this.shards.shardOf(userId);
		return this.shards.write(shard, () -> {
			Account account = this.accounts.findForUpdate(userId)
				.orElseThrow(() -> ApiException.notFound("There is no such user."));
			return this.exports.pending(userId).map(DataExport::exportId).orElseGet(() -> {
				long exportId = this.ids.nextId(shard);
				Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
				this.exports.insert(exportId, userId, now);
				Map<String, Object> profile = this.json.convertValue(UserProfile.own(account), OBJECT);
				this.events.publish(new DataExportRequested(exportId, userId, profile, now));
				return exportId;
			});
		});
	}

	/**
	 * The user's export as the API shows it; another user's, or one that does not exist,
	 * is a 404 alike. Read from the primary: a phone polls right after its request, and a
	 * lagging replica would not know the export yet.
	 */
	DataExportView view(long userId, long exportId) {
		int shard = this.shards.shardOf(exportId);
		DataExport export = (shard != this.shards.shardOf(userId)) ? null
				: this.shards.write(shard, () -> this.exports.find(exportId).orElse(null));
		if (export == null || export.userId() != userId) {
			throw ApiException.notFound("There is no such export.");
		}
		String url = null;
		Instant expiresAt = null;
		Instant now = Instant.now();
		ExportStatus status = export.status();
		if (status == ExportStatus.READY && !export.completedAt().plus(this.properties.retention()).isAfter(now)) {
			// post-service deletes the zip at the same time (its
			// pixelgram.post.export.retention)
			status = ExportStatus.EXPIRED;
		}
		if (status == ExportStatus.READY) {
			expiresAt = now.plus(this.properties.linkTtl()).truncatedTo(ChronoUnit.SECONDS);
			url = this.links.download(export.objectKey(), export.exportId(), this.properties.linkTtl());
		}
		return new DataExportView(export.exportId(), status, export.createdAt(), export.completedAt(), url, expiresAt,
				(status == ExportStatus.READY) ? export.size() : null);
	}

	/** post-service stored the zip. A redelivery changes nothing. */
	public void ready(DataExportReady ready) {
		boolean changed = this.shards.write(this.shards.shardOf(ready.userId()),
				() -> this.exports.complete(ready.exportId(), ExportStatus.READY, ready.objectKey(), ready.size(),
						(ready.completedAt() != null) ? ready.completedAt() : Instant.now()));
		log.debug("Export {} of user {} ready (changed: {})", ready.exportId(), ready.userId(), changed);
	}

	/** post-service gave the export up. A redelivery changes nothing. */
	public void failed(DataExportFailed failed) {
		boolean changed = this.shards.write(this.shards.shardOf(failed.userId()),
				() -> this.exports.complete(failed.exportId(), ExportStatus.FAILED, null, null,
						(failed.failedAt() != null) ? failed.failedAt() : Instant.now()));
		if (changed) {
			log.warn("Export {} of user {} failed: {}", failed.exportId(), failed.userId(), failed.reason());
		}
	}

}
