package com.pixelgram.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import com.pixelgram.id.IdGenerator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Seeds users in bulk through user-service's own tables, the way its registration writes
 * them (the account row in its logical shard, the directory and search entries in the
 * global schema), with COPY instead of one HTTP call and one Argon2 hash per user. The
 * same seed gives the same names.
 */
final class UserSeeder {

	private static final String[] FIRST = { "José", "Ana", "Zoë", "Jürgen", "Amélie", "Liam", "Noah", "Olivia", "Emma",
			"Mateo", "Chloé", "Søren", "Ilse", "Marta", "Kenji", "Aiyana", "Björn", "Léa", "Omar", "Priya" };

	private static final String[] LAST = { "García", "Smith", "Müller", "Dubois", "Rossi", "Nowak", "Silva",
			"Johansson", "Kowalski", "Novák", "Öztürk", "Tanaka", "O'Brien", "Peña", "Şahin", "Ivanova" };

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final int SHARDS = 8;

	/**
	 * Where user-service's two dev-stack databases are: shards 0-3 (+ global) and 4-7.
	 */
	record Databases(String first, String second, String username, String password) {

		String urlOf(int shard) {
			return (shard < SHARDS / 2) ? this.first : this.second;
		}

	}

	/**
	 * Seeds {@code count} users named {@code user<i>}, all with the password hash of an
	 * existing account.
	 * @return the IDs, in seeding order
	 */
	static List<Long> seed(Databases databases, int count, long seed, String passwordHash)
			throws SQLException, IOException {
		Random random = new Random(seed);
		IdGenerator ids = new IdGenerator();
		StringBuilder[] users = new StringBuilder[SHARDS];
		for (int i = 0; i < SHARDS; i++) {
			users[i] = new StringBuilder();
		}
		StringBuilder directory = new StringBuilder();
		StringBuilder search = new StringBuilder();
		List<Long> seeded = new ArrayList<>(count);
		String now = Instant.now().toString();
		for (int i = 0; i < count; i++) {
			int shard = i % SHARDS;
			long id = ids.nextId(shard);
			seeded.add(id);
			String username = "user" + i;
			String fullName = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
			users[shard].append(id)
				.append(',')
				.append(username)
				.append(',')
				.append(username)
				.append("@example.com,")
				.append(csv(passwordHash))
				.append(',')
				.append(csv(fullName))
				// verified emails: seeded users stand for established accounts, which
				// post
				// without the unverified accounts' daily limit
				.append(",,,true,0,0,0,")
				.append(now)
				.append(',')
				.append(now)
				.append('\n');
			directory.append(id)
				.append(',')
				.append(username)
				.append(',')
				.append(username)
				.append("@example.com,true\n");
			search.append(id)
				.append(',')
				.append(username)
				.append(',')
				.append(csv(fullName))
				.append(",,")
				.append(username)
				.append(',')
				.append(csv(normalize(fullName)))
				.append('\n');
		}
		for (int shard = 0; shard < SHARDS; shard++) {
			copy(databases, databases.urlOf(shard), String.format("shard_%04d", shard),
					"COPY users (id, username, email, password_hash, full_name, bio, profile_image_url, email_verified, "
							+ "followers_count, following_count, posts_count, created_at, updated_at) FROM STDIN (FORMAT csv)",
					users[shard]);
		}
		copy(databases, databases.first(), "global",
				"COPY directory (user_id, username_key, email_key, confirmed) FROM STDIN (FORMAT csv)", directory);
		copy(databases, databases.first(), "global", "COPY user_search (user_id, username, full_name, "
				+ "profile_image_url, username_norm, full_name_norm) FROM STDIN (FORMAT csv)", search);
		try (Connection connection = connect(databases, databases.first())) {
			connection.createStatement().execute("ANALYZE global.user_search");
		}
		return seeded;
	}

	/**
	 * The password hash user-service stored for an account, to reuse for seeded users.
	 */
	static String passwordHashOf(Databases databases, String username) throws SQLException {
		for (int shard = 0; shard < SHARDS; shard++) {
			try (Connection connection = connect(databases, databases.urlOf(shard));
					ResultSet row = connection.createStatement()
						.executeQuery(String.format("SELECT password_hash FROM shard_%04d.users WHERE username = '%s'",
								shard, username.replace("'", "''")))) {
				if (row.next()) {
					return row.getString(1);
				}
			}
		}
		throw new IllegalStateException("no account " + username);
	}

	private static void copy(Databases databases, String url, String schema, String sql, CharSequence rows)
			throws SQLException, IOException {
		try (Connection connection = connect(databases, url)) {
			connection.setSchema(schema);
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			copy.copyIn(sql, new StringReader(rows.toString()));
		}
	}

	private static Connection connect(Databases databases, String url) throws SQLException {
		return DriverManager.getConnection(url, databases.username(), databases.password());
	}

	private static String normalize(String text) {
		String bare = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
		return bare.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
	}

	private static String csv(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

}
