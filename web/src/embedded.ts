// The page's side of embedding (?embed=1): tells the embedding page its
// content height, and when it is ready and after each step (embedproto.ts).

import { messageTag, type EmbedMessage } from './embedproto';

const html = document.documentElement;

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
    window.parent.postMessage(msg, '*');
  }
}
