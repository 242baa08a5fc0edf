"""Prometheus metrics of one server instance (its own registry: no module globals).

``/metrics`` serves these plus gauges read from the database at scrape time (unposted
transactions, held envelopes, open alerts)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class ServerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("bisama_http_requests", "HTTP requests by route and status",
                                ["route", "status"], registry=self.registry)
        self.latency = Histogram("bisama_http_request_duration_seconds", "HTTP request time",
                                 ["route"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.envelopes = Counter("bisama_envelopes", "Envelopes received, by outcome",
                                 ["outcome"], registry=self.registry)
        self.refusals = Counter("bisama_push_refusals", "Push batches cut short, by code",
                                ["code"], registry=self.registry)
        self.push_phases = Histogram(
            "bisama_push_phase_seconds", "Time of each phase of a push: its checks, its wait "
            "for the same till's earlier batches, its transaction", ["phase"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.pulls = Counter("bisama_feed_changes_sent", "Feed changes sent to tills",
                             registry=self.registry)
