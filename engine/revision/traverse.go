package revision

import (
	"slices"
	"strings"
)

// baseMarker stands for Alembic's "base" string where its revision map returns
// it in place of a revision (walking down past a base). nil stands for None.
// It never leaves the package.
var baseMarker = &Revision{Header: Header{Revision: "base"}, order: -1}

func isReal(r *Revision) bool { return r != nil && r != baseMarker }

// iterateRelated is Alembic's _iterate_related_revisions without the overlap
// check: a depth-first walk from each target along fn, each revision once.
func (g *Graph) iterateRelated(fn func(*Revision) []string, targets []*Revision) []*Revision {
	out, _ := g.iterateRelatedCheck(fn, targets, false)
	return out
}

// iterateRelatedCheck with check=true also fails when one target reaches
// another ("Requested revision X overlaps with other requested revisions Y").
func (g *Graph) iterateRelatedCheck(fn func(*Revision) []string, targets []*Revision, check bool) ([]*Revision, error) {
	var out []*Revision
	seen := map[*Revision]bool{}
	targetSet := map[*Revision]bool{}
	for _, t := range targets {
		targetSet[t] = true
	}
	for _, target := range targets {
		if !isReal(target) {
			continue
		}
		todo := []*Revision{target}
		perTarget := map[*Revision]bool{}
		for len(todo) > 0 {
			rev := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if check {
				perTarget[rev] = true
			}
			if seen[rev] {
				continue
			}
			seen[rev] = true
			for _, id := range fn(rev) {
				if next, ok := g.byID[id]; ok {
					todo = append(todo, next)
				}
			}
			out = append(out, rev)
		}
		if check {
			var overlaps []*Revision
			for r := range perTarget {
				if r != target && targetSet[r] {
					overlaps = append(overlaps, r)
				}
			}
			if len(overlaps) > 0 {
				slices.SortFunc(overlaps, byOrder)
				return nil, revErr(ErrOverlap, "Requested revision "+target.ID()+
					" overlaps with other requested revisions "+strings.Join(g.ids(overlaps), ", "))
			}
		}
	}
	return out, nil
}

func byOrder(a, b *Revision) int { return a.order - b.order }

func downFn(includeDeps bool) func(*Revision) []string {
	if includeDeps {
		return (*Revision).normDown
	}
	return func(r *Revision) []string { return r.Header.DownRevisions }
}

func upFn(includeDeps bool) func(*Revision) []string {
	if includeDeps {
		return func(r *Revision) []string { return r.allNext }
	}
	return func(r *Revision) []string { return r.next }
}

// ancestors is _get_ancestor_nodes: the targets and everything below them.
func (g *Graph) ancestors(targets []*Revision, includeDeps, check bool) ([]*Revision, error) {
	return g.iterateRelatedCheck(downFn(includeDeps), targets, check)
}

func (g *Graph) ancestorsNoCheck(targets []*Revision, includeDeps bool) []*Revision {
	return g.iterateRelated(downFn(includeDeps), targets)
}

// descendants is _get_descendant_nodes: the targets and everything above them.
func (g *Graph) descendants(targets []*Revision, includeDeps, check bool) ([]*Revision, error) {
	return g.iterateRelatedCheck(upFn(includeDeps), targets, check)
}

func (g *Graph) descendantsNoCheck(targets []*Revision, includeDeps bool) []*Revision {
	return g.iterateRelated(upFn(includeDeps), targets)
}

// revSet is a set of revisions; sorted() gives them in load order.
type revSet map[*Revision]bool

func newRevSet(revs ...[]*Revision) revSet {
	s := revSet{}
	for _, l := range revs {
		for _, r := range l {
			if isReal(r) {
				s[r] = true
			}
		}
	}
	return s
}

func (s revSet) sorted() []*Revision {
	out := make([]*Revision, 0, len(s))
	for r := range s {
		out = append(out, r)
	}
	slices.SortFunc(out, byOrder)
	return out
}

// topoSort is Alembic's _topological_sort: the revisions newest first, every
// revision before its down revisions and dependencies, walking one branch down
// as far as it can before turning to the next, heads taken in load order.
func (g *Graph) topoSort(revs revSet, heads []*Revision) ([]*Revision, error) {
	todo := map[string]bool{}
	for r := range revs {
		todo[r.ID()] = true
	}
	getAncestors := func(id string) map[string]bool {
		s := map[string]bool{}
		for _, r := range g.ancestorsNoCheck([]*Revision{g.byID[id]}, true) {
			s[r.ID()] = true
		}
		return s
	}

	var current []string
	for _, h := range heads {
		if isReal(h) && todo[h.ID()] && !slices.Contains(current, h.ID()) {
			current = append(current, h.ID())
		}
	}
	slices.SortFunc(current, func(a, b string) int { return g.byID[a].order - g.byID[b].order })
	ancestorsByIdx := make([]map[string]bool, len(current))
	for i, id := range current {
		ancestorsByIdx[i] = getAncestors(id)
	}

	var out []*Revision
	idx := 0
	// The walk is bounded; the guard only turns a bug into an error.
	for guard := 0; len(current) > 0; guard++ {
		if guard > 4*(len(g.revs)+1)*(len(g.revs)+1)+16 {
			return nil, revErr(ErrRevision, "topological sort did not terminate")
		}
		candidate := current[idx]
		switched := false
		for j, anc := range ancestorsByIdx {
			if j != idx && anc[candidate] {
				// another head needs this one: walk that head first
				idx = j
				switched = true
				break
			}
		}
		if switched {
			continue
		}
		if todo[candidate] {
			out = append(out, g.byID[candidate])
			delete(todo, candidate)
		}
		rev := g.byID[candidate]
		var toAdd []string
		for _, d := range rev.normDown() {
			if todo[d] && !slices.Contains(current, d) {
				toAdd = append(toAdd, d)
			}
		}
		switch {
		case len(toAdd) == 0:
			current = slices.Delete(current, idx, idx+1)
			ancestorsByIdx = slices.Delete(ancestorsByIdx, idx, idx+1)
			idx = max(idx-1, 0)
		case len(rev.normDeps) == 0 && len(rev.Header.DownRevisions) == 1:
			current[idx] = toAdd[0]
			delete(ancestorsByIdx[idx], candidate)
		default:
			current[idx] = toAdd[0]
			current = append(current, toAdd[1:]...)
			ancestorsByIdx[idx] = getAncestors(toAdd[0])
			for _, h := range toAdd[1:] {
				ancestorsByIdx = append(ancestorsByIdx, getAncestors(h))
			}
		}
	}
	if len(todo) > 0 {
		var left []string
		for id := range todo {
			left = append(left, id)
		}
		slices.Sort(left)
		return nil, revErr(ErrRevision, "revisions "+strings.Join(left, ", ")+" are not reachable from the given heads")
	}
	return out, nil
}
