package com.pixelgram.user.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.AccountRepository;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code data_export} rows of the current shard transaction. */
@Repository
class DataExportRepository {

	private static final String COLUMNS = "export_id, user_id, status, object_key, size, created_at, completed_at";

	private final Shards shards;

	DataExportRepository(Shards shards) {
		this.shards = shards;
	}

	Optional<DataExport> find(long exportId) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM data_export WHERE export_id = :id")
			.param("id", exportId)
			.query(DataExportRepository::map)
			.optional();
	}

	Optional<DataExport> pending(long userId) {
		return jdbc().sql("SELECT " + COLUMNS + " FROM data_export WHERE user_id = :user AND status = 'PENDING'")
			.param("user", userId)
			.query(DataExportRepository::map)
			.optional();
	}

	void insert(long exportId, long userId, Instant createdAt) {
		jdbc()
			.sql("INSERT INTO data_export (export_id, user_id, status, created_at) "
					+ "VALUES (:id, :user, 'PENDING', :createdAt)")
			.param("id", exportId)
			.param("user", userId)
			.param("createdAt", AccountRepository.timestamp(createdAt))
			.update();
	}

	/** Completes a pending export; an export already completed (a redelivery) stays. */
	boolean complete(long exportId, ExportStatus status, String objectKey, Long size, Instant completedAt) {
		return jdbc()
			.sql("UPDATE data_export SET status = :status, object_key = :key, size = :size, "
					+ "completed_at = :completedAt WHERE export_id = :id AND status = 'PENDING'")
			.param("status", status.name())
			.param("key", objectKey)
			.param("size", size)
			.param("completedAt", AccountRepository.timestamp(completedAt))
			.param("id", exportId)
			.update() > 0;
	}

	private JdbcClient jdbc() {
		return this.shards.jdbc();
	}

	private static DataExport map(ResultSet rs, int row) throws SQLException {
		long size = rs.getLong("size");
		return new DataExport(rs.getLong("export_id"), rs.getLong("user_id"),
				ExportStatus.valueOf(rs.getString("status")), rs.getString("object_key"), rs.wasNull() ? null : size,
				AccountRepository.instant(rs, "created_at"), AccountRepository.instant(rs, "completed_at"));
	}

}
