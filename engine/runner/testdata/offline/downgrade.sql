BEGIN;

-- Running downgrade 88d25a73c36d -> 3a291af61148

DROP TABLE "posts";

UPDATE alembic_version SET version_num='3a291af61148' WHERE alembic_version.version_num = '88d25a73c36d';

COMMIT;

BEGIN;

-- Running downgrade 3a291af61148 -> 1f67b9e072b7

ALTER TABLE "users" DROP COLUMN "age";

UPDATE alembic_version SET version_num='1f67b9e072b7' WHERE alembic_version.version_num = '3a291af61148';

COMMIT;

