"""SUPPLIER background jobs as Kafka stream processors."""

__version__ = "0.1.0"
