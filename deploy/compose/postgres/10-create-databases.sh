#!/usr/bin/env bash
# Creates, on one physical Postgres server, a database and a login role per sharded service:
# users (user-service), posts (post-service) and notifications (notification-service). Each
# role owns its database and nothing else, and no other role may connect to it, so that a
# service reaches only its own data (docs/architecture.md §3). The services' Flyway migrations create
# the logical shards' schemas (shard_0000, ...) and the global schema inside.
#
# The official postgres image runs this once, when it initialises an empty data directory
# (docker-entrypoint-initdb.d). Both postgres-a and postgres-b run it: each holds a range of
# every service's logical shards.
set -Eeo pipefail

: "${POSTGRES_USER:?}"
: "${PIXELGRAM_USERS_DB_PASSWORD:?set in .env}"
: "${PIXELGRAM_POSTS_DB_PASSWORD:?set in .env}"
: "${PIXELGRAM_NOTIFICATIONS_DB_PASSWORD:?set in .env}"

create_service_database() {
	local role="$1" database="$2" password="$3"
	psql --no-psqlrc --set=ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
		--set=role="$role" --set=database="$database" --set=password="$password" <<-'SQL'
		SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
		WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
		SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
		WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
		SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \gexec
	SQL
}

create_service_database pixelgram_users users "$PIXELGRAM_USERS_DB_PASSWORD"
create_service_database pixelgram_posts posts "$PIXELGRAM_POSTS_DB_PASSWORD"
create_service_database pixelgram_notifications notifications "$PIXELGRAM_NOTIFICATIONS_DB_PASSWORD"
