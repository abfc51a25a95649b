# syntax=docker/dockerfile:1
#
# The container image of every Pixelgram service. One parameterised Dockerfile serves all
# five modules because they are built the same way (a layered Spring Boot jar started by
# Boot's JarLauncher) and differ only in which jar goes in and which port they listen on:
#
#   ./mvnw -DskipTests package
#   docker build --build-arg SERVICE=user-service --build-arg SERVER_PORT=8081 \
#       -t pixelgram/user-service:0.1.0 .
#
# SERVICE is the Maven module (gateway-service, user-service, post-service, feed-service,
# notification-service); its jar is <module>/target/<module>.jar (each pom sets that
# finalName). SERVER_PORT is the module's server.port (8080 to 8084); docker-compose.yml
# passes both. The jars are built beforehand: a Maven stage here would rebuild the whole
# reactor once per image.
#
# The services compile for Java 17 and run on a Java 25 JRE, where
# spring.threads.virtual.enabled=true gives them virtual threads.

# Stage 1: split the fat jar into Boot's layers (see BOOT-INF/layers.idx), so that an
# image rebuilt after a code change reuses the dependency layers.
FROM eclipse-temurin:25-jre AS extract
ARG SERVICE
RUN case "${SERVICE}" in \
		gateway-service|user-service|post-service|feed-service|notification-service) ;; \
		*) echo "Build with --build-arg SERVICE=<gateway|user|post|feed|notification>-service (got '${SERVICE}')" >&2; exit 1 ;; \
	esac
WORKDIR /extract
COPY ${SERVICE}/target/${SERVICE}.jar application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

# Stage 2: the runtime image.
FROM eclipse-temurin:25-jre
ARG SERVICE
ARG SERVER_PORT=8080
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="pixelgram-${SERVICE}" \
	org.opencontainers.image.description="Pixelgram ${SERVICE}" \
	org.opencontainers.image.version="${VERSION}"

# A fixed numeric UID/GID, so that volume permissions and Kubernetes' runAsUser agree.
RUN groupadd --system --gid 10001 pixelgram \
	&& useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
		--shell /usr/sbin/nologin pixelgram

# Least to most often changed, in the order of layers.idx. The files stay owned by root:
# the service can read its code but not change it.
WORKDIR /application
COPY --from=extract /extract/extracted/dependencies/ ./
COPY --from=extract /extract/extracted/spring-boot-loader/ ./
COPY --from=extract /extract/extracted/snapshot-dependencies/ ./
COPY --from=extract /extract/extracted/application/ ./

# Heap as a share of the container's memory limit (set one: without it the JVM sizes
# itself from the host's memory); the rest is for metaspace, thread stacks, direct
# buffers and the code cache. After an OutOfMemoryError the process exits so that the
# orchestrator restarts it, instead of limping on.
ENV SERVER_PORT=${SERVER_PORT} \
	JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

# Where user-service's signing key lives when a volume holds it (docker-compose.yml's
# signing-key volume): owned by the service's user, so that a new volume mounted here takes
# that ownership and the key job, running as that user, can write the key.
RUN mkdir -p /var/lib/pixelgram/keys && chown 10001:10001 /var/lib/pixelgram/keys && chmod 700 /var/lib/pixelgram/keys

USER 10001:10001
EXPOSE ${SERVER_PORT}

# The JRE image has neither curl nor wget: bash opens the socket itself. Ready means
# /actuator/health/readiness answers 200 (503 while starting, draining or when a
# dependency the service cannot work without is down). Actuator listens on
# MANAGEMENT_SERVER_PORT when it is set (management.server.port, as docker-compose.yml and
# the Helm chart set it), else on the service's port; bash reads both when the check runs.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
	CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-${SERVER_PORT}} && printf 'GET /actuator/health/readiness HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r -t 4 _ status _ <&3 && [ \"${status%$'\\r'}\" = 200 ]"]

# Netty 4.2 on Java 25 frees each direct buffer it does not pool by closing a shared
# memory arena, which stops every thread of the JVM for a handshake; with native access it
# calls free() instead. Without the flag, a feed read spent about a fifth of its CPU there.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "org.springframework.boot.loader.launch.JarLauncher"]
