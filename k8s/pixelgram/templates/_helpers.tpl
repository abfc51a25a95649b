{{/*
Names, labels, images and the facts of each service. Templates that render one object per service
range over "pixelgram.serviceKeys" and pass (dict "root" $ "key" $key) to the helpers below.
*/}}

{{- define "pixelgram.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pixelgram.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "pixelgram.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "pixelgram.labels" -}}
helm.sh/chart: {{ include "pixelgram.chart" . }}
app.kubernetes.io/name: {{ include "pixelgram.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: pixelgram
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select every pod of the release. */}}
{{- define "pixelgram.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pixelgram.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The facts of every service that values do not change: its port and what it uses. */}}
{{- define "pixelgram.serviceFacts" -}}
gateway:
  component: gateway-service
  port: 8080
  kind: Deployment
  redis: true
  aws: false
  s3: false
  cdn: false
  sharded: false
  internalCaller: ""
  internalCallers: []
  calledBy: []
user:
  component: user-service
  port: 8081
  kind: StatefulSet
  redis: true
  aws: true
  s3: true
  cdn: false
  sharded: true
  internalCaller: ""
  internalCallers: [post, feed, notification]
  calledBy: [gateway, post, feed, notification]
post:
  component: post-service
  port: 8082
  kind: StatefulSet
  redis: true
  aws: true
  s3: true
  cdn: true
  sharded: true
  internalCaller: post
  internalCallers: [feed, notification]
  calledBy: [gateway, feed, notification]
feed:
  component: feed-service
  port: 8083
  kind: Deployment
  redis: true
  aws: true
  s3: false
  cdn: false
  sharded: false
  internalCaller: feed
  internalCallers: []
  calledBy: [gateway]
notification:
  component: notification-service
  port: 8084
  kind: StatefulSet
  redis: false
  aws: true
  s3: false
  cdn: false
  sharded: true
  internalCaller: notification
  internalCallers: []
  calledBy: [gateway]
{{- end -}}

{{/*
The services in order. user, post and notification make IDs: they run as StatefulSets so that each
replica takes a distinct node number from its pod index (pixelgram.ids.node-id).
*/}}
{{- define "pixelgram.serviceKeys" -}}
["gateway", "user", "post", "feed", "notification"]
{{- end -}}

{{/* The facts of one service: (dict "root" $ "key" $key) */}}
{{- define "pixelgram.facts" -}}
{{- index (include "pixelgram.serviceFacts" .root | fromYaml) .key | toYaml -}}
{{- end -}}

{{/* The values of one service: (dict "root" $ "key" $key) */}}
{{- define "pixelgram.values" -}}
{{- index .root.Values .key | toYaml -}}
{{- end -}}

{{/* Full name of one service's objects, e.g. pixelgram-feed-service. */}}
{{- define "pixelgram.componentFullname" -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- printf "%s-%s" (include "pixelgram.fullname" .root) $facts.component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The headless governing Service of a StatefulSet, e.g. pixelgram-user-service-headless. */}}
{{- define "pixelgram.headlessServiceName" -}}
{{- printf "%s-headless" (include "pixelgram.componentFullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pixelgram.componentLabels" -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{ include "pixelgram.labels" .root }}
app.kubernetes.io/component: {{ $facts.component }}
{{- end -}}

{{- define "pixelgram.componentSelectorLabels" -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{ include "pixelgram.selectorLabels" .root }}
app.kubernetes.io/component: {{ $facts.component }}
{{- end -}}

{{/* Annotations of every object: metadata.annotations with commonAnnotations, or nothing. */}}
{{- define "pixelgram.annotations" -}}
{{- with .Values.commonAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
<registry>/<namespace>/<service>:<tag>, or <registry>/<repository>@<digest>: a service's own
<key>.image values win over image.* (and its registry over global.imageRegistry), its digest over
any tag.
*/}}
{{- define "pixelgram.image" -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- $image := .root.Values.image -}}
{{- $own := default dict (index .root.Values .key).image -}}
{{- $registry := $own.registry | default .root.Values.global.imageRegistry | default $image.registry -}}
{{- $repository := default (printf "%s/%s" $image.namespace $facts.component) $own.repository -}}
{{- $name := ternary (printf "%s/%s" $registry $repository) $repository (not (empty $registry)) -}}
{{- if $own.digest -}}
{{- if not (regexMatch "^sha256:[0-9a-f]{64}$" $own.digest) -}}
{{- fail (printf "%s.image.digest must be sha256:<64 hex digits>, was %q" .key $own.digest) -}}
{{- end -}}
{{- printf "%s@%s" $name $own.digest -}}
{{- else -}}
{{- printf "%s:%s" $name ($own.tag | default $image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{- define "pixelgram.imagePullPolicy" -}}
{{- $own := default dict (index .root.Values .key).image -}}
{{- default .root.Values.image.pullPolicy $own.pullPolicy -}}
{{- end -}}

{{- define "pixelgram.serviceAccountName" -}}
{{- $values := include "pixelgram.values" . | fromYaml -}}
{{- if $values.serviceAccount.create -}}
{{- default (include "pixelgram.componentFullname" .) $values.serviceAccount.name -}}
{{- else -}}
{{- default "default" $values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Base URI of a service inside the cluster: (dict "root" $ "key" $key) */}}
{{- define "pixelgram.serviceUri" -}}
{{- $values := include "pixelgram.values" . | fromYaml -}}
{{- printf "http://%s:%v" (include "pixelgram.componentFullname" .) $values.service.port -}}
{{- end -}}

{{/* Secrets. */}}
{{- define "pixelgram.internalTokenSecretName" -}}
{{- default (printf "%s-internal-token" (include "pixelgram.fullname" .)) .Values.auth.internalToken.existingSecret -}}
{{- end -}}

{{/*
The value the internal tokens are derived from. Installing or upgrading fails when it is missing
or short (helm lint renders without it, as it does without the signing keys).
*/}}
{{- define "pixelgram.internalTokenSeed" -}}
{{- $secret := .Values.auth.internalToken.secret -}}
{{- if and (not $secret) (or .Release.IsInstall .Release.IsUpgrade) -}}
{{- fail "auth.internalToken: set existingSecret (a Secret holding each calling service's token) or secret (at least 32 characters the chart derives the tokens from, e.g. openssl rand -hex 32)" -}}
{{- end -}}
{{- if and $secret (lt (len $secret) 32) -}}
{{- fail (printf "auth.internalToken.secret has %d characters: at least 32 are needed" (len $secret)) -}}
{{- end -}}
{{- $secret -}}
{{- end -}}

{{/* The key of one caller's token in the internal-token Secret: (dict "root" $ "caller" $name) */}}
{{- define "pixelgram.internalTokenSecretKey" -}}
{{- $internal := .root.Values.auth.internalToken -}}
{{- if $internal.existingSecret -}}
{{- required (printf "auth.internalToken.existingSecretKeys.%s: the key of %s-service's token" .caller .caller) (index $internal.existingSecretKeys .caller) -}}
{{- else -}}
{{- printf "%s-token" .caller -}}
{{- end -}}
{{- end -}}

{{/* The Secret the chart creates for passwords given as values (Postgres, Redis). */}}
{{- define "pixelgram.credentialsSecretName" -}}
{{- printf "%s-credentials" (include "pixelgram.fullname" .) -}}
{{- end -}}

{{- define "pixelgram.createsCredentialsSecret" -}}
{{- if or (and (not .Values.postgresql.existingSecret) .Values.postgresql.password) (and .Values.redis.auth.enabled (not .Values.redis.auth.existingSecret) .Values.redis.auth.password) -}}
true
{{- end -}}
{{- end -}}

{{/*
Where the password of one database entry is: {"secret": name, "key": key}, or {} when it has none.
(dict "root" $ "database" $database)
*/}}
{{- define "pixelgram.databasePasswordRef" -}}
{{- $pg := .root.Values.postgresql -}}
{{- if .database.existingSecret -}}
secret: {{ .database.existingSecret }}
key: {{ default "password" .database.existingSecretPasswordKey }}
{{- else if $pg.existingSecret -}}
secret: {{ $pg.existingSecret }}
key: {{ $pg.existingSecretPasswordKey }}
{{- else if $pg.password -}}
secret: {{ include "pixelgram.credentialsSecretName" .root }}
key: postgresql-password
{{- end -}}
{{- end -}}

{{/* Where the Redis password is, or {} when Redis has no authentication. */}}
{{- define "pixelgram.redisPasswordRef" -}}
{{- $auth := .Values.redis.auth -}}
{{- if $auth.enabled -}}
{{- if $auth.existingSecret -}}
secret: {{ $auth.existingSecret }}
key: {{ $auth.existingSecretPasswordKey }}
{{- else if $auth.password -}}
secret: {{ include "pixelgram.credentialsSecretName" . }}
key: redis-password
{{- else -}}
{{- fail "redis.auth.enabled needs redis.auth.existingSecret or redis.auth.password" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The Redis URL; the password is a placeholder resolved from the environment. */}}
{{- define "pixelgram.redisUrl" -}}
{{- $redis := .Values.redis -}}
{{- $credentials := "" -}}
{{- if $redis.auth.enabled -}}
{{- $credentials = printf "%s:${SECRET_REDIS_PASSWORD}@" $redis.username -}}
{{- else if $redis.username -}}
{{- $credentials = printf "%s@" $redis.username -}}
{{- end -}}
{{- printf "%s://%s%s:%v/%v" (ternary "rediss" "redis" $redis.tls) $credentials $redis.host $redis.port $redis.database -}}
{{- end -}}

{{/*
Fails unless the databases of a sharded service hold every logical shard 0..count-1 exactly once.
(dict "root" $ "key" $key)
*/}}
{{- define "pixelgram.validateShardMap" -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- $values := index .root.Values .key -}}
{{- $count := int .root.Values.shards.count -}}
{{- if or (lt $count 1) (gt $count 8192) -}}
{{- fail (printf "shards.count must be between 1 and 8192 (13 bits of an ID), was %d" $count) -}}
{{- end -}}
{{- if empty $values.databases -}}
{{- fail (printf "%s.databases is empty: %s needs at least one database" .key $facts.component) -}}
{{- end -}}
{{- $seen := dict -}}
{{- $names := dict -}}
{{- range $database := $values.databases -}}
{{- if not $database.name -}}
{{- fail (printf "%s.databases: every database needs a name" $.key) -}}
{{- end -}}
{{- if hasKey $names $database.name -}}
{{- fail (printf "%s.databases: the name %q is used twice" $.key $database.name) -}}
{{- end -}}
{{- $_ := set $names $database.name true -}}
{{- if not $database.url -}}
{{- fail (printf "%s.databases: database %q needs a url" $.key $database.name) -}}
{{- end -}}
{{- range $range := $database.shards -}}
{{- $bounds := splitList "-" (toString $range) -}}
{{- $from := atoi (first $bounds) -}}
{{- $to := atoi (last $bounds) -}}
{{- if or (gt (len $bounds) 2) (ne (toString $from) (first $bounds)) (ne (toString $to) (last $bounds)) (gt $from $to) -}}
{{- fail (printf "%s.databases: %q of database %q is not a shard or a range of shards (\"0-511\")" $.key (toString $range) $database.name) -}}
{{- end -}}
{{- if ge $to $count -}}
{{- fail (printf "%s.databases: database %q holds shard %d, beyond shards.count (%d)" $.key $database.name $to $count) -}}
{{- end -}}
{{- range $shard := untilStep $from (int (add1 $to)) 1 -}}
{{- if hasKey $seen (toString $shard) -}}
{{- fail (printf "%s.databases: logical shard %d is in database %q and in database %q" $.key $shard (get $seen (toString $shard)) $database.name) -}}
{{- end -}}
{{- $_ := set $seen (toString $shard) $database.name -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if ne (len $seen) $count -}}
{{- fail (printf "%s.databases hold %d of the %d logical shards: every shard needs a database" .key (len $seen) $count) -}}
{{- end -}}
{{- if and $values.globalDatabase (not (hasKey $names $values.globalDatabase)) -}}
{{- fail (printf "%s.globalDatabase %q is none of %s.databases" .key $values.globalDatabase .key) -}}
{{- end -}}
{{- end -}}

{{/* Fails when an ID-making service may run more replicas than node numbers exist. */}}
{{- define "pixelgram.validateReplicas" -}}
{{- $values := index .root.Values .key -}}
{{- $bits := int .root.Values.ids.nodeBits -}}
{{- if or (lt $bits 0) (gt $bits 6) -}}
{{- fail (printf "ids.nodeBits must be between 0 and 6, was %d" $bits) -}}
{{- end -}}
{{- $nodes := 1 -}}
{{- range until $bits -}}
{{- $nodes = mul $nodes 2 -}}
{{- end -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- $most := ternary (int $values.autoscaling.maxReplicas) (int $values.replicaCount) $values.autoscaling.enabled -}}
{{- $setting := ternary "autoscaling.maxReplicas" "replicaCount" $values.autoscaling.enabled -}}
{{- if gt $most $nodes -}}
{{- fail (printf "%s may run %d replicas (%s.%s) but ids.nodeBits=%d numbers only %d: raise ids.nodeBits (with every pod stopped) or lower the replicas" $facts.component $most .key $setting $bits $nodes) -}}
{{- end -}}
{{- end -}}

{{/*
The rule file files/prometheus/alerts.yaml with its parameters filled: ${thresholds.NAME} and
${selectors.NAME} from metrics.prometheusRule, runbook links under runbookBaseUrl. A parameter
without a value fails the rendering.
*/}}
{{- define "pixelgram.alertRules" -}}
{{- $rule := .Values.metrics.prometheusRule }}
{{- $groups := .Files.Get "files/prometheus/alerts.yaml" }}
{{- range $kind := list "thresholds" "selectors" }}
{{- range $name, $value := (get $rule $kind) }}
{{- $groups = replace (printf "${%s.%s}" $kind $name) (toString $value) $groups }}
{{- end }}
{{- end }}
{{- with (regexFind "\\$\\{[A-Za-z]+\\.[A-Za-z]+\\}" $groups) }}
{{- fail (printf "files/prometheus/alerts.yaml uses %s, which metrics.prometheusRule does not set" .) }}
{{- end }}
{{- with $rule.runbookBaseUrl }}
{{- $groups = replace "https://pixelgram.dev/runbooks/" (printf "%s/" (trimSuffix "/" .)) $groups }}
{{- end }}
{{- $groups }}
{{- end }}

{{/* The port of a URL: its own, or its scheme's (443 for https, 80 otherwise). */}}
{{- define "pixelgram.urlPort" -}}
{{- $url := urlParse . -}}
{{- $host := get $url "host" -}}
{{- if regexMatch ":[0-9]+$" $host -}}
{{- regexFind "[0-9]+$" $host -}}
{{- else -}}
{{- ternary "443" "80" (eq (get $url "scheme") "https") -}}
{{- end -}}
{{- end -}}

{{/*
One egress rule: (dict "comment" text "to" peers "ports" ports). No peers: any address, on
those ports.
*/}}
{{- define "pixelgram.egressRule" -}}
{{- $ports := list -}}
{{- range .ports -}}
{{- $ports = append $ports (int .) -}}
{{- end -}}
# {{ .comment }}
- {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  ports:
    {{- range $port := $ports | uniq }}
    - port: {{ int $port }}
      protocol: TCP
    {{- end }}
{{- end -}}

{{/* Egress to the cluster DNS, UDP and TCP. */}}
{{- define "pixelgram.egressRule.dns" -}}
{{- $dns := .Values.networkPolicy.egress.dns -}}
# the cluster DNS
- to:
    - namespaceSelector:
        matchLabels:
          {{- toYaml $dns.namespaceLabels | nindent 10 }}
      {{- with $dns.podLabels }}
      podSelector:
        matchLabels:
          {{- toYaml . | nindent 10 }}
      {{- end }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{/* The egress rules of one service: (dict "root" $ "key" $key) */}}
{{- define "pixelgram.egressRules" -}}
{{- $root := .root -}}
{{- $key := .key -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- $values := index $root.Values $key -}}
{{- $egress := $root.Values.networkPolicy.egress -}}
{{- $callees := list -}}
{{- range $callee := include "pixelgram.serviceKeys" $root | fromJsonArray -}}
{{- $calleeFacts := include "pixelgram.facts" (dict "root" $root "key" $callee) | fromYaml -}}
{{- if has $key $calleeFacts.calledBy -}}
{{- $callees = append $callees $calleeFacts.component -}}
{{- end -}}
{{- end -}}
{{ include "pixelgram.egressRule.dns" $root }}
{{- with $callees }}
# the services of the suite this one calls
- to:
    - podSelector:
        matchExpressions:
          - key: app.kubernetes.io/instance
            operator: In
            values:
              - {{ $root.Release.Name | quote }}
          - key: app.kubernetes.io/name
            operator: In
            values:
              - {{ include "pixelgram.name" $root | quote }}
          - key: app.kubernetes.io/component
            operator: In
            values:
              {{- toYaml . | nindent 14 }}
  ports:
    - port: http
      protocol: TCP
{{- end }}
{{- if $facts.sharded }}
{{ include "pixelgram.egressRule" (dict "comment" "Postgres" "to" $egress.postgresql.to "ports" $egress.postgresql.ports) }}
{{- end }}
{{- if $facts.redis }}
{{- $ports := list $root.Values.redis.port -}}
{{- if $root.Values.redis.cluster.enabled -}}
{{- range $node := $root.Values.redis.cluster.nodes -}}
{{- $ports = append $ports (regexFind "[0-9]+$" $node) -}}
{{- end -}}
{{- end }}
{{ include "pixelgram.egressRule" (dict "comment" "Redis" "to" $egress.redis.to "ports" $ports) }}
{{- end }}
{{- if $facts.aws }}
{{- $ports := $egress.aws.ports -}}
{{- with $root.Values.sqs.endpoint -}}
{{- $ports = append $ports (include "pixelgram.urlPort" .) -}}
{{- end -}}
{{- if $facts.s3 -}}
{{- with $root.Values.s3.endpoint -}}
{{- $ports = append $ports (include "pixelgram.urlPort" .) -}}
{{- end -}}
{{- end -}}
{{- if and $facts.cdn (eq $root.Values.cdn.invalidation.provider "cloudfront") -}}
{{- with $root.Values.cdn.invalidation.endpoint -}}
{{- $ports = append $ports (include "pixelgram.urlPort" .) -}}
{{- end -}}
{{- end }}
{{ include "pixelgram.egressRule" (dict "comment" (ternary "SQS, S3 and the CDN's API" (ternary "SQS and S3" "SQS" $facts.s3) $facts.cdn) "to" $egress.aws.to "ports" $ports) }}
{{- end }}
{{- with $root.Values.tracing.otlpEndpoint }}
{{ include "pixelgram.egressRule" (dict "comment" "the OTLP collector" "to" $egress.tracing.to "ports" (list (include "pixelgram.urlPort" .))) }}
{{- end }}
{{- if eq $key "notification" }}
{{- $ports := list -}}
{{- if eq $values.push.provider "fcm" -}}
{{- $ports = append $ports 443 -}}
{{- end -}}
{{- if $values.push.apns.enabled -}}
{{- $ports = append $ports (include "pixelgram.urlPort" $values.push.apns.baseUrl) -}}
{{- end -}}
{{- with $ports }}
{{ include "pixelgram.egressRule" (dict "comment" "the push providers (FCM, APNs)" "to" $egress.push.to "ports" .) }}
{{- end }}
{{- end }}
{{- with $egress.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end -}}
