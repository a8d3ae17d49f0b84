// Sharing and keeping the learner's work: share links, saving in the
// browser (restored on reload, per lesson), Reset, the project as a zip the
// real Alembic runs, the database's file name, and the lessons menu.
//
// main.ts hands this module the App (PageHost) and calls start() once the
// lesson's start is open; everything else hangs off the page's elements and
// <html data-retort>.

import type { Engine } from './engine';
import type { Terminal } from './terminal';
import { defaultLesson, type Lesson } from './examples';
import { captureBytes, captureFiles, dumpSQL, restore } from './snapshot';
import { decodePayload, encodePayload, fragmentKey, maxLinkLength, shareValue, type SharePayload } from './sharelink';
import { SaveStore, type Saved } from './persist';
import { choose } from './modal';
import { formatCount, h } from './dom';
import { EmbeddedPage } from './embedded';

/** What this module needs of the page (main.ts's App). */
export interface PageHost {
  readonly engine: Engine;
  readonly terminal: Terminal;
  readonly files: { flush(): Promise<void> };
  /** Reloads files, revisions and tables. */
  refresh(): Promise<void>;
  /** Runs an action after the ones queued, with data-retort="busy" meanwhile. */
  enqueue(action: () => Promise<void>): Promise<void>;
  /** Opens a lesson at its start. */
  open(lesson: Lesson): Promise<void>;
}

const html = document.documentElement;

/** How long the page waits after a change before saving. */
const saveDelay = 300;

/** The database's file name from alembic.ini's sqlalchemy.url (myapp.db in the tutorial). */
export function databaseFileName(ini: string): string {
  const url = /^[ \t]*sqlalchemy\.url[ \t]*[=:][ \t]*(.*?)\s*$/m.exec(ini)?.[1] ?? '';
  const path = /^sqlite(?:\+\w+)?:\/\/\/(.+)$/.exec(url)?.[1]?.split('?')[0] ?? '';
  if (!path || path === ':memory:') return 'database.db';
  return path.split(/[\\/]/).pop() || 'database.db';
}

/** The database's file name for the page's project. */
export async function projectDatabaseName(engine: Engine): Promise<string> {
  const ini = await engine.call('readFile', { path: 'alembic.ini' }).catch(() => '');
  return databaseFileName(ini);
}

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

  /** The saved work being read since prefetch. */
  private saved: Promise<Saved | null> | null = null;

  constructor(private readonly host: PageHost) {}

  /**
   * Starts reading the lesson's saved work, to be ready by the time start()
   * wants it: IndexedDB takes a while to open in a new browser profile, time
   * the engine's start covers.
   */
  prefetch(lesson: Lesson): void {
    this.lesson = lesson;
    if (this.embed || shareValue(location.hash) !== null) return;
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
    if (this.embed) new EmbeddedPage().start();
    else this.watch();
  }

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
      t.print(`Could not open the link: ${message(err)}. This is the lesson's start.`, 'error');
      return;
    }
    try {
      if (payload.files) {
        await restore(this.host.engine, { files: payload.files, sql: payload.sql });
      } else {
        for (const [path, content] of Object.entries(payload.overlay ?? {})) {
          await this.host.engine.call('writeFile', { path, content });
        }
        if (payload.sql) await this.host.engine.call('exec', { sql: payload.sql });
      }
    } catch (err) {
      t.print(`The link's database could not be rebuilt: ${message(err)}`, 'error');
    }
    await this.host.refresh();
    if (payload.files) {
      t.print('-- Opened a shared project: its files and its database, as they were when the link was made.', 'info');
      if (!this.embed) {
        const had = await this.store.load(this.key).catch(() => null);
        if (had) t.print(`-- It replaces the work you had saved on this lesson (${new Date(had.savedAt).toLocaleString()}).`, 'info');
        await this.saveNow(true);
      }
    }
  }

  private async openSaved(): Promise<void> {
    let saved;
    try {
      const prefetched = this.saved;
      this.saved = null;
      saved = await (prefetched ?? this.store.load(this.key));
    } catch (err) {
      console.warn('retort: saved work unavailable:', err);
      return;
    }
    if (!saved) return;
    try {
      await restore(this.host.engine, { files: saved.files, db: saved.db });
    } catch (err) {
      this.host.terminal.print(`Your saved work could not be restored (${message(err)}); this is the lesson's start.`, 'error');
      await this.host.open(this.lesson);
      return;
    }
    await this.host.refresh();
    const when = new Date(saved.savedAt).toLocaleString();
    this.host.terminal.print(`-- Restored your work on this lesson, saved ${when}. Reset returns to the lesson's start.`, 'info');
  }

  /** Saves after each command or step, and after editing (debounced). */
  private watch(): void {
    this.autosave = true;
    let last = html.dataset.retort;
    new MutationObserver(() => {
      const now = html.dataset.retort;
      if (last === 'busy' && now === 'ready') this.schedule();
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

  /** Saves the files and database now (after a save in progress). */
  private async saveNow(force = false): Promise<void> {
    if ((!this.autosave && !force) || this.suspended) return;
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      try {
        await this.host.files.flush();
        const snap = await captureBytes(this.host.engine);
        await this.store.save(this.key, { lesson: this.key, files: snap.files, db: snap.db!, savedAt: Date.now() });
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

  private wire(): void {
    const on = (id: string, fn: () => void) => document.getElementById(id)?.addEventListener('click', fn);
    on('share', () => void this.share());
    on('export-zip', () => void this.exportZip());
    on('reset', () => void this.reset());
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
    if (this.lesson.id) url.searchParams.set('example', this.lesson.id);
    else url.searchParams.delete('example');
    return `${url.href}#${fragmentKey}=${await encodePayload(payload)}`;
  }

  /** Makes a link holding the project (and its rows, when they fit) and shows it. */
  async share(): Promise<void> {
    let full = '', lean = '';
    let rows = 0, omitted = 0;
    await this.host.enqueue(async () => {
      await this.host.files.flush();
      const files = await captureFiles(this.host.engine);
      const withRows = await dumpSQL(this.host.engine, { rows: true });
      rows = withRows.rows;
      full = await this.link({ v: 1, lesson: this.lesson.id, files, sql: withRows.sql });
      if (full.length > maxLinkLength) {
        const schemaOnly = await dumpSQL(this.host.engine, { rows: false });
        omitted = schemaOnly.omitted;
        lean = await this.link({ v: 1, lesson: this.lesson.id, files, sql: schemaOnly.sql });
      }
    });
    if (!full) return;
    if (full.length <= maxLinkLength) {
      await this.showLink(full, `its files, and its database with every row (${formatCount(rows, 'row', 'rows')}).`);
      return;
    }
    const fits = lean.length <= maxLinkLength;
    const choice = await choose('Too large for a link', [
      h('p', {}, `With its rows, the link would be ${kb(full.length)}; links longer than ${kb(maxLinkLength)} break in chat apps, mail and some browsers.`),
      fits ? h('p', {}, `Without the rows (${formatCount(omitted, 'row', 'rows')} left out; the files, the schema and alembic_version kept) it is ${kb(lean.length)}.`) : null,
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
        const dump = await dumpSQL(this.host.engine, { rows });
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
    const ok = await this.queued(async () => {
      await this.host.files.flush();
      needs = await this.host.engine.call('batchNeeds', {});
    });
    if (!ok) return;
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
      const name = (await projectDatabaseName(this.host.engine)).replace(/\.[^.]*$/, '') || 'project';
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

  /** Returns to the lesson's start and forgets the saved work. */
  async reset(): Promise<void> {
    const choice = await choose('Reset this lesson?', [
      h('p', {}, 'The project and the database go back to the lesson\'s start; your changes and saved work on it are forgotten.'),
    ], [
      { value: 'reset', label: 'Reset to the start', kind: 'danger' },
      { value: '', label: 'Cancel' },
    ], 'reset');
    if (choice !== 'reset') return;
    await this.host.enqueue(async () => {
      this.suspended = true;
      try {
        clearTimeout(this.timer);
        while (this.saving) await this.saving;
        await this.store.clear(this.key).catch((err: unknown) => console.warn('retort: could not clear saved work:', err));
        await this.host.files.flush(); // the old session takes the edits, and goes
        this.host.terminal.clear();
        await this.host.open(this.lesson);
        this.host.terminal.print('-- Back at the lesson\'s start.', 'info');
      } finally {
        this.suspended = false;
        // The lesson's start needs no saving: skip the save this step's end would make.
        this.skipSave = this.autosave;
      }
    });
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
