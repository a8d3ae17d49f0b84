-- Mailman 3.3.8's schema at head (98224512c9c2), as Mailman creates a new database:
-- Model.metadata.create_all() on SQLite, then alembic stamp head. Generated with the
-- real package (see SOURCE.md); the statements are SQLite's own (sqlite_master).
CREATE TABLE ban (
	id INTEGER NOT NULL, 
	email VARCHAR, 
	list_id VARCHAR, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_ban_list_id ON ban (list_id);
CREATE INDEX ix_ban_email ON ban (email);
CREATE TABLE bounceevent (
	id INTEGER NOT NULL, 
	list_id VARCHAR, 
	email VARCHAR, 
	timestamp DATETIME, 
	message_id VARCHAR, 
	context INTEGER, 
	processed BOOLEAN, 
	PRIMARY KEY (id)
);
CREATE TABLE file_cache (
	id INTEGER NOT NULL, 
	"key" VARCHAR, 
	file_id VARCHAR, 
	is_bytes BOOLEAN, 
	created_on DATETIME, 
	expires_on DATETIME, 
	PRIMARY KEY (id)
);
CREATE TABLE uid (
	id INTEGER NOT NULL, 
	uid CHAR(32), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_uid_uid ON uid (uid);
CREATE TABLE preferences (
	id INTEGER NOT NULL, 
	acknowledge_posts BOOLEAN, 
	hide_address BOOLEAN, 
	preferred_language VARCHAR, 
	receive_list_copy BOOLEAN, 
	receive_own_postings BOOLEAN, 
	delivery_mode INTEGER, 
	delivery_status INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE mailinglist (
	id INTEGER NOT NULL, 
	list_name VARCHAR, 
	mail_host VARCHAR, 
	list_id VARCHAR, 
	allow_list_posts BOOLEAN, 
	include_rfc2369_headers BOOLEAN, 
	advertised BOOLEAN, 
	anonymous_list BOOLEAN, 
	created_at DATETIME, 
	next_request_id INTEGER, 
	next_digest_number INTEGER, 
	digest_last_sent_at DATETIME, 
	volume INTEGER, 
	last_post_at DATETIME, 
	accept_these_nonmembers BLOB, 
	admin_immed_notify BOOLEAN, 
	admin_notify_mchanges BOOLEAN, 
	administrivia BOOLEAN, 
	archive_policy INTEGER, 
	autoresponse_grace_period DATETIME, 
	autorespond_owner INTEGER, 
	autoresponse_owner_text TEXT, 
	autorespond_postings INTEGER, 
	autoresponse_postings_text TEXT, 
	autorespond_requests INTEGER, 
	autoresponse_request_text TEXT, 
	filter_action INTEGER, 
	filter_content BOOLEAN, 
	collapse_alternatives BOOLEAN, 
	convert_html_to_plaintext BOOLEAN, 
	bounce_info_stale_after DATETIME, 
	bounce_matching_headers VARCHAR, 
	bounce_notify_owner_on_bounce_increment BOOLEAN, 
	bounce_notify_owner_on_disable BOOLEAN, 
	bounce_notify_owner_on_removal BOOLEAN, 
	bounce_score_threshold INTEGER, 
	bounce_you_are_disabled_warnings INTEGER, 
	bounce_you_are_disabled_warnings_interval DATETIME, 
	forward_unrecognized_bounces_to INTEGER, 
	process_bounces BOOLEAN, 
	dmarc_mitigate_action INTEGER, 
	dmarc_mitigate_unconditionally BOOLEAN, 
	dmarc_moderation_notice VARCHAR, 
	dmarc_wrapped_message_text VARCHAR, 
	default_member_action INTEGER, 
	default_nonmember_action INTEGER, 
	description VARCHAR, 
	digests_enabled BOOLEAN, 
	digest_is_default BOOLEAN, 
	digest_send_periodic BOOLEAN, 
	digest_size_threshold FLOAT, 
	digest_volume_frequency INTEGER, 
	discard_these_nonmembers BLOB, 
	emergency BOOLEAN, 
	encode_ascii_prefixes BOOLEAN, 
	first_strip_reply_to BOOLEAN, 
	forward_auto_discards BOOLEAN, 
	gateway_to_mail BOOLEAN, 
	gateway_to_news BOOLEAN, 
	hold_these_nonmembers BLOB, 
	info TEXT, 
	linked_newsgroup VARCHAR, 
	max_days_to_hold INTEGER, 
	max_message_size INTEGER, 
	max_num_recipients INTEGER, 
	member_moderation_notice VARCHAR, 
	moderator_password BLOB, 
	newsgroup_moderation INTEGER, 
	nntp_prefix_subject_too BOOLEAN, 
	nonmember_rejection_notice VARCHAR, 
	obscure_addresses BOOLEAN, 
	owner_chain VARCHAR, 
	owner_pipeline VARCHAR, 
	personalize INTEGER, 
	post_id INTEGER, 
	posting_chain VARCHAR, 
	posting_pipeline VARCHAR, 
	preferred_language VARCHAR, 
	display_name VARCHAR, 
	reject_these_nonmembers BLOB, 
	reply_goes_to_list INTEGER, 
	reply_to_address VARCHAR, 
	require_explicit_destination BOOLEAN, 
	respond_to_post_requests BOOLEAN, 
	member_roster_visibility INTEGER, 
	scrub_nondigest BOOLEAN, 
	send_goodbye_message BOOLEAN, 
	send_welcome_message BOOLEAN, 
	subject_prefix VARCHAR, 
	subscription_policy INTEGER, 
	topics BLOB, 
	topics_bodylines_limit INTEGER, 
	topics_enabled BOOLEAN, 
	unsubscription_policy INTEGER, 
	usenet_watermark INTEGER, 
	archive_rendering_mode INTEGER, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_mailinglist_list_name ON mailinglist (list_name);
CREATE INDEX ix_mailinglist_mail_host ON mailinglist (mail_host);
CREATE UNIQUE INDEX ix_mailinglist_list_id ON mailinglist (list_id);
CREATE TABLE domain (
	id INTEGER NOT NULL, 
	mail_host VARCHAR, 
	description VARCHAR, 
	alias_domain VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (mail_host)
);
CREATE TABLE language (
	id INTEGER NOT NULL, 
	code VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE message (
	id INTEGER NOT NULL, 
	message_id VARCHAR, 
	message_id_hash VARCHAR, 
	path VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE pended (
	id INTEGER NOT NULL, 
	token VARCHAR, 
	expiration_date DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_pended_token ON pended (token);
CREATE INDEX ix_pended_expiration_date ON pended (expiration_date);
CREATE TABLE template (
	id INTEGER NOT NULL, 
	name VARCHAR, 
	context VARCHAR, 
	uri VARCHAR, 
	username VARCHAR, 
	password VARCHAR, 
	PRIMARY KEY (id)
);
CREATE TABLE workflowstate (
	token VARCHAR NOT NULL, 
	step VARCHAR, 
	data VARCHAR, 
	PRIMARY KEY (token)
);
CREATE TABLE contentfilter (
	id INTEGER NOT NULL, 
	mailing_list_id INTEGER, 
	filter_type INTEGER, 
	filter_pattern VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(mailing_list_id) REFERENCES mailinglist (id)
);
CREATE INDEX ix_contentfilter_mailing_list_id ON contentfilter (mailing_list_id);
CREATE TABLE acceptablealias (
	id INTEGER NOT NULL, 
	mailing_list_id INTEGER NOT NULL, 
	alias VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(mailing_list_id) REFERENCES mailinglist (id)
);
CREATE INDEX ix_acceptablealias_alias ON acceptablealias (alias);
CREATE INDEX ix_acceptablealias_mailing_list_id ON acceptablealias (mailing_list_id);
CREATE TABLE listarchiver (
	id INTEGER NOT NULL, 
	mailing_list_id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	_is_enabled BOOLEAN, 
	PRIMARY KEY (id), 
	FOREIGN KEY(mailing_list_id) REFERENCES mailinglist (id)
);
CREATE INDEX ix_listarchiver_mailing_list_id ON listarchiver (mailing_list_id);
CREATE TABLE headermatch (
	id INTEGER NOT NULL, 
	mailing_list_id INTEGER NOT NULL, 
	position INTEGER, 
	header VARCHAR, 
	pattern VARCHAR, 
	chain VARCHAR, 
	tag VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(mailing_list_id) REFERENCES mailinglist (id)
);
CREATE INDEX ix_headermatch_position ON headermatch (position);
CREATE INDEX ix_headermatch_mailing_list_id ON headermatch (mailing_list_id);
CREATE TABLE pendedkeyvalue (
	id INTEGER NOT NULL, 
	"key" VARCHAR, 
	value VARCHAR, 
	pended_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(pended_id) REFERENCES pended (id)
);
CREATE INDEX ix_pendedkeyvalue_pended_id ON pendedkeyvalue (pended_id);
CREATE INDEX ix_pendedkeyvalue_key ON pendedkeyvalue ("key");
CREATE INDEX ix_pendedkeyvalue_value ON pendedkeyvalue (value);
CREATE TABLE _request (
	id INTEGER NOT NULL, 
	"key" VARCHAR, 
	request_type INTEGER, 
	data_hash VARCHAR, 
	mailing_list_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(mailing_list_id) REFERENCES mailinglist (id)
);
CREATE INDEX ix__request_mailing_list_id ON _request (mailing_list_id);
CREATE TABLE user (
	id INTEGER NOT NULL, 
	display_name VARCHAR, 
	password VARCHAR, 
	_user_id CHAR(32), 
	_created_on DATETIME, 
	is_server_owner BOOLEAN, 
	_preferred_address_id INTEGER, 
	preferences_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT _preferred_address FOREIGN KEY(_preferred_address_id) REFERENCES address (id) ON DELETE SET NULL, 
	FOREIGN KEY(preferences_id) REFERENCES preferences (id)
);
CREATE INDEX ix_user__user_id ON user (_user_id);
CREATE INDEX ix_user_preferences_id ON user (preferences_id);
CREATE TABLE address (
	id INTEGER NOT NULL, 
	email VARCHAR, 
	_original VARCHAR, 
	display_name VARCHAR, 
	verified_on DATETIME, 
	registered_on DATETIME, 
	user_id INTEGER, 
	preferences_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	FOREIGN KEY(preferences_id) REFERENCES preferences (id)
);
CREATE UNIQUE INDEX ix_address_email ON address (email);
CREATE INDEX ix_address_preferences_id ON address (preferences_id);
CREATE INDEX ix_address_user_id ON address (user_id);
CREATE TABLE domain_owner (
	user_id INTEGER NOT NULL, 
	domain_id INTEGER NOT NULL, 
	PRIMARY KEY (user_id, domain_id), 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	FOREIGN KEY(domain_id) REFERENCES domain (id)
);
CREATE TABLE autoresponserecord (
	id INTEGER NOT NULL, 
	address_id INTEGER, 
	mailing_list_id INTEGER, 
	response_type INTEGER, 
	date_sent DATE, 
	PRIMARY KEY (id), 
	FOREIGN KEY(address_id) REFERENCES address (id), 
	FOREIGN KEY(mailing_list_id) REFERENCES mailinglist (id)
);
CREATE INDEX ix_autoresponserecord_address_id ON autoresponserecord (address_id);
CREATE INDEX ix_autoresponserecord_mailing_list_id ON autoresponserecord (mailing_list_id);
CREATE TABLE onelastdigest (
	id INTEGER NOT NULL, 
	mailing_list_id INTEGER, 
	address_id INTEGER, 
	delivery_mode INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(mailing_list_id) REFERENCES mailinglist (id), 
	FOREIGN KEY(address_id) REFERENCES address (id)
);
CREATE TABLE member (
	id INTEGER NOT NULL, 
	_member_id CHAR(32), 
	role INTEGER, 
	list_id VARCHAR, 
	moderation_action INTEGER, 
	address_id INTEGER, 
	preferences_id INTEGER, 
	user_id INTEGER, 
	bounce_score INTEGER, 
	last_bounce_received DATETIME, 
	last_warning_sent DATETIME, 
	total_warnings_sent INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(address_id) REFERENCES address (id), 
	FOREIGN KEY(preferences_id) REFERENCES preferences (id), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE INDEX ix_member_bounce_score ON member (bounce_score);
CREATE INDEX ix_member_last_warning_sent ON member (last_warning_sent);
CREATE INDEX ix_member_role ON member (role);
CREATE INDEX ix_member_total_warnings_sent ON member (total_warnings_sent);
CREATE INDEX ix_member_list_id ON member (list_id);
CREATE INDEX ix_member_preferences_id ON member (preferences_id);
CREATE INDEX ix_member_user_id ON member (user_id);
CREATE INDEX ix_member_address_id ON member (address_id);
