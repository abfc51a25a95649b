package com.pixelgram.notification.push;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.pixelgram.shard.Shards;
import com.pixelgram.web.ApiException;

import org.springframework.stereotype.Component;

/**
 * Push registrations, each in its owner's logical shard, and the global list of who holds
 * which token. A token is bound to whoever registered it: another user takes it only by
 * registering it after a login more recent than that registration (a fresh login on the
 * phone, after the first user logged out), and the first user's notifications then no
 * longer reach that phone. Anyone else is refused, so learning a token is not enough to
 * receive someone's notifications.
 */
@Component
public class Devices {

	private static final String TOKEN_HASH = "sha256(convert_to(:token, 'UTF8'))";

	private final Shards shards;

	private final PushProperties properties;

	Devices(Shards shards, PushProperties properties) {
		this.shards = shards;
		this.properties = properties;
	}

	/**
	 * Registers a device, or refreshes (and possibly changes the platform of) one already
	 * registered; the token leaves any other user, and the user's least recently
	 * registered devices beyond the limit go.
	 * @param loggedInAt when the user's session began: the {@code auth_time} of the
	 * access token, else its {@code iat}
	 * @throws ApiException 409 when another user registered the token after that
	 */
	Registration register(long userId, String platform, String token, Instant loggedInAt) {
		// The token is listed under the user before the user's row is written, and
		// unlisted only after a row is deleted (see db/global): each step is idempotent,
		// so a registration that failed halfway is completed by the client's retry. The
		// steps run one after the other, never nested, so a registration holds one
		// connection at a time.
		List<Long> previousOwners = this.shards.writeGlobal(() -> {
			// Locked: a concurrent registration of the same holder waits for this one.
			List<Instant> newerElsewhere = this.shards.jdbc()
				.sql("SELECT registered_at FROM device_token WHERE token_hash = " + TOKEN_HASH
						+ " AND user_id <> :user AND registered_at >= :login FOR UPDATE")
				.param("token", token)
				.param("user", userId)
				.param("login", OffsetDateTime.ofInstant(loggedInAt, ZoneOffset.UTC))
				.query((rs, row) -> rs.getTimestamp("registered_at").toInstant())
				.list();
			if (!newerElsewhere.isEmpty()) {
				throw ApiException.conflict("This device is registered to another account since before you logged in; "
						+ "log in again on it to move it to yours.");
			}
			this.shards.jdbc()
				.sql("INSERT INTO device_token (token_hash, user_id) VALUES (" + TOKEN_HASH + ", :user) "
						+ "ON CONFLICT (token_hash, user_id) DO UPDATE SET registered_at = now()")
				.param("token", token)
				.param("user", userId)
				.update();
			return this.shards.jdbc()
				.sql("SELECT user_id FROM device_token WHERE token_hash = " + TOKEN_HASH + " AND user_id <> :user")
				.param("token", token)
				.param("user", userId)
				.query(Long.class)
				.list();
		});
		previousOwners.forEach((previousOwner) -> remove(previousOwner, token));
		List<String> dropped = new ArrayList<>();
		Registration registration = this.shards.write(this.shards.shardOf(userId), () -> {
			Registration registered = this.shards.jdbc()
				.sql("INSERT INTO device (user_id, token, platform) VALUES (:user, :token, :platform) "
						+ "ON CONFLICT (user_id, token) DO UPDATE SET platform = EXCLUDED.platform, updated_at = now() "
						+ "RETURNING (xmax = 0) AS created, platform, created_at, updated_at")
				.param("user", userId)
				.param("token", token)
				.param("platform", platform)
				.query((rs, row) -> new Registration(rs.getBoolean("created"), rs.getString("platform"),
						rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
				.single();
			dropped.addAll(this.shards.jdbc()
				.sql("DELETE FROM device WHERE user_id = :user AND token IN (SELECT token FROM device "
						+ "WHERE user_id = :user ORDER BY updated_at DESC, token OFFSET :keep) RETURNING token")
				.param("user", userId)
				.param("keep", this.properties.maxDevicesPerUser())
				.query(String.class)
				.list());
			return registered;
		});
		dropped.forEach((droppedToken) -> unlist(userId, droppedToken));
		return registration;
	}

	/**
	 * Forgets every device of a deleted account: each token leaves the global index
	 * first, then the account's shard, so that a retry after a failure in between still
	 * finds the tokens. Idempotent.
	 */
	public void forget(long userId) {
		List<String> tokens = this.shards.read(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("SELECT token FROM device WHERE user_id = :user")
					.param("user", userId)
					.query(String.class)
					.list());
		tokens.forEach((token) -> unlist(userId, token));
		this.shards.write(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("DELETE FROM device WHERE user_id = :user")
					.param("user", userId)
					.update());
	}

	/** Removes a registration; removing one that is not there is fine. */
	void remove(long userId, String token) {
		this.shards.write(this.shards.shardOf(userId),
				() -> this.shards.jdbc()
					.sql("DELETE FROM device WHERE user_id = :user AND token = :token")
					.param("user", userId)
					.param("token", token)
					.update());
		unlist(userId, token);
	}

	private void unlist(long userId, String token) {
		this.shards.writeGlobal(() -> this.shards.jdbc()
			.sql("DELETE FROM device_token WHERE token_hash = " + TOKEN_HASH + " AND user_id = :user")
			.param("token", token)
			.param("user", userId)
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
