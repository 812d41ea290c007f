"""First start: create the database, migrate it, and fill an empty SQLite database with the demo.

Several app processes may start at once: migrating and seeding happen under the migration
lock, so exactly one of them does the work and the others find it done.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from continuum.settings import Settings, get_settings
from storage.demo import DEMO_SEED
from storage.engine import is_sqlite, make_engine, read_session
from storage.migrate import migration_lock, upgrade_on
from storage.models import Campaign, Meta, Site


def is_empty(engine: Engine) -> bool:
    with read_session(engine) as session:
        return (session.execute(select(Campaign.id).limit(1)).first() is None
                and session.execute(select(Site.finess).limit(1)).first() is None)


def ensure_database(settings: Settings | None = None, *, database_url: str | None = None, demo: bool | None = None,
                    seed: int = DEMO_SEED) -> Engine:
    """An engine on a migrated database; an empty SQLite one gets the demo when ``demo_on_first_start``.

    PostgreSQL is only migrated: it gets the demo through ``continuum demo``.
    """
    settings = settings or get_settings()
    engine = make_engine(database_url or settings.database_url)
    fill = (settings.demo_on_first_start if demo is None else demo) and is_sqlite(engine)
    with migration_lock(engine) as connection:
        upgrade_on(connection)
        if fill and is_empty(engine):
            from storage.demo.writer import seed_demo

            seed_demo(engine, seed=seed)
    if is_sqlite(engine):
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return engine


def demo_sign_in_codes(engine: Engine) -> list[str]:
    """The demo's invitation codes when this database holds the demo, else nothing (they exist nowhere else)."""
    from storage.demo.writer import demo_codes

    with read_session(engine) as session:
        seed = session.get(Meta, "demo_seed")
    return demo_codes(int(seed.value)) if seed is not None else []
