// A modal dialog offering a few choices (Share, Download .zip, Reset).

import { h } from './dom';

export interface Choice {
  value: string;
  label: string;
  kind?: 'primary' | 'danger';
  /** Runs on click instead of closing the dialog (e.g. Copy link). */
  action?: (button: HTMLButtonElement) => void;
}

let nextId = 0;

/**
 * Shows a dialog with a title, body and buttons; resolves with the chosen
 * value, or "" when closed with Escape.
 */
export function choose(title: string, body: (Node | string | null)[], choices: Choice[], className = ''): Promise<string> {
  return new Promise((resolve) => {
    const titleId = `modal-title-${++nextId}`;
    const dialog = h('dialog', { class: `choice ${className}`.trim(), 'aria-labelledby': titleId });
    let done = false;
    const finish = (value: string) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const buttons = h('div', { class: 'buttons' }, ...choices.map((c, i) => {
      const b = h('button', { type: 'button', value: c.value, class: c.kind ?? null, autofocus: i === 0 }, c.label);
      b.addEventListener('click', () => (c.action ? c.action(b) : finish(c.value)));
      return b;
    }));
    dialog.append(h('h2', { id: titleId }, title), ...body.filter((n): n is Node | string => n !== null), buttons);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish('');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
