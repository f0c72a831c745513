"""public replies are plain text, like every other text of a case's timeline

Older versions stored a staff reply as limited HTML (p, br, strong, em, lists, links), but
the reply box was a plain textarea: line breaks typed there were lost. Replies are now
stored as typed and shown with paragraphs, line breaks and linked web addresses. This
revision turns stored HTML replies into the plain text they stood for; downgrade turns
plain replies back into the paragraphs-and-links HTML the older code showed.

Revision ID: 4f2a9c7d1e6b
Revises: e81c5a3f90d2
Create Date: 2026-11-29 05:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.security.sanitize import html_to_plain_text, text_to_html


# revision identifiers, used by Alembic.
revision = '4f2a9c7d1e6b'
down_revision = 'e81c5a3f90d2'
branch_labels = None
depends_on = None

events = sa.table('case_events', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                  sa.column('body', sa.Text))


def _rewrite(convert):
    bind = op.get_bind()
    rows = bind.execute(sa.select(events.c.id, events.c.body)
                        .where(events.c.kind == 'public_reply')).all()
    for ident, body in rows:
        new = convert(body or '')
        if new != body:
            bind.execute(events.update().where(events.c.id == ident).values(body=new))


def upgrade():
    _rewrite(lambda body: html_to_plain_text(body) if '<' in body else body)


def downgrade():
    _rewrite(lambda body: str(text_to_html(body)))
