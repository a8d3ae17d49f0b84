// The browser bridge's protocol and a small client for it.
//
// The engine (Go, compiled to wasm) runs in a Web Worker (worker.ts). The page
// sends requests {id, method, params}; each gets one reply, {id, result} or
// {id, error: {message, diagnostics}}. While a request runs the engine sends
// events {event, id, ...}: log lines, command output, progress, and questions
// (a rename, a data-loss confirmation) that the page answers with the
// `answer` method. The command line is the `run` method, so the page's
// terminal and the native `retort` command share one implementation.

import { bootID, lessonID } from './boot';

/** A problem at a position in a project file (lines and columns from 1). */
export interface Diagnostic {
  /** "warning" for code Retort did not run that has side effects. */
  severity?: 'error' | 'warning';
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  message: string;
}

export interface Column {
  name: string;
  type: string;
  notNull: boolean;
  pk: boolean;
  /** The referenced "table.column", or "" when the column is no foreign key. */
  fk: string;
  /** The server default's SQL, or "". */
  default: string;
}

export interface Table {
  name: string;
  columns: Column[];
  rowCount: number;
  /** Why the table could not be read, when it could not (the others are read all the same). */
  error?: string;
}

/**
 * An SQLite value: NULL as null; an integer as a number (as a decimal string
 * beyond 2^53); a real; text; a blob as bytes.
 */
export type Cell = null | number | string | Uint8Array;

/** A row's rowid: a number (a decimal string beyond 2^53), as integers are in cells. */
export type RowID = number | string;

/** One page of a table's rows, and its total row count. */
export interface Rows {
  columns: string[];
  rows: Cell[][];
  total: number;
  /** The rows' rowids (what updateCell and deleteRow take); absent for a WITHOUT ROWID table. */
  rowids?: RowID[];
  /** A WITHOUT ROWID table's primary key: a row's values in these columns name it (updateCell and deleteRow's key). */
  keyColumns?: string[];
}

/** Which row an edit means: its rowid, or a WITHOUT ROWID table's primary key values (in keyColumns' order). */
export type RowRef = { rowid: RowID; key?: undefined } | { key: Value[]; rowid?: undefined };

/** A value to store: null is NULL; a whole number is stored as an INTEGER, another number as a REAL. */
export type Value = null | number | string | boolean | Uint8Array;

/** One statement's result: a query's columns and rows (at most 1,000), or the rows a change touched. */
export interface Result {
  sql: string;
  columns: string[];
  rows: Cell[][];
  changes: number;
}

/** A revision, in order from base to head. */
export interface Revision {
  id: string;
  message: string;
  /** The revision script's path in the project. */
  path: string;
  /** The revisions it follows (none for the first, two or more for a merge). */
  down: string[];
  head: boolean;
  current: boolean;
}

/** The revision graph, base first, and the database's current revisions. */
export interface Graph {
  nodes: Revision[];
  current: string[];
}

/** A revision holding ops the real Alembic cannot run on SQLite outside a batch block. */
export interface BatchNeed {
  /** The revision script's path in the project. */
  path: string;
  /** What needs a batch block, e.g. "op.alter_column('users', 'email')". */
  ops: string[];
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The arguments that ran (the line's words after alembic). */
  argv: string[];
  /** Whether the command wrote a project file (a new revision, init, a re-rendered script). */
  filesChanged: boolean;
  /** With params.view: every table after the command, as 'tables' answers. */
  tables?: Table[];
  /** With params.view: a page of each table's rows (those that have rows and could be read), by table name. */
  pages?: Record<string, Page>;
  /** With params.view: the revision graph, as 'revisions' answers (left out when it cannot be read). */
  revisions?: Graph;
  /** With params.view: the statements the command's steps ran, as 'sqlLog' answers. */
  sqlLog?: string[];
  /** With params.view.checkpoint: the database's bytes after the command, as 'exportDB' answers (left out when they cannot be had). */
  db?: Uint8Array;
}

/** What open answers: the project's files and, with params.view, the view (as run's result brings it). */
export interface OpenResult {
  files: string[];
  tables?: Table[];
  pages?: Record<string, Page>;
  revisions?: Graph;
  sqlLog?: string[];
  db?: Uint8Array;
}

/** What the page shows after a command, asked for with it (run's params.view). */
export interface View {
  /** Each table's first row shown (0 when left out). */
  offsets: Record<string, number>;
  limit: number;
  /** The database's bytes too (RunResult.db). */
  checkpoint?: boolean;
}

/** A page of a table's rows, as 'rows' answers for this offset. */
export interface Page {
  offset: number;
  rows: Rows;
}

/** One line autogenerate would log: a Detected line, or a data-loss warning (warning set). */
export interface PendingLine {
  text: string;
  warning: boolean;
}

/** What `alembic revision --autogenerate` would find now, without writing a file. */
export interface Pending {
  log: PendingLine[];
  /** The upgrade ops as the new revision would hold them ("" when there is nothing to do). */
  script: string;
  /** The rename questions autogenerate would ask. */
  renames: string[];
  /** The models' problems, when they could not be read. */
  diagnostics: Diagnostic[];
  /** Why the comparison could not run otherwise ("" when it ran). */
  error: string;
}

/** What one op of a pending step does to the rows the database holds. */
export interface Finding {
  /** The step's log line: "Running upgrade a -> b, message". */
  step: string;
  /** The op as the script writes it, in short. */
  op: string;
  kind: 'rebuild' | 'drop_table' | 'drop_column' | 'orphans' | 'not_null' | 'unique' | 'foreign_key' | 'check' | 'narrow_type' | 'execute' | 'cannot_run';
  table: string;
  column: string;
  count: number;
  /** The step, as written, will fail on these rows. */
  fails: boolean;
  text: string;
  /** The SQL that finds the rows ("" when none). */
  sql: string;
}

/** The dialects the engine writes SQL for: the page's database is SQLite; PostgreSQL's SQL is written offline. */
export type Dialect = 'sqlite' | 'postgresql';

/** Every method: its params and its result. */
export interface Methods {
  /** A new session on files and an empty database; sql runs on it first (a lesson's seed); view as run's. */
  open: { params: { files: Record<string, string>; sql?: string; view?: View }; result: OpenResult };
  /** A terminal line as typed (the engine splits it and refuses a line not starting with alembic or retort), or argv. */
  run: { params: ({ line: string } | { argv: string[] }) & { view?: View }; result: RunResult };
  files: { params: Record<string, never>; result: string[] };
  readFile: { params: { path: string }; result: string };
  writeFile: { params: { path: string; content: string }; result: null };
  diagnostics: { params: { path: string }; result: Diagnostic[] };
  tables: { params: Record<string, never>; result: Table[] };
  rows: { params: { table: string; offset?: number; limit?: number }; result: Rows };
  exec: { params: { sql: string }; result: Result[] };
  /** Adds a row: values by column name; a column left out takes its default. */
  insertRow: { params: { table: string; values: Record<string, Value> }; result: null };
  updateCell: { params: RowRef & { table: string; column: string; value: Value }; result: null };
  deleteRow: { params: RowRef & { table: string }; result: null };
  revisions: { params: Record<string, never>; result: Graph };
  current: { params: Record<string, never>; result: string[] };
  /** The SQL of one revision's upgrade (or downgrade), offline, for the URL's dialect or the one given. */
  stepSQL: { params: { rev: string; down?: boolean; dialect?: Dialect }; result: string };
  exportDB: { params: Record<string, never>; result: Uint8Array };
  importDB: { params: { data: Uint8Array }; result: null };
  /** The project and its database as a zip (under folder/, "project" by default) that the real Alembic runs. */
  exportZip: { params: { folder?: string }; result: Uint8Array };
  /** The revisions the real Alembic cannot run on SQLite as they are written. */
  batchNeeds: { params: Record<string, never>; result: BatchNeed[] };
  sideEffects: { params: Record<string, never>; result: Diagnostic[] };
  /** Rewrites a revision script with its ops in batch blocks. */
  renderAsBatch: { params: { path: string }; result: null };
  /** The statements the last command's steps ran on the page's database. */
  sqlLog: { params: Record<string, never>; result: string[] };
  /** The last upgrade, downgrade or stamp's steps as dialect runs them, written offline ("" before any). */
  lastStepsSQL: { params: { dialect: Dialect }; result: string };
  /** What the page names its downloads: the database file (from sqlalchemy.url) and the zip's folder, both safe file names. */
  downloadNames: { params: Record<string, never>; result: { file: string; folder: string } };
  /** What autogenerate would find now (the Pending changes panel); writes no file, asks nothing. */
  pending: { params: Record<string, never>; result: Pending };
  /** What upgrading (down: downgrading) to target ("head" by default) would do to the rows; null when nothing is pending. */
  review: { params: { target?: string; down?: boolean }; result: Finding[] | null };
  /** What the app's Base.metadata.create_all() would do: the tables it creates and the app's first query. */
  createAll: { params: Record<string, never>; result: { created: string[]; appQuery: string } };
  answer: { params: { questionId: number; choice: string }; result: null };
}

export type Method = keyof Methods;

export interface Request<M extends Method = Method> {
  /** The page's requests are numbered; the worker's own first one (boot.ts) is named. */
  id: number | string;
  method: M;
  params: Methods[M]['params'];
}

export interface ErrorValue {
  message: string;
  diagnostics: Diagnostic[];
}

export type Reply = { id: number | string; result: unknown } | { id: number | string; error: ErrorValue };

/** A line a command wrote to stderr: Alembic's log lines (INFO  [alembic…] …) and errors. */
export interface LogEvent { event: 'log'; id: number; line: string }
/** A line a command printed to stdout. */
export interface OutputEvent { event: 'output'; id: number; line: string }
/** Progress of a long step (a table rebuild copying rows). */
export interface ProgressEvent { event: 'progress'; id: number; done: number; total: number }
/** A question the engine waits on; reply with the `answer` method. */
export interface QuestionEvent {
  event: 'question';
  id: number;
  questionId: number;
  kind: 'rename' | 'dataloss' | string;
  /** In Alembic's voice, e.g. "Was users.name renamed to users.full_name (a VARCHAR)? [y/N]". */
  text: string;
  /** The answers offered, the default first: ["n", "y"]. */
  options: string[];
}
/** Sent by the worker: the engine is loaded, or could not be. */
export interface ReadyEvent { event: 'ready' }
export interface FatalEvent { event: 'fatal'; message: string }

export type EngineEvent = LogEvent | OutputEvent | ProgressEvent | QuestionEvent | ReadyEvent | FatalEvent;
export type EventName = EngineEvent['event'];
type EventOf<N extends EventName> = Extract<EngineEvent, { event: N }>;

/** A failed request: the engine's message and every diagnostic it had. */
export class EngineError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(e: ErrorValue) {
    super(e.message);
    this.name = 'EngineError';
    this.diagnostics = e.diagnostics ?? [];
  }
}

/**
 * A request the engine could not answer because its worker stopped: it died
 * (a crash: the page restarts it), or the page stopped it (Stop, Reset).
 */
export class EngineStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStopped';
  }
}

/** Answers a question with one of its options. */
export type QuestionHandler = (q: QuestionEvent) => Promise<string>;

/** Methods that may change the database: after one, the page's checkpoint of it is stale. */
const changesDatabase = new Set<Method>(['open', 'run', 'exec', 'insertRow', 'updateCell', 'deleteRow', 'importDB', 'createAll']);

/**
 * The client: starts the worker and talks to the engine in it. When the
 * worker dies (an uncaught error in it, or the Go program ending) it is
 * replaced by a new one at once, every pending request fails with
 * EngineStopped, and onRestart's listeners hear why: the new engine holds no
 * project until one is opened again.
 */
export class Engine {
  private worker!: Worker;
  private nextId = 1;
  private readonly pending = new Map<number | string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<EventName, Set<(e: EngineEvent) => void>>();
  private readonly restartHandlers = new Set<(reason: string) => void>();
  private questionHandler: QuestionHandler | null = null;
  /** Resolves once the wasm is loaded and the engine takes requests (the current worker's). */
  ready!: Promise<void>;
  private isReady = false;
  /** How many requests that may change the database were sent (see changesDatabase). */
  changes = 0;
  /** Deaths of workers that never got ready: past a few, the engine cannot load, and is not restarted. */
  private failedStarts = 0;

  /**
   * The lesson the worker opened by itself as it started (index.html's boot
   * script asked it to: boot.ts), until the page takes it: the open's reply,
   * and changes as it was then.
   */
  private boot: { lesson: string; reply: Promise<OpenResult>; changes: number } | null = null;

  /** Starts the worker at workerURL, or takes over the one index.html's boot script started. */
  constructor(private readonly workerURL: string, boot?: RetortBoot) {
    if (boot?.lesson !== undefined) {
      const reply = new Promise<OpenResult>((resolve, reject) => {
        this.pending.set(bootID, { resolve: resolve as (v: unknown) => void, reject });
      });
      reply.catch(() => undefined);
      this.boot = { lesson: lessonID(boot.lesson), reply, changes: ++this.changes };
    }
    this.attach(boot?.worker ?? new Worker(workerURL), boot?.events.splice(0) ?? []);
  }

  /**
   * The open the worker made by itself as it started, when it opened lesson
   * (its id): once, for the page's first open of that lesson. Null when
   * there was none, it was taken, it was for another lesson, or that worker
   * was replaced. Its reply fails as any request's does (with EngineStopped
   * when the worker stops before it).
   */
  takeBoot(lesson: string): { reply: Promise<OpenResult>; changes: number } | null {
    const b = this.boot;
    this.boot = null;
    return b && b.lesson === lesson ? b : null;
  }

  /** Whether the current worker's engine is loaded. */
  get alive(): boolean {
    return this.isReady;
  }

  private attach(worker: Worker, early: (MessageEvent | ErrorEvent | Event)[] = []): void {
    this.worker = worker;
    this.isReady = false;
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
    this.ready.catch(() => undefined);
    const current = () => this.worker === worker;
    const died = (message: string) => {
      if (!current()) return;
      if (!this.isReady) {
        rejectReady(new Error(message));
        if (++this.failedStarts >= 3) return; // it cannot load: say so, no more tries
      }
      this.replace(message);
    };
    worker.onmessage = (e: MessageEvent) => {
      if (!current()) return;
      const msg = e.data as Reply | EngineEvent;
      if ('event' in msg) {
        if (msg.event === 'ready') {
          this.isReady = true;
          this.failedStarts = 0;
          resolveReady();
        }
        if (msg.event === 'fatal') {
          if (!this.isReady) rejectReady(new Error(msg.message));
          else died(msg.message);
          return;
        }
        if (msg.event === 'question') void this.onQuestion(msg);
        this.emit(msg);
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if ('error' in msg) p.reject(new EngineError(msg.error));
      else p.resolve(msg.result);
    };
    worker.onerror = (e: ErrorEvent) => {
      // An uncaught error in the worker: the Go program is in no state to go
      // on (a wasm stack overflow, a trap), whatever it says next.
      e.preventDefault?.();
      died(`the engine stopped: ${e.message || 'its worker failed'}`);
    };
    worker.onmessageerror = () => died('the engine stopped: a message could not be read');
    // What the worker said before this script ran.
    for (const e of early) {
      if (e instanceof MessageEvent) worker.onmessage(e);
      else worker.onerror(e as ErrorEvent);
    }
  }

  /** Ends the current worker and starts another; pending requests fail with EngineStopped(reason). */
  private replace(reason: string): void {
    this.boot = null; // the old worker's
    const old = this.worker;
    old.onmessage = old.onerror = old.onmessageerror = null;
    old.terminate();
    const err = new EngineStopped(reason);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.attach(new Worker(this.workerURL));
    for (const fn of this.restartHandlers) fn(reason);
  }

  /**
   * Stops the engine now, whatever it is doing (a runaway statement, a
   * step), and starts a new one: resolves once it is ready. The new engine
   * holds no project: open one.
   */
  restart(reason: string): Promise<void> {
    this.failedStarts = 0;
    this.replace(reason);
    return this.ready;
  }

  /** Listens for the engine's restarts (a crash, or restart()); returns the unsubscribe function. */
  onRestart(fn: (reason: string) => void): () => void {
    this.restartHandlers.add(fn);
    return () => this.restartHandlers.delete(fn);
  }

  /** Calls a method; rejects with an EngineError when the engine replies with an error, EngineStopped when it stops first. */
  call<M extends Method>(method: M, params: Methods[M]['params']): Promise<Methods[M]['result']> {
    const id = this.nextId++;
    const req: Request<M> = { id, method, params };
    if (changesDatabase.has(method)) this.changes++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(req);
    });
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<N extends EventName>(name: N, fn: (e: EventOf<N>) => void): () => void {
    let set = this.handlers.get(name);
    if (!set) this.handlers.set(name, (set = new Set()));
    const h = fn as (e: EngineEvent) => void;
    set.add(h);
    return () => set!.delete(h);
  }

  /** Sets who answers the engine's questions (without one, the first option is taken). */
  setQuestionHandler(fn: QuestionHandler | null): void {
    this.questionHandler = fn;
  }

  terminate(): void {
    this.worker.terminate();
  }

  private emit(e: EngineEvent): void {
    for (const h of this.handlers.get(e.event) ?? []) h(e);
  }

  private async onQuestion(q: QuestionEvent): Promise<void> {
    let choice = q.options[0] ?? '';
    if (this.questionHandler) {
      try {
        choice = await this.questionHandler(q);
      } catch {
        // keep the default
      }
    }
    await this.call('answer', { questionId: q.questionId, choice }).catch(() => undefined);
  }
}
