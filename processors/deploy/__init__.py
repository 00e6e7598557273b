"""What deployments need to know about the jobs, derived from topics.yaml."""
