// Set by scripts/dist at bundle time: the versioned URLs ("retort.wasm?v=…")
// of the dist files an entry point loads.
declare const RETORT_ASSETS: Record<string, string>;

/**
 * Set by index.html's boot script, which starts the engine's worker and the
 * lessons' download before main.js runs: the worker's events until the
 * Engine takes it over, the lessons' response, and the lesson the worker
 * opens by itself.
 */
interface RetortBoot {
  worker: Worker;
  events: Event[];
  lessons: Promise<Response>;
  /** ?example='s lesson ('' for the default one), which the worker was started to open (its URL's fragment: boot.ts); absent when it was not. */
  lesson?: string;
}
interface Window {
  retortBoot?: RetortBoot;
}
