// The Database panel: every table (alembic_version included) as an HTML
// table named "<table> rows" with its columns in order, its rows (paged), the
// total row count beside it, column info, and the columns the last step added
// or changed highlighted.

import type { Column, Engine, Table } from './engine';
import { cellText } from './terminal';
import { formatCount, h } from './dom';

export const pageSize = 50;

/** What changed between two snapshots of the schema. */
export interface Changes {
  tables: Set<string>; // tables that are new
  columns: Map<string, Set<string>>; // table -> columns that are new or changed
}

export function noChanges(): Changes {
  return { tables: new Set(), columns: new Map() };
}

function signature(c: Column): string {
  return [c.type, c.notNull, c.pk, c.fk].join('|');
}

/** Compares the column lists before and after a step. */
export function diffTables(before: Table[], after: Table[]): Changes {
  const ch = noChanges();
  const old = new Map(before.map((t) => [t.name, t]));
  for (const t of after) {
    const prev = old.get(t.name);
    if (!prev) {
      ch.tables.add(t.name);
      continue;
    }
    const prevCols = new Map(prev.columns.map((c) => [c.name, signature(c)]));
    const changed = new Set(t.columns.filter((c) => prevCols.get(c.name) !== signature(c)).map((c) => c.name));
    if (changed.size) ch.columns.set(t.name, changed);
  }
  return ch;
}

function columnInfo(c: Column): string {
  const parts = [c.type || 'ANY', c.notNull ? 'NOT NULL' : 'NULL'];
  if (c.pk) parts.push('PK');
  if (c.fk) parts.push(`FK → ${c.fk}`);
  if (c.default) parts.push(`DEFAULT ${c.default}`);
  return parts.join(' ');
}

export class DatabasePanel {
  private tables: Table[] = [];
  private readonly offsets = new Map<string, number>();
  private changes: Changes = noChanges();

  constructor(private readonly engine: Engine, private readonly host: HTMLElement) {}

  /** The tables as last loaded. */
  get current(): Table[] {
    return this.tables;
  }

  /** Reloads every table; changes says what to highlight (the last step's). */
  async refresh(changes?: Changes): Promise<void> {
    if (changes) this.changes = changes;
    const tables = await this.engine.call('tables', {});
    // alembic_version last: the schema's tables first, then where `current` comes from.
    tables.sort((a, b) => Number(a.name === 'alembic_version') - Number(b.name === 'alembic_version'));
    this.tables = tables;
    const sections = await Promise.all(tables.map((t) => this.section(t)));
    this.host.replaceChildren(...(sections.length ? sections : [h('p', { class: 'empty' }, 'The database is empty.')]));
  }

  private async section(t: Table): Promise<HTMLElement> {
    let offset = this.offsets.get(t.name) ?? 0;
    if (offset >= t.rowCount) offset = Math.max(0, Math.floor((t.rowCount - 1) / pageSize) * pageSize);
    this.offsets.set(t.name, offset);
    const rows = t.rowCount > 0 ? await this.engine.call('rows', { table: t.name, offset, limit: pageSize }) : { columns: t.columns.map((c) => c.name), rows: [], total: 0 };
    const isNew = this.changes.tables.has(t.name);
    const changed = this.changes.columns.get(t.name) ?? new Set<string>();
    const hi = (col: string) => (isNew || changed.has(col) ? 'changed' : null);
    const capId = `rows-${t.name.replace(/[^\w-]/g, '_')}`;
    const headNames = rows.columns.length ? rows.columns : t.columns.map((c) => c.name);
    const infoBy = new Map(t.columns.map((c) => [c.name, c]));

    const table = h('table', { 'aria-label': `${t.name} rows`, 'data-table': t.name, 'data-row-count': t.rowCount },
      h('thead', {}, h('tr', {}, ...headNames.map((name) => {
        const c = infoBy.get(name);
        return h('th', { scope: 'col', class: hi(name), title: c ? columnInfo(c) : null }, name);
      }))),
      h('tbody', {}, ...rows.rows.map((row) => h('tr', {}, ...row.map((v, i) => {
        const cls = [hi(headNames[i]), v === null ? 'null' : typeof v === 'number' ? 'num' : null].filter(Boolean).join(' ');
        return h('td', { class: cls || null }, cellText(v));
      })))),
    );

    const info = h('ul', { class: 'columns', 'aria-label': `${t.name} columns` }, ...t.columns.map((c) =>
      h('li', { class: hi(c.name) }, h('code', {}, c.name), ' ', h('span', { class: 'type' }, columnInfo(c)))));

    const pager = t.rowCount > pageSize ? h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: offset === 0, 'aria-label': `${t.name}: previous rows`, onclick: () => this.page(t.name, offset - pageSize) }, '‹'),
      h('span', {}, `${(offset + 1).toLocaleString('en-US')}–${Math.min(offset + pageSize, t.rowCount).toLocaleString('en-US')}`),
      h('button', { type: 'button', disabled: offset + pageSize >= t.rowCount, 'aria-label': `${t.name}: next rows`, onclick: () => this.page(t.name, offset + pageSize) }, '›'),
    ) : null;

    return h('section', { class: `db-table${isNew ? ' new' : ''}`, 'aria-labelledby': capId },
      h('header', {},
        h('h3', { id: capId }, t.name),
        h('span', { class: 'rowcount', 'data-count': t.rowCount }, formatCount(t.rowCount, 'row', 'rows')),
        pager),
      info,
      h('div', { class: 'scroll' }, table),
    );
  }

  private async page(table: string, offset: number): Promise<void> {
    this.offsets.set(table, Math.max(0, offset));
    await this.refresh();
  }
}

/** A column's generated value for row n (an SQL expression over n). */
function seedValue(c: Column): string {
  const name = c.name.toLowerCase();
  const type = c.type.toUpperCase();
  if (name.includes('email')) return `'user' || n || '@example.com'`;
  if (name === 'age') return '18 + (n * 7) % 60';
  if (name.includes('name')) return `'User ' || n`;
  if (/INT/.test(type)) return /BOOL/.test(type) ? 'n % 2' : 'n % 100';
  if (/BOOL/.test(type)) return 'n % 2';
  if (/REAL|FLOA|DOUB|NUM|DEC/.test(type)) return 'round(n * 1.5, 2)';
  if (/DATETIME|TIMESTAMP/.test(type)) return `datetime('2024-01-01', '+' || n || ' minutes')`;
  if (/DATE/.test(type)) return `date('2024-01-01', '+' || (n % 3650) || ' days')`;
  if (/TIME/.test(type)) return `time('00:00', '+' || (n % 1440) || ' minutes')`;
  if (/BLOB/.test(type)) return 'randomblob(8)';
  return `'${c.name.replace(/'/g, "''")} ' || n`;
}

function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * SQL that inserts count rows into table, valid for its current columns: an
 * INSERT … SELECT over a recursive CTE counting from start+1. An INTEGER
 * PRIMARY KEY is left to SQLite; a foreign key takes an existing parent row.
 */
export function seedSQL(t: Table, count: number, start: number): string {
  let cols = t.columns.filter((c) => !(c.pk && /INT/i.test(c.type) && t.columns.filter((x) => x.pk).length === 1));
  if (!cols.length) cols = t.columns.slice(0, 1);
  const exprs = cols.map((c) => {
    if (!cols.includes(c) || (c.pk && /INT/i.test(c.type))) return 'NULL';
    if (c.fk) {
      const [table, column] = c.fk.split('.');
      return `(SELECT ${quoteIdent(column ?? 'id')} FROM ${quoteIdent(table)} ORDER BY random() LIMIT 1)`;
    }
    return seedValue(c);
  });
  const last = start + count;
  return `WITH RECURSIVE seq(n) AS (SELECT ${start + 1} UNION ALL SELECT n + 1 FROM seq WHERE n < ${last})\n` +
    `INSERT INTO ${quoteIdent(t.name)} (${cols.map((c) => quoteIdent(c.name)).join(', ')})\n` +
    `SELECT ${exprs.join(', ')} FROM seq;`;
}
