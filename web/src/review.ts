// The Review panel: before Upgrade, what the next step (alembic upgrade +1)
// will do to the rows this database holds, op by op, with real counts —
// tables rebuilt, values dropped, NOT NULL, UNIQUE, foreign keys and CHECKs
// that existing rows break (the step would fail) — each with the SQL that
// finds the rows. The engine's review (`upgrade +1 --review`) reads the
// database and runs nothing. It computes only while it is on screen.

import { EngineError, EngineStopped, type Engine, type Finding, type Revision } from './engine';
import { fill, h } from './dom';

export class ReviewPanel {
  readonly section: HTMLElement;
  private readonly body: HTMLElement;
  private visible = false;
  private stale = true;
  private revisions: Revision[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly engine: Engine, private readonly runSQL: (sql: string) => void) {
    this.body = h('div', { class: 'review-body', 'aria-live': 'polite' }, h('p', { class: 'empty' }, 'Loading…'));
    this.section = h('section', { class: 'panel review', 'aria-label': 'Review' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'review-title' }, 'Review of the next Upgrade')), this.body);
    new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible && this.stale) void this.render();
    }).observe(this.section);
  }

  /** The revisions or the rows changed: the review is out of date (see update). */
  invalidate(revisions: Revision[]): void {
    this.revisions = revisions;
    this.stale = true;
  }

  /** Reviews again if out of date and on screen: called once no action runs, so it never delays one. */
  update(): Promise<void> {
    return this.visible && this.stale ? this.render() : Promise.resolve();
  }

  private async render(): Promise<void> {
    if (this.running) await this.running;
    this.stale = false;
    this.running = this.load().finally(() => (this.running = null));
    return this.running;
  }

  private async load(): Promise<void> {
    const atHead = this.revisions.length === 0 || this.revisions.some((r) => r.current && r.head);
    if (atHead) {
      fill(this.body, h('p', { class: 'empty' }, this.revisions.length === 0
        ? 'No revision to upgrade to yet: autogenerate one.'
        : 'Nothing to upgrade: the database is at the head.'));
      this.section.dataset.state = 'none';
      return;
    }
    let found: Finding[] | null;
    try {
      found = await this.engine.call('review', { target: '+1' });
    } catch (err) {
      if (err instanceof EngineStopped) {
        this.stale = true;
        return;
      }
      fill(this.body, h('p', { class: 'error' }, err instanceof EngineError ? err.message : String(err)));
      this.section.dataset.state = 'error';
      return;
    }
    if (!found || found.length === 0) {
      fill(this.body, h('p', { class: 'empty ok' }, found ? 'The next step touches no rows this database holds.' : 'Nothing to upgrade.'));
      this.section.dataset.state = found ? 'clean' : 'none';
      return;
    }
    const fails = found.some((f) => f.fails);
    const parts = findingsView(found, this.runSQL, 'The next Upgrade');
    fill(this.body, ...parts);
    this.section.dataset.state = fails ? 'fails' : 'findings';
  }
}

/**
 * A review's findings, step by step: each op, what it does to the rows
 * (a failing one first says so), and the SQL that finds them with a button
 * that runs it in the terminal. what names the steps ("The next Upgrade").
 */
export function findingsView(found: Finding[], runSQL: (sql: string) => void, what: string): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (found.some((f) => f.fails)) parts.push(h('p', { class: 'error', role: 'alert' }, `${what} will fail on the rows this database holds: fix the rows (or the script) first.`));
  let step = '';
  let list: HTMLElement | null = null;
  for (const f of found) {
    if (f.step !== step || !list) {
      step = f.step;
      parts.push(h('h3', {}, step.replace(/^Running /, '')));
      list = h('ul', { class: 'findings' });
      parts.push(list);
    }
    list.append(h('li', { class: f.fails ? 'fails' : null, 'data-kind': f.kind },
      h('code', { class: 'op' }, f.op), h('br'),
      f.fails ? h('strong', {}, 'Will fail: ') : null, f.text,
      f.sql ? h('div', { class: 'finding-sql' }, h('pre', { class: 'code' }, `${f.sql};`),
        h('button', { type: 'button', class: 'small', title: 'Run this query in the terminal', onclick: () => runSQL(`${f.sql};`) }, 'Show the rows')) : null));
  }
  return parts;
}
