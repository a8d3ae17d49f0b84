// Package revision is Alembic's revision graph in Go: the revisions a project's
// scripts declare, their heads, bases, branch points and merge points, target
// resolution ("head", "heads", "base", "+N", "-N", "REV+N", partial ids,
// "branch@head", ...), the ordered steps of an upgrade, downgrade or stamp with
// the alembic_version rows each step leaves, and the lines Alembic's history,
// heads, branches, current and show commands print.
//
// It follows alembic/script/revision.py, alembic/script/base.py and the
// HeadMaintainer of alembic/runtime/migration.py, message for message. Where
// Alembic's result depends on Python set order, this package uses the order the
// headers were given in (Alembic's own load order: file names sorted within each
// version location), so every result is deterministic.
//
// The package is pure: no files, no SQL. Headers come from the script reader.
package revision

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Header is what one revision script declares, as plain data.
type Header struct {
	Revision      string   // revision = "..."
	DownRevisions []string // down_revision: empty for a base, several for a merge
	BranchLabels  []string // branch_labels
	DependsOn     []string // depends_on: revision ids or branch labels
	// Doc is the module docstring as the script holds it ("add age to users\n\n
	// Revision ID: ...\nRevises: ...\nCreate Date: ..."). History and log lines
	// print its first paragraph; verbose forms print all of it.
	Doc string
	// Message is the revision message. It is printed only when Doc is empty (a
	// header built in code); the script reader fills Doc.
	Message    string
	CreateDate string // the "Create Date:" text, informational
	Path       string // the file, for error messages and "Path:" lines
}

// Revision is one node of a Graph: the Header plus what the graph knows of it.
// A Revision belongs to its Graph; do not modify it.
type Revision struct {
	Header Header

	order    int      // position in the headers given to New
	next     []string // revisions whose down_revision names this one (load order)
	allNext  []string // next plus revisions that depend on this one
	deps     []string // DependsOn resolved to revision ids
	normDeps []string // deps minus those an ancestor already depends on
	labels   []string // own and inherited branch labels, sorted
}

// ID is the revision identifier.
func (r *Revision) ID() string { return r.Header.Revision }

// DownRevisions are the revisions this one revises (empty for a base).
func (r *Revision) DownRevisions() []string { return slices.Clone(r.Header.DownRevisions) }

// Dependencies are the depends_on entries resolved to revision ids.
func (r *Revision) Dependencies() []string { return slices.Clone(r.deps) }

// NextRevisions are the revisions that revise this one, in load order.
func (r *Revision) NextRevisions() []string { return slices.Clone(r.next) }

// BranchLabels are the branch labels this revision carries: its own and those
// Alembic propagates to it from labeled ancestors and descendants, sorted.
func (r *Revision) BranchLabels() []string { return slices.Clone(r.labels) }

// IsHead: no revision revises this one (dependencies aside).
func (r *Revision) IsHead() bool { return len(r.next) == 0 }

// IsRealHead: no revision revises or depends on this one. A head that is not a
// real head is what Alembic prints as "(effective head)".
func (r *Revision) IsRealHead() bool { return len(r.allNext) == 0 }

// IsBase: the revision revises nothing.
func (r *Revision) IsBase() bool { return len(r.Header.DownRevisions) == 0 }

// IsBranchPoint: more than one revision revises this one.
func (r *Revision) IsBranchPoint() bool { return len(r.next) > 1 }

// IsMergePoint: this revision revises more than one.
func (r *Revision) IsMergePoint() bool { return len(r.Header.DownRevisions) > 1 }

func (r *Revision) isRealBase() bool        { return r.IsBase() && len(r.Header.DependsOn) == 0 }
func (r *Revision) isRealBranchPoint() bool { return len(r.allNext) > 1 }

// allDown is Alembic's _all_down_revisions: down revisions plus dependencies.
func (r *Revision) allDown() []string { return dedupe(r.Header.DownRevisions, r.deps) }

// normDown is Alembic's _normalized_down_revisions: down revisions plus the
// dependencies no ancestor already has.
func (r *Revision) normDown() []string { return dedupe(r.Header.DownRevisions, r.normDeps) }

func (r *Revision) hasLabel(label string) bool { return slices.Contains(r.labels, label) }

// LongDoc is the whole docstring, stripped (Alembic's Script.longdoc).
func (r *Revision) LongDoc() string {
	if r.Header.Doc == "" {
		return pyStrip(r.Header.Message)
	}
	return pyStrip(r.Header.Doc)
}

// Doc is the docstring's first paragraph (Alembic's Script.doc): what history
// lines and "Running upgrade" lines print after the comma.
func (r *Revision) Doc() string {
	doc, _, _ := strings.Cut(r.LongDoc(), "\n\n")
	return doc
}

func dedupe(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

var illegalRevisionChars = []string{"-", ":", "@", "+"}

// VerifyRevisionID checks a revision id as Alembic's Revision.verify_rev_id does
// (for --rev-id): "Character(s) '-' not allowed in revision identifier 'a-b'".
func VerifyRevisionID(id string) error {
	var found []string
	for _, c := range illegalRevisionChars {
		if strings.Contains(id, c) {
			found = append(found, c)
		}
	}
	if len(found) == 0 {
		return nil
	}
	slices.Sort(found)
	return &Error{
		Message: "Character(s) '" + strings.Join(found, ", ") + "' not allowed in revision identifier '" + id + "'",
		Err:     ErrInvalidRevisionID,
	}
}

// relativeMatch is the result of matching a target against relativeDestination.
type relativeMatch struct {
	branch, symbol string // "" when the group did not match
	relative       string // "+2", "-1"
	steps          int
}

// matchRelative matches Alembic's _relative_destination at the start of the
// string only (re.match), as the expression
// ^(?:(.+?)@)?([\p{L}\p{N}_]+)?([+-][0-9]+) would (\w is Python's Unicode
// word class): the branch is the shortest prefix before an '@' (no newline
// in it) after which the rest matches. Written out rather than compiled: the
// engine links no package regexp (a large share of the wasm, and its start-up).
func matchRelative(target string) (relativeMatch, bool) {
	for at := 1; at < len(target); at++ {
		if target[at-1] == '\n' {
			break
		}
		if target[at] != '@' {
			continue
		}
		if m, ok := matchRelativeRest(target[at+1:]); ok {
			m.branch = target[:at]
			return m, true
		}
	}
	return matchRelativeRest(target)
}

// matchRelativeRest matches ([\p{L}\p{N}_]+)?([+-][0-9]+) at the start of s.
func matchRelativeRest(s string) (relativeMatch, bool) {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			break
		}
		i += size
	}
	if i >= len(s) || (s[i] != '+' && s[i] != '-') {
		return relativeMatch{}, false
	}
	d := i + 1
	for d < len(s) && '0' <= s[d] && s[d] <= '9' {
		d++
	}
	if d == i+1 {
		return relativeMatch{}, false
	}
	rel := s[i:d]
	n, _ := pyInt(rel)
	return relativeMatch{symbol: s[:i], relative: rel, steps: n}, true
}
