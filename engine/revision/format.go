package revision

import (
	"strings"
)

// FormatOptions are the arguments of Alembic's Script.cmd_format. Use the
// presets (HistoryFormat, CurrentFormat, HeadsFormat) for the commands.
type FormatOptions struct {
	Verbose         bool // the multi-line log entry instead of one line
	IncludeBranches bool // " (label)" after the id
	IncludeDoc      bool // ", doc" at the end
	IncludeParents  bool // "parents -> " before the id
	TreeIndicators  bool // "(head)", "(branchpoint)", "(mergepoint)"
	HeadIndicators  bool // "(head)", "(effective head)", "(current)" without the tree ones
	Current         bool // mark the revision "(current)"
}

// HistoryFormat is what `alembic history [-v] [-i]` prints per revision.
func HistoryFormat(verbose, current bool) FormatOptions {
	return FormatOptions{Verbose: verbose, IncludeBranches: true, IncludeDoc: true, IncludeParents: true,
		TreeIndicators: true, HeadIndicators: true, Current: current}
}

// CurrentFormat is what `alembic current [-v]` prints per revision.
func CurrentFormat(verbose bool) FormatOptions {
	return FormatOptions{Verbose: verbose, TreeIndicators: true, HeadIndicators: true}
}

// HeadsFormat is what `alembic heads [-v]` prints per head.
func HeadsFormat(verbose bool) FormatOptions {
	return FormatOptions{Verbose: verbose, IncludeBranches: true, HeadIndicators: true}
}

// CmdFormat formats the revision as Alembic's Script.cmd_format does. The
// one-line form has no trailing newline; the verbose form is LogEntry.
//
//	3a291af61148 -> 88d25a73c36d (head), add posts table
//	<base> -> 1f67b9e072b7, create users table
func (r *Revision) CmdFormat(o FormatOptions) string {
	if o.Verbose {
		return r.LogEntry(o.Current)
	}
	var b strings.Builder
	if o.IncludeParents {
		b.WriteString(r.formatDownRevision())
		if len(r.Header.DependsOn) > 0 {
			b.WriteString(" (" + formatAsComma(r.Header.DependsOn) + ")")
		}
		b.WriteString(" -> ")
	}
	b.WriteString(r.ID())
	if o.IncludeBranches && len(r.labels) > 0 {
		b.WriteString(" (" + formatAsComma(r.labels) + ")")
	}
	if o.HeadIndicators || o.TreeIndicators {
		if r.IsRealHead() {
			b.WriteString(" (head)")
		}
		if r.IsHead() && !r.IsRealHead() {
			b.WriteString(" (effective head)")
		}
		if o.Current {
			b.WriteString(" (current)")
		}
	}
	if o.TreeIndicators {
		if r.IsBranchPoint() {
			b.WriteString(" (branchpoint)")
		}
		if r.IsMergePoint() {
			b.WriteString(" (mergepoint)")
		}
	}
	if o.IncludeDoc {
		b.WriteString(", " + r.Doc())
	}
	return b.String()
}

// LogEntry is Alembic's Script.log_entry, the verbose form used by history -v,
// heads -v, current -v, branches -v and show. It ends with a newline; the
// commands print it with one more, which leaves a blank line between entries.
//
//	Rev: 88d25a73c36d (head)
//	Parent: 3a291af61148
//	Path: /path/to/project/alembic/versions/88d25a73c36d_add_posts_table.py
//
//	    add posts table
//	    ...
func (r *Revision) LogEntry(current bool) string {
	var b strings.Builder
	b.WriteString("Rev: " + r.ID())
	if r.IsHead() {
		b.WriteString(" (head)")
	}
	if r.IsBranchPoint() {
		b.WriteString(" (branchpoint)")
	}
	if r.IsMergePoint() {
		b.WriteString(" (mergepoint)")
	}
	if current {
		b.WriteString(" (current)")
	}
	b.WriteString("\n")
	if r.IsMergePoint() {
		b.WriteString("Merges: " + r.formatDownRevision() + "\n")
	} else {
		b.WriteString("Parent: " + r.formatDownRevision() + "\n")
	}
	if len(r.Header.DependsOn) > 0 {
		b.WriteString("Also depends on: " + formatAsComma(r.Header.DependsOn) + "\n")
	}
	if r.IsBranchPoint() {
		b.WriteString("Branches into: " + formatAsComma(r.next) + "\n")
	}
	if len(r.labels) > 0 {
		b.WriteString("Branch names: " + formatAsComma(r.labels) + "\n")
	}
	b.WriteString("Path: " + r.Header.Path + "\n")
	b.WriteString("\n")
	for i, line := range pySplitLines(r.LongDoc()) {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("    " + line)
	}
	b.WriteString("\n")
	return b.String()
}

func (r *Revision) formatDownRevision() string {
	if len(r.Header.DownRevisions) == 0 {
		return "<base>"
	}
	return formatAsComma(r.Header.DownRevisions)
}

// BranchesEntry is what `alembic branches [-v]` prints for a branch point
// (without the final newline the command adds):
//
//	1975ea83b712 (branchpoint)
//	             -> 27c6a30d7c24 (head)
//	             -> ae1027a6acf (head)
//
// Alembic's own format, "%s\n%s\n", leaves a blank line after each entry.
func (g *Graph) BranchesEntry(r *Revision, verbose bool) string {
	var b strings.Builder
	b.WriteString(r.CmdFormat(FormatOptions{Verbose: verbose, IncludeBranches: true, TreeIndicators: true, HeadIndicators: true}))
	b.WriteString("\n")
	pad := strings.Repeat(" ", len(r.ID()))
	for i, id := range r.next {
		if i > 0 {
			b.WriteString("\n")
		}
		child := g.byID[id]
		b.WriteString(pad + " -> " + child.CmdFormat(FormatOptions{IncludeBranches: true, IncludeDoc: verbose,
			TreeIndicators: true, HeadIndicators: true}))
	}
	b.WriteString("\n")
	return b.String()
}
