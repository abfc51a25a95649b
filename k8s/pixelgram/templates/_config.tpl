{{/*
The application.yaml of one service, (dict "root" $ "key" $key): what connects it to its
infrastructure and to the other services, with the service's "config" value merged over it.
Property names are those of the services' application.yaml and @ConfigurationProperties records.
Secrets appear only as ${SECRET_...} placeholders; "pixelgram.secretEnv" fills them.
*/}}
{{- define "pixelgram.applicationConfig" -}}
{{- $root := .root -}}
{{- $key := .key -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- $values := index $root.Values $key -}}
{{- $rendered := include "pixelgram.applicationConfig.base" . | fromYaml -}}
{{- if $facts.redis -}}
{{- $rendered = mergeOverwrite $rendered (include "pixelgram.applicationConfig.redis" $root | fromYaml) -}}
{{- end -}}
{{- if $facts.aws -}}
{{- $rendered = mergeOverwrite $rendered (include "pixelgram.applicationConfig.aws" $root | fromYaml) -}}
{{- end -}}
{{- if $facts.sharded -}}
{{- $rendered = mergeOverwrite $rendered (include "pixelgram.applicationConfig.shards" . | fromYaml) -}}
{{- end -}}
{{- if $facts.s3 -}}
{{- $rendered = mergeOverwrite $rendered (include "pixelgram.applicationConfig.s3" $root | fromYaml) -}}
{{- end -}}
{{- $own := include (printf "pixelgram.applicationConfig.%s" $key) . | fromYaml -}}
{{- $rendered = mergeOverwrite $rendered $own -}}
{{- $rendered = mergeOverwrite $rendered (deepCopy (default dict $values.config)) -}}
{{- toYaml $rendered -}}
{{- end -}}

{{- define "pixelgram.applicationConfig.base" -}}
{{- $root := .root -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
management:
  server:
    port: {{ $root.Values.managementPort }}
  metrics:
    tags:
      # the label alerts and dashboards select a service by
      application: {{ $facts.component }}
  tracing:
    sampling:
      probability: {{ $root.Values.tracing.samplingProbability }}
  {{- with $root.Values.tracing.otlpEndpoint }}
  opentelemetry:
    tracing:
      export:
        otlp:
          endpoint: {{ . | quote }}
  {{- end }}
{{- with $root.Values.logLevels }}
logging:
  level:
    {{- toYaml . | nindent 4 }}
{{- end }}
pixelgram:
  security:
    jwks-uri: {{ printf "%s/.well-known/jwks.json" (include "pixelgram.serviceUri" (dict "root" $root "key" "user")) | quote }}
    issuer: {{ $root.Values.auth.issuer | quote }}
    audience: {{ $root.Values.auth.audience | quote }}
    {{- if $facts.internalCaller }}
    internal-token: "${SECRET_INTERNAL_TOKEN}"
    {{- end }}
    {{- with $facts.internalCallers }}
    # What each caller may call comes from the image's application.yaml; maps merge.
    internal-callers:
      {{- range . }}
      {{ . }}:
        token: {{ printf "${SECRET_INTERNAL_CALLER_%s_TOKEN}" (upper .) | quote }}
      {{- end }}
    {{- end }}
{{- end -}}

{{- define "pixelgram.applicationConfig.redis" -}}
spring:
  data:
    redis:
      url: {{ include "pixelgram.redisUrl" . | quote }}
      {{- if .Values.redis.cluster.enabled }}
      cluster:
        nodes:
          {{- required "redis.cluster.enabled needs redis.cluster.nodes" .Values.redis.cluster.nodes | toYaml | nindent 10 }}
      {{- end }}
{{- end -}}

{{- define "pixelgram.applicationConfig.aws" -}}
spring:
  cloud:
    aws:
      region:
        static: {{ .Values.aws.region | quote }}
      {{- with .Values.sqs.endpoint }}
      sqs:
        endpoint: {{ . | quote }}
      {{- end }}
pixelgram:
  events:
    queue-prefix: {{ .Values.sqs.queuePrefix | quote }}
    provision-queues: {{ .Values.sqs.provisionQueues }}
    max-receive-count: {{ .Values.sqs.maxReceiveCount }}
{{- end -}}

{{/*
The S3 client of the services that use the media bucket: post-service writes it, user-service
presigns download links to the data-export zips in it. Region and credentials are every AWS
service's (pixelgram.applicationConfig.aws, pixelgram.secretEnv).
*/}}
{{- define "pixelgram.applicationConfig.s3" -}}
{{- $s3 := .Values.s3 -}}
{{- if $s3.endpoint }}
spring:
  cloud:
    aws:
      s3:
        endpoint: {{ $s3.endpoint | quote }}
        path-style-access-enabled: {{ $s3.pathStyleAccess }}
{{- else if $s3.pathStyleAccess }}
spring:
  cloud:
    aws:
      s3:
        path-style-access-enabled: true
{{- end }}
{{- end -}}

{{/* The shard map; passwords are ${SECRET_DB_<i>_PASSWORD}. */}}
{{- define "pixelgram.applicationConfig.shards" -}}
{{- $root := .root -}}
{{- $values := index $root.Values .key -}}
{{- include "pixelgram.validateShardMap" . -}}
pixelgram:
  ids:
    node-bits: {{ $root.Values.ids.nodeBits }}
  shards:
    count: {{ $root.Values.shards.count }}
    migrate-on-start: {{ and $root.Values.shards.migrateOnStart (not $root.Values.migrations.enabled) }}
    global-database: {{ default (first $values.databases).name $values.globalDatabase | quote }}
    databases:
      {{- range $index, $database := $values.databases }}
      - name: {{ $database.name | quote }}
        url: {{ $database.url | quote }}
        username: {{ default $root.Values.postgresql.username $database.username | quote }}
        {{- if include "pixelgram.databasePasswordRef" (dict "root" $root "database" $database) }}
        password: {{ printf "${SECRET_DB_%d_PASSWORD}" $index | quote }}
        {{- end }}
        {{- with $database.poolSize }}
        pool-size: {{ . }}
        {{- end }}
        {{- with $database.replicaUrl }}
        replica-url: {{ . | quote }}
        {{- end }}
        shards:
          {{- range $database.shards }}
          - {{ toString . | quote }}
          {{- end }}
      {{- end }}
{{- end -}}

{{- define "pixelgram.applicationConfig.gateway" -}}
{{- $root := .root -}}
{{- $values := $root.Values.gateway -}}
pixelgram:
  gateway:
    {{- if hasKey $values "forwardHeadersStrategy" }}
    {{- fail "gateway.forwardHeadersStrategy is gone: it let clients choose their address; list the ingress controller's pod CIDR in gateway.trustedProxies" }}
    {{- end }}
    # X-Forwarded-For counts only as far as these proxies wrote it
    trusted-proxies: {{ toJson (default (list) $values.trustedProxies) }}
    user-service-uri: {{ include "pixelgram.serviceUri" (dict "root" $root "key" "user") | quote }}
    post-service-uri: {{ include "pixelgram.serviceUri" (dict "root" $root "key" "post") | quote }}
    feed-service-uri: {{ include "pixelgram.serviceUri" (dict "root" $root "key" "feed") | quote }}
    notification-service-uri: {{ include "pixelgram.serviceUri" (dict "root" $root "key" "notification") | quote }}
    rate-limit:
      enabled: {{ $values.rateLimit.enabled }}
      {{- with $values.rateLimit.rules }}
      rules:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/*
Signing keys: ${SECRET_JWT_KEY_<i>}. Without keys, user-service generates one and keeps it in its
database in clear, which it does only under the "local" profile: allowGeneratedKey says so, and
anything else is refused when installing or upgrading (helm template included; helm lint, which
installs nothing, renders the defaults).
*/}}
{{- define "pixelgram.applicationConfig.user" -}}
{{- $root := .root -}}
{{- $jwt := $root.Values.auth.jwt -}}
{{- if and (not $jwt.keys) (not $jwt.allowGeneratedKey) (or $root.Release.IsInstall $root.Release.IsUpgrade) -}}
{{- fail "auth.jwt.existingSecret and auth.jwt.keys are required: user-service's signing key must come from a Secret (kubectl create secret generic pixelgram-jwt --from-file=<kid>.pem, then auth.jwt.existingSecret=pixelgram-jwt and auth.jwt.keys=[{kid, secretKey: <kid>.pem, active: true}]). Only for a throwaway cluster, auth.jwt.allowGeneratedKey=true lets user-service generate a key and keep it in its database in clear" -}}
{{- end -}}
{{- if and (not $jwt.keys) $jwt.allowGeneratedKey }}
spring:
  profiles:
    active: local
{{- end }}
{{- if $jwt.keys }}
{{- if not $jwt.existingSecret -}}
{{- fail "auth.jwt.keys name keys of auth.jwt.existingSecret: set it" -}}
{{- end -}}
{{- $active := 0 -}}
{{- range $jwt.keys -}}
{{- if .active }}{{ $active = add1 $active }}{{ end -}}
{{- end -}}
{{- if and (ne $active 1) (gt (len $jwt.keys) 1) -}}
{{- fail (printf "auth.jwt.keys: exactly one key is active, found %d" $active) -}}
{{- end }}
{{- end }}
pixelgram:
  users:
    exports:
      # post-service's media bucket, where it writes the zips whose download links this
      # service presigns
      bucket: {{ $root.Values.s3.bucket | quote }}
    {{- with $root.Values.auth.moderators }}
    {{- if or .usernames .userIds }}
    roles:
      moderator-usernames: {{ .usernames | default list | toJson }}
      moderator-ids: {{ .userIds | default list | toJson }}
    {{- end }}
    {{- end }}
    {{- if $jwt.keys }}
    tokens:
      keys:
        {{- range $index, $k := $jwt.keys }}
        - kid: {{ required "auth.jwt.keys: every key needs a kid" $k.kid | quote }}
          private-key: {{ printf "${SECRET_JWT_KEY_%d}" $index | quote }}
          active: {{ or $k.active (eq (len $jwt.keys) 1) }}
        {{- end }}
    {{- end }}
{{- end -}}

{{- define "pixelgram.applicationConfig.post" -}}
{{- $root := .root -}}
{{- $s3 := $root.Values.s3 -}}
{{- $cdn := $root.Values.cdn.baseUrl -}}
{{- if not $cdn -}}
{{- if $s3.endpoint -}}
{{- $cdn = printf "%s/%s" (trimSuffix "/" $s3.endpoint) $s3.bucket -}}
{{- else -}}
{{- $cdn = printf "https://%s.s3.%s.amazonaws.com" $s3.bucket $root.Values.aws.region -}}
{{- end -}}
{{- end -}}
pixelgram:
  post:
    user-service-uri: {{ include "pixelgram.serviceUri" (dict "root" $root "key" "user") | quote }}
  media:
    bucket: {{ $s3.bucket | quote }}
    cdn-base-url: {{ trimSuffix "/" $cdn | quote }}
    lifecycle:
      apply-on-start: {{ $s3.applyLifecycleOnStart }}
{{- $invalidation := $root.Values.cdn.invalidation }}
{{- if eq $invalidation.provider "cloudfront" }}
    cdn:
      invalidation:
        provider: cloudfront
        distribution-id: {{ required "cdn.invalidation.distributionId is required with cdn.invalidation.provider cloudfront" $invalidation.distributionId | quote }}
        region: {{ $invalidation.region | quote }}
        {{- with $invalidation.endpoint }}
        endpoint: {{ . | quote }}
        {{- end }}
{{- end }}
{{- end -}}

{{- define "pixelgram.applicationConfig.feed" -}}
pixelgram:
  feed:
    user-service-uri: {{ include "pixelgram.serviceUri" (dict "root" .root "key" "user") | quote }}
    post-service-uri: {{ include "pixelgram.serviceUri" (dict "root" .root "key" "post") | quote }}
{{- end -}}

{{- define "pixelgram.applicationConfig.notification" -}}
{{- $push := .root.Values.notification.push -}}
pixelgram:
  notification:
    user-service-uri: {{ include "pixelgram.serviceUri" (dict "root" .root "key" "user") | quote }}
    post-service-uri: {{ include "pixelgram.serviceUri" (dict "root" .root "key" "post") | quote }}
    push:
      provider: {{ $push.provider | quote }}
      {{- if eq $push.provider "fcm" }}
      fcm:
        project-id: {{ required "notification.push.provider=fcm needs notification.push.fcm.projectId" $push.fcm.projectId | quote }}
        credentials-file: {{ printf "/etc/pixelgram/push/fcm/%s" $push.fcm.existingSecretKey | quote }}
      {{- end }}
      {{- if $push.apns.enabled }}
      apns:
        enabled: true
        base-url: {{ $push.apns.baseUrl | quote }}
        team-id: {{ required "notification.push.apns needs teamId" $push.apns.teamId | quote }}
        key-id: {{ required "notification.push.apns needs keyId" $push.apns.keyId | quote }}
        topic: {{ required "notification.push.apns needs topic" $push.apns.topic | quote }}
        private-key-file: {{ printf "/etc/pixelgram/push/apns/%s" $push.apns.existingSecretKey | quote }}
      {{- end }}
{{- end -}}

{{/*
Environment variables that fill the ${SECRET_...} placeholders, each from a Secret, and the AWS
keys when static ones are configured. (dict "root" $ "key" $key)
*/}}
{{- define "pixelgram.secretEnv" -}}
{{- $root := .root -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- $values := index $root.Values .key -}}
{{- if $facts.internalCaller }}
- name: SECRET_INTERNAL_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "pixelgram.internalTokenSecretName" $root }}
      key: {{ include "pixelgram.internalTokenSecretKey" (dict "root" $root "caller" $facts.internalCaller) }}
{{- end }}
{{- range $facts.internalCallers }}
- name: {{ printf "SECRET_INTERNAL_CALLER_%s_TOKEN" (upper .) }}
  valueFrom:
    secretKeyRef:
      name: {{ include "pixelgram.internalTokenSecretName" $root }}
      key: {{ include "pixelgram.internalTokenSecretKey" (dict "root" $root "caller" .) }}
{{- end }}
{{- if and $facts.redis $root.Values.redis.auth.enabled }}
{{- $ref := include "pixelgram.redisPasswordRef" $root | fromYaml }}
- name: SECRET_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $ref.secret }}
      key: {{ $ref.key }}
{{- end }}
{{- if $facts.sharded }}
{{- range $index, $database := $values.databases }}
{{- $ref := include "pixelgram.databasePasswordRef" (dict "root" $root "database" $database) | fromYaml }}
{{- if $ref }}
- name: {{ printf "SECRET_DB_%d_PASSWORD" $index }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.secret }}
      key: {{ $ref.key }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq .key "user" }}
{{- range $index, $k := $root.Values.auth.jwt.keys }}
- name: {{ printf "SECRET_JWT_KEY_%d" $index }}
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.auth.jwt.existingSecret }}
      key: {{ required "auth.jwt.keys: every key needs a secretKey" $k.secretKey }}
{{- end }}
{{- end }}
{{- if and $facts.aws $root.Values.aws.credentials.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.aws.credentials.existingSecret }}
      key: {{ $root.Values.aws.credentials.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.aws.credentials.existingSecret }}
      key: {{ $root.Values.aws.credentials.secretAccessKeyKey }}
{{- end }}
{{- end -}}
