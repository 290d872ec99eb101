/** Block Kit confirm dialogs: the title, the text, and the two buttons; resolves with whether the person confirmed. */
import { h } from './dom.js';
import { mrkdwn, plainText } from './mrkdwn.js';

const layer = () => document.getElementById('dialog-layer');

export function confirmDialog(confirm, names) {
  return new Promise((resolve) => {
    const done = (answer) => {
      layer().replaceChildren();
      document.removeEventListener('keydown', onKey);
      resolve(answer);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') done(false);
    };
    document.addEventListener('keydown', onKey);
    const text =
      confirm.text?.type === 'mrkdwn'
        ? mrkdwn(confirm.text.text, names)
        : plainText(confirm.text?.text ?? '');
    const yes = h(
      'button',
      {
        type: 'button',
        class: `bk-button ${confirm.style === 'danger' ? 'bk-danger' : 'bk-primary'}`,
        onclick: () => done(true),
      },
      plainText(confirm.confirm?.text ?? 'Yes'),
    );
    const dialog = h(
      'div',
      { class: 'backdrop' },
      h(
        'div',
        { class: 'confirm', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-title' },
        h('h2', { id: 'confirm-title' }, plainText(confirm.title?.text ?? 'Are you sure?')),
        h('p', {}, text),
        h(
          'div',
          { class: 'confirm-buttons' },
          h(
            'button',
            { type: 'button', class: 'bk-button', onclick: () => done(false) },
            plainText(confirm.deny?.text ?? 'Cancel'),
          ),
          yes,
        ),
      ),
    );
    layer().replaceChildren(dialog);
    yes.focus();
  });
}
