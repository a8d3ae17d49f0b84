package revision

import (
	"slices"
	"strings"
)

// Get resolves one identifier as Alembic's ScriptDirectory.get_revision does:
// a full id, an unambiguous prefix of at least four characters (of an id or a
// branch label), a branch label, "head", "label@head", "rev@head", "base"
// (nil, no error), or a relative form "label@-1". Errors read as Alembic's
// commands print them: "Can't locate revision identified by 'xyz'" (a
// *ResolutionError whose Detail says why) or the multiple-heads message.
func (g *Graph) Get(id string) (*Revision, error) {
	r, err := g.getRevision(str(id))
	if err != nil {
		return nil, catch(err, catchOpts{})
	}
	return public(r), nil
}

// GetAll resolves an identifier that may name several revisions ("heads",
// "label@heads") as get_revisions does; "base" gives none.
func (g *Graph) GetAll(id string) ([]*Revision, error) {
	revs, err := g.getRevisions(str(id))
	if err != nil {
		return nil, catch(err, catchOpts{})
	}
	return publicAll(revs), nil
}

// GetEach resolves each identifier with GetAll and concatenates the results
// (`alembic show a b`, `alembic stamp a b`).
func (g *Graph) GetEach(ids []string) ([]*Revision, error) {
	revs, err := g.getRevisions(tuple(ids))
	if err != nil {
		return nil, catch(err, catchOpts{})
	}
	return publicAll(revs), nil
}

// Head is the single head ("" for an empty graph), failing as Alembic's
// ScriptDirectory.get_current_head does when there are several.
func (g *Graph) Head() (string, error) {
	h, err := g.currentHead("")
	if err != nil {
		return "", catch(err, catchOpts{multipleHeads: "The script directory has multiple heads (due to branching)." +
			"Please use get_heads(), or merge the branches using alembic merge."})
	}
	return h, nil
}

// Current is what `alembic current` lists for the given alembic_version rows:
// the revisions they stand for, dependencies included, reduced to the tips
// (Alembic's get_all_current). Revisions named by the rows come first, in the
// rows' order.
func (g *Graph) Current(rows []string) ([]*Revision, error) {
	revs, err := g.allCurrent(rows)
	if err != nil {
		return nil, catch(err, catchOpts{})
	}
	return revs, nil
}

// Walk lists the revisions from base up to head, newest first, as `alembic
// history` prints them (ScriptDirectory.walk_revisions): base and head take
// every target form; "" means "base" and "heads". Relative ends do not fail
// for walking too far: the walk stops at the end of the graph.
func (g *Graph) Walk(base, head string) ([]*Revision, error) {
	lower, upper := str(base), str(head)
	if base == "" {
		lower = str("base")
	}
	if head == "" {
		upper = str("heads")
	}
	return g.walkRevisions(lower, upper)
}

func (g *Graph) walkRevisions(lower, upper ident) ([]*Revision, error) {
	revs, err := g.iterateRevisions(upper, lower, false, true, false, false)
	if err != nil {
		return nil, catch(err, catchOpts{start: lower.String(), hasStart: true, end: upper.String(), hasEnd: true})
	}
	return revs, nil
}

// History is `alembic history -r RANGE`: RANGE is "" (everything), or
// "[start]:[end]" where either end may be empty, a target form, or "current"
// (the given alembic_version rows; with no rows that end means everything).
func (g *Graph) History(rng string, current []string) ([]*Revision, error) {
	base, head := "", ""
	if rng != "" {
		if !strings.Contains(rng, ":") {
			return nil, revErr(ErrBadRange, "History range requires [start]:[end], [start]:, or :[end]")
		}
		parts := strings.Split(pyStrip(rng), ":")
		if len(parts) != 2 {
			return nil, revErr(ErrBadRange, "History range requires [start]:[end], [start]:, or :[end]")
		}
		base, head = parts[0], parts[1]
	}
	orDefault := func(s, def string) ident {
		if s == "" {
			return str(def)
		}
		return str(s)
	}
	rows := func(def string) ident {
		if len(current) == 0 {
			return str(def)
		}
		return tuple(slices.Clone(current))
	}
	switch {
	case head == "current":
		return g.walkRevisions(orDefault(base, "base"), rows("heads"))
	case base == "current":
		return g.walkRevisions(rows("base"), orDefault(head, "heads"))
	}
	return g.walkRevisions(orDefault(base, "base"), orDefault(head, "heads"))
}

// NewRevisionParents resolves the parents of a new revision as Alembic's
// generate_revision does: heads are --head (default "head") or the revisions
// given to `merge`; without splice each must be a head. The result is the new
// revision's down_revision (empty for a base).
func (g *Graph) NewRevisionParents(heads []string, splice bool) ([]string, error) {
	id := str("head")
	if len(heads) == 1 {
		id = str(heads[0])
	} else if len(heads) > 1 {
		id = tuple(heads)
	}
	revs, err := g.getRevisions(id)
	if err != nil {
		return nil, catch(err, catchOpts{multipleHeads: "Multiple heads are present; please specify the head " +
			"revision on which the new revision should be based, or perform a merge."})
	}
	var out []string
	for _, r := range revs {
		if !isReal(r) {
			continue
		}
		if slices.Contains(out, r.ID()) {
			return nil, revErr(ErrRevision, "Duplicate head revisions specified")
		}
		out = append(out, r.ID())
	}
	if !splice {
		for _, r := range revs {
			if isReal(r) && !r.IsHead() {
				return nil, revErr(ErrRevision, "Revision "+r.ID()+" is not a head revision; please specify "+
					"--splice to create a new branch from this revision")
			}
		}
	}
	return out, nil
}

// ResolveDependsOn resolves --depends-on values as generate_revision does:
// branch labels stay labels, (partial) ids become full ids.
func (g *Graph) ResolveDependsOn(deps []string) ([]string, error) {
	var out []string
	for _, d := range deps {
		r, err := g.getRevision(str(d))
		if err != nil {
			return nil, catch(err, catchOpts{})
		}
		if !isReal(r) {
			return nil, catch(newResolution(ErrNoSuchRevision, "No such revision or branch '"+d+"'", d), catchOpts{})
		}
		if r.hasLabel(d) {
			out = append(out, d)
		} else {
			out = append(out, r.ID())
		}
	}
	return out, nil
}

func public(r *Revision) *Revision {
	if !isReal(r) {
		return nil
	}
	return r
}

func publicAll(revs []*Revision) []*Revision {
	out := make([]*Revision, 0, len(revs))
	for _, r := range revs {
		if isReal(r) {
			out = append(out, r)
		}
	}
	return out
}

// SplitRange splits an `upgrade`/`downgrade` --sql range "START:END" as Alembic
// does (revision.split(":", 2)); ok is false when there is no colon.
func SplitRange(s string) (start, end string, ok bool, err error) {
	if !strings.Contains(s, ":") {
		return "", s, false, nil
	}
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 2 {
		return "", "", true, revErr(ErrBadRange, "Revision range "+s+" has more than one ':'")
	}
	return parts[0], parts[1], true, nil
}

// DowngradeWarnings are the warnings Alembic prints (as a Python UserWarning)
// for a downgrade it runs anyway: a relative "-N" while several heads are
// applied, which walks down from the first row.
func (g *Graph) DowngradeWarnings(current []string, target string) []string {
	m, ok := matchRelative(target)
	if !ok || m.steps >= 0 || m.symbol != "" || m.branch != "" {
		return nil
	}
	distinct := map[string]bool{}
	for _, c := range current {
		distinct[c] = true
	}
	if len(distinct) > 1 {
		return []string{"downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release."}
	}
	return nil
}
