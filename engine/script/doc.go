// Package script reads and writes Alembic revision scripts.
//
// Render turns migration operations (package ops) into a revision script
// exactly as Alembic's autogenerate writes it: the op bodies line for line
// (argument order, quoting, existing_type=…, the "# ### commands auto generated
// by Alembic - please adjust! ###" markers), put through the project's own
// script.py.mako template, of which Render implements the subset Alembic's
// templates use. DefaultTemplate is the template `retort init` writes (current
// Alembic's layout).
//
// Parse reads a script back: its header (revision.Header) and the ops of
// upgrade() and downgrade(). It understands the scripts Alembic generates,
// through either layout, and the ones people edit by hand within the same
// subset: op.* calls, `with op.batch_alter_table(...) as batch_op:` blocks,
// sa.* columns, types and constraints (or the same names imported from
// sqlalchemy), sa.table(...) for op.bulk_insert, pass, comments and
// docstrings. Anything else is one error per statement, at its file:line:col,
// in a python.ErrorList.
//
// Rendering and reading agree: Parse(Render(ops)) gives ops back, and a script
// Alembic generated renders again to the same bytes.
package script
