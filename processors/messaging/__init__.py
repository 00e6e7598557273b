"""Kafka clients: admin (topics), producing, reading topics back."""
