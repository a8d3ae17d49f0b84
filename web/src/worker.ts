// The Web Worker that hosts the engine: Go's wasm_exec.js, then retort.wasm.
// Requests from the page go to Go's retortRequest; Go posts replies and
// events itself (see wasm/main.go and engine.ts for the protocol). Started
// with a lesson in its URL's fragment (index.html's boot script), it opens
// that lesson by itself as soon as the engine has started (boot.ts).

import { bootID, bootLesson, bootPageSize } from './boot';
import type { Request } from './engine';
import { loadLessons } from './examples';

interface GoRuntime {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface WorkerScope {
  importScripts(...urls: string[]): void;
  postMessage(msg: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
  location: { hash: string };
  Go: new () => GoRuntime;
  retortReady?: () => void;
  retortRequest?: (msg: unknown) => void;
}

const scope = self as unknown as WorkerScope;
/**
 * The requests in order, until the engine takes them: first the boot's own
 * (a promise while its lesson is fetched; null when it cannot be made, its
 * error posted), then the page's.
 */
const queue: unknown[] = [];
let started = false;
let pumping = false;

const boot = bootLesson(scope.location.hash);
if (boot !== null) queue.push(bootRequest(boot));

scope.onmessage = (e: MessageEvent) => {
  queue.push(e.data);
  pump();
};

scope.retortReady = () => {
  scope.postMessage({ event: 'ready' });
  started = true;
  pump();
};

/** Hands the queue to the engine, in order, once it has started. */
function pump(): void {
  if (!started || pumping) return;
  pumping = true;
  void (async () => {
    while (queue.length) {
      let msg = queue.shift();
      if (msg instanceof Promise) msg = await msg;
      if (msg) scope.retortRequest!(msg);
    }
    pumping = false;
  })();
}

/**
 * The boot's open: the lesson's files and seed, fetched while the wasm
 * downloads and compiles, with the page's first view. When the lesson
 * cannot be had, the reply to bootID is an error (the page opens it itself).
 */
async function bootRequest(id: string): Promise<Request<'open'> | null> {
  try {
    const lesson = (await loadLessons(RETORT_ASSETS['examples.json'])).find((l) => l.id === id);
    if (!lesson) throw new Error(`no lesson ${JSON.stringify(id)} could be read`);
    return {
      id: bootID, method: 'open',
      params: { files: lesson.files, ...(lesson.seed ? { sql: lesson.seed } : {}), view: { offsets: {}, limit: bootPageSize, checkpoint: true } },
    };
  } catch (err) {
    scope.postMessage({ id: bootID, error: { message: `the worker did not open the lesson: ${String(err)}`, diagnostics: [] } });
    return null;
  }
}

async function start(): Promise<void> {
  const wasmURL = RETORT_ASSETS['retort.wasm'];
  const download = fetch(wasmURL); // before wasm_exec.js: both download at once
  scope.importScripts(RETORT_ASSETS['wasm_exec.js']);
  const go = new scope.Go();
  let instance: WebAssembly.Instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(download, go.importObject));
  } catch (err) {
    // A host that serves .wasm with the wrong MIME type: compile from bytes instead.
    const bytes = await (await fetch(wasmURL)).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
    console.warn('retort: instantiateStreaming failed, compiled from bytes:', err);
  }
  await go.run(instance);
  scope.postMessage({ event: 'fatal', message: 'the engine stopped' });
}

start().catch((err: unknown) => {
  scope.postMessage({ event: 'fatal', message: `could not load the engine: ${String(err)}` });
});
