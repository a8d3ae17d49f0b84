// The project's files: one tab per file (role=tab, named by path) and a
// CodeMirror 6 editor for the selected one, with lint underlines from the
// engine's diagnostics as you type.

import { basicSetup } from 'codemirror';
import { EditorView, keymap } from '@codemirror/view';
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { python } from '@codemirror/lang-python';
import { sql, SQLite } from '@codemirror/lang-sql';
import { syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, forceLinting, type Diagnostic as CMDiagnostic } from '@codemirror/lint';
import { classHighlighter } from '@lezer/highlight';
import type { Diagnostic, Engine } from './engine';
import { h } from './dom';

export interface EditorHooks {
  /** Ctrl/Cmd+Enter: run the terminal's line. */
  runLine(): void;
  /** Ctrl/Cmd+S: autogenerate. */
  autogenerate(): void;
  /** The learner changed a file's text. */
  changed?(path: string): void;
}

/**
 * Known files first, in the tutorial's order (and Flask-Migrate's layout's);
 * then the rest by path, revision scripts last.
 */
const order = ['models.py', 'database.py', 'alembic.ini', 'alembic/env.py', 'alembic/script.py.mako',
  'app.py', 'migrations/alembic.ini', 'migrations/env.py', 'migrations/script.py.mako'];

/** A revision script's path: in a versions/ folder. */
export function isRevisionScript(path: string): boolean {
  return /(^|\/)versions\/[^/]+\.py$/.test(path);
}

function compareFiles(a: string, b: string): number {
  const ia = order.indexOf(a), ib = order.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
  const va = isRevisionScript(a), vb = isRevisionScript(b);
  if (va !== vb) return va ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function language(path: string): Extension {
  if (path.endsWith('.py') || path.endsWith('.mako')) return python();
  if (path.endsWith('.sql')) return sql({ dialect: SQLite });
  return [];
}

/** Converts an engine diagnostic (1-based line:col to endLine:endCol; the engine always gives the end) to document offsets. */
export function toRange(state: EditorState, d: Diagnostic): { from: number; to: number } {
  const doc = state.doc;
  const at = (line: number, col: number): number => {
    const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
    return Math.min(l.from + Math.max(col - 1, 0), l.to);
  };
  const from = at(d.line, d.col);
  return { from, to: Math.max(from, at(d.endLine, d.endCol)) };
}

export class Files {
  private readonly tablist: HTMLElement;
  private readonly view: EditorView;
  private readonly states = new Map<string, EditorState>();
  /** The text the engine holds for each file (what the last sync saw). */
  private readonly engineText = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private selected = '';
  private paths: string[] = [];
  /** Resolves once the engine holds the project: lint waits for it (preview shows files before). */
  private opened: Promise<void> = Promise.resolve();
  private readonly panelId: string;

  constructor(private readonly engine: Engine, tablist: HTMLElement, host: HTMLElement, private readonly hooks: EditorHooks) {
    this.tablist = tablist;
    this.panelId = host.id;
    this.view = new EditorView({ parent: host, state: EditorState.create({ doc: '' }) });
    tablist.addEventListener('keydown', (e) => this.onTabKey(e));
  }

  get current(): string {
    return this.selected;
  }

  private extensions(path: string): Extension {
    return [
      basicSetup,
      // Highest precedence: basicSetup binds Mod-Enter (insertBlankLine) too.
      Prec.highest(keymap.of([
        { key: 'Mod-Enter', run: () => { this.hooks.runLine(); return true; } },
        { key: 'Mod-s', run: () => { this.hooks.autogenerate(); return true; }, preventDefault: true },
      ])),
      language(path),
      syntaxHighlighting(classHighlighter),
      lintGutter(),
      linter((view) => this.lint(path, view), { delay: 400 }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) {
          this.dirty.add(path);
          this.hooks.changed?.(path);
        }
      }),
      EditorView.contentAttributes.of({ 'aria-label': `${path} editor` }),
    ];
  }

  private async lint(path: string, view: EditorView): Promise<CMDiagnostic[]> {
    const state = view.state;
    try {
      await this.opened;
      await this.flush();
      const diags = await this.engine.call('diagnostics', { path });
      return diags
        .filter((d) => d.file === '' || d.file === path)
        .map((d) => ({ ...toRange(state, d), severity: d.severity === 'warning' ? 'warning' as const : 'error' as const, message: d.message, source: `${d.file || path}:${d.line}:${d.col}` }));
    } catch {
      return [];
    }
  }

  /** Writes every edited file to the engine: the next command sees the edits. */
  async flush(): Promise<void> {
    for (const path of [...this.dirty]) {
      this.dirty.delete(path);
      const text = this.text(path);
      if (text === undefined || text === this.engineText.get(path)) continue;
      this.engineText.set(path, text);
      await this.engine.call('writeFile', { path, content: text });
    }
  }

  /**
   * Every file as the editor holds it, edits included: what the page saves,
   * and what a restarted engine opens. It needs no engine, so it is there
   * while the engine is busy or gone.
   */
  snapshot(): Record<string, string> {
    const files: Record<string, string> = {};
    for (const path of this.paths) {
      const text = this.text(path) ?? this.engineText.get(path);
      if (text !== undefined) files[path] = text;
    }
    return files;
  }

  private text(path: string): string | undefined {
    if (path === this.selected) return this.view.state.doc.toString();
    return this.states.get(path)?.doc.toString();
  }

  /**
   * Reloads the file list and contents from the engine (after a command that
   * may have written files). Files edited since the last flush keep the edits.
   * Returns the paths that are new. known: the files the engine holds, when
   * the page knows them (it has just opened them): nothing is read back.
   */
  async sync(known?: Record<string, string>): Promise<string[]> {
    const paths = (known ? Object.keys(known) : await this.engine.call('files', {})).slice().sort(compareFiles);
    const added = paths.filter((p) => !this.paths.includes(p));
    // Asked at once: the worker answers one after another, no round trip waits on the last.
    const contents = known ? paths.map((path) => known[path]) : await Promise.all(paths.map((path) => this.engine.call('readFile', { path })));
    for (const [i, path] of paths.entries()) {
      const content = contents[i];
      const known = this.engineText.get(path);
      this.engineText.set(path, content);
      if (this.dirty.has(path) || known === content) continue;
      const state = this.states.get(path);
      if (path === this.selected) {
        const doc = this.view.state.doc.toString();
        if (doc !== content) this.view.dispatch({ changes: { from: 0, to: doc.length, insert: content } });
        this.dirty.delete(path);
      } else if (!state || state.doc.toString() !== content) {
        this.states.set(path, EditorState.create({ doc: content, extensions: this.extensions(path) }));
      }
    }
    for (const p of this.paths) {
      if (!paths.includes(p)) {
        this.states.delete(p);
        this.engineText.delete(p);
      }
    }
    this.paths = paths;
    if (!paths.includes(this.selected)) this.selected = '';
    this.renderTabs();
    if (!this.selected && paths.length) this.select(paths[0]);
    return added;
  }

  /**
   * Shows files the engine does not hold yet (a lesson's start, from
   * examples.json, while the engine loads), so that the page renders them
   * meanwhile; the sync after the engine opens them finds nothing changed.
   */
  preview(files: Record<string, string>, select: string, opened: Promise<void>): void {
    this.opened = opened;
    this.paths = Object.keys(files).sort(compareFiles);
    for (const path of this.paths) {
      this.engineText.set(path, files[path]);
      this.states.set(path, EditorState.create({ doc: files[path], extensions: this.extensions(path) }));
    }
    this.select(this.paths.includes(select) ? select : this.paths[0]);
  }

  /** Shows a file in the editor. */
  select(path: string, focus = false): void {
    if (!this.paths.includes(path)) return;
    if (this.selected && this.selected !== path) this.states.set(this.selected, this.view.state);
    if (this.selected !== path) {
      // The pre-rendered first view (index.html) gives way to the editor.
      document.getElementById(this.panelId)?.querySelector(':scope > pre.prerender')?.remove();
      let state = this.states.get(path);
      if (!state) {
        state = EditorState.create({ doc: this.engineText.get(path) ?? '', extensions: this.extensions(path) });
      }
      this.view.setState(state);
      this.selected = path;
    }
    this.renderTabs();
    if (focus) this.view.focus();
  }

  /** Re-runs the linter on the shown file now. */
  relint(): void {
    forceLinting(this.view);
  }

  private renderTabs(): void {
    const tabs = this.paths.map((path) => {
      const sel = path === this.selected;
      const slash = path.lastIndexOf('/');
      return h('button', {
        type: 'button',
        role: 'tab',
        id: `tab-${path.replace(/[^\w-]/g, '_')}`,
        'aria-selected': sel ? 'true' : 'false',
        'aria-controls': this.panelId,
        tabindex: sel ? 0 : -1,
        title: path,
        'data-path': path,
        onclick: () => this.select(path, true),
      }, slash >= 0 ? h('span', { class: 'dir' }, path.slice(0, slash + 1)) : null, path.slice(slash + 1));
    });
    this.tablist.replaceChildren(...tabs);
    const sel = tabs.find((t) => t.getAttribute('aria-selected') === 'true');
    if (sel) {
      document.getElementById(this.panelId)?.setAttribute('aria-labelledby', sel.id);
      this.revealTab();
    }
  }

  private revealPending = false;

  /**
   * Scrolls the tab strip (only it: scrollIntoView would scroll the panels
   * too) to the selected tab at the next frame, when the layout is done
   * anyway: measuring now would force one in the middle of rendering.
   */
  private revealTab(): void {
    if (this.revealPending) return;
    this.revealPending = true;
    requestAnimationFrame(() => {
      this.revealPending = false;
      const tl = this.tablist;
      const sel = tl.querySelector<HTMLElement>('[aria-selected="true"]');
      if (!sel || tl.scrollWidth <= tl.clientWidth) return;
      if (sel.offsetLeft < tl.scrollLeft) tl.scrollLeft = sel.offsetLeft;
      else if (sel.offsetLeft + sel.offsetWidth > tl.scrollLeft + tl.clientWidth) tl.scrollLeft = sel.offsetLeft + sel.offsetWidth - tl.clientWidth;
    });
  }

  private onTabKey(e: KeyboardEvent): void {
    const i = this.paths.indexOf(this.selected);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % this.paths.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + this.paths.length) % this.paths.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = this.paths.length - 1;
    if (next < 0) return;
    e.preventDefault();
    this.select(this.paths[next]);
    (this.tablist.querySelector('[aria-selected="true"]') as HTMLElement | null)?.focus();
  }
}
