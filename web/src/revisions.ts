// The Revisions list: base, each revision (id and message), the head marked;
// the current one has aria-current="true". Branches are drawn side by side
// (each in its own lane, indented), as the tutorial draws the chain. Clicking
// one shows its script and the SQL its upgrade and downgrade run, on SQLite
// or on PostgreSQL (dialects.ts), with buttons to upgrade or downgrade to it.

import type { Dialect, Engine, Graph, Revision } from './engine';
import { dialectView } from './dialects';
import { fill, h, place } from './dom';
import { findingsView } from './review';

export class RevisionsPanel {
  private revisions: Revision[] = [];
  private shown = '';
  /**
   * Each item as last built, and what it was built from: a refresh keeps the
   * items that read the same (a step changes two, of a history of hundreds).
   */
  private built = new Map<string, { key: string; li: HTMLElement }>();

  constructor(
    private readonly engine: Engine,
    private readonly list: HTMLOListElement,
    private readonly details: HTMLElement,
    private readonly openFile: (path: string) => void,
    private readonly runCommand: (line: string) => void,
  ) {}

  get current(): Revision[] {
    return this.revisions;
  }

  /** Reloads the list; graph is the engine's answer to 'revisions' when the caller has it already. */
  async refresh(graph?: Graph): Promise<void> {
    let problem = '';
    try {
      this.revisions = (graph ?? await this.engine.call('revisions', {})).nodes;
    } catch (err) {
      // No project yet (before `alembic init`), or a script that does not parse:
      // the commands say why; the list shows base alone.
      this.revisions = [];
      problem = err instanceof Error ? err.message : String(err);
    }
    const atBase = !this.revisions.some((r) => r.current);
    const built = new Map<string, { key: string; li: HTMLElement }>();
    const item = (id: string, key: string, make: () => HTMLElement): HTMLElement => {
      const before = this.built.get(id);
      const li = before?.key === key ? before.li : make();
      built.set(id, { key, li });
      return li;
    };
    // 'base' is not a revision id (ids are hex).
    const items = [item('base', String(atBase), () => h('li', { class: 'base', 'aria-current': atBase ? 'true' : null },
      h('span', { class: 'id' }, 'base'), ' ', h('span', { class: 'msg' }, 'empty database')))];
    this.list.title = problem;
    const lane = lanes(this.revisions);
    for (const r of this.revisions) {
      const n = lane.get(r.id) ?? 0;
      // aria-expanded is kept up to date in place (toggle).
      items.push(item(r.id, JSON.stringify([r.message, r.head, r.current, n]), () => h('li', {
        'aria-current': r.current ? 'true' : null, class: r.head ? 'head' : null, 'data-rev': r.id,
        'data-lane': n, style: n ? `margin-left: ${n * 1.5}em` : null,
      },
        h('button', { type: 'button', class: 'rev', 'aria-expanded': this.shown === r.id ? 'true' : 'false', onclick: () => this.toggle(r.id) },
          h('span', { class: 'id' }, r.id), ' ', h('span', { class: 'msg' }, r.message),
          r.head ? h('span', { class: 'tag' }, ' (head)') : null,
          r.current ? h('span', { class: 'tag current' }, ' (current)') : null,
        ))));
    }
    this.built = built;
    place(this.list, items);
    if (this.shown && this.revisions.some((r) => r.id === this.shown)) await this.show(this.shown);
    else this.hide();
  }

  private async toggle(rev: string): Promise<void> {
    if (this.shown === rev) this.hide();
    else await this.show(rev);
    for (const b of this.list.querySelectorAll('button.rev')) {
      b.setAttribute('aria-expanded', b.closest('li')?.dataset.rev === this.shown ? 'true' : 'false');
    }
  }

  private hide(): void {
    this.shown = '';
    this.details.replaceChildren();
    this.details.hidden = true;
  }

  private async show(rev: string): Promise<void> {
    this.shown = rev;
    // The engine's path is absolute in the project ("/alembic/versions/…"); files are relative.
    const script = (this.revisions.find((r) => r.id === rev)?.path ?? '').replace(/^\/+/, '');
    const [text, up, down] = await Promise.all([
      script ? this.engine.call('readFile', { path: script }).catch((e: Error) => `# ${e.message}`) : Promise.resolve(''),
      this.engine.call('stepSQL', { rev, down: false, dialect: 'sqlite' }).catch((e: Error) => `-- ${e.message}`),
      this.engine.call('stepSQL', { rev, down: true, dialect: 'sqlite' }).catch((e: Error) => `-- ${e.message}`),
    ]);
    // SQLite's at once; PostgreSQL's when chosen.
    const sql = (down: boolean, sqlite: string) => (d: Dialect) => d === 'sqlite' ? sqlite : this.engine.call('stepSQL', { rev, down, dialect: d });
    const upSQL = dialectView('upgrade', 'Upgrade SQL', sql(false, up));
    const downSQL = dialectView('downgrade', 'Downgrade SQL', sql(true, down));
    fill(this.details,
      h('h3', {}, `Revision ${rev}`),
      h('p', { class: 'actions' },
        script ? h('button', { type: 'button', onclick: () => this.openFile(script) }, `Open ${script}`) : null, ' ',
        h('button', { type: 'button', onclick: () => this.runCommand(`alembic upgrade ${rev}`) }, `Upgrade to ${rev}`), ' ',
        h('button', { type: 'button', onclick: () => this.runCommand(`alembic downgrade ${rev}`) }, `Downgrade to ${rev}`)),
      script ? h('details', { open: true }, h('summary', {}, 'Script'), h('pre', { class: 'code', 'aria-label': 'Revision script' }, text)) : null,
      this.reviewOf(rev),
      h('details', { open: true }, h('summary', {}, 'Upgrade SQL'), upSQL.switcher, upSQL.pre),
      h('details', {}, h('summary', {}, 'Downgrade SQL'), downSQL.switcher, downSQL.pre),
    );
    this.details.hidden = false;
  }

  /**
   * The review of going to rev from the current revision (an upgrade when rev
   * comes after it in the list, else a downgrade): what the steps do to the
   * rows, loaded as it is shown. Nothing for the current revision.
   */
  private reviewOf(rev: string): HTMLElement | null {
    const list = this.current;
    const at = Math.max(-1, ...list.map((r, i) => (r.current ? i : -1)));
    const i = list.findIndex((r) => r.id === rev);
    if (i === at || i < 0) return null;
    const down = i < at;
    const what = `${down ? 'Downgrade' : 'Upgrade'} to ${rev}`;
    const body = h('div', { class: 'review-body', 'aria-live': 'polite' }, h('p', { class: 'empty' }, 'Reviewing…'));
    const box = h('details', { open: true, class: 'review', 'aria-label': `Review of ${what}` }, h('summary', {}, `Review: ${what}`), body);
    void this.engine.call('review', { target: rev, down }).then((found) => {
      if (!found || found.length === 0) fill(body, h('p', { class: 'empty ok' }, found ? 'These steps touch no rows this database holds.' : 'Nothing to do.'));
      else fill(body, ...findingsView(found, (sql) => this.runCommand(sql), what));
    }, (err: Error) => fill(body, h('p', { class: 'error' }, err.message)));
    return box;
  }
}

/**
 * Lanes for drawing branches side by side: a revision stays in its parent's
 * lane, the second and later children of a branch point open new lanes, and a
 * merge goes back to the leftmost lane of its parents.
 */
export function lanes(revs: Revision[]): Map<string, number> {
  const lane = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const r of revs) for (const d of r.down) children.set(d, [...(children.get(d) ?? []), r.id]);
  let next = 1;
  for (const r of revs) {
    if (r.down.length === 0) {
      lane.set(r.id, lane.size === 0 ? 0 : next++);
      continue;
    }
    if (r.down.length > 1) {
      lane.set(r.id, Math.min(...r.down.map((d) => lane.get(d) ?? 0)));
      continue;
    }
    const parent = r.down[0];
    const siblings = children.get(parent) ?? [];
    const i = siblings.indexOf(r.id);
    lane.set(r.id, i <= 0 ? lane.get(parent) ?? 0 : next++);
  }
  return lane;
}
