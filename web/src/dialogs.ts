// Modal dialogs: the engine's questions (a rename, a data-loss confirmation)
// and the Autogenerate message prompt.

import type { QuestionEvent } from './engine';
import { h } from './dom';

const titles: Record<string, string> = {
  rename: 'Rename or drop and add?',
  dataloss: 'This step deletes data',
};

/** How an option reads on its button. */
const labels: Record<string, string> = { y: 'Yes', n: 'No' };

/** Shows a question; resolves with the option chosen. The default (the first option, "n") has the focus and is what Escape answers. */
export function askQuestion(q: QuestionEvent): Promise<string> {
  return new Promise((resolve) => {
    const title = titles[q.kind] ?? 'Question';
    const titleId = `q-title-${q.questionId}`;
    const dialog = h('dialog', { class: `question ${q.kind}`, 'aria-labelledby': titleId });
    const buttons = h('div', { class: 'buttons' });
    q.options.forEach((opt, i) => {
      buttons.append(h('button', {
        type: 'button',
        value: opt,
        class: i === 0 ? 'default' : q.kind === 'dataloss' ? 'danger' : '',
        autofocus: i === 0,
        onclick: () => finish(opt),
      }, labels[opt] ?? opt));
    });
    dialog.append(h('h2', { id: titleId }, title), h('p', {}, q.text), buttons);
    let done = false;
    const finish = (choice: string) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(choice);
    };
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(q.options[0] ?? '');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Asks for an autogenerate message; resolves with null on Cancel. */
export function promptMessage(defaultMessage: string): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h('input', { type: 'text', name: 'message', value: defaultMessage, required: true, autocomplete: 'off', spellcheck: 'false' });
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'autogen-title' }, 'Autogenerate a revision'),
      h('label', {}, 'Message ', input),
      h('p', { class: 'hint' }, 'Runs ', h('code', {}, 'alembic revision --autogenerate -m "…"'), ': compares models.py with the database and writes a migration script.'),
      h('div', { class: 'buttons' },
        h('button', { type: 'submit', value: 'ok', class: 'primary' }, 'Generate'),
        h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel'),
      ),
    );
    const dialog = h('dialog', { class: 'prompt', 'aria-labelledby': 'autogen-title' }, form);
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok' && input.value.trim() !== '';
      dialog.remove();
      resolve(ok ? input.value.trim() : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.select();
  });
}
