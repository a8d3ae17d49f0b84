package revision

import (
	"strings"
)

func relativeError(relative, abs string) error {
	return revErr(ErrRelativeRevision, "Relative revision "+relative+" didn't produce "+abs+" migrations")
}

// parseDowngradeTarget is _parse_downgrade_target: the branch the target
// narrows to (may be "") and the revision to go down to (nil or baseMarker for
// base). Relative targets count from the current revisions.
func (g *Graph) parseDowngradeTarget(current ident, target ident, assertRelative bool) (string, *Revision, error) {
	if target.isNone() {
		return "", nil, nil
	}
	t := target.s
	if m, ok := matchRelative(t); ok {
		branch, symbol := m.branch, m.symbol
		if m.steps >= 0 {
			if symbol == "" {
				// downgrading to current + n is not valid
				return "", nil, relativeError(m.relative, absDigits(m.relative))
			}
			rev, err := g.walkFrom(symbol, m.steps, branch, assertRelative)
			if err != nil {
				return "", nil, err
			}
			if rev == nil {
				return "", nil, revErr(ErrRelativeRevision, "Walked too far")
			}
			return branch, rev, nil
		}
		relativeRevision := symbol == ""
		if relativeRevision {
			if branch != "" {
				rows := current.toTuple()
				symbols, err := g.filterIDsForLineage(rows, branch, false)
				if err != nil {
					return "", nil, err
				}
				if len(symbols) == 0 {
					// several branches, but one head now: the others depend on it
					all, err := g.allCurrent(rows)
					if err != nil {
						return "", nil, err
					}
					onBranch, err := g.filterForLineage(all, branch, false)
					if err != nil {
						return "", nil, err
					}
					symbols = g.ids(onBranch)
				}
				if len(symbols) != 1 {
					return "", nil, revErr(ErrRelativeRevision,
						"Relative revision "+m.relative+" is ambiguous: branch '"+branch+"' has "+
							plural(len(symbols), "current revision")+" in the database")
				}
				symbol = symbols[0]
			} else {
				rows := current.toTuple()
				if len(rows) == 0 {
					return "", nil, relativeError(m.relative, absDigits(m.relative))
				}
				// Alembic warns "downgrade -1 from multiple heads is ambiguous"
				// and takes the first row.
				symbol = rows[0]
				// restrict the walk to the branch of that row
				branch = symbol
			}
		}
		var start *Revision
		var err error
		if branch == "" {
			start, err = g.getRevision(str(symbol))
		} else {
			start, err = g.getRevision(str(branch + "@" + symbol))
		}
		if err != nil {
			return "", nil, err
		}
		rev, err := g.walk(start, m.steps, "", assertRelative)
		if err != nil {
			return "", nil, err
		}
		if rev == nil {
			if relativeRevision {
				return "", nil, relativeError(m.relative, absDigits(m.relative))
			}
			return "", nil, revErr(ErrRelativeRevision, "Walked too far")
		}
		return branch, rev, nil
	}
	// absolute: [branch@]symbol
	branch, symbol := "", t
	if i := strings.LastIndex(t, "@"); i >= 0 {
		branch, symbol = t[:i], t[i+1:]
	}
	rev, err := g.getRevision(str(symbol))
	return branch, rev, err
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return itoa(n) + " " + what + "s"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// parseUpgradeTarget is _parse_upgrade_target: the revisions to upgrade to.
// Relative targets without a symbol count from the current revisions.
func (g *Graph) parseUpgradeTarget(current ident, target ident, assertRelative bool) ([]*Revision, error) {
	var m relativeMatch
	ok := false
	if target.isStr() {
		m, ok = matchRelative(target.s)
	}
	if !ok {
		return g.getRevisions(target)
	}
	rows := current.toTuple()
	branch, symbol := m.branch, m.symbol
	if m.steps > 0 {
		if symbol != "" {
			// relative to a given revision, not to the database
			start, err := g.getRevision(str(symbol))
			if err != nil {
				return nil, err
			}
			rev, err := g.walk(start, m.steps, branch, assertRelative)
			if err != nil {
				return nil, err
			}
			if rev == nil {
				return nil, relativeError(m.relative, absDigits(m.relative))
			}
			return []*Revision{rev}, nil
		}
		// start from the current revision(s); nil is "from nothing"
		var starts []*Revision
		if branch == "" {
			if len(rows) > 1 {
				return nil, revErr(ErrRelativeRevision, "Ambiguous upgrade from multiple current revisions")
			}
			var start *Revision
			if len(rows) == 1 {
				var err error
				if start, err = g.getRevision(str(rows[0])); err != nil {
					return nil, err
				}
			}
			starts = []*Revision{start}
		} else {
			currentRevs, err := g.getRevisions(tuple(rows))
			if err != nil {
				return nil, err
			}
			if starts, err = g.filterForLineage(currentRevs, branch, false); err != nil {
				return nil, err
			}
			if len(starts) == 0 {
				// the branch is not at a current head: back up to where it
				// leaves what is applied
				active, err := g.filterForLineage(g.ancestorsNoCheck(currentRevs, true), branch, false)
				if err != nil {
					return nil, err
				}
				below := map[string]bool{}
				for _, r := range active {
					for _, d := range r.normDown() {
						below[d] = true
					}
				}
				tips := revSet{}
				for _, r := range active {
					if !below[r.ID()] {
						tips[r] = true
					}
				}
				starts = tips.sorted()
				if len(starts) == 0 {
					// right back to base
					starts = []*Revision{nil}
				}
			}
		}
		if len(starts) > 1 {
			return nil, revErr(ErrRelativeRevision, "Ambiguous upgrade from multiple current revisions")
		}
		rev, err := g.walk(starts[0], m.steps, branch, assertRelative)
		if err != nil {
			return nil, err
		}
		if rev == nil {
			return nil, relativeError(m.relative, absDigits(m.relative))
		}
		return []*Revision{rev}, nil
	}
	if symbol == "" {
		// upgrading to current - n is not valid; Alembic formats the int here
		n := itoa(m.steps)
		return nil, relativeError(n, absDigits(n))
	}
	var start *Revision
	var err error
	if branch == "" {
		start, err = g.getRevision(str(symbol))
	} else {
		start, err = g.getRevision(str(branch + "@" + symbol))
	}
	if err != nil {
		return nil, err
	}
	rev, err := g.walk(start, m.steps, "", assertRelative)
	if err != nil {
		return nil, err
	}
	if rev == nil {
		return nil, relativeError(m.relative, absDigits(m.relative))
	}
	return []*Revision{rev}, nil
}

// collectDowngrade is _collect_downgrade_revisions: the applied revisions that
// must be undone to reach lower, and the current heads (upper).
func (g *Graph) collectDowngrade(upper, lower ident, inclusive, implicitBase, assertRelative bool) (revSet, []*Revision, error) {
	branch, target, err := g.parseDowngradeTarget(upper, lower, assertRelative)
	if err != nil {
		return nil, nil, err
	}
	if target == baseMarker {
		target = nil
	}
	var roots []*Revision
	switch {
	case target == nil:
		// back to base: every root
		for _, r := range g.revs {
			if r.IsBase() {
				roots = append(roots, r)
			}
		}
	case inclusive:
		roots = []*Revision{target}
	default:
		if roots, err = g.getRevisions(tuple(target.next)); err != nil {
			return nil, nil, err
		}
	}
	if branch != "" && len(roots) > 1 {
		branchRev, err := g.resolveBranch(branch)
		if err != nil {
			return nil, nil, err
		}
		anc := newRevSet(g.ancestorsNoCheck([]*Revision{branchRev}, false))
		var kept []*Revision
		for _, r := range roots {
			if anc[r] {
				kept = append(kept, r)
			}
		}
		roots = kept
		if len(roots) == 0 {
			return nil, nil, revErr(ErrNotAncestor, "Not a valid downgrade target from current heads")
		}
	}
	heads, err := g.getRevisions(upper)
	if err != nil {
		return nil, nil, err
	}
	// to undo the roots, undo everything above them that is applied
	down := newRevSet(g.descendantsNoCheck(roots, true))
	active := newRevSet(g.ancestorsNoCheck(heads, true))
	for r := range down {
		if !active[r] {
			delete(down, r)
		}
	}
	if implicitBase {
		rootAnc := newRevSet(g.ancestorsNoCheck(roots, true))
		for r := range active {
			if !rootAnc[r] {
				down[r] = true
			}
		}
	}
	if target != nil && len(down) == 0 && !containsRev(heads, target) {
		return nil, nil, &rangeNotAncestor{lower: "Nothing to drop", upper: upper.String()}
	}
	return down, heads, nil
}

func containsRev(revs []*Revision, r *Revision) bool {
	for _, x := range revs {
		if x == r {
			return true
		}
	}
	return false
}

// collectUpgrade is _collect_upgrade_revisions: the revisions upper needs that
// lower (the current revisions) does not have, and the targets.
func (g *Graph) collectUpgrade(upper, lower ident, inclusive, implicitBase, assertRelative bool) (revSet, []*Revision, error) {
	parsed, err := g.parseUpgradeTarget(lower, upper, assertRelative)
	if err != nil {
		return nil, nil, err
	}
	var targets []*Revision
	for _, r := range parsed {
		if isReal(r) {
			targets = append(targets, r)
		}
	}
	if lower.isStr() && strings.Contains(lower.s, "@") {
		// a named base ("branch@base") narrows the targets to that branch
		branch, _, _ := strings.Cut(lower.s, "@")
		branchRev, err := g.getRevision(str(branch))
		if err != nil {
			return nil, nil, err
		}
		if isReal(branchRev) && branchRev.ID() == branch {
			// a revision used as a label stands for its branch
			if len(branchRev.labels) != 1 {
				return nil, nil, revErr(ErrRevision, "Revision "+branch+" does not name exactly one branch")
			}
			branch = branchRev.labels[0]
		}
		var kept []*Revision
		for _, t := range targets {
			if t.hasLabel(branch) {
				kept = append(kept, t)
			}
		}
		targets = kept
	}
	reqAnc, err := g.ancestors(targets, true, true)
	if err != nil {
		return nil, nil, err
	}
	required := newRevSet(reqAnc, targets)

	current, err := g.getRevisions(lower)
	if err != nil {
		return nil, nil, err
	}
	if !implicitBase {
		for _, r := range current {
			if r != nil && !required[r] {
				return nil, nil, &rangeNotAncestor{lower: lower.String(), upper: upper.String()}
			}
		}
	}
	if len(current) > 0 && current[0] == nil {
		// lower is relative (get_revisions could not find it): count from upper
		_, rev, err := g.parseDowngradeTarget(upper, lower, assertRelative)
		if err != nil {
			return nil, nil, err
		}
		if rev == nil {
			return nil, nil, revErr(ErrRelativeRevision, "Walked too far")
		}
		if rev == baseMarker {
			current = nil
			lower = ident{}
		} else {
			current = []*Revision{rev}
			lower = str(rev.ID())
		}
	}
	curAnc, err := g.ancestors(current, true, true)
	if err != nil {
		return nil, nil, err
	}
	have := newRevSet(curAnc, current)
	needs := revSet{}
	for r := range required {
		if !have[r] {
			needs[r] = true
		}
	}
	if inclusive {
		low, err := g.getRevisions(lower)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range low {
			if isReal(r) {
				needs[r] = true
			}
		}
	}
	if len(current) > 0 && !implicitBase {
		var realCurrent []*Revision
		for _, r := range current {
			if isReal(r) {
				realCurrent = append(realCurrent, r)
			}
		}
		desc, err := g.descendants(realCurrent, false, true)
		if err != nil {
			return nil, nil, err
		}
		descSet := newRevSet(desc)
		for r := range needs {
			if !descSet[r] {
				delete(needs, r)
			}
		}
	}
	return needs, targets, nil
}

// iterateRevisions is iterate_revisions: the revisions between upper and lower,
// newest first.
func (g *Graph) iterateRevisions(upper, lower ident, implicitBase, inclusive, assertRelative, forDowngrade bool) ([]*Revision, error) {
	var revs revSet
	var heads []*Revision
	var err error
	if forDowngrade {
		revs, heads, err = g.collectDowngrade(upper, lower, inclusive, implicitBase, assertRelative)
	} else {
		revs, heads, err = g.collectUpgrade(upper, lower, inclusive, implicitBase, assertRelative)
	}
	if err != nil {
		return nil, err
	}
	return g.topoSort(revs, heads)
}
