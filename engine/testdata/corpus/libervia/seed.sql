-- Libervia 0.9's schema at head (4b002773cf92), as Libervia creates a new database:
-- Base.metadata.create_all() of sat/memory/sqla_mapping.py on SQLite (with its after_create
-- FTS5 table and triggers), then alembic stamp head. Generated with the real package (see
-- SOURCE.md); the statements are SQLite's own (sqlite_master), the FTS5 shadow tables left out.
CREATE TABLE profiles (
	id INTEGER, 
	name TEXT, 
	CONSTRAINT pk_profiles PRIMARY KEY (id), 
	CONSTRAINT uq_profiles_name UNIQUE (name)
);
CREATE TABLE param_gen (
	category TEXT NOT NULL, 
	name TEXT NOT NULL, 
	value TEXT, 
	CONSTRAINT pk_param_gen PRIMARY KEY (category, name)
);
CREATE TABLE private_gen (
	namespace TEXT NOT NULL, 
	"key" TEXT NOT NULL, 
	value TEXT, 
	CONSTRAINT pk_private_gen PRIMARY KEY (namespace, "key")
);
CREATE TABLE private_gen_bin (
	namespace TEXT NOT NULL, 
	"key" TEXT NOT NULL, 
	value TEXT, 
	CONSTRAINT pk_private_gen_bin PRIMARY KEY (namespace, "key")
);
CREATE TABLE components (
	profile_id INTEGER, 
	entry_point TEXT NOT NULL, 
	CONSTRAINT pk_components PRIMARY KEY (profile_id), 
	CONSTRAINT fk_components_profile_id_profiles FOREIGN KEY(profile_id) REFERENCES profiles (id) ON DELETE CASCADE
);
CREATE TABLE history (
	uid TEXT NOT NULL, 
	origin_id TEXT, 
	stanza_id TEXT, 
	update_uid TEXT, 
	profile_id INTEGER, 
	source TEXT, 
	dest TEXT, 
	source_res TEXT, 
	dest_res TEXT, 
	timestamp FLOAT NOT NULL, 
	received_timestamp FLOAT, 
	type VARCHAR(9) NOT NULL, 
	extra TEXT, 
	CONSTRAINT pk_history PRIMARY KEY (uid), 
	CONSTRAINT uq_history_profile_id UNIQUE (profile_id, stanza_id, source, dest), 
	CONSTRAINT uq_origin_id UNIQUE (profile_id, origin_id, source), 
	CONSTRAINT fk_history_profile_id_profiles FOREIGN KEY(profile_id) REFERENCES profiles (id) ON DELETE CASCADE, 
	CONSTRAINT ck_history_message_type CHECK (type IN ('chat', 'error', 'groupchat', 'headline', 'normal', 'info'))
);
CREATE INDEX history__profile_id_received_timestamp ON history (profile_id, received_timestamp);
CREATE INDEX history__profile_id_timestamp ON history (profile_id, timestamp);
CREATE TABLE param_ind (
	category TEXT NOT NULL, 
	name TEXT NOT NULL, 
	profile_id INTEGER NOT NULL, 
	value TEXT, 
	CONSTRAINT pk_param_ind PRIMARY KEY (category, name, profile_id), 
	CONSTRAINT fk_param_ind_profile_id_profiles FOREIGN KEY(profile_id) REFERENCES profiles (id) ON DELETE CASCADE
);
CREATE TABLE private_ind (
	namespace TEXT NOT NULL, 
	"key" TEXT NOT NULL, 
	profile_id INTEGER NOT NULL, 
	value TEXT, 
	CONSTRAINT pk_private_ind PRIMARY KEY (namespace, "key", profile_id), 
	CONSTRAINT fk_private_ind_profile_id_profiles FOREIGN KEY(profile_id) REFERENCES profiles (id) ON DELETE CASCADE
);
CREATE TABLE private_ind_bin (
	namespace TEXT NOT NULL, 
	"key" TEXT NOT NULL, 
	profile_id INTEGER NOT NULL, 
	value TEXT, 
	CONSTRAINT pk_private_ind_bin PRIMARY KEY (namespace, "key", profile_id), 
	CONSTRAINT fk_private_ind_bin_profile_id_profiles FOREIGN KEY(profile_id) REFERENCES profiles (id) ON DELETE CASCADE
);
CREATE TABLE files (
	id TEXT NOT NULL, 
	public_id TEXT, 
	version TEXT NOT NULL, 
	parent TEXT NOT NULL, 
	type VARCHAR(9) DEFAULT 'file' NOT NULL, 
	file_hash TEXT, 
	hash_algo TEXT, 
	name TEXT NOT NULL, 
	size INTEGER, 
	namespace TEXT, 
	media_type TEXT, 
	media_subtype TEXT, 
	created FLOAT NOT NULL, 
	modified FLOAT, 
	owner TEXT, 
	access TEXT, 
	extra TEXT, 
	profile_id INTEGER, 
	CONSTRAINT pk_files PRIMARY KEY (id, version), 
	CONSTRAINT uq_files_public_id UNIQUE (public_id), 
	CONSTRAINT ck_files_file_type CHECK (type IN ('file', 'directory')), 
	CONSTRAINT fk_files_profile_id_profiles FOREIGN KEY(profile_id) REFERENCES profiles (id) ON DELETE CASCADE
);
CREATE INDEX files__profile_id_owner_parent ON files (profile_id, owner, parent);
CREATE INDEX files__profile_id_owner_media_type_media_subtype ON files (profile_id, owner, media_type, media_subtype);
CREATE TABLE pubsub_nodes (
	id INTEGER NOT NULL, 
	profile_id INTEGER, 
	service TEXT, 
	name TEXT NOT NULL, 
	subscribed BOOLEAN NOT NULL, 
	analyser TEXT, 
	sync_state VARCHAR(11), 
	sync_state_updated FLOAT NOT NULL, 
	type TEXT, 
	subtype TEXT, 
	extra JSON, 
	CONSTRAINT pk_pubsub_nodes PRIMARY KEY (id), 
	CONSTRAINT uq_pubsub_nodes_profile_id UNIQUE (profile_id, service, name), 
	CONSTRAINT fk_pubsub_nodes_profile_id_profiles FOREIGN KEY(profile_id) REFERENCES profiles (id) ON DELETE CASCADE, 
	CONSTRAINT ck_pubsub_nodes_subscribed_bool CHECK (subscribed IN (0, 1)), 
	CONSTRAINT ck_pubsub_nodes_sync_state CHECK (sync_state IN ('IN_PROGRESS', 'COMPLETED', 'ERROR', 'NO_SYNC'))
);
CREATE TABLE message (
	id INTEGER NOT NULL, 
	history_uid TEXT NOT NULL, 
	message TEXT NOT NULL, 
	language TEXT, 
	CONSTRAINT pk_message PRIMARY KEY (id), 
	CONSTRAINT fk_message_history_uid_history FOREIGN KEY(history_uid) REFERENCES history (uid) ON DELETE CASCADE
);
CREATE INDEX message__history_uid ON message (history_uid);
CREATE TABLE subject (
	id INTEGER NOT NULL, 
	history_uid TEXT NOT NULL, 
	subject TEXT NOT NULL, 
	language TEXT, 
	CONSTRAINT pk_subject PRIMARY KEY (id), 
	CONSTRAINT fk_subject_history_uid_history FOREIGN KEY(history_uid) REFERENCES history (uid) ON DELETE CASCADE
);
CREATE INDEX subject__history_uid ON subject (history_uid);
CREATE TABLE thread (
	id INTEGER NOT NULL, 
	history_uid TEXT, 
	thread_id TEXT, 
	parent_id TEXT, 
	CONSTRAINT pk_thread PRIMARY KEY (id), 
	CONSTRAINT fk_thread_history_uid_history FOREIGN KEY(history_uid) REFERENCES history (uid) ON DELETE CASCADE
);
CREATE INDEX thread__history_uid ON thread (history_uid);
CREATE TABLE pubsub_subs (
	id INTEGER NOT NULL, 
	node_id INTEGER NOT NULL, 
	subscriber TEXT, 
	state VARCHAR(10), 
	CONSTRAINT pk_pubsub_subs PRIMARY KEY (id), 
	CONSTRAINT uq_pubsub_subs_node_id UNIQUE (node_id, subscriber), 
	CONSTRAINT fk_pubsub_subs_node_id_pubsub_nodes FOREIGN KEY(node_id) REFERENCES pubsub_nodes (id) ON DELETE CASCADE, 
	CONSTRAINT ck_pubsub_subs_state CHECK (state IN ('SUBSCRIBED', 'PENDING'))
);
CREATE TABLE pubsub_items (
	id INTEGER NOT NULL, 
	node_id INTEGER NOT NULL, 
	name TEXT NOT NULL, 
	data TEXT NOT NULL, 
	created DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, 
	updated DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, 
	parsed JSON, 
	CONSTRAINT pk_pubsub_items PRIMARY KEY (id), 
	CONSTRAINT uq_pubsub_items_node_id UNIQUE (node_id, name), 
	CONSTRAINT fk_pubsub_items_node_id_pubsub_nodes FOREIGN KEY(node_id) REFERENCES pubsub_nodes (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE pubsub_items_fts USING fts5(data, content=pubsub_items, content_rowid=id);
CREATE TRIGGER pubsub_items_fts_sync_ins AFTER INSERT ON pubsub_items BEGIN  INSERT INTO pubsub_items_fts(rowid, data) VALUES (new.id, new.data);END;
CREATE TRIGGER pubsub_items_fts_sync_del AFTER DELETE ON pubsub_items BEGIN  INSERT INTO pubsub_items_fts(pubsub_items_fts, rowid, data) VALUES('delete', old.id, old.data);END;
CREATE TRIGGER pubsub_items_fts_sync_upd AFTER UPDATE ON pubsub_items BEGIN  INSERT INTO pubsub_items_fts(pubsub_items_fts, rowid, data) VALUES('delete', old.id, old.data);  INSERT INTO pubsub_items_fts(rowid, data) VALUES(new.id, new.data);END;
