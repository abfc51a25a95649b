package com.pixelgram.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The services allowed to call {@code /internal/**}, each known by its own token and
 * limited to its own paths: a leaked token opens only what its service needs, and one
 * service cannot pass for another.
 */
final class InternalCallers {

	private final List<Caller> callers;

	InternalCallers(Map<String, SecurityProperties.InternalCaller> configured) {
		List<Caller> callers = new ArrayList<>();
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		configured.forEach((name, caller) -> {
			if (caller.token() == null || caller.token().isBlank()) {
				return;
			}
			InternalToken token = new InternalToken(caller.token());
			for (Caller other : callers) {
				if (other.token().matches(caller.token())) {
					throw new IllegalStateException("pixelgram.security.internal-callers." + name + " and ."
							+ other.name() + " have the same token: every caller needs its own");
				}
			}
			List<RequestMatcher> matchers = caller.paths()
				.stream()
				.map(paths::matcher)
				.map(RequestMatcher.class::cast)
				.toList();
			callers
				.add(new Caller(name, token, matchers.isEmpty() ? (request) -> false : new OrRequestMatcher(matchers)));
		});
		this.callers = List.copyOf(callers);
	}

	/**
	 * Who presented this token, or {@code null} when no configured caller did. Every
	 * caller's token is compared, so the time taken says nothing about which one is
	 * close.
	 */
	Caller identify(String presented) {
		Caller found = null;
		for (Caller caller : this.callers) {
			if (caller.token().matches(presented) && found == null) {
				found = caller;
			}
		}
		return found;
	}

	/**
	 * A service allowed to call {@code /internal/**}.
	 *
	 * @param name its name in {@code pixelgram.security.internal-callers}
	 * @param token its token
	 * @param paths what it may call
	 */
	record Caller(String name, InternalToken token, RequestMatcher paths) {

		boolean mayCall(HttpServletRequest request) {
			return this.paths.matches(request);
		}

	}

}
