// Package engine is the facade the front ends (cmd/retort and wasm) use.
package engine
