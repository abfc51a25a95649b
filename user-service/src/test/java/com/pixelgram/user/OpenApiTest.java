package com.pixelgram.user;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTest extends UserIntegrationTest {

	@Test
	void describesTheApiWithoutAToken() {
		JsonNode spec = api().get("/v3/api-docs", null).assertStatus(200);

		assertThat(spec.path("openapi").asString()).startsWith("3.1");
		assertThat(spec.path("paths").propertyNames()).contains("/v1/auth/register", "/v1/auth/login",
				"/v1/auth/refresh", "/v1/auth/logout", "/.well-known/jwks.json", "/v1/users/me", "/v1/users/{id}",
				"/v1/users/{id}/follow", "/v1/users/{id}/followers", "/v1/users/{id}/following", "/v1/users/search");
		assertThat(spec.path("paths").propertyNames()).noneMatch((path) -> path.startsWith("/internal"));
		assertThat(spec.path("paths").path("/v1/auth/register").path("post").path("summary").asString()).isNotBlank();
	}

	@Test
	void describesTheAccountLifecycleEndpoints() {
		JsonNode paths = api().get("/v3/api-docs", null).assertStatus(200).path("paths");

		for (String[] operation : new String[][] { { "/v1/auth/email/verify", "post" }, { "/v1/auth/email", "post" },
				{ "/v1/auth/email/undo", "post" }, { "/v1/auth/email/verification", "post" },
				{ "/v1/auth/password", "post" }, { "/v1/auth/password-reset", "post" },
				{ "/v1/auth/password-reset/confirm", "post" }, { "/v1/auth/sessions", "get" },
				{ "/v1/auth/sessions", "delete" }, { "/v1/auth/sessions/{sessionId}", "delete" } }) {
			assertThat(paths.path(operation[0]).path(operation[1]).path("summary").asString())
				.as("%s %s", operation[1], operation[0])
				.isNotBlank();
		}
		assertThat(paths.path("/v1/auth/password-reset").path("post").path("responses").has("202")).isTrue();
		assertThat(paths.path("/v1/auth/password").path("post").path("responses").has("403")).isTrue();
		assertThat(paths.path("/v1/auth/email").path("post").path("responses").has("409")).isTrue();
		assertThat(paths.path("/v1/auth/email/undo").path("post").path("responses").has("409")).isTrue();
	}

	@Test
	void describesReportsAndModeration() {
		JsonNode paths = api().get("/v3/api-docs", null).assertStatus(200).path("paths");

		for (String[] operation : new String[][] { { "/v1/reports", "post" }, { "/v1/moderation/reports", "get" },
				{ "/v1/moderation/reports/{id}/resolve", "post" },
				{ "/v1/moderation/users/{id}/reinstate", "post" } }) {
			assertThat(paths.path(operation[0]).path(operation[1]).path("summary").asString())
				.as("%s %s", operation[1], operation[0])
				.isNotBlank();
		}
		assertThat(paths.path("/v1/reports").path("post").path("responses").has("201")).isTrue();
		assertThat(paths.path("/v1/moderation/reports").path("get").path("responses").has("403")).isTrue();
	}

	@Test
	void describesTheDataExportEndpoints() {
		JsonNode paths = api().get("/v3/api-docs", null).assertStatus(200).path("paths");

		JsonNode request = paths.path("/v1/users/me/export").path("post");
		assertThat(request.path("summary").asString()).isNotBlank();
		assertThat(request.path("responses").has("202")).isTrue();
		JsonNode export = paths.path("/v1/users/me/exports/{id}").path("get");
		assertThat(export.path("summary").asString()).isNotBlank();
		assertThat(export.path("responses").has("404")).isTrue();
	}

	@Test
	void namesTheServiceAndItsBearerTokenScheme() {
		JsonNode spec = api().get("/v3/api-docs", null).assertStatus(200);

		assertThat(spec.path("info").path("title").asString()).isEqualTo("Pixelgram user-service");
		assertThat(spec.path("info").path("version").asString()).isEqualTo("v1");
		assertThat(spec.path("info").path("description").asString())
			.isEqualTo("Accounts, tokens, profiles, the follow graph and user search");
		JsonNode bearer = spec.path("components").path("securitySchemes").path("bearer");
		assertThat(bearer.path("type").asString()).isEqualTo("http");
		assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
		assertThat(bearer.path("bearerFormat").asString()).isEqualTo("JWT");
		assertThat(spec.path("security").path(0).has("bearer")).isTrue();
	}

}
