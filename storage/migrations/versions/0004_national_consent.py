"""A fourth consent: individual results shown, named, at national level; the database now refuses unknown kinds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KINDS_BEFORE = ("named_to_peers", "results_to_ars", "cited_as_example")
KINDS = KINDS_BEFORE + ("results_to_national",)


def _in(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade() -> None:
    with op.batch_alter_table("consents") as batch:  # SQLite rebuilds the table; PostgreSQL alters it
        batch.create_check_constraint("kind", _in(KINDS))


def downgrade() -> None:
    op.execute("DELETE FROM consents WHERE kind = 'results_to_national'")
    with op.batch_alter_table("consents") as batch:
        batch.drop_constraint("kind", type_="check")
