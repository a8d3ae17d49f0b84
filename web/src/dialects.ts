// SQLite or PostgreSQL: wherever the page shows the SQL of a step (the SQL
// log, a revision's Upgrade SQL and Downgrade SQL), two toggle buttons,
// "SQLite" and "PostgreSQL" (aria-pressed, in a group named "Upgrade SQL
// for"), choose whose SQL the one <pre> beneath shows. The page's database
// is SQLite; PostgreSQL's SQL is written by the engine offline (there is no
// server in the page), and asked for only when chosen. The choice is kept
// per place (the log, upgrade, downgrade), so the log stays on PostgreSQL
// from one step to the next.
//
// The <pre> keeps its name ("Upgrade SQL") whichever dialect it shows;
// data-dialect says which, and aria-busy is set while the SQL is written.

import type { Dialect } from './engine';
import { h } from './dom';

export const dialectNames: Record<Dialect, string> = { sqlite: 'SQLite', postgresql: 'PostgreSQL' };

const titles: Record<Dialect, string> = {
  sqlite: "What SQLite runs: the page's database",
  postgresql: 'What the same step runs on PostgreSQL, written without a server (as alembic upgrade --sql does for a PostgreSQL URL)',
};

/** The dialect last chosen in each place. */
const chosen = new Map<string, Dialect>();

/** Where a view gets its SQL: a text, or the engine's answer (an error becomes an SQL comment). */
export type SQLSource = (dialect: Dialect) => string | Promise<string>;

export interface DialectView {
  /** The two buttons, in a group named after the SQL. */
  switcher: HTMLElement;
  /** The SQL of the dialect chosen. */
  pre: HTMLPreElement;
}

/**
 * A view of one step's SQL in either dialect. place names where it is
 * ("log", "upgrade", "downgrade"): a new view opens on the dialect last
 * chosen there, SQLite at first.
 */
export function dialectView(place: string, label: string, source: SQLSource): DialectView {
  const texts = new Map<Dialect, string>();
  const pending = new Map<Dialect, Promise<string>>();
  const pre = h('pre', { class: 'code', 'aria-label': label });
  const buttons = (Object.keys(dialectNames) as Dialect[]).map((d) =>
    h('button', { type: 'button', class: 'small', 'data-dialect': d, 'aria-pressed': 'false', title: titles[d], onclick: () => void show(d, true) }, dialectNames[d]));
  const switcher = h('div', { class: 'dialects', role: 'group', 'aria-label': `${label} for` }, ...buttons);
  let shown: Dialect = 'sqlite';

  const show = async (d: Dialect, chosenNow = false): Promise<void> => {
    shown = d;
    if (chosenNow) chosen.set(place, d);
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.dialect === d));
    pre.dataset.dialect = d;
    if (!texts.has(d) && !pending.has(d)) {
      // A text at hand is shown at once; the engine's answer when it comes.
      let got: string | Promise<string>;
      try {
        got = source(d);
      } catch (e) {
        got = Promise.reject(e);
      }
      if (typeof got === 'string') texts.set(d, got);
      else pending.set(d, got.catch((e: unknown) => `-- ${e instanceof Error ? e.message : String(e)}`));
    }
    let text = texts.get(d);
    if (text === undefined) {
      pre.setAttribute('aria-busy', 'true');
      pre.textContent = `-- Writing the ${dialectNames[d]} SQL…`;
      text = await pending.get(d)!;
      texts.set(d, text);
      if (shown !== d) return; // the other one was chosen meanwhile
    }
    pre.textContent = text;
    pre.removeAttribute('aria-busy');
  };

  void show(chosen.get(place) ?? 'sqlite');
  return { switcher, pre };
}
