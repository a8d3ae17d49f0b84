BEGIN;

-- Running upgrade 1f67b9e072b7 -> 3a291af61148

ALTER TABLE "users" ADD COLUMN "age" INTEGER;

UPDATE alembic_version SET version_num='3a291af61148' WHERE alembic_version.version_num = '1f67b9e072b7';

COMMIT;

BEGIN;

-- Running upgrade 3a291af61148 -> 88d25a73c36d

CREATE TABLE "posts" (
    "id" INTEGER NOT NULL, 
    "title" VARCHAR(200) NOT NULL, 
    "user_id" INTEGER NOT NULL, 
    PRIMARY KEY ("id"), 
    FOREIGN KEY("user_id") REFERENCES "users" ("id")
);

UPDATE alembic_version SET version_num='88d25a73c36d' WHERE alembic_version.version_num = '3a291af61148';

COMMIT;

