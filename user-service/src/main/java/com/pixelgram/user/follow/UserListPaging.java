package com.pixelgram.user.follow;

import com.pixelgram.web.Paging;
import com.pixelgram.web.PagingProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The paging of every user list this package serves (followers, following, blocks, mutes,
 * follow requests): the page sizes of {@link FollowProperties}, the deepest offset of
 * {@link PagingProperties}, and the RFC 8288 link to the next page.
 */
@Component
class UserListPaging {

	private final FollowProperties properties;

	private final PagingProperties pageDepth;

	UserListPaging(FollowProperties properties, PagingProperties pageDepth) {
		this.properties = properties;
		this.pageDepth = pageDepth;
	}

	/** The validated paging of a request (400 problems for bad values). */
	Paging of(Integer page, Integer limit) {
		return Paging.of(page, limit, this.properties.defaultPageSize(), this.properties.maxPageSize(),
				this.pageDepth.maxOffset());
	}

	/**
	 * The page as a response, with the link to the next page when there is one: a
	 * path-absolute reference, so that it stays right behind the gateway.
	 * @param body the page's body
	 * @param result the page read
	 * @param path the list's path, without a query
	 * @param paging the request's paging
	 */
	static <T> ResponseEntity<T> response(T body, FollowGraph.Page result, String path, Paging paging) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (result.hasNext()) {
			response.header(HttpHeaders.LINK,
					"<" + path + "?page=" + (paging.page() + 1) + "&limit=" + paging.limit() + ">; rel=\"next\"");
		}
		return response.body(body);
	}

}
