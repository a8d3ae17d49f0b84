package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// The command line, parsed as Alembic's argparse parser parses it: global
// options, then a subcommand with its own options and positional arguments.

type optSpec struct {
	short, long string // "-m", "--message"
	metavar     string // "" for a flag without a value
	help        string
	repeat      bool // may be given several times (-x, --rename, --depends-on)
}

type posSpec struct {
	name     string
	help     string
	optional bool
	many     bool // nargs='+' (merge's revisions)
}

type subcommand struct {
	name string
	help string
	opts []optSpec
	args []posSpec
	run  func(s *Session, inv *invocation) error
}

// invocation is a parsed command line.
type invocation struct {
	prog    string
	config  string
	x       []string
	raise   bool
	quiet   bool
	cmd     *subcommand
	values  map[string][]string // by long option name (without dashes) or positional name
	present map[string]bool
}

func (inv *invocation) str(name string) string {
	v := inv.values[name]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func (inv *invocation) list(name string) []string { return inv.values[name] }

func (inv *invocation) flag(name string) bool { return inv.present[name] }

// usageError is a mistake on the command line; it prints as argparse does.
type usageError struct {
	cmd *subcommand
	msg string
}

func (e *usageError) Error() string { return e.msg }

// helpRequested is returned by parse when -h/--help asks for help text.
type helpRequested struct{ cmd *subcommand }

func (helpRequested) Error() string { return "help requested" }

var globalOpts = []optSpec{
	{short: "-h", long: "--help", help: "show this help message and exit"},
	{long: "--version", help: "show program's version number and exit"},
	{short: "-c", long: "--config", metavar: "CONFIG", help: `Alternate config file; defaults to value of ALEMBIC_CONFIG environment variable, or "alembic.ini"`},
	{short: "-n", long: "--name", metavar: "NAME", help: "Name of section in .ini file to use for Alembic config"},
	{short: "-x", metavar: "X", repeat: true, help: "Additional arguments consumed by custom env.py scripts, e.g. -x setting1=somesetting -x setting2=somesetting"},
	{long: "--raiseerr", help: "Raise a full stack trace on error"},
	{short: "-q", long: "--quiet", help: "Do not log to std output."},
}

func optName(o optSpec) string {
	if o.long != "" {
		return strings.TrimPrefix(o.long, "--")
	}
	return strings.TrimPrefix(o.short, "-")
}

func parseArgs(prog string, argv []string, cmds []*subcommand) (*invocation, error) {
	inv := &invocation{prog: prog, values: map[string][]string{}, present: map[string]bool{}}
	i := 0
	// Global options come before the subcommand.
	for ; i < len(argv); i++ {
		a := argv[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			break
		}
		o, val, hasVal, err := matchOpt(globalOpts, a)
		if err != nil {
			return nil, &usageError{msg: err.Error()}
		}
		name := optName(o)
		if o.metavar != "" && !hasVal {
			if i+1 >= len(argv) {
				return nil, &usageError{msg: fmt.Sprintf("argument %s: expected one argument", optLabel(o))}
			}
			i++
			val = argv[i]
		}
		switch name {
		case "help":
			return nil, helpRequested{}
		case "version":
			inv.present["version"] = true
			return inv, nil
		case "config":
			inv.config = val
		case "x":
			inv.x = append(inv.x, val)
		case "raiseerr":
			inv.raise = true
		case "quiet":
			inv.quiet = true
		}
	}
	if i >= len(argv) {
		// Alembic's own check (its subcommand is optional to argparse).
		return nil, &usageError{msg: "too few arguments"}
	}
	name := argv[i]
	idx := slices.IndexFunc(cmds, func(c *subcommand) bool { return c.name == name })
	if idx < 0 {
		names := make([]string, len(cmds))
		for j, c := range cmds {
			names[j] = "'" + c.name + "'"
		}
		return nil, &usageError{msg: fmt.Sprintf("argument {%s}: invalid choice: '%s' (choose from %s)",
			strings.Join(commandNames(cmds), ","), name, strings.Join(names, ", "))}
	}
	cmd := cmds[idx]
	inv.cmd = cmd
	opts := append([]optSpec{{short: "-h", long: "--help", help: "show this help message and exit"}}, cmd.opts...)
	var positional []string
	onlyPositional := false
	for i++; i < len(argv); i++ {
		a := argv[i]
		// "-1", "-3:current" are revision targets, not options (argparse treats
		// negative-number-like strings as positionals when no option looks like one).
		if onlyPositional || !strings.HasPrefix(a, "-") || a == "-" || looksNegative(a) {
			positional = append(positional, a)
			continue
		}
		if a == "--" {
			onlyPositional = true
			continue
		}
		o, val, hasVal, err := matchOpt(opts, a)
		if err != nil {
			// argparse's subcommand leaves what it does not know to the
			// program's parser, which reports it under the program's name.
			if strings.HasPrefix(err.Error(), "unrecognized") {
				return nil, &usageError{msg: err.Error()}
			}
			return nil, &usageError{cmd: cmd, msg: err.Error()}
		}
		oname := optName(o)
		if oname == "help" {
			return nil, helpRequested{cmd: cmd}
		}
		if o.metavar == "" {
			inv.present[oname] = true
			continue
		}
		if !hasVal {
			if i+1 >= len(argv) || (strings.HasPrefix(argv[i+1], "-") && !looksNegative(argv[i+1]) && oname != "rev-range") {
				return nil, &usageError{cmd: cmd, msg: fmt.Sprintf("argument %s: expected one argument", optLabel(o))}
			}
			i++
			val = argv[i]
		}
		if !o.repeat && inv.present[oname] {
			inv.values[oname] = nil
		}
		inv.present[oname] = true
		inv.values[oname] = append(inv.values[oname], val)
	}
	// Positionals, in order.
	p := 0
	for _, spec := range cmd.args {
		switch {
		case spec.many:
			if p >= len(positional) && !spec.optional {
				return nil, &usageError{cmd: cmd, msg: "the following arguments are required: " + spec.name}
			}
			inv.values[spec.name] = append(inv.values[spec.name], positional[p:]...)
			p = len(positional)
		case p < len(positional):
			inv.values[spec.name] = []string{positional[p]}
			inv.present[spec.name] = true
			p++
		case !spec.optional:
			var missing []string
			for _, s := range cmd.args {
				if !s.optional && len(inv.values[s.name]) == 0 {
					missing = append(missing, s.name)
				}
			}
			return nil, &usageError{cmd: cmd, msg: "the following arguments are required: " + strings.Join(missing, ", ")}
		}
	}
	if p < len(positional) {
		return nil, &usageError{msg: "unrecognized arguments: " + strings.Join(positional[p:], " ")}
	}
	return inv, nil
}

// looksNegative reports whether an argument is a relative revision such as -1
// or -2:current rather than an option.
func looksNegative(a string) bool {
	return len(a) > 1 && a[0] == '-' && a[1] >= '0' && a[1] <= '9'
}

// matchOpt finds the option an argument names: "-m", "-mvalue", "--message",
// "--message=value", or an unambiguous prefix of a long option, as argparse allows.
func matchOpt(opts []optSpec, a string) (optSpec, string, bool, error) {
	if strings.HasPrefix(a, "--") {
		name, val, hasVal := strings.Cut(a, "=")
		var found []optSpec
		for _, o := range opts {
			if o.long == name {
				return o, val, hasVal, nil
			}
			if o.long != "" && strings.HasPrefix(o.long, name) {
				found = append(found, o)
			}
		}
		switch len(found) {
		case 1:
			return found[0], val, hasVal, nil
		case 0:
			return optSpec{}, "", false, fmt.Errorf("unrecognized arguments: %s", a)
		default:
			names := make([]string, len(found))
			for i, o := range found {
				names[i] = o.long
			}
			return optSpec{}, "", false, fmt.Errorf("ambiguous option: %s could match %s", name, strings.Join(names, ", "))
		}
	}
	for _, o := range opts {
		if o.short == "" {
			continue
		}
		if a == o.short {
			return o, "", false, nil
		}
		if strings.HasPrefix(a, o.short) && o.metavar != "" {
			return o, strings.TrimPrefix(a[len(o.short):], "="), true, nil
		}
	}
	return optSpec{}, "", false, fmt.Errorf("unrecognized arguments: %s", a)
}

func optLabel(o optSpec) string {
	switch {
	case o.short != "" && o.long != "":
		return o.short + "/" + o.long
	case o.long != "":
		return o.long
	}
	return o.short
}

// Help and usage are laid out as Python's argparse lays out Alembic's: the
// width is the terminal's less 2 (COLUMNS, or 80 when unknown), option help
// starts at column min(longest invocation + 4, 24) and wraps at word
// boundaries, and a usage line too long for the width is wrapped with its
// optional and positional parts on separate lines.

// helpWidth is argparse's width: the terminal's columns (Options.Columns,
// COLUMNS for the command line) less 2, or 78 when unknown.
func helpWidth(columns int) int {
	if columns > 0 {
		return max(columns-2, 11)
	}
	return 78
}

// usageParts are the optional and positional parts of a usage line.
func usageParts(cmd *subcommand, cmds []*subcommand) (optParts, posParts []string) {
	optPart := func(o optSpec) string {
		label := o.short
		if label == "" {
			label = o.long
		}
		if o.metavar != "" {
			label += " " + o.metavar
		}
		return "[" + label + "]"
	}
	if cmd == nil {
		optParts = append(optParts, "[-h]")
		for _, o := range globalOpts[1:] {
			optParts = append(optParts, optPart(o))
		}
		return optParts, []string{"{" + strings.Join(commandNames(cmds), ",") + "}", "..."}
	}
	optParts = append(optParts, "[-h]")
	for _, o := range cmd.opts {
		optParts = append(optParts, optPart(o))
	}
	for _, a := range cmd.args {
		switch {
		case a.many:
			posParts = append(posParts, a.name, "["+a.name+" ...]")
		case a.optional:
			posParts = append(posParts, "["+a.name+"]")
		default:
			posParts = append(posParts, a.name)
		}
	}
	return optParts, posParts
}

func commandNames(cmds []*subcommand) []string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	return names
}

// usage renders the usage of a subcommand (or of the program), wrapped as
// argparse wraps it; no trailing newline.
func usage(prog string, cmd *subcommand, cmds []*subcommand, width int) string {
	const prefix = "usage: "
	if cmd != nil {
		prog += " " + cmd.name
	}
	optParts, posParts := usageParts(cmd, cmds)
	all := append(append([]string{prog}, optParts...), posParts...)
	if line := strings.Join(all, " "); len(prefix)+len(line) <= width {
		return prefix + line
	}
	// getLines fills lines of parts up to the width, each after indent.
	getLines := func(parts []string, indent string, first bool) []string {
		var lines, line []string
		lineLen := len(indent) - 1
		if first {
			lineLen = len(prefix) - 1
		}
		for _, part := range parts {
			if lineLen+1+len(part) > width && len(line) > 0 {
				lines = append(lines, indent+strings.Join(line, " "))
				line, lineLen = nil, len(indent)-1
			}
			line = append(line, part)
			lineLen += len(part) + 1
		}
		if len(line) > 0 {
			lines = append(lines, indent+strings.Join(line, " "))
		}
		if first && len(lines) > 0 {
			lines[0] = lines[0][len(indent):]
		}
		return lines
	}
	var lines []string
	if float64(len(prefix)+len(prog)) <= 0.75*float64(width) {
		indent := strings.Repeat(" ", len(prefix)+len(prog)+1)
		lines = getLines(append([]string{prog}, optParts...), indent, true)
		lines = append(lines, getLines(posParts, indent, false)...)
	} else {
		indent := strings.Repeat(" ", len(prefix))
		parts := append(append([]string{}, optParts...), posParts...)
		lines = getLines(parts, indent, false)
		if len(lines) > 1 {
			lines = append(getLines(optParts, indent, false), getLines(posParts, indent, false)...)
		}
		lines = append([]string{prog}, lines...)
	}
	return prefix + strings.Join(lines, "\n")
}

// helpRow is one argument in a help section: its invocation ("-m MESSAGE,
// --message MESSAGE"), its help text, and its indent (2, or 4 for the
// subcommands listed under the program's positional arguments).
type helpRow struct {
	invocation, help string
	indent           int
}

func optInvocation(o optSpec) string {
	var parts []string
	for _, n := range []string{o.short, o.long} {
		if n == "" {
			continue
		}
		if o.metavar != "" {
			n += " " + o.metavar
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, ", ")
}

// wrapWords splits text into lines of at most width characters at blanks.
func wrapWords(text string, width int) []string {
	var lines []string
	var line string
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// help renders argparse-style help for the program or a subcommand.
func help(prog string, cmd *subcommand, cmds []*subcommand, width int) string {
	var positional, options []helpRow
	helpOpt := helpRow{invocation: "-h, --help", help: "show this help message and exit", indent: 2}
	if cmd == nil {
		positional = append(positional, helpRow{invocation: "{" + strings.Join(commandNames(cmds), ",") + "}", indent: 2})
		for _, c := range cmds {
			positional = append(positional, helpRow{invocation: c.name, help: c.help, indent: 4})
		}
		options = append(options, helpOpt)
		for _, o := range globalOpts[1:] {
			options = append(options, helpRow{invocation: optInvocation(o), help: o.help, indent: 2})
		}
	} else {
		for _, a := range cmd.args {
			positional = append(positional, helpRow{invocation: a.name, help: a.help, indent: 2})
		}
		options = append(options, helpOpt)
		for _, o := range cmd.opts {
			options = append(options, helpRow{invocation: optInvocation(o), help: o.help, indent: 2})
		}
	}
	longest := 0
	for _, r := range append(append([]helpRow{}, positional...), options...) {
		longest = max(longest, len(r.invocation)+r.indent)
	}
	helpPos := min(longest+2, min(24, max(width-20, 4)))
	helpWidth := max(width-helpPos, 11)

	var b strings.Builder
	b.WriteString(usage(prog, cmd, cmds, width))
	b.WriteString("\n")
	section := func(title string, rows []helpRow) {
		if len(rows) == 0 {
			return
		}
		b.WriteString("\n" + title + ":\n")
		for _, r := range rows {
			actionWidth := helpPos - r.indent - 2
			lines := wrapWords(r.help, helpWidth)
			pad := strings.Repeat(" ", r.indent)
			switch {
			case len(lines) == 0:
				b.WriteString(pad + r.invocation + "\n")
			case len(r.invocation) <= actionWidth:
				fmt.Fprintf(&b, "%s%-*s  %s\n", pad, actionWidth, r.invocation, lines[0])
				lines = lines[1:]
			default:
				b.WriteString(pad + r.invocation + "\n")
			}
			for _, l := range lines {
				b.WriteString(strings.Repeat(" ", helpPos) + l + "\n")
			}
		}
	}
	section("positional arguments", positional)
	section("options", options)
	return b.String()
}

// SplitCommand splits a command line as a POSIX shell does for the simple
// cases a terminal user types: words separated by blanks, 'single' quotes
// (everything literal), "double" quotes (a backslash escapes only " \ $ `
// and a line break, else it stays), and outside quotes a backslash escaping
// the next character. A backslash that ends the line is refused (a shell
// would read a second line). No expansions. The page's terminal and the
// lessons' tests both split with it (ParseCommandLine).
func SplitCommand(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range line {
		switch {
		case escaped && r == '\n': // a line continued: both go
			escaped = false
		case escaped && quote == '"' && !strings.ContainsRune("\"\\$`\n", r):
			cur.WriteRune('\\')
			cur.WriteRune(r)
			escaped = false
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '\\':
				escaped = true
			default:
				cur.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote", quote)
	}
	if escaped {
		return nil, fmt.Errorf("a backslash ends the line")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// ParseCommandLine reads a command line as the page's terminal takes it:
// split by SplitCommand, its first word alembic or retort. It returns the
// words, that word first, as Session.Run takes them.
func ParseCommandLine(line string) ([]string, error) {
	words, err := SplitCommand(line)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, errors.New("no command: type alembic … (or retort …), or SQL ending in ;")
	}
	if words[0] != "alembic" && words[0] != "retort" {
		return nil, fmt.Errorf("%s: not a command here. Type alembic … (or retort …), or SQL ending in ;", words[0])
	}
	return words, nil
}
