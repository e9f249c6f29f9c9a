"""How close the client-side rate limiter keeps a connector to the contract's limit.

    .venv/bin/python benchmarks/connector_rate.py [--calls 60]

Against the sandbox (which enforces the contract's token buckets: Voso 10/s burst 10, Postmart
5/s burst 5), each connector makes the same number of reads two ways: with its limiter, and,
as the peer, with the limiter off (the server's 429s and the retry policy do the pacing).
Printed: 429s seen, elapsed time, and the ratio of elapsed time to the contract's bound ``(calls - burst) / rate`` (1.0 = as fast
as the contract allows; the limiter aims a little above, at 90 % of the rate).
"""

from __future__ import annotations

import argparse
import time

from connectors.postmart import PostmartConnector
from connectors.voso import VosoConnector
from ocop.config import MarketplaceConfig
from ocop.connector import Connector
from ocop.credentials import Secret
from ocop.http import RetryPolicy, TokenBucket
from ocop.sandbox import Sandbox

UNLIMITED = 1e9


def connector(
    sb: Sandbox, name: str, limiter: TokenBucket | None, policy: RetryPolicy
) -> Connector:
    if name == "voso":
        config = MarketplaceConfig(name, sb.voso.api_url, sb.voso.storefront_url)
        return VosoConnector(
            config,
            100001,
            Secret("sandbox-voso-partner-key"),
            200001,
            limiter=limiter,
            policy=policy,
        )
    config = MarketplaceConfig(name, sb.postmart.api_url, sb.postmart.storefront_url)
    return PostmartConnector(
        config,
        "sandbox-postmart-client",
        Secret("sandbox-postmart-secret"),
        limiter=limiter,
        policy=policy,
    )


def run(sb: Sandbox, name: str, calls: int, limited: bool) -> tuple[int, float]:
    policy = RetryPolicy(attempts=20, initial=0.1, cap=5)
    limiter = None if limited else TokenBucket(UNLIMITED, 10**6)
    client = connector(sb, name, limiter, policy)
    client.shop()  # token and connection set up outside the timing
    time.sleep(1.5)  # let the server's bucket refill
    start = time.perf_counter()
    for _ in range(calls):
        client.categories()
    elapsed = time.perf_counter() - start
    client.close()
    return len(policy.waits), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=60, help="reads per connector and mode")
    args = parser.parse_args()
    with Sandbox.start() as sb:
        for name, cls in (("voso", VosoConnector), ("postmart", PostmartConnector)):
            caps = cls.capabilities
            bound = max(args.calls - caps.burst, 1) / caps.rate_per_second
            for limited in (True, False):
                rejected, elapsed = run(sb, name, args.calls, limited)
                mode = "limiter on " if limited else "limiter off"
                print(
                    f"{name:8} {mode}: {args.calls} calls, {rejected:3d} × 429, "
                    f"{elapsed:6.2f} s, {elapsed / bound:4.2f} × the contract's bound"
                )


if __name__ == "__main__":
    main()
