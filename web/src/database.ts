// The Database panel: every table (alembic_version included) as an HTML
// table named "<table> rows" with its columns in order, its rows (paged), the
// total row count beside it, column info, and the columns the last step added
// or changed highlighted.
//
// Rows can be edited (not alembic_version's, which only the migrations
// write): double-click a cell, or Enter on it, to edit it in place; click a
// row to select it and "Delete row" deletes it; "Add row" opens a form. A
// refused change (NOT NULL, UNIQUE, a CHECK) changes nothing and says why,
// beside the table and in the Output log.

import { EngineError, EngineStopped, type Cell, type Column, type Engine, type Page, type RowRef, type Rows, type Table, type Value, type View } from './engine';
import { cellText, type LineKind } from './terminal';
import { formatCount, h, place } from './dom';
import { addRowDialog, editCell, editText, parseValue } from './rowedit';
import { bootPageSize } from './boot';

/** How the panel's row edits fit into the page (main.ts passes its own). */
export interface PanelHooks {
  /** Runs an action after those already queued, with the page busy meanwhile. */
  enqueue?: (action: () => Promise<void>) => Promise<void>;
  /** Prints a line in the Output log. */
  print?: (text: string, kind: LineKind) => void;
}

/** The table that only migrations write: shown, never edited by hand. */
const readOnlyTables = new Set(['alembic_version']);

/** The rows of a table shown at once (the boot's view brings that many: boot.ts). */
export const pageSize = bootPageSize;

/** What changed between two snapshots of the schema. */
export interface Changes {
  tables: Set<string>; // tables that are new
  columns: Map<string, Set<string>>; // table -> columns that are new or changed
  removed: Map<string, Set<string>>; // table -> columns that are gone
  removedTables: Table[]; // tables that are gone, as they were
}

export function noChanges(): Changes {
  return { tables: new Set(), columns: new Map(), removed: new Map(), removedTables: [] };
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
    const now = new Set(t.columns.map((c) => c.name));
    const gone = new Set(prev.columns.filter((c) => !now.has(c.name)).map((c) => c.name));
    if (gone.size) ch.removed.set(t.name, gone);
  }
  const still = new Set(after.map((t) => t.name));
  ch.removedTables = before.filter((t) => !still.has(t.name));
  return ch;
}

/** A row the panel can edit: how the engine names it, its id in the page, and how messages name it. */
interface ShownRow {
  ref: RowRef;
  id: string;
  label: string;
}

/** The rows a table shows, as its listeners read them when they run (see listen). */
interface Shown {
  /** The rows' values, and the columns they are in. */
  rows: Cell[][];
  columns: string[];
  infoBy: Map<string, Column>;
  /** The editable rows, in order (none in a table the panel does not edit). */
  refs: ShownRow[];
}

/**
 * Names a page's rows: by rowid, or in a WITHOUT ROWID table by its primary
 * key's values (what the engine matches them on); none when the rows cannot
 * be named.
 */
function rowRefs(rows: Rows): ShownRow[] | undefined {
  if (rows.rowids) return rows.rowids.map((rowid) => ({ ref: { rowid }, id: `rowid:${rowid}`, label: `rowid ${rowid}` }));
  const cols = rows.keyColumns;
  if (!cols?.length) return undefined;
  const at = cols.map((c) => rows.columns.indexOf(c));
  if (at.some((i) => i < 0)) return undefined;
  return rows.rows.map((row) => {
    const key: Value[] = at.map((i) => row[i]);
    const id = JSON.stringify(key.map((v) => (v instanceof Uint8Array ? [...v] : v)));
    return { ref: { key }, id: `key:${id}`, label: cols.map((c, j) => `${c} = ${literal(key[j])}`).join(' AND ') };
  });
}

/** How a value reads in the Output log, as an SQL literal would. */
function literal(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  if (v instanceof Uint8Array) return cellText(v);
  return String(v);
}

function errorText(err: unknown): string {
  if (err instanceof EngineError || err instanceof Error) return err.message;
  return String(err);
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
  /** The selected row of each table, by rowid (as text). */
  private readonly selected = new Map<string, string>();
  /** The rows each table shows, as the last refresh left them (none for one that could not be read). */
  private shown = new Map<string, Shown>();
  /** The last refused change of each table, shown beside it. */
  private readonly messages = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  /**
   * Each table's section as last built, and what it was built from: a
   * refresh keeps a table's section (and its rows' DOM) when nothing it
   * shows has changed, so a step that touches one table of many lays out
   * and paints that one (and alembic_version), not every table's rows.
   */
  private readonly built = new Map<string, { key: string; section: HTMLElement; shown: Shown }>();

  constructor(private readonly engine: Engine, private readonly host: HTMLElement, private readonly hooks: PanelHooks = {}) {}

  /** The tables as last loaded. */
  get current(): Table[] {
    return this.tables;
  }

  /** What the panel shows of each table, for a command to bring back with it (run's params.view). */
  view(): View {
    return { offsets: Object.fromEntries(this.offsets), limit: pageSize };
  }

  /**
   * Reloads every table; changes says what to highlight (the last step's);
   * fetched and pages are the tables and rows a command brought back (see
   * view): a table's rows are asked for only when they are not among them.
   */
  async refresh(changes?: Changes, fetched?: Table[], pages?: Record<string, Page>): Promise<void> {
    if (changes) {
      this.changes = changes;
      this.messages.clear();
    }
    const tables = fetched ? fetched.slice() : await this.engine.call('tables', {});
    // alembic_version last: the schema's tables first, then where `current` comes from.
    tables.sort((a, b) => Number(a.name === 'alembic_version') - Number(b.name === 'alembic_version'));
    this.tables = tables;
    // One table that cannot be read shows its own error; the others are unaffected.
    // What the new tables show, for their listeners once they replace the old.
    const shown = new Map<string, Shown>();
    const sections = await Promise.all(tables.map((t) => this.section(t, shown, pages?.[t.name]).catch((err: unknown) => {
      if (err instanceof EngineStopped) throw err;
      return this.failedSection(t, errorText(err));
    })));
    this.shown = shown;
    for (const name of this.built.keys()) if (!shown.has(name)) this.built.delete(name);
    place(this.host, sections.length ? sections : [h('p', { class: 'empty' }, 'The database is empty.')]);
  }

  /** A table whose rows could not be read: its name, its columns, and why. */
  private failedSection(t: Table, why: string): HTMLElement {
    const capId = `rows-${t.name.replace(/[^\w-]/g, '_')}`;
    return h('section', { class: 'db-table failed', 'aria-labelledby': capId },
      h('header', {}, h('h3', { id: capId }, t.name)),
      h('ul', { class: 'columns', 'aria-label': `${t.name} columns` }, ...t.columns.map((c) =>
        h('li', {}, h('code', {}, c.name), ' ', h('span', { class: 'type' }, columnInfo(c))))),
      h('p', { class: 'row-error table-error', role: 'alert' }, `${t.name} could not be read: ${why}`),
    );
  }

  private async section(t: Table, shown: Map<string, Shown>, page?: Page): Promise<HTMLElement> {
    if (t.error) return this.failedSection(t, t.error);
    let offset = this.offsets.get(t.name) ?? 0;
    if (offset >= t.rowCount) offset = Math.max(0, Math.floor((t.rowCount - 1) / pageSize) * pageSize);
    this.offsets.set(t.name, offset);
    const rows = t.rowCount === 0 ? { columns: t.columns.map((c) => c.name), rows: [], total: 0 }
      : page?.offset === offset ? page.rows
        : await this.engine.call('rows', { table: t.name, offset, limit: pageSize });
    const isNew = this.changes.tables.has(t.name);
    const changed = this.changes.columns.get(t.name) ?? new Set<string>();
    const hi = (col: string) => (isNew || changed.has(col) ? 'changed' : null);
    const capId = `rows-${t.name.replace(/[^\w-]/g, '_')}`;
    const headNames = rows.columns.length ? rows.columns : t.columns.map((c) => c.name);
    const infoBy = new Map(t.columns.map((c) => [c.name, c]));
    const editable = !readOnlyTables.has(t.name);
    const refs = editable ? rowRefs(rows) : undefined;
    let selected = this.selected.get(t.name);
    if (selected !== undefined && !refs?.some((r) => r.id === selected)) {
      this.selected.delete(t.name);
      selected = undefined;
    }
    const message = this.messages.get(t.name);

    // Everything the section shows comes from these: the same, it is kept.
    const key = JSON.stringify([t, offset, rows, isNew, [...changed], selected ?? null, message ?? null],
      (_, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
    const before = this.built.get(t.name);
    if (before?.key === key) {
      shown.set(t.name, before.shown);
      return before.section;
    }

    // One cell of an editable table is in the tab order (the selected row's
    // first, else the first row's); arrows move from there (moveFocus).
    const focusRow = refs ? Math.max(0, refs.findIndex((r) => r.id === selected)) : -1;
    const table = h('table', {
      'aria-label': `${t.name} rows`, 'data-table': t.name, 'data-row-count': t.rowCount, class: refs ? 'editable' : null,
    },
      h('thead', {}, h('tr', {}, ...headNames.map((name) => {
        const c = infoBy.get(name);
        return h('th', { scope: 'col', class: hi(name), title: c ? columnInfo(c) : null }, name);
      }))),
      h('tbody', {}, ...rows.rows.map((row, r) => {
        const ref = refs?.[r];
        return h('tr', ref === undefined ? {} : { 'data-row': ref.id, 'aria-selected': String(ref.id === selected) },
          ...row.map((v, i) => {
            const cls = [hi(headNames[i]), v === null ? 'null' : typeof v === 'number' ? 'num' : null].filter(Boolean).join(' ');
            return h('td', { class: cls || null, tabindex: ref === undefined ? null : r === focusRow && i === 0 ? 0 : -1 }, cellText(v));
          }));
      })),
    );

    const info = h('ul', { class: 'columns', 'aria-label': `${t.name} columns` }, ...t.columns.map((c) =>
      h('li', { class: hi(c.name) }, h('code', {}, c.name), ' ', h('span', { class: 'type' }, columnInfo(c)))));

    const pager = t.rowCount > pageSize ? h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: offset === 0, 'aria-label': `${t.name}: previous rows`, onclick: () => this.page(t.name, offset - pageSize) }, '‹'),
      h('span', {}, `${(offset + 1).toLocaleString('en-US')}–${Math.min(offset + pageSize, t.rowCount).toLocaleString('en-US')}`),
      h('button', { type: 'button', disabled: offset + pageSize >= t.rowCount, 'aria-label': `${t.name}: next rows`, onclick: () => this.page(t.name, offset + pageSize) }, '›'),
    ) : null;

    const actions = editable ? h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', 'aria-label': `${t.name}: add row`, onclick: () => this.addRow(t) }, 'Add row'),
      h('button', {
        type: 'button', class: 'small', 'aria-label': `${t.name}: delete row`, disabled: selected === undefined,
        title: selected === undefined ? 'Select a row first' : `Delete the row with ${refs?.find((r) => r.id === selected)?.label ?? ''}`,
        onclick: () => this.deleteSelected(t.name),
      }, 'Delete row'),
    ) : null;
    const tableShown: Shown = { rows: rows.rows, columns: headNames, infoBy, refs: refs ?? [] };
    shown.set(t.name, tableShown);
    this.listen(t.name, table);

    const section = h('section', { class: `db-table${isNew ? ' new' : ''}`, 'aria-labelledby': capId },
      h('header', {},
        h('h3', { id: capId }, t.name),
        h('span', { class: 'rowcount', 'data-count': t.rowCount }, formatCount(t.rowCount, 'row', 'rows')),
        actions,
        pager),
      info,
      message ? h('p', { class: 'row-error', role: 'alert' }, message) : null,
      h('div', { class: 'scroll' }, table),
    );
    this.built.set(t.name, { key, section, shown: tableShown });
    return section;
  }

  /**
   * Wires a table's rows with four listeners on the table, not four on each
   * cell (building 600 listeners was most of the script that renders a step):
   * a click or focus selects a row; a double click, or Enter (F2) on a cell,
   * edits it; arrows move between cells. They read the rows the table shows
   * (shown) when they run.
   */
  private listen(name: string, table: HTMLTableElement): void {
    const cellOf = (e: Event): HTMLTableCellElement | null => {
      const td = e.target instanceof Element ? e.target.closest('td') : null;
      return td && td.closest('table') === table && td.parentElement?.parentElement?.tagName === 'TBODY' ? td : null;
    };
    const select = (e: Event) => {
      const tr = cellOf(e)?.parentElement;
      if (tr instanceof HTMLTableRowElement) this.select(name, tr);
    };
    table.addEventListener('click', select);
    table.addEventListener('focusin', select);
    table.addEventListener('dblclick', (e) => {
      const td = cellOf(e);
      if (td) this.edit(name, td);
    });
    table.addEventListener('keydown', (e) => {
      if (!this.shown.get(name)?.refs.length) return;
      const td = cellOf(e);
      if (td && e.target === td && (e.key === 'Enter' || e.key === 'F2')) {
        e.preventDefault();
        this.edit(name, td);
        return;
      }
      this.moveFocus(e);
    });
  }

  /** Opens a cell's editor; a value typed and saved changes that one cell. */
  private edit(name: string, td: HTMLTableCellElement): void {
    const shown = this.shown.get(name);
    const tr = td.parentElement as HTMLTableRowElement;
    const ref = shown?.refs[tr.sectionRowIndex];
    const row = shown?.rows[tr.sectionRowIndex];
    if (!shown || !ref || !row) return;
    const i = td.cellIndex;
    const v = row[i];
    if (v instanceof Uint8Array) return; // a blob is not edited as text
    const column = shown.columns[i];
    const before = editText(v);
    editCell(td, before, `${name}.${column}`).then((text) => {
      if (text === null || text === before) return;
      const value = parseValue(text, shown.infoBy.get(column));
      void this.change(name, `${name}: set ${column} = ${literal(value)} in the row with ${ref.label}`,
        () => this.engine.call('updateCell', { ...ref.ref, table: name, column, value }));
    });
  }

  private select(table: string, tr: HTMLTableRowElement): void {
    const id = tr.dataset.row;
    if (id === undefined || this.selected.get(table) === id) return;
    this.selected.set(table, id);
    for (const other of tr.parentElement?.children ?? []) other.setAttribute('aria-selected', String(other === tr));
    const del = tr.closest('section')?.querySelector<HTMLButtonElement>('.row-actions button:last-child');
    if (del) {
      del.disabled = false;
      del.title = `Delete the row with ${this.shown.get(table)?.refs.find((r) => r.id === id)?.label ?? ''}`;
    }
  }

  /** Arrow keys, Home and End move between an editable table's cells. */
  private moveFocus(e: KeyboardEvent): void {
    const td = e.target instanceof HTMLTableCellElement && e.target.tagName === 'TD' ? e.target : null;
    const tr = td?.parentElement as HTMLTableRowElement | null;
    if (!td || !tr) return;
    const rows = [...(tr.parentElement?.children ?? [])] as HTMLTableRowElement[];
    let r = rows.indexOf(tr);
    let c = td.cellIndex;
    switch (e.key) {
      case 'ArrowUp': r--; break;
      case 'ArrowDown': r++; break;
      case 'ArrowLeft': c--; break;
      case 'ArrowRight': c++; break;
      case 'Home': c = 0; break;
      case 'End': c = tr.cells.length - 1; break;
      default: return;
    }
    const next = rows[r]?.cells[c];
    if (!next) return;
    e.preventDefault();
    td.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  private addRow(t: Table): void {
    void addRowDialog(t, async (values) => {
      let refused: string | null = null;
      const cols = Object.keys(values);
      const shown = cols.length ? cols.map((c) => `${c} = ${literal(values[c])}`).join(', ') : 'defaults only';
      await this.change(t.name, `${t.name}: add a row (${shown})`, async () => {
        try {
          await this.engine.call('insertRow', { table: t.name, values });
        } catch (err) {
          refused = errorText(err);
          throw err;
        }
      });
      return refused;
    });
  }

  private deleteSelected(table: string): void {
    const id = this.selected.get(table);
    const shown = this.shown.get(table)?.refs.find((r) => r.id === id);
    if (!shown) return;
    void this.change(table, `${table}: delete the row with ${shown.label}`, async () => {
      await this.engine.call('deleteRow', { ...shown.ref, table });
      this.selected.delete(table);
    });
  }

  /**
   * Makes one change to a table's rows (after whatever the page is doing),
   * then reloads the panel; a refused change is shown beside the table and
   * in the Output log, and changes nothing.
   */
  private change(table: string, what: string, action: () => Promise<unknown>): Promise<void> {
    const run = async () => {
      this.host.setAttribute('aria-busy', 'true');
      try {
        this.messages.delete(table);
        this.print(`-- ${what}`, 'info');
        try {
          await action();
        } catch (err) {
          if (err instanceof EngineStopped) throw err;
          const msg = errorText(err);
          this.messages.set(table, msg);
          this.print(msg, 'error');
        }
        await this.refresh();
      } finally {
        this.host.removeAttribute('aria-busy');
      }
    };
    if (this.hooks.enqueue) return this.hooks.enqueue(run);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private print(text: string, kind: LineKind): void {
    if (this.hooks.print) {
      this.hooks.print(text, kind);
      return;
    }
    // Not wired to the terminal: write to the Output log as the terminal does.
    const log = document.querySelector<HTMLElement>('[role=log][aria-label=Output]');
    if (!log) return;
    log.append(h('div', { class: `line ${kind}` }, text));
    log.scrollTop = log.scrollHeight;
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
