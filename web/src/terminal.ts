// The terminal: a Command input (Enter runs it, ↑/↓ walk the history) and
// the Output log.

import type { Cell, Result } from './engine';
import { BottomScroller, h } from './dom';

export type LineKind = 'command' | 'stdout' | 'stderr' | 'error' | 'info' | 'sql';

const maxLines = 5000;

export class Terminal {
  private readonly history: string[] = [];
  private pos = 0;
  private draft = '';
  private readonly scroller: BottomScroller;

  constructor(readonly input: HTMLInputElement, private readonly log: HTMLElement, onSubmit: (line: string) => void) {
    this.scroller = new BottomScroller(log);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        const line = input.value.trim();
        if (!line) return;
        this.remember(line);
        input.value = '';
        onSubmit(line);
      } else if (e.key === 'ArrowUp') {
        if (this.pos === 0) return;
        e.preventDefault();
        if (this.pos === this.history.length) this.draft = input.value;
        this.pos--;
        this.setInput(this.history[this.pos]);
      } else if (e.key === 'ArrowDown') {
        if (this.pos >= this.history.length) return;
        e.preventDefault();
        this.pos++;
        this.setInput(this.pos === this.history.length ? this.draft : this.history[this.pos]);
      }
    });
  }

  /** The line in the input (for Ctrl/Cmd+Enter in the editor). */
  take(): string {
    const line = this.input.value.trim();
    if (line) {
      this.remember(line);
      this.input.value = '';
    }
    return line;
  }

  private remember(line: string): void {
    if (this.history[this.history.length - 1] !== line) this.history.push(line);
    this.pos = this.history.length;
    this.draft = '';
  }

  private setInput(v: string): void {
    this.input.value = v;
    this.input.setSelectionRange(v.length, v.length);
  }

  print(text: string, kind: LineKind = 'stdout'): void {
    const lines = text.replace(/\n$/, '').split('\n').map((line) =>
      h('div', { class: `line ${kind}` }, kind === 'command' ? h('span', { class: 'prompt', 'aria-hidden': 'true' }, '$ ') : null, line));
    if (this.held) {
      this.held.push(...lines);
      return;
    }
    this.show(lines);
  }

  private show(lines: Node[]): void {
    this.log.append(...lines);
    while (this.log.childElementCount > maxLines) this.log.firstElementChild?.remove();
    this.scroller.follow();
  }

  /** Lines printed while held, and the timer that lets them out. */
  private held: Node[] | null = null;
  private holdTimer = 0;

  /**
   * Holds the lines printed from now on (a command's log lines as they
   * arrive) until release, or for at most ms: a short command's lines then
   * appear with its result, in the frame that shows it, not each in a frame
   * of its own while the engine works; a long one's stream after ms.
   */
  hold(ms: number): void {
    if (this.held) return;
    this.held = [];
    this.holdTimer = window.setTimeout(() => this.release(), ms);
  }

  /** Shows the lines held, and stops holding. */
  release(): void {
    window.clearTimeout(this.holdTimer);
    const lines = this.held;
    this.held = null;
    if (lines?.length) this.show(lines);
  }

  /** Prints a statement's result as sqlite3's box-less column mode does. */
  printResult(r: Result): void {
    this.release();
    if (!r.columns.length) return;
    const shown = r.rows.slice(0, 200);
    const cells = [r.columns, ...shown.map((row) => row.map(cellText))];
    const widths = r.columns.map((_, i) => Math.min(40, Math.max(...cells.map((row) => row[i].length))));
    const fmt = (row: string[]) => row.map((c, i) => (c.length > 40 ? c.slice(0, 39) + '…' : c.padEnd(widths[i]))).join('  ').trimEnd();
    const lines = [fmt(r.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)];
    if (r.rows.length > shown.length) lines.push(`… ${r.rows.length - shown.length} more`);
    lines.push(`(${r.rows.length} ${r.rows.length === 1 ? 'row' : 'rows'})`);
    this.log.append(h('pre', { class: 'line result' }, lines.join('\n')));
    this.scroller.follow(true);
  }

  clear(): void {
    if (this.held) this.held = [];
    this.log.replaceChildren();
  }
}

/** How a cell reads in text: NULL for null, x'…' for a blob. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Uint8Array) {
    const hex = Array.from(v.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
    return `x'${hex}${v.length > 16 ? '…' : ''}'`;
  }
  return String(v);
}
