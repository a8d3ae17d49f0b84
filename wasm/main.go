//go:build js && wasm

// Command wasm is the engine in the browser: it runs in a Web Worker
// (web/src/worker.ts), which hands it the page's requests.
//
// JavaScript side of the bridge: the worker calls globalThis.retortRequest(msg)
// for each request; replies and events go out through the worker's
// postMessage. Once ready, Go calls globalThis.retortReady().
package main

import (
	"encoding/json"
	"syscall/js"
)

func main() {
	global := js.Global()
	postMessage := global.Get("postMessage")
	b := newBridge(func(msg map[string]any) {
		// The bytes' buffers are made for this message alone: they are
		// moved to the page, not copied again.
		var moved []any
		postMessage.Invoke(toJS(msg, &moved), moved)
	})
	handler := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) == 0 {
			return nil
		}
		msg, _ := fromJS(args[0]).(map[string]any)
		if msg == nil {
			return nil
		}
		b.handle(msg)
		return nil
	})
	global.Set("retortRequest", handler)
	if ready := global.Get("retortReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // serve requests until the worker ends
}

var (
	uint8Array = js.Global().Get("Uint8Array")
	array      = js.Global().Get("Array")
	object     = js.Global().Get("Object")
	jsonParse  = js.Global().Get("JSON").Get("parse")
)

// toJS converts a message value (see bridge.go) to JavaScript; []byte
// becomes a Uint8Array, whose buffer is added to moved. A list or object
// that JSON writes as it is (plainJSON) crosses as one JSON text that
// JSON.parse builds: setting each value from Go is a call into JavaScript,
// and a run's view (a page of rows for every table) holds thousands.
func toJS(v any, moved *[]any) js.Value {
	switch v.(type) {
	case []any, map[string]any:
		if plainJSON(v) {
			if text, err := json.Marshal(v); err == nil {
				return jsonParse.Invoke(string(text))
			}
		}
	}
	switch v := v.(type) {
	case nil:
		return js.Null()
	case []byte:
		a := uint8Array.New(len(v))
		js.CopyBytesToJS(a, v)
		*moved = append(*moved, a.Get("buffer"))
		return a
	case []any:
		a := array.New(len(v))
		for i, e := range v {
			a.SetIndex(i, toJS(e, moved))
		}
		return a
	case map[string]any:
		o := object.New()
		for k, e := range v {
			o.Set(k, toJS(e, moved))
		}
		return o
	default: // string, float64, bool
		return js.ValueOf(v)
	}
}

// fromJS converts a structured-cloned request to message values: numbers as
// float64, Uint8Array as []byte, arrays as []any, objects as map[string]any.
func fromJS(v js.Value) any {
	switch v.Type() {
	case js.TypeBoolean:
		return v.Bool()
	case js.TypeNumber:
		return v.Float()
	case js.TypeString:
		return v.String()
	case js.TypeObject:
		if v.InstanceOf(uint8Array) {
			b := make([]byte, v.Length())
			js.CopyBytesToGo(b, v)
			return b
		}
		if array.Call("isArray", v).Bool() {
			out := make([]any, v.Length())
			for i := range out {
				out[i] = fromJS(v.Index(i))
			}
			return out
		}
		keys := object.Call("keys", v)
		out := make(map[string]any, keys.Length())
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			out[k] = fromJS(v.Get(k))
		}
		return out
	}
	return nil // undefined, null, functions, symbols
}
