package revision

import (
	"slices"
)

// Direction says which way a step moves.
type Direction int

const (
	Up   Direction = iota + 1 // upgrade (or a stamp upward)
	Down                      // downgrade (or a stamp downward)
)

func (d Direction) String() string {
	switch d {
	case Up:
		return "up"
	case Down:
		return "down"
	}
	return "unknown"
}

// ChangeKind is what a step does to alembic_version.
type ChangeKind int

const (
	Insert ChangeKind = iota + 1 // INSERT INTO alembic_version (version_num) VALUES ('To')
	Update                       // UPDATE alembic_version SET version_num='To' WHERE alembic_version.version_num = 'From'
	Delete                       // DELETE FROM alembic_version WHERE alembic_version.version_num = 'From'
)

func (k ChangeKind) String() string {
	switch k {
	case Insert:
		return "insert"
	case Update:
		return "update"
	case Delete:
		return "delete"
	}
	return "unknown"
}

// VersionChange is one write to alembic_version, in the order Alembic's
// HeadMaintainer issues them.
type VersionChange struct {
	Kind     ChangeKind
	From, To string // From for Update and Delete, To for Insert and Update
}

// Step is one migration step as Alembic runs and logs it.
type Step struct {
	// Revision is the script whose upgrade() or downgrade() runs; nil for a stamp.
	Revision  *Revision
	Direction Direction
	Stamp     bool
	// FromRevisions and ToRevisions are what the log line shows: for an upgrade
	// the down revisions -> the revision, for a downgrade the reverse
	// (dependencies are not shown, as in Alembic).
	FromRevisions []string
	ToRevisions   []string
	// Changes are the writes to alembic_version after the step's work.
	Changes []VersionChange
	// Versions are the rows of alembic_version once the step is done, in
	// table order (an UPDATE keeps its row's place, an INSERT appends).
	Versions []string

	stampBranchMove bool // Alembic's StampStep.branch_move
}

// Name is the migration function's name, as Alembic logs it: "upgrade",
// "downgrade" or "stamp_revision".
func (s Step) Name() string {
	switch {
	case s.Stamp:
		return "stamp_revision"
	case s.Direction == Up:
		return "upgrade"
	}
	return "downgrade"
}

// ShortLog is Alembic's MigrationStep.short_log, used in --sql output as
// "-- Running upgrade 1f67b9e072b7 -> 3a291af61148".
func (s Step) ShortLog() string {
	return s.Name() + " " + formatAsComma(s.FromRevisions) + " -> " + formatAsComma(s.ToRevisions)
}

// String is str(step): "upgrade 1f67b9e072b7 -> 3a291af61148, add age to users"
// (the short log when the revision has no doc).
func (s Step) String() string {
	if s.Revision != nil {
		if doc := s.Revision.Doc(); doc != "" {
			return s.ShortLog() + ", " + doc
		}
	}
	return s.ShortLog()
}

// LogLine is the message Alembic logs before running the step (logger
// alembic.runtime.migration, level INFO): "Running upgrade  -> 1f67b9e072b7,
// create users table".
func (s Step) LogLine() string { return "Running " + s.String() }

// UpgradePath is `alembic upgrade TARGET` against a database whose
// alembic_version holds the rows current (none: nothing applied): the steps in
// the order Alembic runs them, each with its log line and its alembic_version
// writes. TARGET is any target form (head, heads, +N, REV, REV+N, label@head,
// label@+N, ...). Upgrading to where the database already is gives no steps.
// For `upgrade START:END --sql`, split with SplitRange and pass START's id
// (resolved with Get) as the one current row.
func (g *Graph) UpgradePath(current []string, target string) ([]Step, error) {
	revs, err := g.iterateRevisions(str(target), tuple(slices.Clone(current)), true, false, true, false)
	if err != nil {
		return nil, catch(err, catchOpts{
			ancestor: "Destination %(end)s is not a valid upgrade target from current head(s)",
			end:      target, hasEnd: true,
		})
	}
	slices.Reverse(revs)
	steps := make([]Step, 0, len(revs))
	for _, r := range revs {
		steps = append(steps, revisionStep(r, Up))
	}
	return g.maintainHeads(current, steps)
}

// DowngradePath is `alembic downgrade TARGET`: the steps in the order Alembic
// runs them. TARGET is base, -N, REV, REV-N, label@base, label@-N, ...
func (g *Graph) DowngradePath(current []string, target string) ([]Step, error) {
	revs, err := g.iterateRevisions(tuple(slices.Clone(current)), str(target), false, false, true, true)
	if err != nil {
		return nil, catch(err, catchOpts{
			ancestor: "Destination %(end)s is not a valid downgrade target from current head(s)",
			end:      target, hasEnd: true,
		})
	}
	steps := make([]Step, 0, len(revs))
	for _, r := range revs {
		steps = append(steps, revisionStep(r, Down))
	}
	return g.maintainHeads(current, steps)
}

func revisionStep(r *Revision, d Direction) Step {
	s := Step{Revision: r, Direction: d}
	if d == Up {
		s.FromRevisions = slices.Clone(r.Header.DownRevisions)
		s.ToRevisions = []string{r.ID()}
	} else {
		s.FromRevisions = []string{r.ID()}
		s.ToRevisions = slices.Clone(r.Header.DownRevisions)
	}
	return s
}

// StampPath is `alembic stamp TARGET...`: the stamp steps that move the rows
// current to the targets without running any script (Alembic's _stamp_revs).
// No targets means "heads".
func (g *Graph) StampPath(current []string, targets ...string) ([]Step, error) {
	steps, err := g.stampSteps(current, targets)
	if err != nil {
		return nil, catch(err, catchOpts{multipleHeads: "Multiple heads are present; please specify a single target revision"})
	}
	return g.maintainHeads(current, steps)
}

func (g *Graph) stampSteps(current, targets []string) ([]Step, error) {
	if len(targets) == 0 {
		targets = []string{"heads"}
	}
	headRevs, err := g.getRevisions(tuple(current))
	if err != nil {
		return nil, err
	}
	var filtered []*Revision
	for _, t := range targets {
		if t == "" {
			continue
		}
		f, err := g.filterForLineage(headRevs, t, true)
		if err != nil {
			return nil, err
		}
		for _, r := range f {
			if !containsRev(filtered, r) {
				filtered = append(filtered, r)
			}
		}
	}
	dests, err := g.getRevisions(tuple(targets))
	if err != nil {
		return nil, err
	}
	if len(dests) == 0 {
		dests = []*Revision{nil}
	}
	var steps []Step
	for _, dest := range dests {
		if !isReal(dest) {
			// base: a "delete branch" stamp for each applicable head
			for _, h := range filtered {
				steps = append(steps, Step{Stamp: true, Direction: Down, FromRevisions: []string{h.ID()}, stampBranchMove: true})
			}
			continue
		}
		if containsRev(filtered, dest) {
			continue // already there
		}
		desc := newRevSet(g.descendantsNoCheck([]*Revision{dest}, true))
		anc := newRevSet(g.ancestorsNoCheck([]*Revision{dest}, true))
		above, below := false, false
		for _, h := range filtered {
			above = above || desc[h]
			below = below || anc[h]
		}
		from := g.ids(filtered)
		switch {
		case above && below:
			return nil, revErr(ErrVersionTable, "Can't stamp "+dest.ID()+": the current heads "+
				formatAsComma(from)+" lie both above and below it")
		case above:
			// the heads are above the target: one step down, as a merge
			steps = append(steps, Step{Stamp: true, Direction: Down, FromRevisions: from, ToRevisions: []string{dest.ID()}})
		case below:
			steps = append(steps, Step{Stamp: true, Direction: Up, FromRevisions: from, ToRevisions: []string{dest.ID()}})
		default:
			// a branch not represented: a new branch
			steps = append(steps, Step{Stamp: true, Direction: Up, ToRevisions: []string{dest.ID()}, stampBranchMove: true})
		}
	}
	return steps, nil
}

// heads is Alembic's HeadMaintainer: the rows of alembic_version, in table order.
type heads struct{ rows []string }

func (h *heads) has(v string) bool { return slices.Contains(h.rows, v) }

func (h *heads) set() map[string]bool {
	s := make(map[string]bool, len(h.rows))
	for _, r := range h.rows {
		s[r] = true
	}
	return s
}

func versionErr(msg string) error { return revErr(ErrVersionTable, msg) }

func (h *heads) insert(v string, s *Step) error {
	if h.has(v) {
		return versionErr("alembic_version already holds " + v)
	}
	h.rows = append(h.rows, v)
	s.Changes = append(s.Changes, VersionChange{Kind: Insert, To: v})
	return nil
}

func (h *heads) delete(v string, s *Step) error {
	i := slices.Index(h.rows, v)
	if i < 0 {
		return versionErr("alembic_version does not hold " + v)
	}
	h.rows = slices.Delete(h.rows, i, i+1)
	s.Changes = append(s.Changes, VersionChange{Kind: Delete, From: v})
	return nil
}

func (h *heads) update(from, to string, s *Step) error {
	if h.has(to) {
		return versionErr("alembic_version already holds " + to)
	}
	i := slices.Index(h.rows, from)
	if i < 0 {
		return versionErr("alembic_version does not hold " + from)
	}
	h.rows[i] = to
	s.Changes = append(s.Changes, VersionChange{Kind: Update, From: from, To: to})
	return nil
}

// maintainHeads runs Alembic's HeadMaintainer.update_to_step over the steps,
// filling each step's Changes and Versions. A version table the steps cannot
// apply to is an error here, before anything runs.
func (g *Graph) maintainHeads(current []string, steps []Step) ([]Step, error) {
	h := &heads{}
	for _, c := range current {
		if !h.has(c) {
			h.rows = append(h.rows, c)
		}
	}
	for i := range steps {
		s := &steps[i]
		var err error
		if s.Stamp {
			err = g.updateToStampStep(h, s)
		} else {
			err = g.updateToRevisionStep(h, s)
		}
		if err != nil {
			return nil, err
		}
		s.Versions = slices.Clone(h.rows)
	}
	return steps, nil
}

func (g *Graph) updateToRevisionStep(h *heads, s *Step) error {
	r := s.Revision
	up := s.Direction == Up
	downrevs := r.normDown()
	hs := h.set()
	intersect := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			if hs[id] {
				out = append(out, id)
			}
		}
		return out
	}
	switch {
	case !up && hs[r.ID()] && (len(downrevs) == 0 || len(g.unmergeTo(r, hs)) == 0):
		// a base (or what only others' dependencies still hold) goes away
		return h.delete(r.ID(), s)
	case up && (len(downrevs) == 0 || len(intersect(downrevs)) == 0):
		// a base, or a revision none of whose parents is a row: a new branch
		return h.insert(r.ID(), s)
	case up && len(downrevs) > 1 && len(intersect(downrevs)) > 1:
		// a merge: delete all parent rows but one, update that one
		from := downrevs
		other := map[string]bool{}
		for id := range hs {
			if !slices.Contains(downrevs, id) {
				other[id] = true
			}
		}
		if len(other) > 0 {
			anc := g.ancestorIDs(other)
			from = nil
			for _, d := range downrevs {
				if !anc[d] {
					from = append(from, d)
				}
			}
		}
		// Alembic would also try to delete a parent that has no row (and fail
		// with a KeyError, e.g. when a revision depends on its own parent):
		// only rows that exist are merged.
		from = versionedLast(r, intersect(from))
		if len(from) == 0 {
			return versionErr("can't merge into " + r.ID() + ": no parent row to update")
		}
		for _, d := range from[:len(from)-1] {
			if err := h.delete(d, s); err != nil {
				return err
			}
		}
		return h.update(from[len(from)-1], r.ID(), s)
	case !up && hs[r.ID()] && len(downrevs) > 1:
		// undoing a merge: update the row to one parent, insert the others
		to := versionedLast(r, g.unmergeTo(r, hs))
		for _, d := range to[:len(to)-1] {
			if err := h.insert(d, s); err != nil {
				return err
			}
		}
		return h.update(r.ID(), to[len(to)-1], s)
	}
	var down string
	if len(downrevs) != 1 {
		in := intersect(downrevs)
		if len(in) != 1 {
			return versionErr("Can't do an UPDATE because downrevision is ambiguous")
		}
		down = in[0]
	} else {
		down = downrevs[0]
	}
	if up {
		return h.update(down, r.ID(), s)
	}
	return h.update(r.ID(), down, s)
}

// versionedLast orders ids so that r's own down revisions come after its
// dependencies: a merge then updates the row of its last down revision and
// deletes the others, and undoing it updates back to that one. (Alembic takes
// them in Python set order; this is the order its documentation shows.)
func versionedLast(r *Revision, ids []string) []string {
	var deps, versioned []string
	for _, id := range ids {
		if slices.Contains(r.Header.DownRevisions, id) {
			versioned = append(versioned, id)
		} else {
			deps = append(deps, id)
		}
	}
	return append(deps, versioned...)
}

// unmergeTo is RevisionStep._unmerge_to_revisions: the parents of r that no
// other row (or, with no other rows, no other parent) already implies.
func (g *Graph) unmergeTo(r *Revision, hs map[string]bool) []string {
	to := r.normDown()
	other := map[string]bool{}
	for id := range hs {
		if id != r.ID() {
			other[id] = true
		}
	}
	var anc map[string]bool
	if len(other) > 0 {
		anc = g.ancestorIDs(other)
	} else {
		anc = map[string]bool{}
		for _, t := range to {
			for _, a := range g.ancestorsNoCheck(g.lookup([]string{t}), true) {
				if a.ID() != t {
					anc[a.ID()] = true
				}
			}
		}
	}
	var out []string
	for _, t := range to {
		if !anc[t] {
			out = append(out, t)
		}
	}
	return out
}

func (g *Graph) ancestorIDs(ids map[string]bool) map[string]bool {
	var revs []*Revision
	for _, r := range g.revs {
		if ids[r.ID()] {
			revs = append(revs, r)
		}
	}
	out := map[string]bool{}
	for _, a := range g.ancestorsNoCheck(revs, true) {
		out[a.ID()] = true
	}
	return out
}

func (g *Graph) updateToStampStep(h *heads, s *Step) error {
	hs := h.set()
	up := s.Direction == Up
	anyMissing := func(ids []string) bool {
		for _, id := range ids {
			if !hs[id] {
				return true
			}
		}
		return false
	}
	switch {
	case !up && s.stampBranchMove:
		if len(s.FromRevisions) != 1 {
			return versionErr("stamp: can't delete more than one branch in one step")
		}
		return h.delete(s.FromRevisions[0], s)
	case up && (s.stampBranchMove || anyMissing(s.FromRevisions)) && anyMissing(s.ToRevisions):
		if len(s.ToRevisions) != 1 {
			return versionErr("stamp: can't insert more than one branch in one step")
		}
		return h.insert(s.ToRevisions[0], s)
	case len(s.FromRevisions) > 1:
		from := s.FromRevisions
		for _, d := range from[:len(from)-1] {
			if err := h.delete(d, s); err != nil {
				return err
			}
		}
		return h.update(from[len(from)-1], s.ToRevisions[0], s)
	case len(s.ToRevisions) > 1:
		to := s.ToRevisions
		for _, d := range to[:len(to)-1] {
			if err := h.insert(d, s); err != nil {
				return err
			}
		}
		return h.update(s.FromRevisions[0], to[len(to)-1], s)
	}
	if len(s.FromRevisions) != 1 || len(s.ToRevisions) != 1 {
		return versionErr("stamp: nothing to update")
	}
	return h.update(s.FromRevisions[0], s.ToRevisions[0], s)
}
