// The embed script for documentation sites (dist/embed.js):
//
//   <script src="https://…/retort/embed.js" defer></script>
//   <retort-playground lesson="add-age"></retort-playground>
//
// or with the project inline, laid over the lesson's start (the tutorial's
// when lesson is absent), and SQL to run on its database:
//
//   <retort-playground>
//     <script type="text/plain" data-file="models.py">
//       class User(Base): …
//     </script>
//     <script type="text/plain" data-sql>INSERT INTO …;</script>
//   </retort-playground>
//
// Each element shows an iframe of the playground (index.html beside this
// script, or the src attribute's) in its compact layout (?embed=1). The
// iframe loads when the element scrolls near the viewport (or on a click on
// its placeholder; loading="click" waits for the click, loading="eager" does
// not wait), and then follows its content's height (height="480" fixes it).
// The element dispatches `ready` (detail: {lesson}) once the engine is loaded
// and the project open, and `step` (detail: {command, current}) after each
// command or step. Every embed loads the same versioned files, so the browser
// downloads them once.
//
// The older form still works: <div data-retort-example="add-age" data-height="560">.

import { parseEmbedMessage, type EmbedMessage } from './embedproto';
import { encodePayload, fragmentKey, type SharePayload } from './sharelink';

const script = document.currentScript as HTMLScriptElement | null;
const scriptBase = new URL('.', script?.src ?? location.href);

/** Removes the indentation common to every line, and blank lines around the text. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}

const style = `
retort-playground { display: block; position: relative; margin: 1em 0; }
retort-playground > iframe { display: block; width: 100%; border: 1px solid #d8dde6; border-radius: 8px; background: #f6f7f9; }
retort-playground > .retort-placeholder {
  display: flex; align-items: center; justify-content: center; gap: .6em; width: 100%; min-height: 180px;
  border: 1px dashed #b7c0cf; border-radius: 8px; background: #f6f7f9; color: #1d2230;
  font: 600 15px/1.4 system-ui, sans-serif; cursor: pointer;
}
retort-playground > .retort-placeholder:hover { border-color: #2f6fdd; }
@media (prefers-color-scheme: dark) {
  retort-playground > .retort-placeholder, retort-playground > iframe { background: #0f1217; color: #e3e7ee; border-color: #2b313c; }
}
`;

function injectStyle(): void {
  if (document.getElementById('retort-playground-style')) return;
  const el = document.createElement('style');
  el.id = 'retort-playground-style';
  el.textContent = style;
  document.head.append(el);
}

/** Frames by window, so a message reaches the element whose iframe sent it. */
const frames = new Map<Window, RetortPlayground>();

window.addEventListener('message', (e: MessageEvent) => {
  if (!e.source) return;
  const el = frames.get(e.source as Window);
  // Only this element's iframe, from the playground's origin, and only the
  // documented messages, rebuilt from their checked fields.
  if (!el || e.origin !== el.frameOrigin) return;
  const msg = parseEmbedMessage(e.data);
  if (msg) el.receive(msg);
});

export class RetortPlayground extends HTMLElement {
  static observedAttributes = ['lesson', 'height'];
  private frame: HTMLIFrameElement | null = null;
  private observer: IntersectionObserver | null = null;
  private files: Record<string, string> = {};
  private sql = '';
  private started = false;

  connectedCallback(): void {
    if (this.started) {
      // Moved in the page: the iframe reloads, and reports to this element still.
      if (this.frame?.contentWindow) frames.set(this.frame.contentWindow, this);
      return;
    }
    this.started = true;
    injectStyle();
    // The inline project: read it before the placeholder replaces it.
    for (const s of this.querySelectorAll<HTMLScriptElement>('script[type="text/plain"]')) {
      if (s.dataset.file) this.files[s.dataset.file] = dedent(s.textContent ?? '');
      else if (s.hasAttribute('data-sql')) this.sql += dedent(s.textContent ?? '');
    }
    const label = this.getAttribute('title') || `Run the ${this.lesson || 'tutorial'} example`;
    const placeholder = document.createElement('button');
    placeholder.type = 'button';
    placeholder.className = 'retort-placeholder';
    placeholder.textContent = `▶ ${label}`;
    placeholder.addEventListener('click', () => void this.load());
    this.replaceChildren(placeholder);
    const loading = this.getAttribute('loading');
    if (loading === 'eager') {
      void this.load();
    } else if (loading !== 'click') {
      this.observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) void this.load();
      }, { rootMargin: '200px' });
      this.observer.observe(this);
    }
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
    if (this.frame?.contentWindow) frames.delete(this.frame.contentWindow);
  }

  attributeChangedCallback(name: string): void {
    if (name === 'height' && this.frame) this.frame.style.height = this.fixedHeight() ?? this.frame.style.height;
  }

  get lesson(): string {
    return this.getAttribute('lesson') ?? '';
  }

  /** The origin the iframe's playground is served from (what its messages come from). */
  frameOrigin = '';

  /** The iframe, once loaded. */
  get iframe(): HTMLIFrameElement | null {
    return this.frame;
  }

  private fixedHeight(): string | null {
    const hv = this.getAttribute('height');
    if (!hv) return null;
    return /^\d+$/.test(hv) ? `${hv}px` : hv;
  }

  /** Creates the iframe (once). */
  async load(): Promise<void> {
    if (this.frame) return;
    this.observer?.disconnect();
    const base = this.getAttribute('src') ? new URL(this.getAttribute('src')!, location.href) : new URL('index.html', scriptBase);
    const url = new URL(base.href);
    url.searchParams.set('embed', '1');
    // Where the playground's messages may go (it checks what it can, too).
    url.searchParams.set('host', location.origin);
    this.frameOrigin = url.origin;
    if (this.lesson) url.searchParams.set('example', this.lesson);
    if (Object.keys(this.files).length || this.sql) {
      const payload: SharePayload = { v: 1, lesson: this.lesson, overlay: this.files, sql: this.sql || undefined };
      url.hash = `${fragmentKey}=${await encodePayload(payload)}`;
    }
    const frame = document.createElement('iframe');
    frame.title = `Retort playground${this.lesson ? `: ${this.lesson}` : ''}`;
    frame.style.height = this.fixedHeight() ?? '480px';
    frame.setAttribute('allow', 'clipboard-write');
    frame.src = url.href;
    this.frame = frame;
    this.replaceChildren(frame);
    if (frame.contentWindow) frames.set(frame.contentWindow, this);
  }

  /** A message from this element's iframe. */
  receive(msg: EmbedMessage): void {
    if (msg.type === 'height') {
      if (!this.fixedHeight() && this.frame) {
        const max = Number(this.getAttribute('max-height')) || 1200;
        this.frame.style.height = `${Math.min(Math.max(msg.height, 200), max)}px`;
      }
      return;
    }
    // Only the documented events, with their documented fields.
    if (msg.type === 'ready') this.dispatchEvent(new CustomEvent('ready', { detail: { lesson: msg.lesson }, bubbles: true }));
    else if (msg.type === 'step') this.dispatchEvent(new CustomEvent('step', { detail: { command: msg.command, current: [...msg.current] }, bubbles: true }));
  }
}

if (!customElements.get('retort-playground')) customElements.define('retort-playground', RetortPlayground);

/** The older form: <div data-retort-example="id" data-height="560">. */
function mountLegacy(el: HTMLElement): void {
  if (el.dataset.retortMounted) return;
  el.dataset.retortMounted = '1';
  const pg = document.createElement('retort-playground');
  const example = el.dataset.retortExample ?? '';
  if (example) pg.setAttribute('lesson', example);
  pg.setAttribute('height', el.dataset.height || '560');
  pg.setAttribute('loading', 'eager');
  el.replaceChildren(pg);
}

function mountAll(): void {
  document.querySelectorAll<HTMLElement>('[data-retort-example]').forEach(mountLegacy);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
else mountAll();
