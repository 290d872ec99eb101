/**
 * The person's open modals, drawn as Slack draws them: the top view of the stack with its title, blocks, close
 * and submit buttons (and a back arrow over a pushed view). A view is rebuilt only when its id or hash changes, and
 * what was typed is carried over when the app updates the same view, as Slack keeps input state across updates.
 * Field errors from `response_action: errors` are shown under their field without touching what was typed.
 *
 * `ctx`: { names, act(on, ref, choice, label), submit(viewId, values) → Promise, close(viewId, all) → Promise,
 * suggest(viewId, ref, value) → Promise<options answer> }.
 */
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { inputBlock, REQUIRED } from './inputs.js';
import { plainText } from './mrkdwn.js';

export function createModalLayer(layer, ctx) {
  let shown = null;
  /** The view an Escape is closing, so a held key sends one close, not many. */
  let closing = null;

  // Escape closes the top view, as its Cancel (or back) button does; a confirm dialog over it, or an open
  // type-ahead list in it, takes the Escape first.
  document.addEventListener('keydown', async (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || shown === null) return;
    if (document.getElementById('dialog-layer')?.childElementCount) return;
    event.preventDefault();
    if (closing === shown.id) return;
    closing = shown.id;
    try {
      await ctx.close(shown.id, false);
    } finally {
      closing = null;
    }
  });

  function values() {
    const result = {};
    for (const field of shown?.fields ?? []) {
      result[field.blockId] = { ...(result[field.blockId] ?? {}), [field.actionId]: field.read() };
    }
    return result;
  }

  function showErrors(errors) {
    for (const field of shown.fields) field.showError(errors?.[field.blockId]);
  }

  function build(top, depth, carried) {
    const view = top.view;
    const fields = [];
    const state = (blockId, actionId) => carried[blockId]?.[actionId] ?? top.values?.[blockId]?.[actionId];
    const blockCtx = {
      names: ctx.names(),
      act: (ref, choice, label) => ctx.act({ view: top.id }, ref, { ...choice, values: values() }, label),
      input: (block, index) => {
        const drawn = inputBlock(
          block,
          index,
          state(block.block_id ?? `input-${index}`, block.element?.action_id),
          {
            names: ctx.names(),
            suggest: (ref, typed) => ctx.suggest(top.id, ref, typed),
          },
        );
        if (drawn.field) fields.push(drawn.field);
        return drawn.node;
      },
    };
    const submit = view.submit
      ? h(
          'button',
          { type: 'submit', class: 'bk-button bk-primary' },
          plainText(view.submit.text ?? 'Submit'),
        )
      : null;
    const form = h(
      'form',
      {
        class: 'modal-form',
        novalidate: true,
        onsubmit: async (event) => {
          event.preventDefault();
          if (!submit) return;
          // Slack checks required fields itself and sends nothing while one is empty.
          const missing = fields.filter((field) => !field.optional && field.empty());
          for (const field of fields) field.showError(missing.includes(field) ? REQUIRED : undefined);
          if (missing.length > 0) return;
          submit.disabled = true;
          try {
            await ctx.submit(top.id, values());
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('div', { class: 'modal-body' }, renderBlocks(view.blocks, blockCtx)),
      h(
        'footer',
        { class: 'modal-footer' },
        h(
          'button',
          { type: 'button', class: 'bk-button', onclick: () => ctx.close(top.id, false) },
          plainText(view.close?.text ?? 'Cancel'),
        ),
        submit,
      ),
    );
    const dialog = h(
      'div',
      {
        class: 'modal',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': 'modal-title',
        dataset: { viewId: top.id, callbackId: view.callback_id ?? '' },
      },
      h(
        'header',
        { class: 'modal-header' },
        depth > 1
          ? h(
              'button',
              {
                type: 'button',
                class: 'modal-icon',
                'aria-label': 'Back',
                onclick: () => ctx.close(top.id, false),
              },
              '‹',
            )
          : null,
        h('h2', { id: 'modal-title' }, plainText(view.title?.text ?? '')),
        h(
          'button',
          {
            type: 'button',
            class: 'modal-icon',
            'aria-label': 'Close',
            onclick: () => ctx.close(top.id, true),
          },
          '×',
        ),
      ),
      form,
    );
    return { id: top.id, hash: top.hash, fields, node: h('div', { class: 'backdrop' }, dialog) };
  }

  return {
    render(modals) {
      const top = modals.at(-1);
      if (!top) {
        shown = null;
        layer.replaceChildren();
        return;
      }
      if (shown && shown.id === top.id && shown.hash === top.hash) {
        showErrors(top.errors);
        return;
      }
      const carried = shown && shown.id === top.id ? values() : {};
      const hadFocus = layer.contains(document.activeElement);
      shown = build(top, modals.length, carried);
      layer.replaceChildren(shown.node);
      showErrors(top.errors);
      if (!hadFocus) shown.node.querySelector('input, textarea, select, button')?.focus();
    },
  };
}
