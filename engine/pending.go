package engine

import (
	"context"
	"io"

	"retort/engine/diff"
	"retort/engine/script"
)

// Pending is what `alembic revision --autogenerate` would find now: the
// page's Pending changes panel.
type Pending struct {
	// Log is the lines the command would print about the comparison, in
	// order: the Detected lines and each data-loss warning after the line it
	// is about (Warning set), and the models' warnings.
	Log []PendingLine
	// Script is the upgrade ops as the new revision's upgrade() would hold
	// them, without indentation ("" when there is nothing to do).
	Script string
	// Renames are the rename questions autogenerate would ask.
	Renames []string
	// Diagnostics are the models' problems when they could not be read (the
	// comparison did not run then).
	Diagnostics []Diagnostic
	// Error is why the comparison could not run otherwise (the database is
	// not at the head, env.py gives no target_metadata, ...); "" when it ran.
	Error string
}

// PendingLine is one log line of the comparison.
type PendingLine struct {
	Text    string
	Warning bool
}

// Pending compares the models with the database as `revision
// --autogenerate` does, without writing a file or asking anything.
func (s *Session) Pending(ctx context.Context) (*Pending, error) {
	e, err := s.loadEnv(nil)
	if err != nil {
		return &Pending{Error: err.Error(), Diagnostics: DiagnosticsOf(err)}, nil
	}
	ask := s.opts.Ask
	s.opts.Ask = nil
	s.out = &out{stdout: io.Discard, stderr: io.Discard, quiet: true}
	s.ctx = ctx
	defer func() { s.opts.Ask, s.out, s.ctx = ask, nil, nil }()
	res, err := s.autogenerate(e, &invocation{}, e.graph.Heads())
	if err != nil {
		return &Pending{Error: err.Error(), Diagnostics: DiagnosticsOf(err)}, nil
	}
	p := &Pending{}
	for _, l := range res.Log {
		p.Log = append(p.Log, PendingLine{Text: l.Text, Warning: l.Level == diff.Warning})
	}
	for _, r := range res.RenameCandidates {
		p.Renames = append(p.Renames, r.Question())
	}
	if len(res.Upgrade) > 0 {
		if p.Script, err = script.RenderOps(res.Upgrade, "", false); err != nil {
			return nil, err
		}
	}
	return p, nil
}
