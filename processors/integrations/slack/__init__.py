"""Slack notifications of job failures through an incoming webhook."""

from processors.integrations.slack.notifier import SeenFailures, SlackNotifier
from processors.integrations.slack.sinks import LogSink, PostOutcome, WebhookSink

__all__ = ["LogSink", "PostOutcome", "SeenFailures", "SlackNotifier", "WebhookSink"]
