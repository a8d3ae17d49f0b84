// The page's side of embedding (?embed=1): tells the embedding page its
// content height, and when it is ready and after each step (embedproto.ts).

import { messageTag, type EmbedMessage } from './embedproto';

const html = document.documentElement;

/**
 * The embedding page's origin: the browser's word for it where it gives one
 * (location.ancestorOrigins), else the page that loaded this one (its
 * referrer), else what embed.js said (?host=); postMessage delivers to that
 * origin only if the parent really is on it. Null when none is known or it
 * is opaque ("null").
 */
export function hostOrigin(): string | null {
  const candidates = [
    location.ancestorOrigins?.[0],
    document.referrer,
    new URLSearchParams(location.search).get('host'),
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      const origin = new URL(c).origin;
      if (origin !== 'null') return origin;
    } catch {
      // not a URL: the next
    }
  }
  return null;
}

export class EmbeddedPage {
  private lastHeight = 0;
  private commands = 0;

  start(): void {
    if (window.parent === window) return;
    const lesson = new URLSearchParams(location.search).get('example') ?? '';
    let last = html.dataset.retort;
    if (last === 'ready') this.post({ tag: messageTag, type: 'ready', lesson });
    let readySent = last === 'ready';
    this.commands = this.commandLines().length;
    new MutationObserver(() => {
      const now = html.dataset.retort;
      if (now === 'ready' && !readySent) {
        readySent = true;
        this.commands = this.commandLines().length;
        this.post({ tag: messageTag, type: 'ready', lesson });
      } else if (last === 'busy' && now === 'ready') {
        this.step();
      }
      last = now;
    }).observe(html, { attributes: true, attributeFilter: ['data-retort'] });
    const measure = () => this.height();
    new ResizeObserver(measure).observe(document.body);
    window.addEventListener('load', measure);
    measure();
  }

  private commandLines(): HTMLElement[] {
    return [...document.querySelectorAll<HTMLElement>('[role=log] .line.command')];
  }

  private step(): void {
    // A step is a command line that ran (typed, or from a button or a lesson's
    // Run); Share, downloads and the like are none.
    const lines = this.commandLines();
    const ran = lines.length > this.commands;
    this.commands = lines.length;
    if (!ran) return;
    const command = (lines[lines.length - 1].textContent ?? '').replace(/^\$ /, '');
    const current = [...document.querySelectorAll<HTMLElement>('ol[aria-label=Revisions] li[aria-current=true]')].map((li) => li.dataset.rev ?? 'base');
    this.post({ tag: messageTag, type: 'step', command, current });
  }

  private height(): void {
    const height = Math.ceil(document.body.scrollHeight);
    if (height === this.lastHeight) return;
    this.lastHeight = height;
    this.post({ tag: messageTag, type: 'height', height });
  }

  private post(msg: EmbedMessage): void {
    // To the embedding page's origin alone (what is typed is in these
    // messages): never '*', and nothing when the origin is unknown.
    const origin = hostOrigin();
    if (origin) window.parent.postMessage(msg, origin);
  }
}
