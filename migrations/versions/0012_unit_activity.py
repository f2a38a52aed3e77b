"""unit activity periods: the weeks a unit owes survive a deactivate -> reactivate cycle

Backfills one period per unit from its current columns, so every unit owes exactly the weeks it
owed before: started at ``created_at`` (2000-01-01 UTC if it were ever null: the old rule made
such a unit owe every week), ended at ``deactivated_at``. A unit marked inactive without a
deactivation date owed nothing and gets no period.

Revision ID: 0012_unit_activity
Revises: 0011_finished_at
Create Date: 2026-11-29 10:30:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_unit_activity"
down_revision = "0011_finished_at"
branch_labels = None
depends_on = None

NO_CREATION_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def upgrade():
    op.create_table(
        "unit_activity_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"],
                                name=op.f("fk_unit_activity_periods_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_activity_periods")),
    )
    with op.batch_alter_table("unit_activity_periods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_activity_periods_unit_id"), ["unit_id"],
                              unique=False)
    _backfill()


def _backfill():
    stamp = sa.DateTime(timezone=True)
    units = sa.table("units", sa.column("id", sa.Integer()), sa.column("active", sa.Boolean()),
                     sa.column("created_at", stamp), sa.column("deactivated_at", stamp))
    periods = sa.table("unit_activity_periods", sa.column("unit_id", sa.Integer()),
                       sa.column("started_at", stamp), sa.column("ended_at", stamp))
    started = sa.func.coalesce(units.c.created_at, sa.literal(NO_CREATION_DATE, stamp))
    rows = (sa.select(units.c.id, started, units.c.deactivated_at)
            .where(sa.or_(units.c.active.is_(sa.true()), units.c.deactivated_at.is_not(None)))
            .order_by(units.c.id))
    op.execute(periods.insert().from_select(["unit_id", "started_at", "ended_at"], rows))


def downgrade():
    with op.batch_alter_table("unit_activity_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_activity_periods_unit_id"))

    op.drop_table("unit_activity_periods")
