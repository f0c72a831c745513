"""transparency reports, ITA items, participation reports

Reports are frozen when published: a version keeps its figures (JSON) and its files (PDF, CSV,
XLSX, JSON, the anonymised case-level CSV) in report_files, in the database, so the version
and its files are written in one transaction and can never disagree.

Every office already present gets the ITA item codes of fiscal year 2569 (O16–O19, the
complaint-related items for government units); the administrator edits them afterwards.

Revision ID: 70a4b57d7a91
Revises: b3d9f1a7c2e4
Create Date: 2026-11-29 05:08:08.271225

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '70a4b57d7a91'
down_revision = 'b3d9f1a7c2e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ita_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_ita_items_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ita_items')),
    sa.UniqueConstraint('office_id', 'fiscal_year', 'code', name=op.f('uq_ita_items_office_id'))
    )
    with op.batch_alter_table('ita_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ita_items_office_id'), ['office_id'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('prepared_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_reports_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('office_id', 'period', name=op.f('uq_reports_office_id'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_office_id'), ['office_id'], unique=False)

    op.create_table('participation_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topic', sa.String(length=300), nullable=False),
    sa.Column('participants', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('improvement', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_participation_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_participation_reports_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation_reports'))
    )
    with op.batch_alter_table('participation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participation_reports_office_id'), ['office_id'], unique=False)

    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('figures_json', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_by_name', sa.String(length=200), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_report_versions_published_by_id_users')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_versions_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_report_versions_report_id'))
    )
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_versions_report_id'), ['report_id'], unique=False)

    op.create_table('report_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('pdf', 'csv', 'xlsx', 'json', 'cases_csv', name='kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'], name=op.f('fk_report_files_version_id_report_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_files')),
    sa.UniqueConstraint('version_id', 'kind', name=op.f('uq_report_files_version_id'))
    )
    with op.batch_alter_table('report_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_files_version_id'), ['version_id'], unique=False)

    _seed_ita_2569()


# Written out, not imported: a revision keeps meaning what it meant when it was written.
ITA_2569 = (
    ('O16', 'แนวปฏิบัติการจัดการเรื่องร้องเรียน', 'Complaint handling manual', '/ita/manual', 1),
    ('O17', 'ช่องทางแจ้งเรื่องร้องเรียน', 'Complaint channels', '/ita/channels', 2),
    ('O18', 'ข้อมูลเชิงสถิติเรื่องร้องเรียน', 'Complaint statistics',
     '/ita/statistics?year=2569', 3),
    ('O19', 'การเปิดโอกาสให้เกิดการมีส่วนร่วม', 'Public participation',
     '/ita/participation?year=2569', 4),
)


def _seed_ita_2569():
    bind = op.get_bind()
    items = sa.table('ita_items', sa.column('office_id', sa.Integer),
                     sa.column('fiscal_year', sa.Integer), sa.column('code', sa.String),
                     sa.column('title_th', sa.String), sa.column('title_en', sa.String),
                     sa.column('url', sa.String), sa.column('sort_order', sa.Integer))
    offices = bind.execute(sa.text('SELECT id FROM offices')).scalars().all()
    rows = [{'office_id': office_id, 'fiscal_year': 2569, 'code': code, 'title_th': th,
             'title_en': en, 'url': url, 'sort_order': order}
            for office_id in offices for code, th, en, url, order in ITA_2569]
    if rows:
        op.bulk_insert(items, rows)



def downgrade():
    with op.batch_alter_table('report_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_files_version_id'))

    op.drop_table('report_files')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_versions_report_id'))

    op.drop_table('report_versions')
    with op.batch_alter_table('participation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participation_reports_office_id'))

    op.drop_table('participation_reports')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_office_id'))

    op.drop_table('reports')
    with op.batch_alter_table('ita_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ita_items_office_id'))

    op.drop_table('ita_items')
