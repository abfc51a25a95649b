{{/*
The pod template of one service, shared by its Deployment or StatefulSet.
(dict "root" $ "key" $key)
*/}}
{{- define "pixelgram.podTemplate" -}}
{{- $root := .root -}}
{{- $facts := include "pixelgram.facts" . | fromYaml -}}
{{- $values := index $root.Values .key -}}
{{- $selector := include "pixelgram.componentSelectorLabels" . | fromYaml -}}
metadata:
  labels:
    {{- include "pixelgram.componentLabels" . | nindent 4 }}
    {{- with $values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include "pixelgram.applicationConfig" . | sha256sum }}
    checksum/secrets: {{ list $root.Values.postgresql $root.Values.redis.auth $root.Values.auth $root.Values.aws.credentials (index $values "push" | default dict) | toJson | sha256sum }}
    {{- with $values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "pixelgram.serviceAccountName" . }}
  # no service talks to the Kubernetes API
  automountServiceAccountToken: false
  # Service links would put <SERVICE>_PORT variables in the environment, which Spring binds too
  enableServiceLinks: false
  {{- with $root.Values.global.imagePullSecrets }}
  imagePullSecrets:
    {{- range . }}
    - name: {{ . }}
    {{- end }}
  {{- end }}
  {{- with $values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- if $root.Values.podSecurityContext.enabled }}
  securityContext:
    {{- omit $root.Values.podSecurityContext "enabled" | toYaml | nindent 4 }}
  {{- end }}
  terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
  {{- with $values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if $values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml $values.topologySpreadConstraints | nindent 4 }}
  {{- else if $root.Values.topologySpread.enabled }}
  topologySpreadConstraints:
    {{- range $topologyKey := list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
    - maxSkew: 1
      topologyKey: {{ $topologyKey }}
      whenUnsatisfiable: {{ $root.Values.topologySpread.whenUnsatisfiable }}
      labelSelector:
        matchLabels:
          {{- toYaml $selector | nindent 10 }}
    {{- end }}
  {{- end }}
  {{- with (concat $root.Values.initContainers (default list $values.initContainers)) }}
  initContainers:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ $facts.component }}
      image: {{ include "pixelgram.image" . }}
      imagePullPolicy: {{ include "pixelgram.imagePullPolicy" . }}
      ports:
        - name: http
          containerPort: {{ $facts.port }}
          protocol: TCP
        - name: management
          containerPort: {{ $root.Values.managementPort }}
          protocol: TCP
      env:
        - name: SPRING_CONFIG_ADDITIONAL_LOCATION
          value: file:/etc/pixelgram/config/
        - name: JAVA_TOOL_OPTIONS
          value: {{ trim (printf "%s %s" $root.Values.javaToolOptions $values.javaOptions) | quote }}
        {{- if eq $facts.kind "StatefulSet" }}
        # this replica's share of the ID sequence bits (pixelgram.ids.node-id)
        - name: PIXELGRAM_IDS_NODE_ID
          valueFrom:
            fieldRef:
              fieldPath: metadata.labels['apps.kubernetes.io/pod-index']
        {{- end }}
        {{- with (include "pixelgram.secretEnv" . | trim) }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with (concat $root.Values.extraEnvVars (default list $values.extraEnvVars)) }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with (concat $root.Values.extraEnvFrom (default list $values.extraEnvFrom)) }}
      envFrom:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $root.Values.containerSecurityContext.enabled }}
      securityContext:
        {{- omit $root.Values.containerSecurityContext "enabled" | toYaml | nindent 8 }}
      {{- end }}
      resources:
        {{- toYaml $values.resources | nindent 8 }}
      {{- with $root.Values.startupProbe }}
      {{- if .enabled }}
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        {{- omit . "enabled" | toYaml | nindent 8 }}
      {{- end }}
      {{- end }}
      {{- with $root.Values.livenessProbe }}
      {{- if .enabled }}
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        {{- omit . "enabled" | toYaml | nindent 8 }}
      {{- end }}
      {{- end }}
      {{- with $root.Values.readinessProbe }}
      {{- if .enabled }}
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: management
        {{- omit . "enabled" | toYaml | nindent 8 }}
      {{- end }}
      {{- end }}
      {{- if $root.Values.preStopSleepSeconds }}
      lifecycle:
        preStop:
          sleep:
            seconds: {{ $root.Values.preStopSleepSeconds }}
      {{- end }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        - name: config
          mountPath: /etc/pixelgram/config
          readOnly: true
        {{- if eq .key "notification" }}
        {{- if eq $values.push.provider "fcm" }}
        - name: push-fcm
          mountPath: /etc/pixelgram/push/fcm
          readOnly: true
        {{- end }}
        {{- if $values.push.apns.enabled }}
        - name: push-apns
          mountPath: /etc/pixelgram/push/apns
          readOnly: true
        {{- end }}
        {{- end }}
        {{- with (concat $root.Values.extraVolumeMounts (default list $values.extraVolumeMounts)) }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    {{- with (concat $root.Values.sidecars (default list $values.sidecars)) }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ $values.tmpDirSizeLimit }}
    - name: config
      configMap:
        name: {{ include "pixelgram.componentFullname" . }}
    {{- if eq .key "notification" }}
    {{- if eq $values.push.provider "fcm" }}
    - name: push-fcm
      secret:
        secretName: {{ required "notification.push.provider=fcm needs notification.push.fcm.existingSecret" $values.push.fcm.existingSecret }}
        defaultMode: 0440
        items:
          - key: {{ $values.push.fcm.existingSecretKey }}
            path: {{ $values.push.fcm.existingSecretKey }}
    {{- end }}
    {{- if $values.push.apns.enabled }}
    - name: push-apns
      secret:
        secretName: {{ required "notification.push.apns needs existingSecret" $values.push.apns.existingSecret }}
        defaultMode: 0440
        items:
          - key: {{ $values.push.apns.existingSecretKey }}
            path: {{ $values.push.apns.existingSecretKey }}
    {{- end }}
    {{- end }}
    {{- with (concat $root.Values.extraVolumes (default list $values.extraVolumes)) }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
