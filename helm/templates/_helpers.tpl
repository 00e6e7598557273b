{{/* Names, labels and the pieces every pod shares. */}}

{{- define "processors.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "processors.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "processors.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "processors.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "processors.selectorLabels" -}}
app.kubernetes.io/name: {{ include "processors.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "processors.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "processors.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: processors
{{- end -}}

{{- define "processors.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "processors.secretName" -}}
{{- .Values.existingSecret | default (printf "%s-credentials" (include "processors.fullname" .)) -}}
{{- end -}}

{{- define "processors.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "processors.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/*
The jobs of jobs.yaml (derived from topics.yaml) with the per-job changes of
.Values.jobs merged in, as YAML; a change for a job topics.yaml lacks fails.
*/}}
{{- define "processors.jobs" -}}
{{- $derived := (.Files.Get "jobs.yaml" | fromYaml).jobs | default dict -}}
{{- range $name, $_ := .Values.jobs -}}
{{- if not (hasKey $derived $name) -}}
{{- fail (printf "jobs.%s: no such job in jobs.yaml; known jobs: %s" $name (keys $derived | sortAlpha | join ", ")) -}}
{{- end -}}
{{- end -}}
{{- $merged := dict -}}
{{- range $name, $job := $derived -}}
{{- $_ := set $merged $name (merge (deepCopy (get $.Values.jobs $name | default dict)) $job) -}}
{{- end -}}
{{- toYaml $merged -}}
{{- end -}}

{{- define "processors.kafkaCaPath" -}}/etc/processors/kafka/ca.pem{{- end -}}

{{- define "processors.hasKafkaCa" -}}
{{- if or .Values.kafka.caCert .Values.kafka.caCertInExistingSecret -}}true{{- end -}}
{{- end -}}

{{/* Environment variables that depend on the pod or must be expanded. */}}
{{- define "processors.env" -}}
- name: HOST_IP
  valueFrom:
    fieldRef:
      fieldPath: status.hostIP
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- if include "processors.hasKafkaCa" . }}
- name: KAFKA_SSL_CA_LOCATION
  value: {{ include "processors.kafkaCaPath" . }}
{{- end }}
{{- with .Values.telemetry.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: http/protobuf
- name: OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE
  value: {{ $.Values.telemetry.metricsTemporality | quote }}
{{- end }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: {{ printf "k8s.pod.name=$(POD_NAME),k8s.namespace.name=%s%s" .Release.Namespace (ternary (printf ",%s" .Values.telemetry.resourceAttributes) "" (ne .Values.telemetry.resourceAttributes "")) | quote }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "processors.envFrom" -}}
- configMapRef:
    name: {{ include "processors.fullname" . }}-config
- secretRef:
    name: {{ include "processors.secretName" . }}
{{- end -}}

{{- define "processors.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.workers.tmpSizeLimit }}
- name: data
{{- if .Values.storage.persistentVolumeClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.storage.persistentVolumeClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- if include "processors.hasKafkaCa" . }}
- name: kafka-ca
  secret:
    secretName: {{ include "processors.secretName" . }}
    items:
      - key: KAFKA_SSL_CA_PEM
        path: ca.pem
{{- end }}
{{- end -}}

{{- define "processors.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: data
  mountPath: /app/var
{{- if include "processors.hasKafkaCa" . }}
- name: kafka-ca
  mountPath: /etc/processors/kafka
  readOnly: true
{{- end }}
{{- end -}}

{{- define "processors.podSpecCommon" -}}
serviceAccountName: {{ include "processors.serviceAccountName" . }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  {{- include "processors.volumes" . | nindent 2 }}
{{- end -}}

{{/* KEDA's name for a librdkafka SASL mechanism. */}}
{{- define "processors.kedaSasl" -}}
{{- $names := dict "PLAIN" "plaintext" "SCRAM-SHA-256" "scram_sha256" "SCRAM-SHA-512" "scram_sha512" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}
{{- required "kafka.saslMechanism is required with a SASL_* securityProtocol" (get $names .Values.kafka.saslMechanism) -}}
{{- end -}}
{{- end -}}
