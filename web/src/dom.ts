// Tiny DOM helpers.

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | null | undefined | false;

/** h('button', {class: 'x', onclick: f}, 'Text') creates an element. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page: no #${id}`);
  return el as T;
}

export function formatCount(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Replaces el's children (skipping null/false). */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/**
 * Keeps a scrolling log at its bottom as lines are added, while the reader
 * is there. Whether they are is learnt from scroll events and the scroll
 * itself waits for the next frame, so appending a line never forces a
 * layout (at page load, each forced layout cost tens of ms).
 */
export class BottomScroller {
  private atBottom = true;
  private pending = false;

  constructor(private readonly el: HTMLElement) {
    el.addEventListener('scroll', () => {
      if (!this.pending) this.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    }, { passive: true });
  }

  /** Call after appending: scrolls to the bottom at the next frame if the reader was there (always, with force). */
  follow(force = false): void {
    if (!force && !this.atBottom) return;
    this.atBottom = true;
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.el.scrollTop = this.el.scrollHeight;
      this.pending = false;
    });
  }
}

/**
 * Makes host's children nodes, in order, moving only what is out of place:
 * a node kept from before stays put (no new style, layout or paint for it).
 */
export function place(host: HTMLElement, nodes: Node[]): void {
  const keep = new Set(nodes);
  for (const child of [...host.childNodes]) if (!keep.has(child)) child.remove();
  // What is left is in its old order: a new node goes in before the next
  // kept one, and a kept node is moved only when out of order.
  let at = host.firstChild;
  for (const n of nodes) {
    if (n === at) at = at.nextSibling;
    else host.insertBefore(n, at);
  }
}
