// The Schema diagram: the live database's tables as boxes (columns with
// their type, primary key and nullability), foreign keys as arrows, and
// what the last step added, changed or removed marked. Drawn as SVG with
// DOM calls (names from the database never become markup), laid out in
// layers: tables that refer to no other first, each referring table right
// of what it refers to. A visually hidden list says the same for screen
// readers ("Show as text" shows it); Download SVG saves the drawing.

import type { Table } from './engine';
import type { Changes } from './database';
import { h } from './dom';

const NS = 'http://www.w3.org/2000/svg';
const charW = 7.4; // 12px monospace
const rowH = 18;
const headH = 24;
const gapX = 56;
const gapY = 22;
const perColumn = 6; // tables stacked in one column of a layer before it wraps

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The SVG's own style: the page's colors, with light ones for a downloaded file. */
const style = `
.tbox{fill:var(--panel,#fff);stroke:var(--border,#c3cad6);stroke-width:1}
.thead{fill:var(--code-bg,#eef1f6)}
.tname{font:600 12px var(--sans,sans-serif);fill:var(--fg,#1d2230)}
.col{font:12px var(--mono,monospace);fill:var(--fg,#1d2230)}
.col .type,.col .null{fill:var(--muted,#5d667a)}
.col.pk .name{font-weight:700}
.added .tbox{stroke:var(--ok,#16794c);stroke-width:2}
.row-changed{fill:var(--hi,#fff3bf)}
.removed .tbox,.row-removed{stroke:var(--err,#b42318);stroke-dasharray:4 3;fill:none}
.col.removed{text-decoration:line-through;fill:var(--err,#b42318)}
.fk{fill:none;stroke:var(--accent,#2f6fdd);stroke-width:1.4}
.arrowhead{fill:var(--accent,#2f6fdd)}
.mark{font:600 10px var(--sans,sans-serif)}
.mark.added{fill:var(--ok,#16794c)} .mark.changed{fill:#a16207} .mark.removed{fill:var(--err,#b42318)}
`;

interface Box {
  t: Table;
  x: number;
  y: number;
  w: number;
  rows: { name: string; label: [string, string, string]; pk: boolean; removed: boolean }[];
  removed: boolean;
}

export class SchemaDiagram {
  readonly section: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly text: HTMLElement;
  private tables: Table[] = [];
  private changes: Changes | null = null;
  private visible = false;
  private stale = true;

  constructor() {
    this.canvas = h('div', { class: 'diagram-canvas', tabindex: 0, 'aria-hidden': 'false' });
    this.text = h('div', { class: 'diagram-text visually-hidden' });
    const toggle = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false' }, 'Show as text');
    toggle.addEventListener('click', () => {
      const show = this.text.classList.toggle('visually-hidden') === false;
      toggle.setAttribute('aria-expanded', String(show));
    });
    this.section = h('section', { class: 'panel diagram', 'aria-label': 'Schema diagram' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'Schema diagram'),
        h('div', { class: 'db-actions' }, toggle,
          h('button', { type: 'button', class: 'small', onclick: () => this.download() }, 'Download SVG'))),
      this.canvas, this.text);
    new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible && this.stale) this.render();
    }).observe(this.section);
  }

  /** The database's tables now, and what the last step changed (null: keep the marks). */
  update(tables: Table[], changes: Changes | null): void {
    this.tables = tables.filter((t) => t.name !== 'alembic_version');
    if (changes) this.changes = changes;
    this.stale = true;
    if (this.visible) this.render();
  }

  private render(): void {
    this.stale = false;
    const ch = this.changes;
    const boxes = layout(this.tables, ch);
    const byName = new Map(boxes.map((b) => [b.t.name, b]));
    const width = Math.max(200, ...boxes.map((b) => b.x + b.w + 16));
    const height = Math.max(60, ...boxes.map((b) => b.y + headH + b.rows.length * rowH + 16));
    const root = svg('svg', { xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
    const fkCount = this.tables.reduce((n, t) => n + t.columns.filter((c) => c.fk).length, 0);
    root.setAttribute('aria-label', `Schema diagram: ${this.tables.length} table${this.tables.length === 1 ? '' : 's'}, ${fkCount} foreign key${fkCount === 1 ? '' : 's'}`);
    const defs = svg('defs');
    defs.append(svg('style', {}, style));
    const marker = svg('marker', { id: 'fk-arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' }));
    defs.append(marker);
    root.append(defs);
    if (boxes.length === 0) root.append(svg('text', { x: 12, y: 30, class: 'tname' }, 'The database has no tables yet.'));
    const arrows = svg('g');
    root.append(arrows);
    for (const b of boxes) root.append(drawBox(b, ch));
    // Foreign keys: from the column to the referenced table's column.
    for (const b of boxes) {
      b.rows.forEach((r, i) => {
        const col = b.t.columns.find((c) => c.name === r.name);
        if (!col?.fk || r.removed) return;
        const [refTable, refCol] = splitRef(col.fk);
        const p = byName.get(refTable);
        if (!p) return;
        const j = Math.max(0, p.rows.findIndex((x) => x.name === refCol));
        const y1 = b.y + headH + i * rowH + rowH / 2;
        const y2 = p.y + headH + j * rowH + rowH / 2;
        let d: string;
        if (p === b) {
          const x = b.x + b.w;
          d = `M${x},${y1} C${x + 30},${y1} ${x + 30},${y2} ${x},${y2}`;
        } else if (p.x + p.w <= b.x) {
          const x1 = b.x, x2 = p.x + p.w, mid = (x1 + x2) / 2;
          d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
        } else {
          const x1 = b.x + b.w, x2 = p.x, mid = (x1 + x2) / 2;
          d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
        }
        const path = svg('path', { d, class: 'fk', 'marker-end': 'url(#fk-arrow)' });
        path.append(svg('title', {}, `${b.t.name}.${r.name} → ${col.fk}`));
        arrows.append(path);
      });
    }
    this.canvas.replaceChildren(root);
    this.text.replaceChildren(describe(boxes, ch));
  }

  private download(): void {
    const el = this.canvas.querySelector('svg');
    if (!el) return;
    const blob = new Blob([new XMLSerializer().serializeToString(el)], { type: 'image/svg+xml' });
    const a = h('a', { href: URL.createObjectURL(blob), download: 'schema.svg' });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
}

function splitRef(fk: string): [string, string] {
  const i = fk.lastIndexOf('.');
  return i < 0 ? [fk, ''] : [fk.slice(0, i), fk.slice(i + 1)];
}

/** Places the tables: a layer per depth of foreign keys, each wrapping after perColumn tables. */
function layout(tables: Table[], ch: Changes | null): Box[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const depth = new Map<string, number>();
  const visit = (t: Table, seen: Set<string>): number => {
    const known = depth.get(t.name);
    if (known !== undefined) return known;
    if (seen.has(t.name)) return 0; // a cycle of foreign keys
    seen.add(t.name);
    let d = 0;
    for (const c of t.columns) {
      const ref = c.fk ? byName.get(splitRef(c.fk)[0]) : undefined;
      if (ref && ref !== t) d = Math.max(d, visit(ref, seen) + 1);
    }
    depth.set(t.name, d);
    return d;
  };
  for (const t of tables) visit(t, new Set());
  // Tables the last step removed are drawn as ghosts.
  const all: { t: Table; removed: boolean }[] = tables.map((t) => ({ t, removed: false }));
  for (const t of ch?.removedTables ?? []) {
    if (!byName.has(t.name) && t.name !== 'alembic_version') all.push({ t, removed: true });
  }
  const layers: Box[][] = [];
  for (const { t, removed } of all) {
    const rows = t.columns.map((c) => ({
      name: c.name, pk: c.pk, removed: false,
      label: [`${c.fk ? '→ ' : ''}${c.name}`, c.type || '—', c.pk ? 'PK' : c.notNull ? 'NOT NULL' : 'NULL'] as [string, string, string],
    }));
    for (const name of ch?.removed.get(t.name) ?? []) {
      if (!t.columns.some((c) => c.name === name)) rows.push({ name, pk: false, removed: true, label: [name, 'removed', ''] });
    }
    const w = Math.max(
      t.name.length * charW + 60,
      Math.max(0, ...rows.map((r) => r.label[0].length)) * charW + Math.max(0, ...rows.map((r) => r.label[1].length)) * charW +
        Math.max(0, ...rows.map((r) => r.label[2].length)) * charW + 40,
    );
    const d = removed ? 0 : depth.get(t.name) ?? 0;
    (layers[d] ??= []).push({ t, x: 0, y: 0, w, rows, removed });
  }
  const out: Box[] = [];
  let x = 12;
  for (const layer of layers) {
    if (!layer) continue;
    for (let start = 0; start < layer.length; start += perColumn) {
      const col = layer.slice(start, start + perColumn);
      const w = Math.max(...col.map((b) => b.w));
      let y = 12;
      for (const b of col) {
        b.x = x;
        b.y = y;
        b.w = w;
        y += headH + b.rows.length * rowH + gapY;
        out.push(b);
      }
      x += w + gapX;
    }
  }
  return out;
}

function drawBox(b: Box, ch: Changes | null): SVGGElement {
  const added = ch?.tables.has(b.t.name) ?? false;
  const changed = ch?.columns.get(b.t.name);
  const g = svg('g', { class: `table${added ? ' added' : ''}${b.removed ? ' removed' : ''}`, 'data-table': b.t.name });
  const hgt = headH + b.rows.length * rowH;
  g.append(svg('rect', { x: b.x, y: b.y, width: b.w, height: hgt, rx: 5, class: 'tbox' }));
  g.append(svg('rect', { x: b.x + 0.5, y: b.y + 0.5, width: b.w - 1, height: headH - 1, rx: 5, class: 'thead' }));
  g.append(svg('text', { x: b.x + 8, y: b.y + 16, class: 'tname' }, b.t.name));
  const tag = b.removed ? 'removed' : added ? 'added' : '';
  if (tag) g.append(svg('text', { x: b.x + b.w - 8, y: b.y + 16, 'text-anchor': 'end', class: `mark ${tag}` }, tag));
  const typeX = b.x + 8 + Math.max(...b.rows.map((r) => r.label[0].length)) * charW + 12;
  b.rows.forEach((r, i) => {
    const y = b.y + headH + i * rowH;
    const isChanged = changed?.has(r.name) ?? false;
    if (isChanged) g.append(svg('rect', { x: b.x + 1, y, width: b.w - 2, height: rowH, class: 'row-changed' }));
    if (r.removed) g.append(svg('rect', { x: b.x + 1, y, width: b.w - 2, height: rowH, class: 'row-removed' }));
    const t = svg('text', { y: y + 13, class: `col${r.pk ? ' pk' : ''}${r.removed ? ' removed' : ''}`, 'data-column': r.name });
    t.append(svg('tspan', { x: b.x + 8, class: 'name' }, r.label[0]));
    t.append(svg('tspan', { x: typeX, class: 'type' }, r.label[1]));
    t.append(svg('tspan', { x: b.x + b.w - 8, 'text-anchor': 'end', class: 'null' }, isChanged && !added ? `${r.label[2]} ✱` : r.label[2]));
    g.append(t);
  });
  return g;
}

/** The diagram as a list, for screen readers (and "Show as text"). */
function describe(boxes: Box[], ch: Changes | null): HTMLElement {
  if (boxes.length === 0) return h('p', {}, 'The database has no tables yet.');
  return h('ul', { 'aria-label': 'Tables of the schema diagram' }, ...boxes.map((b) => {
    const added = ch?.tables.has(b.t.name);
    const changed = ch?.columns.get(b.t.name);
    return h('li', {}, `${b.t.name}${b.removed ? ' (removed by the last step)' : added ? ' (added by the last step)' : ''}`,
      h('ul', {}, ...b.rows.map((r) => {
        const col = b.t.columns.find((c) => c.name === r.name);
        const bits = [r.removed ? 'removed by the last step' : `${col?.type ?? ''}`];
        if (col?.pk) bits.push('primary key');
        if (col && !col.pk) bits.push(col.notNull ? 'not null' : 'nullable');
        if (col?.fk) bits.push(`references ${col.fk}`);
        if (!r.removed && !added && changed?.has(r.name)) bits.push('added or changed by the last step');
        return h('li', {}, `${r.name}: ${bits.filter(Boolean).join(', ')}`);
      })));
  }));
}
