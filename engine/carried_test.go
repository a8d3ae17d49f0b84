package engine

import "retort/engine/runner"

func init() {
	// Every step of every run compares the schema it carries on with the
	// database's (the corpus's long histories above all).
	runner.CheckCarried = true
}
