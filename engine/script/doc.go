// Package script reads and writes Alembic revision scripts.
//
// Render turns migration operations (package ops) into a revision script
// exactly as Alembic's autogenerate writes it: the op bodies line for line
// (argument order, quoting, existing_type=…, the "# ### commands auto generated
// by Alembic - please adjust! ###" markers), put through the project's own
// script.py.mako template, of which Render implements the subset Alembic's
// templates use.
package script
