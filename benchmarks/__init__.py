"""Side-by-side throughput, CPU and latency runs of the runtime on the local broker.

Every scenario consumes the same Avro input and writes one result per message with
at-least-once semantics (an input offset is committed only after its output is
acknowledged); each run happens in a child process and is verified afterwards: no
message lost, none duplicated, the order of every key kept.
"""
