// The Web Worker that hosts the engine: Go's wasm_exec.js, then retort.wasm.
// Requests from the page go to Go's retortRequest; Go posts replies and
// events itself (see wasm/main.go and engine.ts for the protocol).

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
const queued: unknown[] = [];

scope.onmessage = (e: MessageEvent) => {
  if (scope.retortRequest) scope.retortRequest(e.data);
  else queued.push(e.data);
};

scope.retortReady = () => {
  scope.postMessage({ event: 'ready' });
  for (const msg of queued.splice(0)) scope.retortRequest!(msg);
};

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
