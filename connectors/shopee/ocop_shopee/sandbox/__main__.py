"""``python -m ocop_shopee.sandbox``: run the sandbox Shopee until Ctrl-C or SIGTERM.

It authorises the demo shop through the sandbox's consent flow, writes the tokens to
``--tokens``, and prints the ``export OCOP_SHOPEE_…`` lines (then ``ready``) that point ocop at
it. The credentials are the sandbox's own and are printed on purpose; they open nothing real.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import click

from ocop_shopee.sandbox.launch import STOREFRONT_MODES, ShopeeSandbox


@click.command()
@click.option("--port", type=int, default=8703, show_default=True, help="Loopback port (0: any).")
@click.option(
    "--db",
    type=click.Path(path_type=Path),
    default=Path(".ocop/shopee-sandbox.db"),
    show_default=True,
    help="SQLite file kept across restarts.",
)
@click.option(
    "--tokens",
    type=click.Path(path_type=Path),
    default=Path(".ocop/shopee-tokens.json"),
    show_default=True,
    help="Where the demo shop's tokens are written.",
)
@click.option(
    "--ready-file",
    type=click.Path(path_type=Path),
    help="Write the export lines here, atomically, once serving.",
)
@click.option("--seed", type=int, help="Seed of the fault draws.")
@click.option("--latency-ms", type=int, default=0, help="Added to every request.")
@click.option(
    "--fail-rate",
    type=float,
    default=0.0,
    help="Share of API calls failing with 502/503 before any effect.",
)
@click.option(
    "--commit-then-504-rate",
    type=float,
    default=0.0,
    help="Share of successful writes answered 504.",
)
@click.option(
    "--drop-rate",
    type=float,
    default=0.0,
    help="Share of successful writes whose connection is dropped.",
)
@click.option("--no-rate-limit", is_flag=True, help="Switch off the 10 calls/s limit.")
@click.option(
    "--review-s", type=float, default=0.0, help="Seconds new or edited items stay REVIEWING."
)
@click.option(
    "--storefront",
    type=click.Choice(sorted(STOREFRONT_MODES)),
    default="ssr",
    show_default=True,
    help="What product pages are.",
)
def main(port: int, db: Path, tokens: Path, ready_file: Path | None, seed: int | None, latency_ms: int,
         fail_rate: float, commit_then_504_rate: float, drop_rate: float, no_rate_limit: bool,
         review_s: float, storefront: str) -> None:  # fmt: skip
    """Run the sandbox Shopee on loopback."""
    with ShopeeSandbox.start(db, port, seed=seed) as sandbox:
        sandbox.authorise(tokens)
        sandbox.set_faults(
            "shopee",
            latency_ms=latency_ms,
            fail_before_rate=fail_rate,
            commit_then_504_rate=commit_then_504_rate,
            drop_after_commit_rate=drop_rate,
            rate_limit=0 if no_rate_limit else sandbox.market.faults.settings.rate_limit,
        )
        sandbox.set_behaviour(review_s=review_s, storefront=storefront)
        lines = "".join(f"export {k}={v}\n" for k, v in sandbox.env(tokens.resolve()).items())
        click.echo(f"Shopee sandbox: API and storefront {sandbox.api_url}")
        click.echo(lines, nl=False)
        if ready_file is not None:
            ready_file.parent.mkdir(parents=True, exist_ok=True)
            partial = ready_file.with_name(ready_file.name + ".part")
            partial.write_text(lines, encoding="utf-8")
            os.replace(partial, ready_file)
        click.echo("ready")
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_a: stop.set())
        stop.wait()
        if ready_file is not None:
            ready_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
