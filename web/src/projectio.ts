// Sharing and keeping the learner's work: share links, saving in the
// browser (restored on reload, per lesson), work put aside, Reset, the
// project as a zip the real Alembic runs, and the lessons menu.
//
// main.ts hands this module the App (PageHost) and calls start() once the
// lesson's start is open; everything else hangs off the page's elements and
// <html data-retort>.
//
// Saved work is never lost to something the learner did not choose: a share
// link opened over it, a save that cannot be restored, a project that stops
// the engine (or hangs the page while it opens) — each is put aside, offered
// back with the reason, and kept until the learner opens or discards it.

import { EngineStopped, type Diagnostic, type Engine } from './engine';
import type { Terminal } from './terminal';
import { defaultLesson, type Lesson } from './examples';
import { captureFiles, dumpSQL, restore, type Snapshot } from './snapshot';
import { decodePayload, encodePayload, fragmentKey, maxLinkLength, shareValue, type SharePayload } from './sharelink';
import { SaveStore, type Kept, type Saved } from './persist';
import { choose } from './modal';
import { formatCount, h } from './dom';
import { EmbeddedPage } from './embedded';

/** What this module needs of the page (main.ts's App). */
export interface PageHost {
  readonly engine: Engine;
  readonly terminal: Terminal;
  readonly files: { flush(): Promise<void>; readonly current: string };
  /** Whether no action runs (an action may be stuck: Reset then restarts the engine). */
  readonly idle: boolean;
  /** Bumped by every urgent action (Stop, Reset, a crash's recovery): what was under way is void. */
  readonly epoch: number;
  /** Reloads files, revisions and tables. */
  refresh(): Promise<void>;
  /** Runs an action after the ones queued (an urgent one at once, dropping them), with data-retort="busy" meanwhile. */
  enqueue(action: () => Promise<void>, opts?: { urgent?: boolean }): Promise<void>;
  /** Opens a lesson at its start. */
  open(lesson: Lesson): Promise<void>;
  /** The project as the page holds it (the editor's files, the last checkpoint's database); null before the first. */
  snapshot(): Snapshot | null;
  /** Takes the checkpoint now (after an action it is taken anyway). */
  takeCheckpoint(): Promise<void>;
  /** Stops the engine, whatever it is doing, and starts another (holding no project). */
  restartEngine(reason: string): Promise<void>;
  /** The page has its lesson open, whether its loading ended well or not (Reset during loading). */
  markStarted(): void;
}

const html = document.documentElement;

/** How long the page waits after a change before saving. */
const saveDelay = 300;

/**
 * A database larger than this is not dumped for a share link with its rows:
 * the link could not hold them (at most 32 KB; SQL compresses about tenfold),
 * and the dump would cost the engine as much memory again.
 */
const maxShareDatabase = 1 << 20;

/** Saves bytes as a file the browser downloads. */
export function download(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

function kb(n: number): string {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KB`;
}

function message(err: unknown): string {
  return String(err instanceof Error ? err.message : err);
}

function when(t: number): string {
  return new Date(t).toLocaleString();
}

export class ProjectIO {
  private lesson: Lesson = { id: '', files: {} };
  private readonly store = new SaveStore();
  private readonly embed = html.classList.contains('embed');
  /** Saving is on once the starting state is settled (not in embeds). */
  private autosave = false;
  private timer = 0;
  private saving: Promise<void> | null = null;
  private saveAgain = false;
  private saves = 0;
  private skipSave = false;
  /** Set while Reset runs: nothing is saved. */
  private suspended = false;
  private watching = false;

  /** The saved work being read since prefetch. */
  private saved: Promise<Saved | null> | null = null;

  constructor(private readonly host: PageHost) {
    // Reset is wired from the start: it works while the page loads, and when loading failed.
    document.getElementById('reset')?.addEventListener('click', () => void this.reset());
  }

  /**
   * Starts reading the lesson's saved work, to be ready by the time start()
   * wants it: IndexedDB takes a while to open in a new browser profile, time
   * the engine's start covers.
   */
  prefetch(lesson: Lesson): void {
    this.lesson = lesson;
    if (this.embed) return;
    this.saved = this.store.load(this.key).catch((err: unknown) => {
      console.warn('retort: saved work unavailable:', err);
      return null;
    });
  }

  /** The key the lesson's work is saved under. */
  private get key(): string {
    return this.lesson.id || defaultLesson;
  }

  /**
   * Called once the lesson's start is open: restores a share link (#share=)
   * or the work saved for this lesson, wires the buttons, and starts saving
   * after each change.
   */
  async start(lesson: Lesson, lessons: Lesson[]): Promise<void> {
    this.lesson = lesson;
    this.lessonsMenu(lessons);
    this.wire();
    const shared = shareValue(location.hash);
    if (shared !== null) {
      await this.openShared(shared);
    } else if (!this.embed) {
      await this.openSaved();
    }
    if (!this.embed) await this.showKept();
    if (this.embed) new EmbeddedPage().start();
    else this.watch();
  }

  /** The saved work, read once (prefetch started it). */
  private async loadSaved(): Promise<Saved | null> {
    const prefetched = this.saved;
    this.saved = null;
    try {
      return await (prefetched ?? this.store.load(this.key));
    } catch (err) {
      console.warn('retort: saved work unavailable:', err);
      return null;
    }
  }

  /**
   * Opens a share link. Nothing is saved unless it opened: a link that cannot
   * be read, or whose project or SQL fails, leaves the saved work as it was
   * and opens it. One that opens puts the saved work aside (offered back)
   * before its project is saved in its place.
   */
  private async openShared(value: string): Promise<void> {
    const t = this.host.terminal;
    // The link's state now lives in the page (and, after this, in the saved
    // work): drop the fragment so a reload does not undo later changes.
    const url = new URL(location.href);
    url.hash = '';
    history.replaceState(history.state, '', url.href);
    let payload: SharePayload;
    try {
      payload = await decodePayload(value);
    } catch (err) {
      t.print(`Could not open the link: ${message(err)}.`, 'error');
      if (!this.embed) await this.openSaved();
      return;
    }
    const epoch = this.host.epoch;
    try {
      if (payload.files) {
        await restore(this.host.engine, { files: payload.files, sql: payload.sql });
      } else {
        for (const [path, content] of Object.entries(payload.overlay ?? {})) {
          await this.host.engine.call('writeFile', { path, content });
        }
        if (payload.sql) await this.host.engine.call('exec', { sql: payload.sql });
      }
      await this.host.refresh();
      await this.lint();
    } catch (err) {
      if (this.host.epoch !== epoch) return; // Reset took over
      t.print(`Could not open the link: ${message(err)}.`, 'error');
      await this.host.engine.ready;
      if (this.embed || !(await this.openSaved())) {
        await this.host.open(this.lesson);
        t.print('-- This is the lesson\'s start.', 'info');
      }
      return;
    }
    if (!payload.files) return;
    t.print('-- Opened a shared project: its files and its database, as they were when the link was made.', 'info');
    if (this.embed) return;
    const had = await this.loadSaved();
    await this.host.takeCheckpoint();
    if (had) {
      await this.putAside(had, 'a shared link was opened over it');
      t.print(`-- It replaces the work you had saved on this lesson (${when(had.savedAt)}), which is kept aside: Open it brings it back.`, 'info');
    }
    await this.saveNow(true);
  }

  /**
   * Restores the lesson's saved work; true when it did. A save that cannot
   * be restored, that stops the engine, or that the last visit never
   * finished opening (it hung, or the engine died) is not opened again: it is
   * put aside with the reason, and the lesson's start stays.
   */
  private async openSaved(): Promise<boolean> {
    const saved = await this.loadSaved();
    if (!saved) return false;
    const t = this.host.terminal;
    const opening = await this.store.opening(this.key).catch(() => null);
    if (opening === saved.savedAt) {
      await this.putAside(saved, 'the page stopped while opening it, the last time (the engine stopped, or it hung)');
      await this.store.setOpening(this.key, null).catch(() => undefined);
      t.print(`Your saved work (${when(saved.savedAt)}) was not opened: the last time, the page stopped while opening it. It is kept aside (above).`, 'error');
      return false;
    }
    await this.store.setOpening(this.key, saved.savedAt).catch(() => undefined);
    const epoch = this.host.epoch;
    try {
      await restore(this.host.engine, { files: saved.files, db: saved.db });
      await this.host.refresh();
      await this.lint();
    } catch (err) {
      if (this.host.epoch !== epoch) return false; // Reset took over
      await this.putAside(saved, err instanceof EngineStopped ? message(err) : `it could not be restored: ${message(err)}`);
      await this.store.setOpening(this.key, null).catch(() => undefined);
      t.print(`Your saved work (${when(saved.savedAt)}) could not be opened (${message(err)}). It is kept aside (above); this is the lesson's start.`, 'error');
      await this.host.engine.ready;
      await this.host.open(this.lesson);
      return false;
    }
    await this.store.setOpening(this.key, null).catch(() => undefined);
    t.print(`-- Restored your work on this lesson, saved ${when(saved.savedAt)}. Reset returns to the lesson's start.`, 'info');
    return true;
  }

  /** Checks the shown file as the editor will (what evaluates the models): a project that stops the engine does it here. */
  private async lint(): Promise<void> {
    const path = this.host.files.current || 'models.py';
    if (path.endsWith('.py')) await this.host.engine.call('diagnostics', { path });
  }

  // --- Work put aside ------------------------------------------------------

  /**
   * Keeps a project aside, with the reason, and shows it. When it is the
   * saved work, the saved work goes: the next visit does not open it again.
   */
  async putAside(snap: Snapshot | Saved, reason: string): Promise<void> {
    if (this.embed || !snap.db) return;
    const savedAt = 'savedAt' in snap ? snap.savedAt : Date.now();
    try {
      const current = await this.store.load(this.key);
      if (current && (current.savedAt === savedAt || !('savedAt' in snap))) await this.store.clear(this.key);
      await this.store.keep(this.key, { lesson: this.key, files: snap.files, db: snap.db, savedAt, reason, keptAt: Date.now() });
    } catch (err) {
      console.warn('retort: could not keep work aside:', err);
    }
    await this.showKept();
  }

  /** The work put aside: each with why, "Open it" and "Discard it". */
  private async showKept(): Promise<void> {
    let list: Kept[] = [];
    try {
      list = await this.store.kept(this.key);
    } catch {
      // no IndexedDB: nothing kept
    }
    let box = document.getElementById('kept');
    if (!list.length) {
      box?.remove();
      return;
    }
    if (!box) {
      box = h('section', { id: 'kept', class: 'panel kept', 'aria-label': 'Work put aside' });
      const lesson = document.getElementById('lesson');
      lesson?.parentElement?.insertBefore(box, lesson);
    }
    box.replaceChildren(h('h2', {}, 'Work put aside'), ...list.map((k) => h('div', { class: 'kept-item' },
      h('p', {}, `Your work saved ${when(k.savedAt)}: ${k.reason}.`),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'small', 'data-action': true, onclick: () => void this.openKept(k) }, 'Open it'),
        h('button', { type: 'button', class: 'small', onclick: () => void this.discardKept(k) }, 'Discard it'),
      ))));
  }

  /**
   * Opens work put aside in place of the project open now, which is put
   * aside in its turn. It leaves the list only once it opened: one that
   * stops the engine again stays, and the page comes back as it was.
   */
  private async openKept(k: Kept): Promise<void> {
    const t = this.host.terminal;
    await this.host.enqueue(async () => {
      await this.host.files.flush();
      const current = this.host.snapshot();
      try {
        await restore(this.host.engine, { files: k.files, db: k.db });
        await this.host.refresh();
        await this.lint();
      } catch (err) {
        if (err instanceof EngineStopped) {
          await this.store.unkeep(this.key, k.keptAt).catch(() => undefined);
          await this.store.keep(this.key, { ...k, reason: message(err), keptAt: Date.now() }).catch(() => undefined);
          throw err; // the page's recovery brings back the project before
        }
        t.print(`That work could not be opened (${message(err)}); this is the project as it was.`, 'error');
        if (current) await restore(this.host.engine, current);
        await this.host.refresh();
        return;
      }
      await this.host.takeCheckpoint();
      if (current) {
        await this.store.keep(this.key, { lesson: this.key, files: current.files, db: current.db!, savedAt: Date.now(), reason: `put aside when you opened your work saved ${when(k.savedAt)}`, keptAt: Date.now() });
      }
      await this.store.unkeep(this.key, k.keptAt);
      t.print(`-- Opened your work saved ${when(k.savedAt)}.${current ? ' The project you had open is kept aside.' : ''}`, 'info');
      await this.saveNow(true);
    });
    await this.showKept();
  }

  private async discardKept(k: Kept): Promise<void> {
    const ok = await choose('Discard this work?', [h('p', {}, `Your work saved ${when(k.savedAt)} is deleted for good.`)], [
      { value: 'discard', label: 'Discard it', kind: 'danger' },
      { value: '', label: 'Cancel' },
    ], 'discard');
    if (ok !== 'discard') return;
    await this.store.unkeep(this.key, k.keptAt).catch(() => undefined);
    await this.showKept();
  }

  /** Saves after each command or step, and after editing (debounced). */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    this.autosave = true;
    let last = html.dataset.retort;
    let prepared = false;
    new MutationObserver(() => {
      const now = html.dataset.retort;
      if (last === 'busy' && now === 'ready') this.schedule();
      // The saved work's database, created once the page is ready (SaveStore.prepare).
      if (now === 'ready' && !prepared) {
        prepared = true;
        this.store.prepare();
      }
      last = now;
    }).observe(html, { attributes: true, attributeFilter: ['data-retort'] });
    const editor = document.getElementById('editor');
    for (const type of ['input', 'paste', 'cut', 'drop', 'keyup']) {
      editor?.addEventListener(type, () => this.schedule(), true);
    }
    // Leaving the page: save what there is now.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void this.saveNow();
    });
  }

  private schedule(): void {
    if (!this.autosave) return;
    if (this.skipSave) {
      this.skipSave = false;
      return;
    }
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.saveNow(), saveDelay);
  }

  /**
   * Saves the files and database now (after a save in progress): the
   * editor's files and the checkpoint's database, so a save never waits on
   * the engine (a runaway statement does not keep edits from being saved).
   */
  private async saveNow(force = false): Promise<void> {
    if ((!this.autosave && !force) || this.suspended) return;
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      try {
        const snap = this.host.snapshot();
        if (!snap?.db) return;
        await this.store.save(this.key, { lesson: this.key, files: snap.files, db: snap.db, savedAt: Date.now() });
        html.dataset.retortSaved = String(++this.saves);
      } catch (err) {
        console.warn('retort: could not save:', err);
      }
    })();
    await this.saving;
    this.saving = null;
    if (this.saveAgain && !this.suspended) {
      this.saveAgain = false;
      await this.saveNow(force);
    }
  }

  private wired = false;

  private wire(): void {
    if (this.wired) return;
    this.wired = true;
    const on = (id: string, fn: () => void) => document.getElementById(id)?.addEventListener('click', fn);
    on('share', () => void this.share());
    on('export-zip', () => void this.exportZip());
    on('open-full', () => void this.openFull());
  }

  /** The lessons menu: choosing one opens ?example=<id>. */
  private lessonsMenu(lessons: Lesson[]): void {
    const select = document.getElementById('lessons') as HTMLSelectElement | null;
    if (!select || !lessons.length) return;
    const current = this.lesson.id || defaultLesson;
    const list = lessons.some((l) => l.id === current) ? lessons : [{ id: current, title: 'The tutorial\'s start', files: {} }, ...lessons];
    select.replaceChildren(...list.map((l) => h('option', { value: l.id, selected: l.id === current }, l.title || l.id)));
    select.hidden = false;
    select.closest('label')?.removeAttribute('hidden');
    select.addEventListener('change', () => {
      const url = new URL(location.href);
      url.hash = '';
      url.searchParams.set('example', select.value);
      location.assign(url.href);
    });
  }

  // --- Share ---------------------------------------------------------------

  private async link(payload: SharePayload): Promise<string> {
    const url = new URL(location.href);
    url.hash = '';
    url.searchParams.delete('embed');
    url.searchParams.delete('host');
    if (this.lesson.id) url.searchParams.set('example', this.lesson.id);
    else url.searchParams.delete('example');
    return `${url.href}#${fragmentKey}=${await encodePayload(payload)}`;
  }

  /**
   * Makes a link holding the project (and its rows, when they fit) and shows
   * it. A database too large for a link is not dumped with its rows at all.
   */
  async share(): Promise<void> {
    let full = '', lean = '';
    let rows = 0, omitted = 0;
    let dbSize = 0;
    await this.host.enqueue(async () => {
      await this.host.files.flush();
      const files = await captureFiles(this.host.engine);
      dbSize = this.host.snapshot()?.db?.length ?? 0;
      if (dbSize <= maxShareDatabase) {
        try {
          const withRows = await dumpSQL(this.host.engine, { rows: true });
          rows = withRows.rows;
          full = await this.link({ v: 1, lesson: this.lesson.id, files, sql: withRows.sql });
        } catch (err) {
          if (err instanceof EngineStopped) throw err;
          full = ''; // the rows are too large to dump: only the lean link
        }
      }
      if (!full || full.length > maxLinkLength) {
        const schemaOnly = await dumpSQL(this.host.engine, { rows: false });
        omitted = schemaOnly.omitted;
        lean = await this.link({ v: 1, lesson: this.lesson.id, files, sql: schemaOnly.sql });
      }
    });
    if (!full && !lean) return;
    if (full && full.length <= maxLinkLength) {
      await this.showLink(full, `its files, and its database with every row (${formatCount(rows, 'row', 'rows')}).`);
      return;
    }
    const fits = lean.length <= maxLinkLength;
    const why = full
      ? `With its rows, the link would be ${kb(full.length)}; links longer than ${kb(maxLinkLength)} break in chat apps, mail and some browsers.`
      : `The database is ${kb(dbSize)}: its rows do not fit in a link (at most ${kb(maxLinkLength)}).`;
    const choice = await choose('Too large for a link', [
      h('p', {}, why),
      fits ? h('p', {}, `Without the rows (${formatCount(omitted, 'row', 'rows')} left out; the files, the schema and alembic_version kept) it is ${kb(lean.length)}.`)
        : h('p', {}, `Even without the rows it would be ${kb(lean.length)}.`),
      h('p', {}, 'Or download the project with its database as a zip.'),
    ], [
      ...(fits ? [{ value: 'lean', label: 'Share without rows', kind: 'primary' as const }] : []),
      { value: 'zip', label: 'Download .zip', kind: fits ? undefined : 'primary' as const },
      { value: '', label: 'Close' },
    ], 'share');
    if (choice === 'lean') await this.showLink(lean, `its files, and its database's schema and alembic_version, without the other rows (${formatCount(omitted, 'row', 'rows')} left out).`);
    if (choice === 'zip') await this.exportZip();
  }

  /** From an embed: this project, as it is now, in the full page (a new tab). */
  async openFull(): Promise<void> {
    // Opened now, inside the click, so the browser allows it; pointed at the link once made.
    const win = window.open('', '_blank');
    let link = '';
    await this.host.enqueue(async () => {
      await this.host.files.flush();
      const files = await captureFiles(this.host.engine);
      for (const rows of [true, false]) {
        if (rows && (this.host.snapshot()?.db?.length ?? 0) > maxShareDatabase) continue;
        const dump = await dumpSQL(this.host.engine, { rows }).catch((err: unknown) => {
          if (err instanceof EngineStopped) throw err;
          return null;
        });
        if (!dump) continue;
        link = await this.link({ v: 1, lesson: this.lesson.id, files, sql: dump.sql });
        if (link.length <= maxLinkLength) return;
      }
      link = await this.link({ v: 1, lesson: this.lesson.id, files });
    });
    if (!link) {
      win?.close();
      return;
    }
    if (win) {
      win.opener = null;
      win.location.href = link;
    } else {
      window.open(link, '_blank', 'noopener');
    }
  }

  private async showLink(link: string, what: string): Promise<void> {
    const input = h('input', { type: 'text', readonly: true, value: link, 'aria-label': 'Share link', spellcheck: 'false', class: 'share-link' });
    const note = h('p', { class: 'hint', role: 'status' }, `${kb(link.length)} of URL.`);
    const dialog = choose('Share this project', [h('p', {}, 'Whoever opens this link gets this project as it is now: ', what), input, note], [
      {
        value: 'copy', label: 'Copy link', kind: 'primary', action: () => {
          void copyText(link, input).then((ok) => {
            note.textContent = ok ? 'Copied to the clipboard.' : 'Select the link and copy it (Ctrl/⌘+C).';
          });
        },
      },
      { value: 'close', label: 'Close' },
    ], 'share');
    input.focus();
    input.select();
    await dialog;
  }

  // --- Zip -----------------------------------------------------------------

  /**
   * Downloads the project and its database as a zip the real Alembic runs;
   * first says which revisions Alembic could not run on SQLite outside batch
   * mode, and offers to re-render them as batch blocks.
   */
  async exportZip(): Promise<void> {
    let needs: { path: string; ops: string[] }[] = [];
    let effects: Diagnostic[] = [];
    const ok = await this.queued(async () => {
      await this.host.files.flush();
      needs = await this.host.engine.call('batchNeeds', {});
      effects = await this.host.engine.call('sideEffects', {});
    });
    if (!ok) return;
    if (effects.length) {
      // Code Retort did not run, which the real Alembic would: said before
      // the project leaves the page.
      const go = await choose('This project runs more than migrations', [
        h('p', {}, 'Retort did not run these lines, which do something outside the database; the real Alembic would run them when it reads the project:'),
        h('ul', { class: 'side-effects' }, ...effects.map((d) => h('li', {},
          h('code', {}, `${d.file}:${d.line}:${d.col}`), ' ', d.message))),
        h('p', {}, 'Read them before you run Alembic on the download.'),
      ], [
        { value: 'download', label: 'Download anyway' },
        { value: '', label: 'Cancel', kind: 'primary' },
      ], 'side-effects');
      if (!go) return;
    }
    let rerender = false;
    const unnamed = needs.some((n) => n.ops.some((op) => /^(batch_)?op\.\w+\(None/.test(op)));
    if (needs.length) {
      const choice = await choose('Alembic needs batch mode here', [
        h('p', {}, 'SQLite cannot ALTER these in place. Retort rebuilds the table for them itself; the real Alembic refuses them unless they are inside ',
          h('code', {}, 'with op.batch_alter_table(…)'), ' blocks:'),
        h('ul', { class: 'batch-needs' }, ...needs.map((n) => h('li', {},
          h('code', {}, n.path), h('ul', {}, ...[...new Set(n.ops)].map((op) => h('li', {}, h('code', {}, op))))))),
        unnamed ? h('p', { class: 'hint unnamed' },
          'Alembic\'s batch mode also needs a name for each constraint it adds or drops (an op with None fails there: "Constraint must have a name"). Re-rendering names them as a naming convention would (fk_posts_user_id_users).') : null,
      ], [
        { value: 'batch', label: 'Re-render as batch and download', kind: 'primary' },
        { value: 'asis', label: 'Download as they are' },
        { value: '', label: 'Cancel' },
      ], 'batch');
      if (!choice) return;
      rerender = choice === 'batch';
    }
    await this.queued(async () => {
      const t = this.host.terminal;
      if (rerender) {
        for (const n of needs) {
          await this.host.engine.call('renderAsBatch', { path: n.path });
          t.print(`-- Re-rendered ${n.path} with batch blocks`, 'info');
        }
        await this.host.refresh();
      }
      const name = (await this.host.engine.call('downloadNames', {})).folder;
      const bytes = await this.host.engine.call('exportZip', { folder: name });
      download(bytes, `${name}.zip`, 'application/zip');
      t.print(`-- Downloaded the project as ${name}.zip (${kb(bytes.length)}): unzip it and run alembic upgrade head in ${name}/`, 'info');
    });
  }

  /** Runs an action in the page's queue; false when it failed (the error is printed). */
  private async queued(action: () => Promise<void>): Promise<boolean> {
    let ok = false;
    await this.host.enqueue(async () => {
      await action();
      ok = true;
    });
    return ok;
  }

  // --- Reset ---------------------------------------------------------------

  /**
   * Returns to the lesson's start and forgets the saved work (the work put
   * aside stays). It works whatever the page is doing: a stuck action, or an
   * engine that stopped or never finished loading the saved work, is ended
   * by restarting the engine first.
   */
  async reset(): Promise<void> {
    const choice = await choose('Reset this lesson?', [
      h('p', {}, 'The project and the database go back to the lesson\'s start; your changes and saved work on it are forgotten.'),
    ], [
      { value: 'reset', label: 'Reset to the start', kind: 'danger' },
      { value: '', label: 'Cancel' },
    ], 'reset');
    if (choice !== 'reset') return;
    const stuck = !this.host.idle || !this.host.engine.alive;
    await this.host.enqueue(async () => {
      this.suspended = true;
      try {
        clearTimeout(this.timer);
        if (stuck) await this.host.restartEngine('reset');
        else await this.host.files.flush(); // the old session takes the edits, and goes
        while (this.saving) await this.saving;
        await this.store.clear(this.key).catch((err: unknown) => console.warn('retort: could not clear saved work:', err));
        await this.store.setOpening(this.key, null).catch(() => undefined);
        this.host.terminal.clear();
        await this.host.open(this.lesson);
        this.host.markStarted();
        this.host.terminal.print('-- Back at the lesson\'s start.', 'info');
      } finally {
        this.suspended = false;
        // The lesson's start needs no saving: skip the save this step's end would make.
        this.skipSave = this.autosave;
      }
    }, { urgent: stuck });
    // After a load that never finished, the rest of the page is wired now.
    this.wire();
    if (this.embed) return;
    this.watch();
    await this.showKept();
  }
}

/** Copies text to the clipboard (or via a selected input, without clipboard access). */
async function copyText(text: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
