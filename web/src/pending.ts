// The Pending changes panel: what `alembic revision --autogenerate` would
// find now, recomputed in the engine's worker shortly after typing pauses
// (no file is written, nothing is asked): the Detected lines, the data-loss
// warnings with their counts, the rename candidates and the ops as the new
// revision would hold them; the models' diagnostics when they do not load;
// "Nothing to do" when the database matches. One button runs the real
// autogenerate. It computes only while it is on screen.

import { EngineError, EngineStopped, type Engine, type Pending } from './engine';
import { fill, h } from './dom';

/** How many Detected lines, and lines of ops, the panel shows at most. */
const maxLines = 50;
const maxScriptLines = 150;

/**
 * How long typing must pause before the panel is recomputed: a quarter of
 * what the last update took, from 16 ms (a frame) to 60 ms. The panel never
 * runs two updates at once (a change meanwhile runs one more after), so the
 * pause only spares the engine work that the next keystroke makes stale:
 * worth waiting for when an update is long (200 tables: ~150 ms, 37 ms
 * waited), not when it is short (the tutorial: ~10 ms, 16 ms waited).
 */
const minPause = 16;
const maxPause = 60;

export interface PendingHooks {
  /** Writes the editor's edits to the engine. */
  flush(): Promise<void>;
  /** Runs the real autogenerate (the terminal's command). */
  autogenerate(): void;
  /** Whether the page runs no action (a pending request would wait behind it). */
  idle(): boolean;
}

export class PendingPanel {
  readonly section: HTMLElement;
  private readonly body: HTMLElement;
  private timer = 0;
  private running = false;
  private again = false;
  private visible = false;
  private stale = true;
  /** When the edit that the next render answers was made (for make bench). */
  private editedAt = 0;
  /** How long the last update took (ms), flush to render. */
  private cost = 0;

  constructor(private readonly engine: Engine, private readonly hooks: PendingHooks) {
    this.body = h('div', { class: 'pending-body', 'aria-live': 'polite' }, h('p', { class: 'empty' }, 'Loading…'));
    this.section = h('section', { class: 'panel pending', 'aria-label': 'Pending changes' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'pending-title' }, 'Pending changes'),
        h('button', { type: 'button', class: 'small', 'data-action': true, 'aria-label': 'Autogenerate these changes', title: 'alembic revision --autogenerate', onclick: () => this.hooks.autogenerate() }, 'Autogenerate ▸')),
      this.body);
    new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible && this.stale) this.schedule(0);
    }).observe(this.section);
  }

  /** The models (or the database) changed: recompute once typing pauses. */
  schedule(delay = Math.round(Math.min(maxPause, Math.max(minPause, this.cost / 4)))): void {
    this.stale = true;
    if (delay > 0) this.editedAt = performance.now();
    if (!this.visible) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    if (!this.hooks.idle()) return; // the action's end schedules it again
    this.running = true;
    this.stale = false;
    const editedAt = this.editedAt;
    const start = performance.now();
    try {
      await this.hooks.flush();
      const p = await this.engine.call('pending', {});
      this.render(p);
      this.cost = performance.now() - start;
    } catch (err) {
      if (err instanceof EngineStopped) {
        this.stale = true;
        return;
      }
      fill(this.body, h('p', { class: 'error' }, err instanceof EngineError ? err.message : String(err)));
    } finally {
      this.running = false;
    }
    if (editedAt) {
      this.section.dataset.updated = String(Math.round(performance.now() - editedAt));
      performance.mark('retort:pending-rendered');
    }
    if (this.again) {
      this.again = false;
      void this.update();
    }
  }

  private render(p: Pending): void {
    const parts: (HTMLElement | null)[] = [];
    if (p.error || p.diagnostics.length) {
      if (p.error) parts.push(h('p', { class: 'error' }, p.error));
      if (p.error.startsWith('Target database is not up to date')) {
        parts.push(h('p', { class: 'empty' }, 'Autogenerate compares the models with a database at the head: Upgrade first.'));
      }
      if (p.diagnostics.length) {
        parts.push(h('ul', { class: 'diagnostics', 'aria-label': 'Problems in the models' },
          ...p.diagnostics.map((d) => h('li', {}, `${d.file}:${d.line}:${d.col}: ${d.message}`))));
      }
      fill(this.body, ...parts);
      this.section.dataset.state = 'error';
      return;
    }
    if (!p.script && p.log.length === 0 && p.renames.length === 0) {
      fill(this.body, h('p', { class: 'empty nothing' }, 'Nothing to do: the database matches the models.'));
      this.section.dataset.state = 'empty';
      return;
    }
    if (p.log.length) {
      // A long list is cut (the command prints it whole): rendering 600
      // lines would cost the main thread more than the comparison.
      const shown = p.log.slice(0, maxLines);
      parts.push(h('ul', { class: 'detected', 'aria-label': 'Detected' },
        ...shown.map((l) => h('li', { class: l.warning ? 'warn' : null }, l.warning ? `⚠ ${l.text}` : l.text)),
        p.log.length > shown.length ? h('li', { class: 'more' }, `… and ${p.log.length - shown.length} more`) : null));
    }
    if (p.renames.length) {
      parts.push(h('ul', { class: 'renames', 'aria-label': 'Rename candidates' },
        ...p.renames.map((q) => h('li', {}, q.replace(/ \[y\/N\]$/, '')))));
    }
    if (p.script) {
      const lines = p.script.split('\n');
      const text = lines.length > maxScriptLines
        ? `${lines.slice(0, maxScriptLines).join('\n')}\n# … ${lines.length - maxScriptLines} more lines`
        : p.script;
      parts.push(h('pre', { class: 'code', 'aria-label': 'Pending ops' }, text));
    }
    fill(this.body, ...parts);
    this.section.dataset.state = 'changes';
  }
}
