// Package engine is the facade both front ends call: the native command
// (engine/cmd/retort) and the page's Web Worker (wasm/). Everything below
// it — parsing Python, running env.py and the revision scripts, diffing
// schemas, writing and running SQL — is reached through a Session.
//
// The command line opens a Session over a folder and runs one command line
// (the environment is read there, and passed in Options):
//
//	fsys, _ := project.NewDirFS(wd)
//	s, _ := engine.Open(engine.Options{FS: fsys, Prog: "retort", Ask: terminalAsker(),
//		Environ: environ(), Config: os.Getenv("ALEMBIC_CONFIG")})
//	os.Exit(s.Run(ctx, os.Args[1:], os.Stdout, os.Stderr))
//
// The page opens a Playground — a Session over files in memory and an
// in-memory database it owns — and the bridge calls its methods, one request
// at a time:
//
//	p, _ := engine.OpenPlayground(files, engine.Options{Ask: b.ask, Progress: b.progress})
//	argv, err := engine.ParseCommandLine(line) // the terminal's line, split as a shell does
//	code := p.Run(ctx, argv, stdout, stderr)
//	tables, _ := p.Tables(ctx)                 // and Rows, Exec, Diagnostics, StepSQL, ...
//
// A Session (and a Playground) is not safe for concurrent use: a command
// keeps its output and context on it while it runs.
//
// Where things go:
//
//   - A command or flag: args.go (subcommands, argparse's rules), then its
//     cmd* method (commands.go lists them; info.go, migrate.go, autogen.go).
//   - A page method: a method on Session (any project: page.go, export.go,
//     pending.go) or on Playground (what needs its database: playground.go),
//     then one entry in wasm/bridge.go's methods table and its shape in
//     web/src/engine.ts (wasm/protocol_test.go holds the two together).
//   - A diagnostic: a python.Error (engine/python), made by the parser, by a
//     library through interp.Interp.Report/Warn, or from an exception; the
//     facade hands it to the page whole (DiagnosticsOf), with its span.
//   - An Alembic operation: engine/ops (the struct, Reverse, Apply), its call
//     in engine/script/opcalls.go, its SQL in engine/sqlite/plan.go and
//     engine/postgres, its rendering in engine/script/render.go and, when
//     autogenerate emits it, engine/diff.
package engine
