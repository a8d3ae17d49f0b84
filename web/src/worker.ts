// The Web Worker that hosts the engine: Go's wasm_exec.js, then retort.wasm.
// Requests from the page go to Go's retortRequest; Go posts replies and
// events itself (see wasm/main.go and engine.ts for the protocol). Sent a
// BootMessage (index.html's boot script), it opens that lesson by itself as
// soon as the engine has started (boot.ts).

import { bootID, bootLesson, bootPageSize, type BootMessage } from './boot';
import type { Request } from './engine';

interface GoRuntime {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface WorkerScope {
  importScripts(...urls: string[]): void;
  postMessage(msg: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
  Go: new () => GoRuntime;
  retortReady?: () => void;
  retortRequest?: (msg: unknown) => void;
}

const scope = self as unknown as WorkerScope;
/**
 * The page's requests in the order they came, until the engine takes them;
 * the boot's request (a promise: its lesson is being fetched; null when it
 * cannot be made, its error posted) in the place of the boot message, which
 * index.html's boot script posts first: the page's own requests wait behind
 * it, even when it comes after the engine started.
 */
const queue: unknown[] = [];
let started = false;
let pumping = false;

scope.onmessage = (e: MessageEvent) => {
  const msg = e.data as unknown;
  queue.push(msg && typeof msg === 'object' && 'boot' in msg ? bootRequest((msg as BootMessage).boot) : msg);
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
async function bootRequest(b: BootMessage['boot']): Promise<Request<'open'> | null> {
  const id = bootLesson(b.lesson);
  try {
    const res = await fetch(b.lessons);
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
    const data = (await res.json()) as { lessons?: { id: string; files: Record<string, string>; seed?: string }[] };
    const lesson = data.lessons?.find((l) => l.id === id);
    if (!lesson) throw new Error(`no lesson ${JSON.stringify(id)}`);
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
