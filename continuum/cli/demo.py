"""``continuum demo``: write the synthetic demo campaign and print how to sign in to it."""

from __future__ import annotations

import click

from continuum.settings import get_settings


@click.command("demo")
@click.option("--establishments", "-n", default=70, show_default=True, type=click.IntRange(10, 20000),
              help="How many sites.")
@click.option("--waves", "-w", default=2, show_default=True, type=click.IntRange(1, 10), help="Campaign waves.")
@click.option("--seed", "-s", default=None, type=int, help="Random seed (the same seed gives the same demo).")
def demo(establishments: int, waves: int, seed: int | None) -> None:
    """Write the demo campaign into CONTINUUM_DATABASE_URL (migrating it first)."""
    from storage.demo import DEMO_SEED
    from storage.demo.writer import seed_demo
    from storage.engine import make_engine
    from storage.migrate import upgrade

    engine = make_engine(get_settings().database_url)
    try:
        upgrade(engine)
        result = seed_demo(engine, establishments=establishments, waves=waves,
                           seed=DEMO_SEED if seed is None else seed)
    finally:
        engine.dispose()
    for campaign_id in result.campaign_ids:
        click.echo(f"campaign: {campaign_id}")
    click.echo(f"establishments: {result.counts['sites']}")
    click.echo(f"responses: {result.counts['responses']}")
    click.echo("Demo sign-in (invitation codes, valid only in this demo database):")
    for entry in result.sign_in:
        if "login" in entry:  # demo accounts (issue 9)
            click.echo(f"account: {entry['login']}  password {entry['password']}  {entry['role']}  {entry['name']}  "
                       f"({entry['scope']})")
            continue
        click.echo(f"sign_in: {entry['code']}  {entry['establishment']}  {entry['name']}  ({entry['category']}, "
                   f"campaign {entry['campaign_id']})")


COMMANDS = [demo]
