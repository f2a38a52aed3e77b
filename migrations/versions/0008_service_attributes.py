"""service attributes: extra questions of catalog entries and the answers filed with tickets

Revision ID: 0008_service_attributes
Revises: 0007_portal
Create Date: 2026-11-29 08:31:05

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_service_attributes'
down_revision = '0007_portal'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('category_attributes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('datatype', sa.String(length=20), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_category_attributes_category_id_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_attributes')),
    sa.UniqueConstraint('category_id', 'code', name='uq_category_attributes_category_id_code')
    )
    op.create_table('ticket_attribute_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('attribute_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['attribute_id'], ['category_attributes.id'], name=op.f('fk_ticket_attribute_values_attribute_id_category_attributes')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_attribute_values_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_attribute_values'))
    )
    with op.batch_alter_table('ticket_attribute_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_attribute_values_ticket_id'), ['ticket_id'], unique=False)



def downgrade():
    with op.batch_alter_table('ticket_attribute_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_attribute_values_ticket_id'))

    op.drop_table('ticket_attribute_values')
    op.drop_table('category_attributes')
