package revision

import (
	"fmt"
	"slices"
	"strings"
)

// Graph is a validated revision graph. It is immutable once New returns it and
// safe for concurrent use.
type Graph struct {
	revs []*Revision          // load order
	byID map[string]*Revision // revision id -> revision

	// keys and byKey are Alembic's _revision_map: every revision id (load order),
	// then every branch label, each naming a revision. Partial identifiers are
	// matched against keys, labels included.
	keys  []string
	byKey map[string]*Revision

	heads     []string // revisions nothing revises (load order)
	realHeads []string // revisions nothing revises or depends on
	bases     []string // revisions that revise nothing
	realBases []string // ... and depend on nothing
}

// New builds the graph from the headers of a project's revision files, in the
// order Alembic loads them (file names sorted within each version location).
// It refuses what Alembic refuses or would fail on later: an empty or illegal
// id, the same id twice, a down_revision or depends_on naming nothing known,
// a branch label used twice, and cycles. The error names the file:
//
//	alembic/versions/3a29_add_age.py: revision 3a291af61148 revises unknown revision 1f67b9e072b7
//
// and is a *HeaderError wrapping ErrInvalidRevisionID, ErrDuplicateRevision,
// ErrMissingRevision, ErrDuplicateBranchLabel or ErrCycle.
func New(headers []Header) (*Graph, error) {
	g := &Graph{
		byID:  make(map[string]*Revision, len(headers)),
		byKey: make(map[string]*Revision, len(headers)),
	}
	for i, h := range headers {
		h.DownRevisions = slices.Clone(h.DownRevisions)
		h.BranchLabels = slices.Clone(h.BranchLabels)
		h.DependsOn = slices.Clone(h.DependsOn)
		r := &Revision{Header: h, order: i}
		fail := func(kind error, format string, args ...any) error {
			return &HeaderError{Path: h.Path, Revision: h.Revision, Message: fmt.Sprintf(format, args...), Err: kind}
		}
		if h.Revision == "" {
			return nil, fail(ErrInvalidRevisionID, "no revision identifier")
		}
		if slices.Contains(h.DownRevisions, h.Revision) {
			return nil, fail(ErrCycle, "Self-loop is detected in revisions (%s)", h.Revision)
		}
		if slices.Contains(h.DependsOn, h.Revision) {
			return nil, fail(ErrCycle, "Dependency self-loop is detected in revisions (%s)", h.Revision)
		}
		if err := VerifyRevisionID(h.Revision); err != nil {
			return nil, fail(ErrInvalidRevisionID, "%s", err.Error())
		}
		if prev, ok := g.byID[h.Revision]; ok {
			msg := "Revision " + h.Revision + " is present more than once"
			if prev.Header.Path != "" {
				msg += " (also in " + prev.Header.Path + ")"
			}
			return nil, fail(ErrDuplicateRevision, "%s", msg)
		}
		for _, d := range h.DownRevisions {
			if d == "" {
				return nil, fail(ErrMissingRevision, "revision %s revises an empty revision identifier", h.Revision)
			}
		}
		g.revs = append(g.revs, r)
		g.byID[h.Revision] = r
		g.byKey[h.Revision] = r
		g.keys = append(g.keys, h.Revision)
	}

	// Branch labels join the map after all revisions (Alembic's _map_branch_labels),
	// so a label may not repeat a revision id or an earlier label.
	for _, r := range g.revs {
		for _, label := range r.Header.BranchLabels {
			if other, ok := g.byKey[label]; ok {
				return nil, &HeaderError{
					Path: r.Header.Path, Revision: r.ID(), Err: ErrDuplicateBranchLabel,
					Message: fmt.Sprintf("Branch name '%s' in revision %s already used by revision %s", label, r.ID(), other.ID()),
				}
			}
			g.byKey[label] = r
			g.keys = append(g.keys, label)
		}
	}

	// down_revision must name revision ids (a branch label there breaks
	// Alembic's traversal); depends_on may name ids or labels.
	for _, r := range g.revs {
		for _, d := range r.Header.DownRevisions {
			if _, ok := g.byID[d]; !ok {
				return nil, &HeaderError{
					Path: r.Header.Path, Revision: r.ID(), Err: ErrMissingRevision,
					Message: fmt.Sprintf("revision %s revises unknown revision %s", r.ID(), d),
				}
			}
		}
		for _, d := range r.Header.DependsOn {
			dep, ok := g.byKey[d]
			if !ok {
				return nil, &HeaderError{
					Path: r.Header.Path, Revision: r.ID(), Err: ErrMissingRevision,
					Message: fmt.Sprintf("revision %s depends on unknown revision %s", r.ID(), d),
				}
			}
			if !slices.Contains(r.deps, dep.ID()) {
				r.deps = append(r.deps, dep.ID())
			}
		}
	}

	// Links, heads and bases (Alembic's _revision_map).
	for _, r := range g.revs {
		for _, d := range r.allDown() {
			down := g.byID[d]
			if !slices.Contains(down.allNext, r.ID()) {
				down.allNext = append(down.allNext, r.ID())
			}
			if slices.Contains(r.Header.DownRevisions, d) && !slices.Contains(down.next, r.ID()) {
				down.next = append(down.next, r.ID())
			}
		}
	}
	for _, r := range g.revs {
		if r.IsHead() {
			g.heads = append(g.heads, r.ID())
		}
		if r.IsRealHead() {
			g.realHeads = append(g.realHeads, r.ID())
		}
		if r.IsBase() {
			g.bases = append(g.bases, r.ID())
		}
		if r.isRealBase() {
			g.realBases = append(g.realBases, r.ID())
		}
	}

	g.normalizeDependsOn()
	if err := g.detectCycles(); err != nil {
		return nil, err
	}
	g.addBranches()
	return g, nil
}

// normalizeDependsOn drops from each revision's dependencies those that one of
// its ancestors already depends on (Alembic's _normalize_depends_on).
func (g *Graph) normalizeDependsOn() {
	for _, r := range g.revs {
		if len(r.deps) == 0 {
			continue
		}
		drop := map[string]bool{}
		for _, a := range g.ancestorsNoCheck([]*Revision{r}, false) {
			if a == r {
				continue
			}
			for _, d := range a.deps {
				drop[d] = true
			}
		}
		for _, d := range r.deps {
			if !drop[d] {
				r.normDeps = append(r.normDeps, d)
			}
		}
	}
}

// detectCycles finds cycles, first along down_revision ("Cycle is detected in
// revisions (...)"), then with dependencies ("Dependency cycle ..."), listing
// the revisions of the cycle as Alembic's _detect_cycles does. Alembic's own
// check only finds revisions off every base-to-head path, so it misses a cycle
// through a merge point; this one finds every cycle.
func (g *Graph) detectCycles() error {
	if ids := g.firstCycle(func(r *Revision) []string { return r.Header.DownRevisions }); ids != nil {
		return g.cycleError(ids, "Cycle")
	}
	if ids := g.firstCycle((*Revision).allDown); ids != nil {
		return g.cycleError(ids, "Dependency cycle")
	}
	return nil
}

// firstCycle returns the sorted ids of the first strongly connected component
// (by load order of its earliest member) with more than one revision, or nil.
func (g *Graph) firstCycle(edges func(*Revision) []string) []string {
	index := map[*Revision]int{}
	low := map[*Revision]int{}
	onStack := map[*Revision]bool{}
	var stack []*Revision
	var found [][]*Revision
	next := 0
	var visit func(r *Revision)
	visit = func(r *Revision) {
		index[r], low[r] = next, next
		next++
		stack = append(stack, r)
		onStack[r] = true
		for _, id := range edges(r) {
			w, ok := g.byID[id]
			if !ok {
				continue
			}
			if _, seen := index[w]; !seen {
				visit(w)
				low[r] = min(low[r], low[w])
			} else if onStack[w] {
				low[r] = min(low[r], index[w])
			}
		}
		if low[r] == index[r] {
			var comp []*Revision
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == r {
					break
				}
			}
			if len(comp) > 1 {
				found = append(found, comp)
			}
		}
	}
	for _, r := range g.revs {
		if _, seen := index[r]; !seen {
			visit(r)
		}
	}
	if len(found) == 0 {
		return nil
	}
	first := func(c []*Revision) int {
		m := c[0].order
		for _, r := range c {
			m = min(m, r.order)
		}
		return m
	}
	best := found[0]
	for _, c := range found[1:] {
		if first(c) < first(best) {
			best = c
		}
	}
	ids := g.ids(best)
	slices.Sort(ids)
	return ids
}

// cycleError names the file of the first revision (in load order) in the cycle.
func (g *Graph) cycleError(ids []string, kind string) error {
	first := g.byID[ids[0]]
	for _, id := range ids {
		if r := g.byID[id]; r.order < first.order {
			first = r
		}
	}
	return &HeaderError{
		Path: first.Header.Path, Revision: first.ID(), Err: ErrCycle,
		Message: kind + " is detected in revisions (" + strings.Join(ids, ", ") + ")",
	}
}

// addBranches propagates branch labels as Alembic's _add_branches does: to
// every descendant of the labeled revision, and from the last of those down
// through its ancestors until a branch point or merge point.
func (g *Graph) addBranches() {
	sets := make(map[*Revision]map[string]bool, len(g.revs))
	labelsOf := func(r *Revision) map[string]bool {
		s, ok := sets[r]
		if !ok {
			s = map[string]bool{}
			for _, l := range r.Header.BranchLabels {
				s[l] = true
			}
			sets[r] = s
		}
		return s
	}
	add := func(to *Revision, from map[string]bool) {
		s := labelsOf(to)
		for l := range from {
			s[l] = true
		}
	}
	for _, r := range g.revs {
		if len(r.Header.BranchLabels) == 0 {
			continue
		}
		own := labelsOf(r)
		var last *Revision
		for _, n := range g.descendantsNoCheck([]*Revision{r}, false) {
			add(n, own)
			last = n
		}
		for parent := last; parent != nil && !parent.isRealBranchPoint() && !parent.IsMergePoint(); {
			add(parent, own)
			if len(parent.Header.DownRevisions) == 0 {
				break
			}
			parent = g.byID[parent.Header.DownRevisions[0]]
		}
	}
	for r, s := range sets {
		r.labels = r.labels[:0]
		for l := range s {
			r.labels = append(r.labels, l)
		}
		slices.Sort(r.labels)
	}
}

func (g *Graph) ids(revs []*Revision) []string {
	out := make([]string, 0, len(revs))
	for _, r := range revs {
		out = append(out, r.ID())
	}
	return out
}

func (g *Graph) lookup(ids []string) []*Revision {
	out := make([]*Revision, 0, len(ids))
	for _, id := range ids {
		if r, ok := g.byID[id]; ok {
			out = append(out, r)
		}
	}
	return out
}

// Len is the number of revisions.
func (g *Graph) Len() int { return len(g.revs) }

// Revisions are all revisions in load order.
func (g *Graph) Revisions() []*Revision { return slices.Clone(g.revs) }

// Revision is the revision with exactly this id, or nil.
func (g *Graph) Revision(id string) *Revision { return g.byID[id] }

// Heads are the revisions no other revision revises, in load order
// (Alembic's ScriptDirectory.get_heads(), what `alembic heads` lists).
func (g *Graph) Heads() []string { return slices.Clone(g.heads) }

// RealHeads are the heads no revision depends on either: what "heads" means as
// a target, and the rows alembic_version holds once everything is applied.
func (g *Graph) RealHeads() []string { return slices.Clone(g.realHeads) }

// Bases are the revisions that revise nothing, in load order.
func (g *Graph) Bases() []string { return slices.Clone(g.bases) }

// BranchPoints are the revisions more than one revision revises, in load order.
func (g *Graph) BranchPoints() []*Revision {
	var out []*Revision
	for _, r := range g.revs {
		if r.IsBranchPoint() {
			out = append(out, r)
		}
	}
	return out
}

// MergePoints are the revisions that revise more than one, in load order.
func (g *Graph) MergePoints() []*Revision {
	var out []*Revision
	for _, r := range g.revs {
		if r.IsMergePoint() {
			out = append(out, r)
		}
	}
	return out
}
