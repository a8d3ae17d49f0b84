package sqlite

// ChangeOneRow exposes changeOneRow to the package's external tests.
var ChangeOneRow = (*DB).changeOneRow
