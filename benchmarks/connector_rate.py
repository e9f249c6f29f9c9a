"""How close the client-side rate limiter keeps a connector to the contract's limit.

    .venv/bin/python benchmarks/connector_rate.py [--calls 60]

Against each installed marketplace's sandbox (which enforces its contract's token bucket),
each connector makes the same number of reads two ways: with its limiter, and, as the peer,
with the limiter off (the server's 429s and the retry policy do the pacing).
Printed: 429s seen, elapsed time, and the ratio of elapsed time to the contract's bound ``(calls - burst) / rate`` (1.0 = as fast
as the contract allows; the limiter aims a little above, at 95 % of the rate).
"""

from __future__ import annotations

import argparse
import time

from ocop.http import RetryPolicy, TokenBucket
from ocop.registry import marketplace
from ocop.sandbox import Sandbox
from ocop.testing.harness import open_on

UNLIMITED = 1e9


def run(sb: Sandbox, name: str, calls: int, limited: bool) -> tuple[int, float]:
    policy = RetryPolicy(attempts=20, initial=0.1, cap=5)
    limiter = None if limited else TokenBucket(UNLIMITED, 10**6)
    client = open_on(marketplace(name), sb[name], limiter=limiter, policy=policy)
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
        for name in sb.names:
            caps = marketplace(name).capabilities
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
