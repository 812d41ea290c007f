"""Initial schema: regions, establishments, campaigns, questionnaire versions, invitations, responses, answers.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from alembic import op
import sqlalchemy as sa

from continuum.reference import REGIONS

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=200), nullable=False),
    sa.Column('campaign_id', sa.String(length=64), nullable=True),
    sa.Column('site', sa.String(length=9), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_meta'))
    )
    op.create_table('people',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    op.create_table('questionnaire_versions',
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('yaml_text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=128), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('questionnaire_id', 'version', name=op.f('pk_questionnaire_versions'))
    )
    op.create_table('regions',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_regions'))
    )
    op.create_table('campaigns',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('scope_kind', sa.String(length=20), nullable=False),
    sa.Column('region', sa.String(length=3), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('previous_campaign_id', sa.String(length=64), nullable=True),
    sa.Column('version_choice', sa.String(length=20), nullable=False),
    sa.Column('optional_levels', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['previous_campaign_id'], ['campaigns.id'], name=op.f('fk_campaigns_previous_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['region'], ['regions.code'], name=op.f('fk_campaigns_region_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    op.create_table('groupings',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=3), nullable=True),
    sa.ForeignKeyConstraint(['region'], ['regions.code'], name=op.f('fk_groupings_region_regions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_groupings'))
    )
    op.create_table('legal_entities',
    sa.Column('finess', sa.String(length=9), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('legal_status', sa.String(length=40), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('region', sa.String(length=3), nullable=False),
    sa.Column('size', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['region'], ['regions.code'], name=op.f('fk_legal_entities_region_regions')),
    sa.PrimaryKeyConstraint('finess', name=op.f('pk_legal_entities'))
    )
    op.create_table('peer_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=3), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['region'], ['regions.code'], name=op.f('fk_peer_groups_region_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_groups')),
    sa.UniqueConstraint('name', name=op.f('uq_peer_groups_name'))
    )
    op.create_table('campaign_questionnaires',
    sa.Column('campaign_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_questionnaires_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['questionnaire_id', 'version'], ['questionnaire_versions.questionnaire_id', 'questionnaire_versions.version'], name=op.f('fk_campaign_questionnaires_questionnaire_id_questionnaire_versions')),
    sa.PrimaryKeyConstraint('campaign_id', 'questionnaire_id', name=op.f('pk_campaign_questionnaires'))
    )
    op.create_table('invitations',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('campaign_id', sa.String(length=64), nullable=False),
    sa.Column('legal_entity', sa.String(length=9), nullable=False),
    sa.Column('code_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_invitations_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['legal_entity'], ['legal_entities.finess'], name=op.f('fk_invitations_legal_entity_legal_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations'))
    )
    op.create_index(op.f('ix_invitations_campaign_id'), 'invitations', ['campaign_id'], unique=False)
    op.create_table('sites',
    sa.Column('finess', sa.String(length=9), nullable=False),
    sa.Column('legal_entity', sa.String(length=9), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('legal_status', sa.String(length=40), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('region', sa.String(length=3), nullable=False),
    sa.Column('size', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['legal_entity'], ['legal_entities.finess'], name=op.f('fk_sites_legal_entity_legal_entities')),
    sa.ForeignKeyConstraint(['region'], ['regions.code'], name=op.f('fk_sites_region_regions')),
    sa.PrimaryKeyConstraint('finess', name=op.f('pk_sites'))
    )
    op.create_index(op.f('ix_sites_legal_entity'), 'sites', ['legal_entity'], unique=False)
    op.create_index(op.f('ix_sites_region'), 'sites', ['region'], unique=False)
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site', sa.String(length=9), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('given_by', sa.String(length=200), nullable=False),
    sa.Column('given_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site'], ['sites.finess'], name=op.f('fk_consents_site_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
    sa.UniqueConstraint('site', 'kind', name=op.f('uq_consents_site'))
    )
    op.create_table('invitation_sites',
    sa.Column('invitation_id', sa.String(length=16), nullable=False),
    sa.Column('site', sa.String(length=9), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_invitation_sites_invitation_id_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site'], ['sites.finess'], name=op.f('fk_invitation_sites_site_sites')),
    sa.PrimaryKeyConstraint('invitation_id', 'site', name=op.f('pk_invitation_sites'))
    )
    op.create_table('peer_group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('site', sa.String(length=9), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['peer_groups.id'], name=op.f('fk_peer_group_members_group_id_peer_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site'], ['sites.finess'], name=op.f('fk_peer_group_members_site_sites')),
    sa.PrimaryKeyConstraint('group_id', 'site', name=op.f('pk_peer_group_members'))
    )
    op.create_table('responses',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('campaign_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_version', sa.String(length=32), nullable=False),
    sa.Column('site', sa.String(length=9), nullable=False),
    sa.Column('legal_entity', sa.String(length=9), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version_choice', sa.String(length=20), nullable=False),
    sa.Column('facilitator_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_responses_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['facilitator_id'], ['people.id'], name=op.f('fk_responses_facilitator_id_people')),
    sa.ForeignKeyConstraint(['legal_entity'], ['legal_entities.finess'], name=op.f('fk_responses_legal_entity_legal_entities')),
    sa.ForeignKeyConstraint(['questionnaire_id', 'questionnaire_version'], ['questionnaire_versions.questionnaire_id', 'questionnaire_versions.version'], name=op.f('fk_responses_questionnaire_id_questionnaire_versions')),
    sa.ForeignKeyConstraint(['site'], ['sites.finess'], name=op.f('fk_responses_site_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responses')),
    sa.UniqueConstraint('campaign_id', 'site', 'questionnaire_id', name=op.f('uq_responses_campaign_id'))
    )
    op.create_index(op.f('ix_responses_campaign_id'), 'responses', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_responses_site'), 'responses', ['site'], unique=False)
    op.create_table('site_groupings',
    sa.Column('site', sa.String(length=9), nullable=False),
    sa.Column('grouping', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['grouping'], ['groupings.code'], name=op.f('fk_site_groupings_grouping_groupings')),
    sa.ForeignKeyConstraint(['site'], ['sites.finess'], name=op.f('fk_site_groupings_site_sites')),
    sa.PrimaryKeyConstraint('site', 'grouping', name=op.f('pk_site_groupings'))
    )
    op.create_table('answers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('entry', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=32), nullable=False),
    sa.Column('flag', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('extent', sa.String(length=40), nullable=False),
    sa.Column('priority', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('choices', sa.Text(), nullable=False),
    sa.Column('number', sa.Float(), nullable=True),
    sa.Column('na_reason', sa.Text(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_answers_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('response_id', 'item_id', 'entry', 'respondent', name=op.f('uq_answers_response_id'))
    )
    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('entry', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_evidence_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    op.create_index(op.f('ix_evidence_response_id'), 'evidence', ['response_id'], unique=False)
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('individual', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_participants_person_id_people')),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_participants_response_id_responses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('response_id', 'person_id', name=op.f('uq_participants_response_id'))
    )
    op.create_index(op.f('ix_participants_person_id'), 'participants', ['person_id'], unique=False)
    op.create_table('response_sites',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('site', sa.String(length=9), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_response_sites_response_id_responses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site'], ['sites.finess'], name=op.f('fk_response_sites_site_sites')),
    sa.PrimaryKeyConstraint('response_id', 'site', name=op.f('pk_response_sites'))
    )
    op.create_index(op.f('ix_response_sites_site'), 'response_sites', ['site'], unique=False)

    regions = sa.table("regions", sa.column("code", sa.String), sa.column("name", sa.String))
    op.bulk_insert(regions, [{"code": code, "name": name} for code, name in REGIONS.items()])
    versions = sa.table("data_version", sa.column("id", sa.Integer), sa.column("version", sa.BigInteger))
    op.bulk_insert(versions, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_index(op.f('ix_response_sites_site'), table_name='response_sites')
    op.drop_table('response_sites')
    op.drop_index(op.f('ix_participants_person_id'), table_name='participants')
    op.drop_table('participants')
    op.drop_index(op.f('ix_evidence_response_id'), table_name='evidence')
    op.drop_table('evidence')
    op.drop_table('answers')
    op.drop_table('site_groupings')
    op.drop_index(op.f('ix_responses_site'), table_name='responses')
    op.drop_index(op.f('ix_responses_campaign_id'), table_name='responses')
    op.drop_table('responses')
    op.drop_table('peer_group_members')
    op.drop_table('invitation_sites')
    op.drop_table('consents')
    op.drop_index(op.f('ix_sites_region'), table_name='sites')
    op.drop_index(op.f('ix_sites_legal_entity'), table_name='sites')
    op.drop_table('sites')
    op.drop_index(op.f('ix_invitations_campaign_id'), table_name='invitations')
    op.drop_table('invitations')
    op.drop_table('campaign_questionnaires')
    op.drop_table('peer_groups')
    op.drop_table('legal_entities')
    op.drop_table('groupings')
    op.drop_table('campaigns')
    op.drop_table('regions')
    op.drop_table('questionnaire_versions')
    op.drop_table('people')
    op.drop_table('meta')
    op.drop_table('data_version')
    op.drop_table('audit_log')
