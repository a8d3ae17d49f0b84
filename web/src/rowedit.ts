// Editing rows in the Database panel: what a typed value means for a column,
// the in-place cell editor, and the Add row dialog.

import type { Cell, Column, Table, Value } from './engine';
import { cellText } from './terminal';
import { h } from './dom';

/** The word that stands for NULL in an editor. */
export const nullWord = 'NULL';

/** SQLite's type affinity of a declared type (datatype3.html, 3.1). */
export function affinity(type: string): 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC' {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'TEXT';
  if (t.includes('BLOB') || t === '') return 'BLOB';
  if (/REAL|FLOA|DOUB/.test(t)) return 'REAL';
  return 'NUMERIC';
}

const numeric = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The value to store for text typed into a column's editor: NULL for the
 * word NULL; a number for a numeric column when the text is one (so it is
 * stored as a number in any table, STRICT or not), true/false for a BOOLEAN
 * column; otherwise the text. Empty text is '' in a text column and NULL in
 * any other.
 */
export function parseValue(text: string, column: Column | undefined): Value {
  if (text === nullWord) return null;
  const aff = affinity(column?.type ?? '');
  if (text === '') return aff === 'TEXT' ? '' : null;
  if (aff === 'TEXT' || aff === 'BLOB') return text;
  if (/BOOL/i.test(column?.type ?? '')) {
    if (/^true$/i.test(text)) return true;
    if (/^false$/i.test(text)) return false;
  }
  const s = text.trim();
  if (numeric.test(s)) {
    const n = Number(s);
    // Integers beyond 2^53 stay text: SQLite's affinity makes them exact integers.
    if (Number.isFinite(n) && !(Number.isInteger(n) && !Number.isSafeInteger(n) && /^[+-]?\d+$/.test(s))) return n;
  }
  return text;
}

/** The text an editor starts with for a cell: NULL for NULL. */
export function editText(v: Cell | boolean): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return cellText(v);
}

/**
 * Turns a cell into an input holding its value; resolves with the text
 * typed when Enter saves, or null when Escape (or leaving the cell) cancels.
 * The cell's content is restored either way (the panel then refreshes).
 */
export function editCell(td: HTMLTableCellElement, text: string, label: string): Promise<string | null> {
  return new Promise((resolve) => {
    const old = [...td.childNodes];
    const input = h('input', {
      type: 'text', value: text, 'aria-label': label, autocomplete: 'off', spellcheck: 'false',
      title: `Enter saves, Escape cancels; type ${nullWord} for NULL`,
    });
    let done = false;
    const finish = (v: string | null) => {
      if (done) return;
      done = true;
      td.classList.remove('editing');
      td.replaceChildren(...old);
      td.focus();
      resolve(v);
    };
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        finish(input.value);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        finish(null);
      }
    });
    input.addEventListener('blur', () => finish(null));
    input.addEventListener('click', (e) => e.stopPropagation());
    input.addEventListener('dblclick', (e) => e.stopPropagation());
    td.classList.add('editing');
    td.replaceChildren(input);
    input.focus();
    input.select();
  });
}

function columnHint(c: Column, soleIntPK: boolean): string {
  if (soleIntPK) return 'empty: the next id';
  if (c.default) return `empty: DEFAULT ${c.default}`;
  return c.notNull ? 'required' : 'empty: NULL';
}

/**
 * Shows the Add row dialog for a table: one input per column. A column left
 * empty is left out of the INSERT (it takes its default, NULL, or the next
 * id); the word NULL stores NULL. submit inserts and resolves with an error
 * message (shown in the dialog, which stays open) or null (the dialog closes).
 */
export function addRowDialog(t: Table, submit: (values: Record<string, Value>) => Promise<string | null>): Promise<void> {
  return new Promise((resolve) => {
    const pks = t.columns.filter((c) => c.pk);
    const titleId = `add-row-${t.name.replace(/[^\w-]/g, '_')}`;
    const inputs = t.columns.map((c) => {
      const sole = pks.length === 1 && c.pk && affinity(c.type) === 'INTEGER';
      const input = h('input', { type: 'text', name: c.name, autocomplete: 'off', spellcheck: 'false', placeholder: columnHint(c, sole) });
      return { c, input, label: h('label', {}, h('span', {}, h('code', {}, c.name), ' ', h('span', { class: 'type' }, c.type || 'ANY')), input) };
    });
    const error = h('p', { class: 'error', role: 'alert' });
    const add = h('button', { type: 'submit', value: 'ok', class: 'primary' }, 'Add');
    const form = h('form', { method: 'dialog' },
      h('h2', { id: titleId }, `Add a row to ${t.name}`),
      h('div', { class: 'fields' }, ...inputs.map((i) => i.label)),
      h('p', { class: 'hint' }, 'Leave a column empty for its default; type ', h('code', {}, nullWord), ' for NULL.'),
      error,
      h('div', { class: 'buttons' },
        add,
        h('button', { type: 'button', value: 'cancel', onclick: () => dialog.close() }, 'Cancel'),
      ),
    );
    const dialog = h('dialog', { class: 'prompt add-row', 'aria-labelledby': titleId }, form);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const values: Record<string, Value> = {};
      for (const { c, input } of inputs) {
        if (input.value === '') continue;
        values[c.name] = parseValue(input.value, c);
      }
      add.disabled = true;
      error.textContent = '';
      submit(values).then((msg) => {
        add.disabled = false;
        if (msg === null) dialog.close();
        else error.textContent = msg;
      });
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve();
    });
    document.body.append(dialog);
    dialog.showModal();
    inputs.find((i) => !i.input.placeholder.startsWith('empty: the next'))?.input.focus();
  });
}
