"""The jobs: plain functions from a trigger event (and a small context) to a result
event. They know nothing of Kafka; topics.yaml names them as handlers."""
