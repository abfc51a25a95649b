package com.pixelgram.user.search;

import java.util.List;
import java.util.Set;

import com.pixelgram.shard.Shards;
import com.pixelgram.user.account.UserSummary;

import org.springframework.stereotype.Repository;

/**
 * The search query over the global table. Each tier is answered from an index: the exact
 * username from the b-tree; prefixes (of the username, of the full name or of a word in
 * it) and similar names from the trigram indexes, walked nearest-first so that a tier
 * reads about as many rows as it returns, however many names are alike. The query text
 * only ever travels as a parameter. Each tier leaves out the users blocked either way by
 * the searcher, so that a page is full however many they are.
 */
@Repository
class SearchRepository {

	static final String QUERY = """
			SELECT user_id, username, full_name, profile_image_url, min(tier) AS tier, max(score) AS score
			FROM (
			    (SELECT user_id, username, full_name, profile_image_url, 0 AS tier, 1.0::real AS score
			       FROM user_search
			      WHERE username_norm = :q AND NOT (user_id = ANY(:hidden))
			      LIMIT 1)
			    UNION ALL
			    (SELECT user_id, username, full_name, profile_image_url, 1, 1 - (username_norm <-> :q)
			       FROM user_search
			      WHERE username_norm LIKE :prefix ESCAPE '\\' AND NOT (user_id = ANY(:hidden))
			      ORDER BY username_norm <-> :q
			      LIMIT :limit)
			    UNION ALL
			    (SELECT user_id, username, full_name, profile_image_url, 1, 1 - (full_name_norm <-> :q)
			       FROM user_search
			      WHERE (full_name_norm LIKE :prefix ESCAPE '\\' OR full_name_norm LIKE :wordPrefix ESCAPE '\\')
			        AND NOT (user_id = ANY(:hidden))
			      ORDER BY full_name_norm <-> :q
			      LIMIT :limit)
			    UNION ALL
			    (SELECT user_id, username, full_name, profile_image_url, 2, 1 - (username_norm <-> :q)
			       FROM user_search
			      WHERE username_norm % :q AND NOT (user_id = ANY(:hidden))
			      ORDER BY username_norm <-> :q
			      LIMIT :limit)
			    UNION ALL
			    (SELECT user_id, username, full_name, profile_image_url, 2, 1 - (full_name_norm <-> :q)
			       FROM user_search
			      WHERE full_name_norm % :q AND NOT (user_id = ANY(:hidden))
			      ORDER BY full_name_norm <-> :q
			      LIMIT :limit)
			) AS matches
			GROUP BY user_id, username, full_name, profile_image_url
			ORDER BY tier, score DESC, username
			LIMIT :limit
			""";

	private final Shards shards;

	SearchRepository(Shards shards) {
		this.shards = shards;
	}

	/** Matches of a normalised query, best first, but the hidden users. */
	List<UserSummary> search(String normalized, Set<Long> hidden, int limit) {
		String escaped = SearchText.escapeLike(normalized);
		return this.shards.readGlobal(() -> this.shards.jdbc()
			.sql(QUERY)
			.param("q", normalized)
			.param("prefix", escaped + "%")
			.param("wordPrefix", "% " + escaped + "%")
			.param("limit", limit)
			.param("hidden", hidden.toArray(Long[]::new))
			.query((rs, row) -> new UserSummary(rs.getLong("user_id"), rs.getString("username"),
					rs.getString("full_name"), rs.getString("profile_image_url")))
			.list());
	}

}
