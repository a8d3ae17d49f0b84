// Set by scripts/dist at bundle time: the versioned URLs ("retort.wasm?v=…")
// of the dist files an entry point loads.
declare const RETORT_ASSETS: Record<string, string>;

/**
 * Set by index.html's boot script, which starts the engine's worker and the
 * lessons' download before main.js runs: the worker's events until the
 * Engine takes it over, and the lessons' response.
 */
interface RetortBoot {
  worker: Worker;
  events: Event[];
  lessons: Promise<Response>;
}
interface Window {
  retortBoot?: RetortBoot;
}
