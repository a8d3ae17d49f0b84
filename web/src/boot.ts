// The engine's first request, which its worker makes by itself. index.html's
// boot script starts the worker with the lesson to open in its URL's
// fragment (bootLesson: ?example='s lesson, or '' for the default one);
// the worker fetches the lessons while the wasm downloads and compiles and,
// as soon as the engine has started, opens that lesson with its seed and the
// page's first view (open's params: the tables, their rows, the revisions
// and the checkpoint's bytes), without waiting for the page's main thread,
// which is busy with main.js and the first render then. The reply comes to
// the page under bootID, and the page's first open of that lesson takes it
// (Engine.takeBoot); when the worker cannot open it (no such lesson, the
// lessons could not be read), the reply is an error and the page opens the
// lesson itself. The page's own requests wait in the worker behind it.

import { defaultLesson } from './examples';

/** The id of the worker's own request (the page numbers its requests). */
export const bootID = 'boot';

/**
 * The rows of each table the boot's view brings: the Database panel's page
 * (database.ts's pageSize is this one).
 */
export const bootPageSize = 50;

/** The lesson a requested id means (?example='s, '' for the default one). */
export function lessonID(requested: string): string {
  return requested || defaultLesson;
}

/**
 * The lesson the worker's URL asks it to open: its fragment is
 * "#boot=" and the requested id, URI-encoded (index.html's boot script
 * writes it). Null when it asks for none.
 */
export function bootLesson(hash: string): string | null {
  const m = /^#boot=(.*)$/.exec(hash);
  if (!m) return null;
  try {
    return lessonID(decodeURIComponent(m[1]));
  } catch {
    return null;
  }
}
