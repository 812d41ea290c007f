"""Stored engagement profiles, per-response revisions bumped by triggers on answers and participants, and an
index that answers "co-filled?" from the index alone.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WATCHED = ("answers", "participants")  # the tables a response's profile is scored from, besides its own row

BUMP_SQLITE = """INSERT INTO response_revisions (response_id, revision) {rows}
    ON CONFLICT (response_id) DO UPDATE SET revision = revision + 1;"""

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION continuum_bump_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO response_revisions (response_id, revision)
            SELECT DISTINCT response_id, 1 FROM changed_new
            ON CONFLICT (response_id) DO UPDATE SET revision = response_revisions.revision + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO response_revisions (response_id, revision)
            SELECT DISTINCT response_id, 1 FROM changed_old
            ON CONFLICT (response_id) DO UPDATE SET revision = response_revisions.revision + 1;
    ELSE
        INSERT INTO response_revisions (response_id, revision)
            SELECT response_id, 1 FROM (SELECT response_id FROM changed_new UNION SELECT response_id FROM changed_old) c
            ON CONFLICT (response_id) DO UPDATE SET revision = response_revisions.revision + 1;
    END IF;
    RETURN NULL;
END $$;
"""

PG_REFERENCING = {"INSERT": "NEW TABLE AS changed_new", "DELETE": "OLD TABLE AS changed_old",
                  "UPDATE": "OLD TABLE AS changed_old NEW TABLE AS changed_new"}


def upgrade() -> None:
    op.create_table('response_revisions',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_response_revisions'))
    )
    op.create_table('response_profiles',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('variant', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('layout', sa.Text(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('response_id', 'variant', name=op.f('pk_response_profiles'))
    )
    op.create_index('ix_participants_response_id_role', 'participants', ['response_id', 'role'])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in WATCHED:
            for event, referencing in PG_REFERENCING.items():
                op.execute(f"CREATE TRIGGER {table}_revision_{event.lower()} AFTER {event} ON {table} "
                           f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION continuum_bump_revisions()")
        return
    for table in WATCHED:  # SQLite has row triggers only
        op.execute(f"CREATE TRIGGER {table}_revision_insert AFTER INSERT ON {table} BEGIN "
                   + BUMP_SQLITE.format(rows="VALUES (NEW.response_id, 1)") + " END")
        op.execute(f"CREATE TRIGGER {table}_revision_delete AFTER DELETE ON {table} BEGIN "
                   + BUMP_SQLITE.format(rows="VALUES (OLD.response_id, 1)") + " END")
        op.execute(f"CREATE TRIGGER {table}_revision_update AFTER UPDATE ON {table} BEGIN "
                   + BUMP_SQLITE.format(rows="VALUES (NEW.response_id, 1)") + " "
                   + BUMP_SQLITE.format(rows="SELECT OLD.response_id, 1 WHERE OLD.response_id <> NEW.response_id")
                   + " END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            for event in PG_REFERENCING:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_revision_{event.lower()} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS continuum_bump_revisions()")
    else:
        for table in WATCHED:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_revision_{event}")
    op.drop_index('ix_participants_response_id_role', table_name='participants')
    op.drop_table('response_profiles')
    op.drop_table('response_revisions')
