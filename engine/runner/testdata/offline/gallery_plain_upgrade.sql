PRAGMA foreign_keys=OFF;

BEGIN;

-- Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb

CREATE TABLE "memberships" (
    "user_id" INTEGER NOT NULL, 
    "group_name" VARCHAR(50) NOT NULL, 
    "joined_at" DATETIME NOT NULL, 
    PRIMARY KEY ("user_id", "group_name"), 
    FOREIGN KEY("user_id") REFERENCES "users" ("id")
);

DROP TABLE "audit_log";

CREATE TABLE "new_posts" (
    "id" INTEGER NOT NULL, 
    "title" VARCHAR(200) NOT NULL, 
    "user_id" INTEGER NOT NULL, 
    PRIMARY KEY ("id"), 
    FOREIGN KEY("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

INSERT INTO "new_posts" SELECT * FROM "posts";

DROP TABLE "posts";

ALTER TABLE "new_posts" RENAME TO "posts";

CREATE TABLE "new_users" (
    "id" INTEGER NOT NULL, 
    "name" VARCHAR(50) NOT NULL, 
    "email" VARCHAR(120), 
    "age" INTEGER, 
    "is_active" BOOLEAN DEFAULT 1 NOT NULL, 
    "status" VARCHAR(6), 
    "balance" NUMERIC(10, 2) DEFAULT '0', 
    "created_at" DATETIME DEFAULT (CURRENT_TIMESTAMP), 
    PRIMARY KEY ("id"), 
    CONSTRAINT "uq_users_email" UNIQUE ("email")
);

INSERT INTO "new_users" ("id", "name", "email") SELECT "id", "name", "email" FROM "users";

DROP TABLE "users";

ALTER TABLE "new_users" RENAME TO "users";

CREATE INDEX "ix_users_name_email" ON "users" ("name", "email");

UPDATE alembic_version SET version_num='bbbbbbbbbbbb' WHERE alembic_version.version_num = 'aaaaaaaaaaaa';

PRAGMA foreign_key_check;

COMMIT;

PRAGMA foreign_keys=ON;

