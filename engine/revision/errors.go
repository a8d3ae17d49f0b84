package revision

import (
	"errors"
	"strings"
)

// Sentinels for errors.Is. Every error this package returns wraps exactly one.
var (
	// Graph errors, returned by New as *HeaderError.
	ErrInvalidRevisionID    = errors.New("invalid revision identifier")
	ErrDuplicateRevision    = errors.New("duplicate revision")
	ErrMissingRevision      = errors.New("missing revision")
	ErrDuplicateBranchLabel = errors.New("duplicate branch label")
	ErrCycle                = errors.New("cycle")

	// Query errors.
	ErrMultipleHeads     = errors.New("multiple heads")             // *MultipleHeadsError
	ErrNoSuchRevision    = errors.New("no such revision")           // *ResolutionError
	ErrAmbiguousRevision = errors.New("ambiguous revision")         // *ResolutionError
	ErrNoSuchBranch      = errors.New("no such branch")             // *ResolutionError
	ErrNotInBranch       = errors.New("revision not in branch")     // *ResolutionError
	ErrNotAncestor       = errors.New("not an ancestor")            // *RangeError
	ErrRelativeRevision  = errors.New("bad relative revision")      // *Error
	ErrAmbiguousWalk     = errors.New("ambiguous walk")             // *Error
	ErrOverlap           = errors.New("overlapping revisions")      // *Error
	ErrBadRange          = errors.New("bad revision range")         // *Error
	ErrVersionTable      = errors.New("inconsistent version table") // *Error
	ErrRevision          = errors.New("revision error")             // *Error, anything else
)

// HeaderError is a problem with one revision file, found by New.
// Error() is "path: message", e.g.
// "alembic/versions/3a29_add_age.py: revision 3a291af61148 revises unknown revision 1f67b9e072b7".
type HeaderError struct {
	Path     string // the file, Header.Path (may be empty)
	Revision string // the revision the file declares
	Message  string // Alembic's wording where it has one
	Err      error  // one of the graph sentinels
}

func (e *HeaderError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

func (e *HeaderError) Unwrap() error { return e.Err }

// MultipleHeadsError: a symbolic target ("head", "label@head") names several heads.
// Error() is the line Alembic's command prints, e.g. "Multiple head revisions are
// present for given argument 'head'; please specify a specific target revision,
// '<branchname>@head' to narrow to a specific head, or 'heads' for all heads".
type MultipleHeadsError struct {
	Heads    []string
	Argument string
	Detail   string // Alembic's RevisionError text: "Multiple heads are present for given argument 'head'; a, b"
	Message  string
}

func (e *MultipleHeadsError) Error() string        { return e.Message }
func (e *MultipleHeadsError) Is(target error) bool { return target == ErrMultipleHeads }

// ResolutionError: an identifier names no revision, or several.
// Error() is what Alembic's commands print ("Can't locate revision identified by 'x'");
// Detail is the more precise text of Alembic's ResolutionError ("No such revision or
// branch 'x'", "Multiple revisions start with 'ab12': 'ab12cd', 'ab12ef'...").
type ResolutionError struct {
	Argument string
	Detail   string
	Message  string
	Err      error // ErrNoSuchRevision, ErrAmbiguousRevision, ErrNoSuchBranch or ErrNotInBranch
}

func (e *ResolutionError) Error() string { return e.Message }
func (e *ResolutionError) Unwrap() error { return e.Err }

// RangeError: the two ends of a range, or the database and a destination, are
// not on one line of ancestry ("Destination X is not a valid downgrade target from
// current head(s)", "Requested range A:B does not refer to ancestor/descendant
// revisions along the same branch").
type RangeError struct {
	Lower, Upper string
	Message      string
}

func (e *RangeError) Error() string        { return e.Message }
func (e *RangeError) Is(target error) bool { return target == ErrNotAncestor }

// Error is any other revision error, with Alembic's message
// ("Relative revision -3 didn't produce 3 migrations", "Ambiguous walk", ...).
type Error struct {
	Message string
	Err     error // one of the query sentinels
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

func revErr(kind error, msg string) error { return &Error{Message: msg, Err: kind} }

// rangeNotAncestor is Alembic's RangeNotAncestorError before a command gives it
// its final wording; catch turns it into a *RangeError.
type rangeNotAncestor struct {
	lower, upper string
}

func (e *rangeNotAncestor) Error() string {
	lo, up := e.lower, e.upper
	if lo == "" {
		lo = "base"
	}
	if up == "" {
		up = "base"
	}
	return "Revision " + lo + " is not an ancestor of revision " + up
}

// catchOpts mirrors the arguments of ScriptDirectory._catch_revision_errors.
type catchOpts struct {
	ancestor      string // uses %(start)s and %(end)s
	multipleHeads string // uses %(head_arg)s and %(heads)s
	start, end    string
	hasStart      bool
	hasEnd        bool
	resolution    string
}

const (
	defaultAncestorMsg = "Requested range %(start)s:%(end)s does not refer to " +
		"ancestor/descendant revisions along the same branch"
	defaultMultipleHeadsMsg = "Multiple head revisions are present for given " +
		"argument '%(head_arg)s'; please specify a specific target revision, " +
		"'<branchname>@%(head_arg)s' to narrow to a specific head, or 'heads' for all heads"
)

// catch gives an internal error the wording Alembic's command layer gives it.
func catch(err error, o catchOpts) error {
	if err == nil {
		return nil
	}
	var rna *rangeNotAncestor
	var mh *MultipleHeadsError
	var re *ResolutionError
	switch {
	case errors.As(err, &rna):
		start, end := rna.lower, rna.upper
		if o.hasStart {
			start = o.start
		}
		if o.hasEnd {
			end = o.end
		}
		msg := o.ancestor
		if msg == "" {
			msg = defaultAncestorMsg
		}
		msg = strings.NewReplacer("%(start)s", start, "%(end)s", end).Replace(msg)
		return &RangeError{Lower: rna.lower, Upper: rna.upper, Message: msg}
	case errors.As(err, &mh):
		msg := o.multipleHeads
		if msg == "" {
			msg = defaultMultipleHeadsMsg
		}
		arg := mh.Argument
		if o.hasEnd && o.end != "" {
			arg = o.end
		}
		msg = strings.NewReplacer("%(head_arg)s", arg, "%(heads)s", formatAsComma(mh.Heads)).Replace(msg)
		return &MultipleHeadsError{Heads: mh.Heads, Argument: mh.Argument, Detail: mh.Detail, Message: msg}
	case errors.As(err, &re):
		msg := o.resolution
		if msg == "" {
			msg = "Can't locate revision identified by '" + re.Argument + "'"
		}
		return &ResolutionError{Argument: re.Argument, Detail: re.Detail, Message: msg, Err: re.Err}
	}
	return err
}

func newMultipleHeads(heads []string, argument string) *MultipleHeadsError {
	detail := "Multiple heads are present for given argument '" + argument + "'; " + strings.Join(heads, ", ")
	return &MultipleHeadsError{Heads: heads, Argument: argument, Detail: detail, Message: detail}
}

func newResolution(kind error, detail, argument string) *ResolutionError {
	return &ResolutionError{Argument: argument, Detail: detail, Message: detail, Err: kind}
}
