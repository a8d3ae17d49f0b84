package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"
)

// Version is Retort's version, printed by --version.
const Version = "0.1.0"

// Question is something the engine must ask the user: whether a column was
// renamed (autogenerate), or whether to run a step that destroys data (the page).
type Question struct {
	Kind    string   // "rename" or "dataloss"
	Text    string   // the question, in Alembic's voice
	Options []string // the answers offered, the default first ("n", "y")
}

// Asker answers questions. ok is false when there is no one to ask (no
// terminal): the engine then does what Alembic does (a rename stays drop + add;
// a step that destroys data runs, with a WARNING line).
type Asker func(q Question) (answer string, ok bool)

// Logger names, as Alembic's.
const (
	logMigration = "alembic.runtime.migration"
	logCompare   = "alembic.autogenerate.compare"
)

// out is where one command writes: stdout for results, stderr for log lines.
type out struct {
	stdout, stderr io.Writer
	quiet          bool
}

func (o *out) log(level, logger, msg string) {
	if o.quiet {
		return
	}
	// Alembic's default formatter: %(levelname)-5.5s [%(name)s] %(message)s
	lv := level
	if len(lv) > 5 {
		lv = lv[:5]
	}
	fmt.Fprintf(o.stderr, "%-5s [%s] %s\n", lv, logger, msg)
}

func (o *out) info(logger, msg string) { o.log("INFO", logger, msg) }
func (o *out) warn(logger, msg string) { o.log("WARNING", logger, msg) }

func (o *out) println(a ...any) { fmt.Fprintln(o.stdout, a...) }

// Run runs one command line (argv without the program's name) and returns the
// exit status: 0 on success, 1 on a user error with one line on stderr. It never
// panics: an internal error is reported as one line too.
func (s *Session) Run(ctx context.Context, argv []string, stdout, stderr io.Writer) (status int) {
	o := &out{stdout: stdout, stderr: stderr}
	prog := s.opts.Prog
	if len(argv) > 0 && (argv[0] == "alembic" || argv[0] == "retort") {
		prog, argv = argv[0], argv[1:]
	}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "FAILED: internal error: %v (please report it)\n", r)
			if s.opts.Debug {
				stderr.Write(debug.Stack())
			}
			status = 1
		}
	}()
	inv, err := parseArgs(prog, argv, subcommands)
	var hr helpRequested
	var ue *usageError
	switch {
	case errors.As(err, &hr):
		fmt.Fprint(stdout, help(prog, hr.cmd, subcommands, helpWidth(s.opts.Columns)))
		return 0
	case errors.As(err, &ue):
		name := prog
		if ue.cmd != nil {
			name += " " + ue.cmd.name
		}
		fmt.Fprintf(stderr, "%s: error: %s\n", name, ue.msg)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "FAILED: %v\n", err)
		return 1
	}
	if inv.flag("version") {
		// argparse's "%(prog)s <version>"; as alembic, say which one it is.
		if prog == "retort" {
			fmt.Fprintf(stdout, "retort %s\n", Version)
		} else {
			fmt.Fprintf(stdout, "%s (retort) %s\n", prog, Version)
		}
		return 0
	}
	o.quiet = inv.quiet
	s.out = o
	s.sqlLog = nil
	s.ctx = ctx
	defer func() { s.out, s.ctx = nil, nil }()
	if err := inv.cmd.run(s, inv); err != nil {
		msg := err.Error()
		// One line: the first line of the message carries the position.
		if i := strings.IndexByte(msg, '\n'); i >= 0 && !strings.Contains(msg[:i], "FAILED") {
			msg = strings.TrimSpace(msg)
		}
		fmt.Fprintf(stderr, "FAILED: %s\n", msg)
		return 1
	}
	return 0
}

func (s *Session) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}
