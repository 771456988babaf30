"""Plumbing every service uses and no service owns: settings, Kafka, logging, metrics, dead
letters, supervised loops and the HTTP server that stops when a loop dies.

Not a service: ingest, extract and store import it (and never each other); it imports only
`schemas` below it. import-linter checks both rules (`pyproject.toml`).
"""
