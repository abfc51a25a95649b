package com.pixelgram.notification.push;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pixelgram.shard.Shards;

import org.springframework.stereotype.Component;

/** Push registrations, each in its owner's logical shard. */
@Component
class Devices {

	private final Shards shards;

	private final PushProperties properties;

	Devices(Shards shards, PushProperties properties) {
		this.shards = shards;
		this.properties = properties;
	}

	/**
	 * Registers a device, or refreshes (and possibly changes the platform of) one already
	 * registered; the user's least recently registered devices beyond the limit go.
	 */
	Registration register(long userId, String platform, String token) {
		return this.shards.write(this.shards.shardOf(userId), () -> {
			Registration registration = this.shards.jdbc()
				.sql("INSERT INTO device (user_id, token, platform) VALUES (:user, :token, :platform) "
						+ "ON CONFLICT (user_id, token) DO UPDATE SET platform = EXCLUDED.platform, updated_at = now() "
						+ "RETURNING (xmax = 0) AS created, platform, created_at, updated_at")
				.param("user", userId)
				.param("token", token)
				.param("platform", platform)
				.query((rs, row) -> new Registration(rs.getBoolean("created"), rs.getString("platform"),
						rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
				.single();
			this.shards.jdbc()
				.sql("DELETE FROM device WHERE user_id = :user AND token IN (SELECT token FROM device "
						+ "WHERE user_id = :user ORDER BY updated_at DESC, token OFFSET :keep)")
				.param("user", userId)
				.param("keep", this.properties.maxDevicesPerUser())
				.update();
			return registration;
		});
	}

	/** Removes a registration; removing one that is not there is fine. */
	void remove(long userId, String token) {
		this.shards.write(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("DELETE FROM device WHERE user_id = :user AND token = :token")
					.param("user", userId)
					.param("token", token)
					.update());
	}

	/** The devices of the users, one query per logical shard. */
	List<Device> of(Collection<Long> userIds) {
		Map<Integer, List<Long>> byShard = new TreeMap<>();
		for (long userId : userIds) {
			byShard.computeIfAbsent(this.shards.shardOf(userId), (key) -> new ArrayList<>()).add(userId);
		}
		List<Device> devices = new ArrayList<>();
		byShard.forEach((shard, users) -> devices.addAll(this.shards.read(shard, () -> this.shards.jdbc()
			.sql("SELECT user_id, platform, token FROM device WHERE user_id = ANY(CAST(:users AS bigint[]))")
			.param("users", users.toArray(new Long[0]))
			.query((rs, row) -> new Device(rs.getLong("user_id"), rs.getString("platform"), rs.getString("token")))
			.list())));
		return devices;
	}

	/**
	 * The result of a registration.
	 *
	 * @param created whether the token was new for this user
	 * @param platform the platform
	 * @param createdAt first registration
	 * @param updatedAt latest registration
	 */
	record Registration(boolean created, String platform, Instant createdAt, Instant updatedAt) {

	}

}
