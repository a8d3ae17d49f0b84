// The playground page: wires the engine (in its worker) to the files and
// editor, the terminal, the buttons, the revisions list and the database.
//
// Hooks other people rely on (README.md, "Contracts"): <html data-retort=
// "loading|ready|busy">, the Command input and Output log, file tabs named
// by path, the Autogenerate/Upgrade/Downgrade buttons, "<table> rows" tables,
// the Revisions list, ?example= and ?embed=1.

import { Engine, EngineError, EngineStopped, type Diagnostic, type OpenResult, type RunResult, type Table } from './engine';
import { Files, isRevisionScript } from './editor';
import { Terminal } from './terminal';
import { DatabasePanel, diffTables, noChanges, seedSQL } from './database';
import { RevisionsPanel } from './revisions';
import { PendingPanel } from './pending';
import { ReviewPanel } from './review';
import { SchemaDiagram } from './diagram';
import { dialectView } from './dialects';
import { askQuestion, promptMessage } from './dialogs';
import { fallbackSetup, isFallback, loadLessons, pickLesson, type Lesson } from './examples';
import { quoteWord } from './argv';
import { byId, fill, h } from './dom';
import { ProjectIO } from './projectio';
import { restore, type Snapshot } from './snapshot';

const html = document.documentElement;
const params = new URLSearchParams(location.search);
if (params.get('embed') === '1') html.classList.add('embed');

/** A performance mark for `make bench`'s account of a page load (none after it). */
function mark(name: string): void {
  if (html.dataset.retort === 'loading') performance.mark(`retort:${name}`);
}

type State = 'loading' | 'ready' | 'busy';
function setState(s: State): void {
  html.dataset.retort = s;
}

/** How long an action runs before the page shows a progress bar. */
const workingAfter = 200;

/** How long a command's output lines may wait to appear with its result (Terminal.hold). */
const holdOutput = 100;

/** Steps that change the database: their SQL goes to the SQL log panel. */
const steps = new Set(['upgrade', 'downgrade', 'stamp']);

/** Crashes within this long of each other mean the project itself stops the engine. */
const crashWindow = 60_000;

/** How an action is queued: an urgent one (Stop, Reset, a crash's recovery) drops the actions queued before it and runs at once. */
interface QueueOptions {
  urgent?: boolean;
}

class App {
  readonly engine = new Engine(RETORT_ASSETS['worker.js'], window.retortBoot);
  readonly terminal: Terminal;
  readonly files: Files;
  readonly db: DatabasePanel;
  readonly revisions: RevisionsPanel;
  readonly pending: PendingPanel;
  readonly review: ReviewPanel;
  readonly diagram = new SchemaDiagram();
  /** Share links, saved work, Reset, the zip, the lessons menu (projectio.ts). */
  readonly io = new ProjectIO(this);
  private busy = 0;
  private started = false;
  private queue: Promise<void> = Promise.resolve();
  /** Bumped by an urgent action: actions queued before it are dropped. */
  private generation = 0;
  /** The lesson open (its start is what Reset and a failed recovery go back to). */
  lesson: Lesson | null = null;
  /**
   * The database as it was after the last action that finished (and which
   * engine.changes it had seen): what Stop and a crash's recovery restore,
   * and what the page saves. Taken after each action that may have changed
   * the database, so a runaway statement or a crash never costs more than
   * the action at hand.
   */
  private checkpoint: { db: Uint8Array; changes: number } | null = null;
  /** When the engine crashed lately (see crashWindow). */
  private crashes: number[] = [];
  /** Set while the page restarts the engine itself (Stop, Reset): not a crash. */
  private restarting = false;

  constructor() {
    this.terminal = new Terminal(byId<HTMLInputElement>('command'), byId('output'), (line) => this.enqueue(() => this.runLine(line)));
    this.files = new Files(this.engine, byId('tabs'), byId('editor'), {
      runLine: () => {
        const line = this.terminal.take();
        if (line) this.enqueue(() => this.runLine(line));
      },
      autogenerate: () => this.autogenerate(),
      changed: (path) => {
        if (!isRevisionScript(path)) this.pending.schedule();
      },
    });
    this.pending = new PendingPanel(this.engine, {
      flush: () => this.files.flush(),
      autogenerate: () => void this.autogenerate(),
      idle: () => this.started && this.busy === 0,
    });
    this.review = new ReviewPanel(this.engine, (sql) => this.enqueue(() => this.runLine(sql)));
    // The learning panels: pending changes first, the review after the
    // revisions, the diagram after the database's rows.
    const right = document.querySelector('.col.right');
    right?.prepend(this.pending.section);
    document.querySelector('.panel.revisions')?.after(this.review.section);
    document.querySelector('.panel.database')?.after(this.diagram.section);
    this.db = new DatabasePanel(this.engine, byId('tables'), { enqueue: (a) => this.enqueue(a), print: (l, k) => this.terminal.print(l, k) });
    this.revisions = new RevisionsPanel(this.engine, byId<HTMLOListElement>('revisions'), byId('revision-details'),
      (p) => this.files.select(p, true), (line) => this.enqueue(() => this.runLine(line)));
    byId('autogenerate').addEventListener('click', () => this.autogenerate());
    byId('upgrade').addEventListener('click', () => this.enqueue(() => this.runLine('alembic upgrade +1')));
    byId('downgrade').addEventListener('click', () => this.enqueue(() => this.runLine('alembic downgrade -1')));
    byId('seed').addEventListener('click', () => this.enqueue(() => this.seed(10000)));
    byId('clear-output').addEventListener('click', () => this.terminal.clear());
    byId('stop').addEventListener('click', () => void this.stop());
    byId('export-db').addEventListener('click', () => this.enqueue(() => this.exportDB()));
    const importInput = byId<HTMLInputElement>('import-db');
    importInput.addEventListener('change', () => {
      const file = importInput.files?.[0];
      importInput.value = '';
      if (file) this.enqueue(() => this.importDB(file));
    });
    document.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && !e.defaultPrevented) {
        e.preventDefault();
        this.autogenerate();
      }
    });

    this.engine.on('output', (e) => this.terminal.print(e.line, 'stdout'));
    this.engine.on('log', (e) => this.terminal.print(e.line, 'stderr'));
    this.engine.on('progress', (e) => this.progress(e.done, e.total));
    this.engine.setQuestionHandler((q) => askQuestion(q));
    this.engine.onRestart((reason) => {
      if (this.restarting) return;
      // A crash. While loading, the load's own steps fail and say so (a saved
      // project that stops the engine is put aside there); after, the state
      // before the last action comes back.
      if (this.started) void this.enqueue(() => this.recover('crash', reason), { urgent: true });
    });
  }

  /**
   * Runs actions one after another, with data-retort="busy" meanwhile. After
   * each, the checkpoint is taken. An urgent action (Stop, Reset, recovering
   * from a crash) drops the actions queued before it and runs at once.
   */
  enqueue(action: () => Promise<void>, opts: QueueOptions = {}): Promise<void> {
    const gen = opts.urgent ? ++this.generation : this.generation;
    this.busy++;
    setState('busy');
    this.buttons().forEach((b) => (b.disabled = true));
    if (this.workingTimer === 0) this.workingTimer = window.setTimeout(() => this.showWorking(), workingAfter);
    const run = async () => {
      if (gen !== this.generation) return; // dropped by Stop, Reset or a crash
      await action();
      if (gen === this.generation) await this.takeCheckpoint();
    };
    const start = opts.urgent ? Promise.resolve() : this.queue;
    const next = start.then(run).catch((err: unknown) => {
      if (gen === this.generation) this.reportError(err);
    }).finally(() => {
      if (--this.busy === 0 && this.started) {
        window.clearTimeout(this.workingTimer);
        this.workingTimer = 0;
        this.progress(0, 0);
        byId('stop').hidden = true;
        this.updateButtons();
        setState('ready');
        this.pending.schedule(0);
        void this.review.update();
      }
    });
    this.queue = next;
    return next;
  }

  /**
   * Takes the checkpoint: the database's bytes, when an action since the last
   * one may have changed it. (A transaction left open refuses the export: the
   * last checkpoint stays.)
   */
  async takeCheckpoint(): Promise<void> {
    const changes = this.engine.changes;
    if (this.checkpoint?.changes === changes) return;
    try {
      const db = await this.engine.call('exportDB', {});
      this.checkpoint = { db, changes };
    } catch (err) {
      if (err instanceof EngineStopped) throw err;
    }
  }

  /** The project as the page holds it: the editor's files (edits included) and the checkpoint's database. */
  snapshot(): Snapshot | null {
    if (!this.checkpoint) return null;
    return { files: this.files.snapshot(), db: this.checkpoint.db };
  }

  /** Whether no action runs. */
  get idle(): boolean {
    return this.busy === 0;
  }

  /** Bumped by every urgent action (Stop, Reset, a crash's recovery). */
  get epoch(): number {
    return this.generation;
  }

  /**
   * Lets the editor check the lesson's files (Files.preview): once the page
   * is ready, so that the engine's first run of the models (a cold engine
   * takes 0.2-1 s for it) comes after the load's own requests, not among
   * them. Saved work is checked while it is restored (ProjectIO.lint).
   */
  private lintAfterLoad: (() => void) | undefined;

  /** The lesson is open and the page takes actions (after Reset, whether loading ended well or not). */
  markStarted(): void {
    this.lintAfterLoad?.();
    if (this.started) return;
    this.started = true;
    byId('status').textContent = '';
  }

  /** Stop: ends whatever the engine is doing, and brings back the state before it. */
  async stop(): Promise<void> {
    if (!this.busy) return;
    await this.enqueue(async () => {
      await this.restartEngine('stopped');
      await this.recover('stop', 'stopped');
    }, { urgent: true });
  }

  /** Restarts the engine for the page's own reasons (Stop, Reset): no crash. */
  async restartEngine(reason: string): Promise<void> {
    this.restarting = true;
    try {
      await this.engine.restart(reason);
    } finally {
      this.restarting = false;
    }
  }

  /**
   * After the engine was restarted: the project and the database as they were
   * after the last action that finished, and the editor's edits since. A
   * project that stopped the engine twice within crashWindow is put aside
   * (offered back, with the error) and the lesson's start opened instead.
   */
  private async recover(kind: 'stop' | 'crash', reason: string): Promise<void> {
    for (const d of document.querySelectorAll<HTMLDialogElement>('dialog.question')) d.remove();
    this.progress(0, 0);
    await this.engine.ready;
    const now = Date.now();
    if (kind === 'crash') this.crashes = [...this.crashes.filter((t) => now - t < crashWindow), now];
    const snap = this.snapshot();
    if (kind === 'crash' && this.crashes.length >= 3) {
      this.terminal.print(`The engine keeps stopping (${reason}). Reset goes back to the lesson's start; reloading the page starts again.`, 'error');
      return;
    }
    if (snap && !(kind === 'crash' && this.crashes.length >= 2)) {
      try {
        await restore(this.engine, snap);
        await this.refresh();
        this.terminal.print(kind === 'stop'
          ? '-- Stopped. The project and the database are as they were before.'
          : `${capitalize(reason)}. It was restarted, with the project and the database as they were before the last command.`,
        kind === 'stop' ? 'info' : 'error');
        return;
      } catch (err) {
        if (err instanceof EngineStopped) throw err; // it stopped again: the next recovery decides
        reason = String(err instanceof Error ? err.message : err);
      }
    }
    // What the page held stops the engine (or could not be restored): keep it
    // aside, offered back with the error, and start over at the lesson's start.
    if (snap) await this.io.putAside(snap, reason);
    if (this.lesson) await this.open(this.lesson);
    this.terminal.print(snap
      ? `${capitalize(reason)}, again, with this project: it was put aside (see above) and this is the lesson's start.`
      : `${capitalize(reason)}. This is the lesson's start.`, 'error');
  }

  private reportError(err: unknown): void {
    if (err instanceof EngineStopped) return; // the recovery says what happened
    if (err instanceof EngineError) {
      this.terminal.print(err.message, 'error');
      // The message holds the first positioned error; the others follow it.
      for (const d of err.diagnostics.slice(1)) this.terminal.print(formatDiagnostic(d), 'error');
    } else {
      this.terminal.print(String(err instanceof Error ? err.message : err), 'error');
    }
  }

  /** The timer that shows the progress bar once an action has run for workingAfter ms. */
  private workingTimer = 0;

  /**
   * An action has run for workingAfter ms: the bar shows that the page is
   * working, indeterminate until the engine reports a step's progress (a
   * step reports after each of its changes; a single long statement, such as
   * a table rebuild or a big INSERT, reports nothing until it ends).
   */
  private showWorking(): void {
    const bar = byId<HTMLProgressElement>('progress');
    byId('stop').hidden = false;
    if (!bar.hidden) return; // the engine's own progress is showing
    bar.removeAttribute('value');
    bar.title = 'Working…';
    bar.hidden = false;
  }

  private progress(done: number, total: number): void {
    const bar = byId<HTMLProgressElement>('progress');
    bar.hidden = total <= 0;
    if (total > 0) {
      bar.max = total;
      bar.value = done;
      bar.title = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
    }
  }

  /** Loads the engine and opens the lesson; actions queue behind it. */
  start(): Promise<void> {
    const started = this.load().then(async () => {
      await this.takeCheckpoint().catch(() => undefined);
      this.started = true;
      this.updateButtons();
      setState(this.busy ? 'busy' : 'ready');
      this.lintAfterLoad?.();
      this.pending.schedule(0);
      void this.review.update();
    });
    this.queue = started.catch(() => undefined);
    return started;
  }

  private async load(): Promise<void> {
    setState('loading');
    const lessons = await loadLessons(RETORT_ASSETS['examples.json'], window.retortBoot?.lessons);
    mark('lessons');
    const { lesson, missing } = pickLesson(lessons, params.get('example'));
    this.lesson = lesson;
    this.io.prefetch(lesson);
    if (!isFallback(lesson)) {
      // Render the lesson while the engine loads: main thread and engine work at once.
      this.showLesson(lesson);
      this.files.preview(lesson.files, 'models.py', new Promise<void>((resolve) => (this.lintAfterLoad = resolve)));
      mark('preview');
    }
    try {
      await this.engine.ready;
      mark('engine');
    } catch (err) {
      byId('status').textContent = String(err instanceof Error ? err.message : err);
      this.terminal.print(`The engine could not start: ${String(err)}`, 'error');
      throw err;
    }
    await this.open(lesson);
    mark('opened');
    await this.io.start(lesson, lessons);
    mark('restored');
    if (missing) this.terminal.print(`No lesson "${params.get('example')}"; this is the tutorial's start.`, 'error');
    byId('status').textContent = '';
  }

  /**
   * Opens a lesson at its start: one request, whose reply brings the
   * tables, their rows, the revisions and the checkpoint's bytes. The
   * worker makes the page's first open itself, as soon as the engine has
   * started (boot.ts): the first open of that lesson takes its reply.
   */
  async open(lesson: Lesson): Promise<void> {
    if (isFallback(lesson)) {
      await this.openFallback(lesson);
      return;
    }
    let opened: OpenResult | null = null;
    let changes = 0;
    const boot = this.engine.takeBoot(lesson.id);
    if (boot) {
      try {
        opened = await boot.reply;
        changes = boot.changes;
      } catch (err) {
        if (err instanceof EngineStopped) throw err; // as the page's own open would
        // The worker could not open it: the page does.
      }
    }
    if (!opened) {
      const reply = this.engine.call('open', { files: lesson.files, sql: lesson.seed, view: { ...this.db.view(), checkpoint: true } });
      changes = this.engine.changes;
      opened = await reply;
    }
    if (opened.db) this.checkpoint = { db: opened.db, changes };
    this.clearSQLLog();
    mark('engine-opened');
    this.showLesson(lesson);
    // The engine holds the files the page sent: nothing to read back.
    const sent = Object.keys(lesson.files);
    const same = sent.length === opened.files.length && opened.files.every((p) => Object.prototype.hasOwnProperty.call(lesson.files, p));
    await this.refresh(undefined, opened.tables, same ? lesson.files : true, opened);
    this.files.select('models.py');
    this.terminal.print('Type alembic commands (alembic upgrade head, alembic current, …) or SQL ending in ;', 'info');
  }

  /** No lesson bundled: the project set up as the tutorial does. */
  private async openFallback(lesson: Lesson): Promise<void> {
    await this.engine.call('open', { files: lesson.files });
    this.clearSQLLog();
    const res = await this.engine.call('run', { argv: fallbackSetup.argv });
    if (res.exitCode === 0) {
      for (const e of fallbackSetup.edits) {
        const text = await this.engine.call('readFile', { path: e.file }).catch(() => null);
        if (text !== null) await this.engine.call('writeFile', { path: e.file, content: text.replace(e.find, e.replace) });
      }
    }
    this.terminal.clear();
    mark('engine-opened');
    this.showLesson(lesson);
    await this.refresh();
    this.files.select('models.py');
    this.terminal.print('Type alembic commands (alembic upgrade head, alembic current, …) or SQL ending in ;', 'info');
  }

  private shownLesson: Lesson | null = null;

  private showLesson(l: Lesson): void {
    if (this.shownLesson === l) return;
    this.shownLesson = l;
    const box = byId('lesson');
    box.removeAttribute('data-prerender');
    if (!l.title) {
      box.hidden = true;
      return;
    }
    const step = (s: NonNullable<Lesson['steps']>[number]) => {
      const line = s.run ?? s.sql;
      return h('li', {}, s.say ?? '', line ? h('div', { class: 'step' },
        h('code', {}, line),
        h('button', { type: 'button', class: 'small', 'data-action': true, title: 'Run it in the terminal', onclick: () => this.enqueue(() => this.runLine(line)) }, 'Run'),
      ) : null);
    };
    fill(box,
      h('h2', {}, l.title),
      l.explanation ? h('p', {}, l.explanation) : null,
      l.steps?.length ? h('details', {}, h('summary', {}, 'Steps'), h('ol', {}, ...l.steps.map(step))) : null,
    );
    box.hidden = false;
  }

  /**
   * Reloads files, revisions and tables (highlighting changes; `tables` is the
   * engine's answer to 'tables' when the caller has just asked for it). The
   * three ask the engine at once: its worker answers one after another while
   * the page renders what came back, with no round trip waiting on another.
   * files false: no file changed (SQL, a step), the files are not read back;
   * view: a run's result with what it brought back (run's params.view): the
   * tables' rows and the revisions.
   * In an action, the checkpoint is taken meanwhile (see takeCheckpoint).
   */
  async refresh(changes = noChanges(), tables?: Table[], files: boolean | Record<string, string> = true, view?: Pick<RunResult, 'pages' | 'revisions'>): Promise<void> {
    // The action's checkpoint (unless the command brought it back): the
    // worker copies the database while the page renders. Asked for first
    // when the command brought its view back (the rows are here), else after
    // the reads.
    const early = this.started && view?.pages ? this.takeCheckpoint() : null;
    const [, added] = await Promise.all([
      early,
      files ? this.files.sync(files === true ? undefined : files).then((added) => (mark('files'), added)) : [],
      this.revisions.refresh(view?.revisions).then(() => mark('revisions')),
      this.db.refresh(changes, tables, view?.pages).then(() => mark('tables')),
      this.started && !early ? this.takeCheckpoint() : null,
    ]);
    this.diagram.update(this.db.current, changes);
    this.review.invalidate(this.revisions.current);
    const newScript = added.find(isRevisionScript);
    if (newScript) this.files.select(newScript);
  }

  /** The buttons that start an action: disabled while one runs. */
  private buttons(): HTMLButtonElement[] {
    return [...document.querySelectorAll<HTMLButtonElement>('button[data-action]')];
  }

  private updateButtons(): void {
    for (const b of this.buttons()) b.disabled = false;
    const users = this.db.current.find((t) => t.name === 'users');
    const seed = byId<HTMLButtonElement>('seed');
    seed.disabled = !users;
    seed.title = users ? 'INSERT … SELECT over a recursive CTE, for the current columns of users' : 'There is no users table yet: upgrade first';
  }

  /** Runs one terminal line: alembic/retort argv, or SQL ending in ';'. */
  async runLine(line: string): Promise<void> {
    this.terminal.print(line, 'command');
    await this.files.flush();
    if (line.trim().endsWith(';')) {
      await this.execSQL(line);
      return;
    }
    if (line.trim() === 'clear') {
      this.terminal.clear();
      return;
    }
    const before = this.db.current;
    // The engine splits the line (as the lessons' tests do) and says why one cannot run.
    // The tables and their rows, the revisions, the SQL log and the
    // checkpoint's bytes come back with it: the page renders them with no
    // round trip more.
    const running = this.engine.call('run', { line, view: { ...this.db.view(), checkpoint: true } });
    const changes = this.engine.changes;
    // Its log lines come with its result (within holdOutput ms).
    this.terminal.hold(holdOutput);
    let res: RunResult;
    try {
      res = await running;
    } finally {
      this.terminal.release();
    }
    if (res.db) this.checkpoint = { db: res.db, changes };
    const argv = res.argv;
    const after = res.tables ?? await this.engine.call('tables', {});
    const step = steps.has(argv[0] ?? '');
    await Promise.all([this.refresh(step ? diffTables(before, after) : undefined, after, res.filesChanged, res),
      step ? this.showSQLLog(argv, res.sqlLog) : null]);
    if (res.exitCode !== 0) this.files.relint();
  }

  private async execSQL(sql: string): Promise<void> {
    const before = this.db.current;
    let failed: unknown = null;
    try {
      const results = await this.engine.call('exec', { sql });
      for (const r of results) this.terminal.printResult(r);
    } catch (err) {
      if (err instanceof EngineStopped) throw err;
      failed = err; // the statements before the failing one ran: show them
    }
    const after: Table[] = await this.engine.call('tables', {});
    await this.refresh(diffTables(before, after), after, false);
    if (failed) throw failed;
  }

  /**
   * The SQL log: what the command's steps ran on the page's SQLite database,
   * and (when chosen) the same steps as PostgreSQL runs them, written offline.
   */
  private async showSQLLog(argv: string[], known?: string[]): Promise<void> {
    const log = known ?? await this.engine.call('sqlLog', {});
    const what = h('code', {}, ['alembic', ...argv].map(quoteWord).join(' '));
    const panel = byId('sqllog');
    if (!log.length) {
      panel.replaceChildren(h('p', { class: 'what' }, what), h('p', { class: 'empty' }, 'No SQL ran.'));
      return;
    }
    const sqlite = log.map((s) => s.trim().replace(/;?$/, ';')).join('\n\n');
    const view = dialectView('log', "Last step's SQL", (d) => d === 'sqlite' ? sqlite
      : this.engine.call('lastStepsSQL', { dialect: d }).then((sql) => sql || '-- The engine was restarted since these steps ran: run them again to see them here.'));
    panel.replaceChildren(h('div', { class: 'what' }, what, view.switcher), view.pre);
  }

  /** Empties the SQL log (a project opened anew has run no step). */
  private clearSQLLog(): void {
    byId('sqllog').replaceChildren(h('p', { class: 'empty' }, 'The SQL of the last upgrade or downgrade appears here.'));
  }

  /** Saves the database as a file (sqlalchemy.url's name, myapp.db). */
  private async exportDB(): Promise<void> {
    await this.files.flush(); // the name comes from alembic.ini as edited
    const bytes = await this.engine.call('exportDB', {});
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/vnd.sqlite3' }));
    const a = h('a', { href: url, download: (await this.engine.call('downloadNames', {})).file });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    this.terminal.print(`-- Downloaded the database (${bytes.length.toLocaleString('en-US')} bytes)`, 'info');
  }

  /** Replaces the database with an SQLite file; a file that is not one changes nothing. */
  private async importDB(file: File): Promise<void> {
    const before = this.db.current;
    const data = new Uint8Array(await file.arrayBuffer());
    this.terminal.print(`-- Opening ${file.name} (${data.length.toLocaleString('en-US')} bytes)`, 'info');
    await this.engine.call('importDB', { data });
    const after = await this.engine.call('tables', {});
    await this.refresh(diffTables(before, after), after);
  }

  private prompting = false;

  async autogenerate(): Promise<void> {
    if (this.busy || this.prompting) return;
    const first = this.revisions.current.length === 0;
    this.prompting = true;
    let msg: string | null;
    try {
      msg = await promptMessage(first ? 'create users table' : 'add age to users');
    } finally {
      this.prompting = false;
    }
    if (msg === null) return;
    await this.enqueue(() => this.runLine(`alembic revision --autogenerate -m ${quoteWord(msg)}`));
  }

  async seed(count: number): Promise<void> {
    const users = this.db.current.find((t) => t.name === 'users');
    if (!users) {
      this.terminal.print('There is no users table yet: run alembic upgrade head first.', 'error');
      return;
    }
    const pk = users.columns.find((c) => c.pk && /INT/i.test(c.type));
    const startSQL = pk ? `SELECT coalesce(max("${pk.name.replace(/"/g, '""')}"), 0) FROM users;` : 'SELECT count(*) FROM users;';
    const [r] = await this.engine.call('exec', { sql: startSQL });
    const start = Number(r?.rows[0]?.[0] ?? 0);
    const sql = seedSQL(users, count, start);
    this.terminal.print(`-- Seed ${count.toLocaleString('en-US')} users`, 'info');
    this.terminal.print(sql, 'sql');
    await this.execSQL(sql);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}`;
}

const app = new App();
app.start().catch((err: unknown) => {
  console.error(err);
});
