// The engine's first request, which its worker makes by itself. index.html's
// boot script starts the worker and posts it a BootMessage (the lessons'
// URL and ?example='s lesson); as soon as the engine has started, the
// worker fetches that lesson and opens it, with its seed and the page's
// first view (open's params: the tables, their rows, the revisions and the
// checkpoint's bytes), without waiting for the page's main thread, which is
// busy with main.js and the first render then. The reply comes to the page
// under bootID, and the page's first open of that lesson takes it
// (Engine.takeBoot); when the worker cannot open it (no such lesson, the
// lessons could not be read), the reply is an error and the page opens the
// lesson itself.

import { defaultLesson } from './examples';

/** The id of the worker's own request (the page numbers its requests). */
export const bootID = 'boot';

/**
 * The rows of each table the boot's view brings: the Database panel's page
 * (database.ts's pageSize: main.ts's types check that they agree).
 */
export const bootPageSize = 50;

/** What index.html's boot script posts to the worker it starts. */
export interface BootMessage {
  boot: {
    /** examples.json's URL. */
    lessons: string;
    /** ?example='s lesson id, '' for the default lesson. */
    lesson: string;
  };
}

/** The lesson a boot message's lesson means. */
export function bootLesson(requested: string): string {
  return requested || defaultLesson;
}
