package revision

import (
	"strings"

	"retort/engine/python"
)

// ident is an argument as Alembic's RevisionMap receives one: None, a string,
// or a tuple of strings (the rows of alembic_version).
type ident struct {
	kind  identKind
	s     string
	tuple []string
}

type identKind int

const (
	identNone identKind = iota
	identStr
	identTuple
)

func str(s string) ident           { return ident{kind: identStr, s: s} }
func tuple(ids []string) ident     { return ident{kind: identTuple, tuple: ids} }
func (id ident) isNone() bool      { return id.kind == identNone }
func (id ident) isStr() bool       { return id.kind == identStr }
func (id ident) toTuple() []string { return id.elems() }

func (id ident) elems() []string {
	switch id.kind {
	case identStr:
		return []string{id.s}
	case identTuple:
		return id.tuple
	}
	return nil
}

// String renders the ident as Python's "%s" would in a message.
func (id ident) String() string {
	switch id.kind {
	case identStr:
		return id.s
	case identTuple:
		return python.QuoteTuple(id.tuple)
	}
	return "None"
}

// resolveNumber is _resolve_revision_number: splits "branch@id" and expands
// the symbols heads, head and base.
func (g *Graph) resolveNumber(id ident) (ids []string, branch string, err error) {
	if id.kind == identStr {
		s := id.s
		if b, rest, ok := strings.Cut(s, "@"); ok {
			branch, s = b, rest
		}
		switch s {
		case "heads":
			if branch != "" {
				heads, err := g.filterIDsForLineage(g.heads, branch, false)
				return heads, branch, err
			}
			return g.realHeads, "", nil
		case "head":
			head, err := g.currentHead(branch)
			if err != nil {
				return nil, branch, err
			}
			if head == "" {
				return nil, branch, nil
			}
			return []string{head}, branch, nil
		case "base":
			return nil, branch, nil
		}
		return []string{s}, branch, nil
	}
	return id.elems(), "", nil
}

// currentHead is get_current_head: the one head (of a branch), or "" if none.
func (g *Graph) currentHead(branch string) (string, error) {
	heads := g.heads
	if branch != "" {
		var err error
		heads, err = g.filterIDsForLineage(heads, branch, false)
		if err != nil {
			return "", err
		}
	}
	if len(heads) > 1 {
		arg := "head"
		if branch != "" {
			arg = branch + "@head"
		}
		return "", newMultipleHeads(heads, arg)
	}
	if len(heads) == 1 {
		return heads[0], nil
	}
	return "", nil
}

// getRevisions is get_revisions: the revisions an identifier, a tuple of them,
// or a symbol names. Elements may be nil or baseMarker where Alembic's are
// None or "base" (a negative walk from the heads, "branch@-2").
func (g *Graph) getRevisions(id ident) ([]*Revision, error) {
	if id.kind == identTuple {
		var out []*Revision
		for _, e := range id.tuple {
			revs, err := g.getRevisions(str(e))
			if err != nil {
				return nil, err
			}
			out = append(out, revs...)
		}
		return out, nil
	}
	resolved, branch, err := g.resolveNumber(id)
	if err != nil {
		return nil, err
	}
	if len(resolved) == 1 {
		if n, ok := pyInt(resolved[0]); ok && n < 0 {
			// branch@-n: walk down from the heads
			heads, err := g.getRevisions(str("heads"))
			if err != nil {
				return nil, err
			}
			var out []*Revision
			for _, h := range heads {
				if branch != "" && !(isReal(h) && h.hasLabel(branch)) {
					continue
				}
				r, err := g.walk(h, n, "", true)
				if err != nil {
					return nil, err
				}
				out = append(out, r)
			}
			return out, nil
		}
	}
	out := make([]*Revision, 0, len(resolved))
	for _, rid := range resolved {
		r, err := g.revisionForIdent(rid, false, branch)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// getRevision is get_revision: one revision (nil for base), failing with
// MultipleHeads when the identifier names several.
func (g *Graph) getRevision(id ident) (*Revision, error) {
	resolved, branch, err := g.resolveNumber(id)
	if err != nil {
		return nil, err
	}
	if len(resolved) > 1 {
		return nil, newMultipleHeads(resolved, id.String())
	}
	if len(resolved) == 0 {
		return g.revisionForIdent("", true, branch)
	}
	return g.revisionForIdent(resolved[0], false, branch)
}

// resolveBranch is _resolve_branch: a branch label, or any identifier of a
// revision standing for its branch.
func (g *Graph) resolveBranch(label string) (*Revision, error) {
	if r, ok := g.byKey[label]; ok {
		return r, nil
	}
	r, err := g.revisionForIdent(label, false, "")
	if err != nil {
		return nil, newResolution(ErrNoSuchBranch, "No such branch: '"+label+"'", label)
	}
	return r, nil
}

// revisionForIdent is _revision_for_ident: an exact key, or else the one key
// (revision id or branch label, at least four characters) that starts with id.
// none=true is Alembic's None / (): no revision, nil result.
func (g *Graph) revisionForIdent(id string, none bool, checkBranch string) (*Revision, error) {
	var branchRev *Revision
	if checkBranch != "" {
		var err error
		if branchRev, err = g.resolveBranch(checkBranch); err != nil {
			return nil, err
		}
	}
	if none {
		return nil, nil
	}
	rev, ok := g.byKey[id]
	if !ok {
		if id == "" {
			return nil, newResolution(ErrNoSuchRevision, "No such revision or branch ''; please ensure at least four characters are present for partial revision identifier matches", id)
		}
		var matches []string
		for _, k := range g.keys {
			if len(k) > 3 && strings.HasPrefix(k, id) {
				matches = append(matches, k)
			}
		}
		if branchRev != nil {
			var err error
			if matches, err = g.filterIDsForLineage(matches, checkBranch, false); err != nil {
				return nil, err
			}
		}
		switch {
		case len(matches) == 0:
			detail := "No such revision or branch '" + id + "'"
			if len([]rune(id)) < 4 {
				detail += "; please ensure at least four characters are present for partial revision identifier matches"
			}
			return nil, newResolution(ErrNoSuchRevision, detail, id)
		case len(matches) > 1:
			shown := matches[:min(3, len(matches))]
			quoted := make([]string, len(shown))
			for i, m := range shown {
				quoted[i] = "'" + m + "'"
			}
			return nil, newResolution(ErrAmbiguousRevision,
				"Multiple revisions start with '"+id+"': "+strings.Join(quoted, ", ")+"...", id)
		}
		rev = g.byKey[matches[0]]
	}
	if branchRev != nil {
		ok, err := g.sharesLineage(rev, []string{branchRev.ID()}, false)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, newResolution(ErrNotInBranch,
				"Revision "+rev.ID()+" is not a member of branch '"+checkBranch+"'", id)
		}
	}
	return rev, nil
}

// filterForLineage is filter_for_lineage: the targets that share a line of
// ancestry with what checkAgainst names.
func (g *Graph) filterForLineage(targets []*Revision, checkAgainst string, includeDeps bool) ([]*Revision, error) {
	shares, err := g.lineageTests(checkAgainst)
	if err != nil {
		return nil, err
	}
	var out []*Revision
	for _, t := range targets {
		ok, err := g.sharesLineage(t, shares, includeDeps)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// filterIDsForLineage is filterForLineage for identifiers, each resolved first.
func (g *Graph) filterIDsForLineage(ids []string, checkAgainst string, includeDeps bool) ([]string, error) {
	shares, err := g.lineageTests(checkAgainst)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		r, err := g.revisionForIdent(id, false, "")
		if err != nil {
			return nil, err
		}
		ok, err := g.sharesLineage(r, shares, includeDeps)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, id)
		}
	}
	return out, nil
}

func (g *Graph) lineageTests(checkAgainst string) ([]string, error) {
	ids, branch, err := g.resolveNumber(str(checkAgainst))
	if err != nil {
		return nil, err
	}
	var shares []string
	if branch != "" {
		shares = append(shares, branch)
	}
	return append(shares, ids...), nil
}

// sharesLineage is _shares_lineage: target is an ancestor or descendant of (or
// is) one of the revisions named.
func (g *Graph) sharesLineage(target *Revision, testAgainst []string, includeDeps bool) (bool, error) {
	if len(testAgainst) == 0 {
		return true, nil
	}
	if !isReal(target) {
		return false, nil
	}
	tests := map[*Revision]bool{}
	for _, t := range testAgainst {
		r, err := g.revisionForIdent(t, false, "")
		if err != nil {
			return false, err
		}
		tests[r] = true
	}
	for _, r := range g.descendantsNoCheck([]*Revision{target}, includeDeps) {
		if tests[r] {
			return true, nil
		}
	}
	for _, r := range g.ancestorsNoCheck([]*Revision{target}, includeDeps) {
		if tests[r] {
			return true, nil
		}
	}
	return false, nil
}

// walk is _walk: steps up (> 0) or down (< 0) from start (nil: from nothing,
// i.e. up from the bases or down from the heads). Up, branch narrows the
// children to that branch. Walking off the graph gives nil when noOverwalk,
// else the last revision reached; more than one way to go is "Ambiguous walk".
func (g *Graph) walk(start *Revision, steps int, branch string, noOverwalk bool) (*Revision, error) {
	initial := start
	n := steps
	if n < 0 {
		n = -n
	}
	for range n {
		var children []*Revision
		if steps > 0 {
			var ups []string
			if initial == nil {
				ups = g.bases
			} else if initial != baseMarker {
				ups = initial.next
			}
			walkUp, err := g.getRevisions(tuple(ups))
			if err != nil {
				return nil, err
			}
			if branch != "" {
				if walkUp, err = g.filterForLineage(walkUp, branch, false); err != nil {
					return nil, err
				}
			}
			children = walkUp
		} else {
			if initial != baseMarker {
				var downs []string
				if initial == nil {
					downs = g.heads
				} else {
					downs = initial.Header.DownRevisions
				}
				var err error
				if children, err = g.getRevisions(tuple(downs)); err != nil {
					return nil, err
				}
				if len(children) == 0 {
					children = []*Revision{baseMarker}
				}
			}
		}
		if len(children) == 0 {
			if noOverwalk {
				return nil, nil
			}
			return initial, nil
		}
		if len(children) > 1 {
			return nil, revErr(ErrAmbiguousWalk, "Ambiguous walk")
		}
		initial = children[0]
	}
	return initial, nil
}

// walkFrom is _walk with a string start, resolved by get_revision.
func (g *Graph) walkFrom(start string, steps int, branch string, noOverwalk bool) (*Revision, error) {
	r, err := g.getRevision(str(start))
	if err != nil {
		return nil, err
	}
	return g.walk(r, steps, branch, noOverwalk)
}

// allCurrent is _get_all_current: the revisions the rows stand for, with
// everything they imply, reduced to the tips.
func (g *Graph) allCurrent(rows []string) ([]*Revision, error) {
	top, err := g.getRevisions(tuple(rows))
	if err != nil {
		return nil, err
	}
	anc := g.ancestorsNoCheck(top, true)
	set := newRevSet(top, anc)
	return g.filterIntoBranchHeads(set, top), nil
}

// filterIntoBranchHeads drops every revision that has a descendant in the set.
// The result lists the revisions of first (the rows' order) first, then the
// rest in load order.
// Alembic walks each revision's descendants (quadratic: 80 ms for
// `current` on a history of 1,000); whether a revision has a descendant in
// the set is remembered here as it is found, so each is walked once.
func (g *Graph) filterIntoBranchHeads(set revSet, first []*Revision) []*Revision {
	above := map[*Revision]bool{} // has a descendant (not itself) in set
	var hasAbove func(r *Revision) bool
	hasAbove = func(r *Revision) bool {
		if v, ok := above[r]; ok {
			return v
		}
		above[r] = false // a cycle (reported elsewhere) ends here
		found := false
		for _, id := range upFn(false)(r) {
			if next, ok := g.byID[id]; ok && (set[next] || hasAbove(next)) {
				found = true
				break
			}
		}
		above[r] = found
		return found
	}
	keep := revSet{}
	for r := range set {
		if !hasAbove(r) {
			keep[r] = true
		}
	}
	var out []*Revision
	for _, r := range first {
		if keep[r] {
			out = append(out, r)
			delete(keep, r)
		}
	}
	return append(out, keep.sorted()...)
}
