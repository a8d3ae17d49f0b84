// Set by scripts/dist at bundle time: the versioned URLs ("retort.wasm?v=…")
// of the dist files an entry point loads.
declare const RETORT_ASSETS: Record<string, string>;
