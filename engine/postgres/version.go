package postgres

import "retort/engine/schema"

// The alembic_version table, as Alembic creates and updates it on
// PostgreSQL. sch is env.py's version_table_schema ("" for the default
// schema).

// VersionTableName is Alembic's version table.
const VersionTableName = "alembic_version"

// VersionTable returns Alembic's alembic_version table in schema sch.
func VersionTable(sch string) *schema.Table {
	return &schema.Table{
		Name:       VersionTableName,
		Schema:     sch,
		Columns:    []*schema.Column{{Name: "version_num", Type: schema.Type{Name: "VARCHAR", Args: []int{32}}}},
		PrimaryKey: &schema.PrimaryKey{Name: "alembic_version_pkc", Columns: []string{"version_num"}},
	}
}

// CreateVersionTableSQL writes CREATE TABLE alembic_version.
func CreateVersionTableSQL(sch string) string {
	s, err := CreateTableSQL(VersionTable(sch))
	if err != nil {
		panic(err) // a fixed table: it always renders
	}
	return s
}

func versionTable(sch string) string { return Qualify(sch, VersionTableName) }

// InsertVersionSQL writes the statement Alembic runs to add a head. On
// PostgreSQL SQLAlchemy adds RETURNING for the table's primary key, as
// Alembic's --sql output shows.
func InsertVersionSQL(sch, rev string) string {
	t := versionTable(sch)
	return "INSERT INTO " + t + " (" + Quote("version_num") + ") VALUES (" + QuoteString(rev) + ") RETURNING " + t + "." + Quote("version_num")
}

// UpdateVersionSQL writes the statement Alembic runs to move a head.
func UpdateVersionSQL(sch, from, to string) string {
	t := versionTable(sch)
	return "UPDATE " + t + " SET " + Quote("version_num") + "=" + QuoteString(to) +
		" WHERE " + t + "." + Quote("version_num") + " = " + QuoteString(from)
}

// DeleteVersionSQL writes the statement Alembic runs to remove a head.
func DeleteVersionSQL(sch, rev string) string {
	t := versionTable(sch)
	return "DELETE FROM " + t + " WHERE " + t + "." + Quote("version_num") + " = " + QuoteString(rev)
}

// DropVersionTableSQL writes the DROP TABLE alembic_version that Alembic's
// --sql output ends with when a downgrade reaches base.
func DropVersionTableSQL(sch string) string { return DropTableSQL(sch, VersionTableName) }

// HasVersionTableSQL selects whether alembic_version exists (one boolean).
func HasVersionTableSQL(sch string) string {
	return "SELECT to_regclass(" + QuoteString(versionTable(sch)) + ") IS NOT NULL"
}

// SelectVersionsSQL reads alembic_version.
func SelectVersionsSQL(sch string) string {
	return "SELECT " + Quote("version_num") + " FROM " + versionTable(sch)
}

// PurgeVersionsSQL empties alembic_version (stamp --purge).
func PurgeVersionsSQL(sch string) string { return "DELETE FROM " + versionTable(sch) }

// Transaction statements. PostgreSQL's DDL is transactional: Alembic's
// PostgresqlImpl runs a migration inside BEGIN … COMMIT, online and in
// --sql output.
const (
	BeginSQL    = "BEGIN"
	CommitSQL   = "COMMIT"
	RollbackSQL = "ROLLBACK"
)

// CountRowsSQL counts a table's rows.
func CountRowsSQL(sch, table string) string { return "SELECT count(*) FROM " + Qualify(sch, table) }

// CountValuesSQL counts a column's non-NULL values.
func CountValuesSQL(sch, table, column string) string {
	return "SELECT count(" + Quote(column) + ") FROM " + Qualify(sch, table)
}

// CountNullsSQL counts a column's NULL values.
func CountNullsSQL(sch, table, column string) string {
	return "SELECT count(*) FROM " + Qualify(sch, table) + " WHERE " + Quote(column) + " IS NULL"
}
