/**
 * Block Kit as DOM, for messages, modals and the Home tab: sections (mrkdwn, fields, accessories), headers,
 * context, dividers, images, actions (buttons with styles and confirm dialogs, overflow menus, selects, radio
 * buttons, checkboxes) and, through `ctx.input`, input blocks. Anything else is shown as its JSON, never dropped.
 *
 * `ctx`: { names, act(ref, choice, label) → Promise, input?(block, index) → Node }. A `ref` names the element as
 * the stand-in finds it: its action id and the position of its block.
 */
import { confirmDialog } from './dialog.js';
import { h, uniqueId } from './dom.js';
import { mrkdwn, plainText } from './mrkdwn.js';

export function renderBlocks(blocks, ctx) {
  if (!Array.isArray(blocks)) return [unknown(blocks)];
  return blocks.map((block, index) => {
    let body;
    try {
      body = renderBlock(block, index, ctx);
    } catch (error) {
      console.warn('could not draw a block', block, error);
      body = unknown(block);
    }
    return h(
      'div',
      {
        class: 'bk-block',
        dataset: {
          blockIndex: String(index),
          type: String(block?.type ?? ''),
          blockId: block?.block_id ?? '',
        },
      },
      body,
    );
  });
}

function renderBlock(block, index, ctx) {
  switch (block?.type) {
    case 'section':
      return section(block, index, ctx);
    case 'header':
      return h('h3', { class: 'bk-header' }, textObject(block.text, ctx));
    case 'context':
      return h(
        'div',
        { class: 'bk-context' },
        block.elements.map((element) => contextElement(element, ctx)),
      );
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'image':
      return imageBlock(block, ctx);
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions' },
        block.elements.map((element) => interactive(element, index, ctx)),
      );
    case 'input':
      return ctx.input ? ctx.input(block, index) : unknown(block);
    default:
      return unknown(block);
  }
}

/** What the renderer does not draw: its JSON, so nothing the bot sends goes missing. */
export function unknown(value) {
  const type =
    typeof value === 'object' && value !== null && typeof value.type === 'string' ? value.type : typeof value;
  return h(
    'div',
    { class: 'bk-unknown', dataset: { unknownType: type } },
    h('div', { class: 'bk-unknown-label' }, `Block Kit this page does not draw (${type}), as JSON:`),
    h('pre', {}, JSON.stringify(value, null, 2)),
  );
}

export function textObject(text, ctx) {
  if (typeof text !== 'object' || text === null || typeof text.text !== 'string') return unknown(text);
  if (text.type === 'mrkdwn') return h('span', { class: 'mrkdwn' }, mrkdwn(text.text, ctx.names));
  return h('span', { class: 'plain' }, plainText(text.text, text.emoji !== false));
}

function section(block, index, ctx) {
  const main = h(
    'div',
    { class: 'bk-section-main' },
    block.text ? h('div', { class: 'bk-text' }, textObject(block.text, ctx)) : null,
    Array.isArray(block.fields)
      ? h(
          'div',
          { class: 'bk-fields' },
          block.fields.map((field) => h('div', { class: 'bk-field' }, textObject(field, ctx))),
        )
      : null,
  );
  const accessory = block.accessory
    ? h('div', { class: 'bk-accessory' }, interactive(block.accessory, index, ctx))
    : null;
  return h('div', { class: 'bk-section' }, main, accessory);
}

function contextElement(element, ctx) {
  if (element?.type === 'image')
    return h('img', { class: 'bk-context-image', src: element.image_url, alt: element.alt_text ?? '' });
  if (element?.type === 'mrkdwn' || element?.type === 'plain_text') return textObject(element, ctx);
  return unknown(element);
}

function imageBlock(block, ctx) {
  return h(
    'figure',
    { class: 'bk-image' },
    block.title ? h('figcaption', {}, textObject(block.title, ctx)) : null,
    h('img', {
      src: block.image_url ?? block.slack_file?.url ?? '',
      alt: block.alt_text ?? '',
      loading: 'lazy',
    }),
  );
}

/** An element of an actions block or a section's accessory. */
function interactive(element, blockIndex, ctx) {
  const ref = { actionId: element?.action_id, blockIndex };
  switch (element?.type) {
    case 'button':
      return button(element, ref, ctx);
    case 'overflow':
      return overflow(element, ref, ctx);
    case 'static_select':
    case 'multi_static_select':
      return select(element, ref, ctx);
    case 'radio_buttons':
    case 'checkboxes':
      return choices(element, ref, ctx);
    case 'image':
      return h('img', { class: 'bk-accessory-image', src: element.image_url, alt: element.alt_text ?? '' });
    default:
      return unknown(element);
  }
}

/** Runs `then` once the element's confirm dialog (if it has one) is accepted. */
async function confirmed(element, ctx) {
  return element.confirm ? confirmDialog(element.confirm, ctx.names) : true;
}

function button(element, ref, ctx) {
  const style = element.style === 'primary' ? 'bk-primary' : element.style === 'danger' ? 'bk-danger' : '';
  const node = h(
    'button',
    {
      type: 'button',
      class: `bk-button ${style}`,
      dataset: { actionId: element.action_id ?? '' },
      'data-confirm': element.confirm ? 'true' : undefined,
      onclick: async () => {
        if (!(await confirmed(element, ctx))) return;
        node.disabled = true;
        try {
          await ctx.act(ref, {}, element.text?.text ?? 'a button');
        } finally {
          node.disabled = false;
        }
      },
    },
    textObject(element.text, ctx),
  );
  if (element.url) node.title = element.url;
  return node;
}

function overflow(element, ref, ctx) {
  const menuId = uniqueId('menu');
  const menu = h(
    'div',
    { class: 'bk-menu', role: 'menu', id: menuId, hidden: true },
    (element.options ?? []).map((option) =>
      h(
        'button',
        {
          type: 'button',
          role: 'menuitem',
          onclick: async () => {
            menu.hidden = true;
            toggle.setAttribute('aria-expanded', 'false');
            if (!(await confirmed(element, ctx))) return;
            await ctx.act(ref, { selected: [option.value] }, option.text?.text);
          },
        },
        textObject(option.text, ctx),
      ),
    ),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'bk-button bk-overflow',
      'aria-label': 'More actions',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'aria-controls': menuId,
      dataset: { actionId: element.action_id ?? '' },
      onclick: (event) => {
        event.stopPropagation();
        menu.hidden = !menu.hidden;
        toggle.setAttribute('aria-expanded', String(!menu.hidden));
      },
    },
    '⋯',
  );
  return h('span', { class: 'bk-overflow-wrap' }, toggle, menu);
}

/** The options of a select as <option>s, grouped when the element has option groups. */
export function selectOptions(element, selectedValues) {
  const option = (choice) =>
    h(
      'option',
      { value: choice.value, selected: selectedValues.includes(choice.value) },
      choice.text?.text ?? choice.value,
    );
  if (Array.isArray(element.option_groups)) {
    return element.option_groups.map((group) =>
      h('optgroup', { label: group.label?.text ?? '' }, (group.options ?? []).map(option)),
    );
  }
  return (element.options ?? []).map(option);
}

function select(element, ref, ctx) {
  const multiple = element.type === 'multi_static_select';
  const initial = multiple
    ? (element.initial_options ?? []).map((choice) => choice.value)
    : element.initial_option
      ? [element.initial_option.value]
      : [];
  const placeholder = element.placeholder?.text ?? 'Select an item';
  const node = h(
    'select',
    {
      class: 'bk-select',
      multiple,
      'aria-label': placeholder,
      dataset: { actionId: element.action_id ?? '' },
      onchange: async () => {
        const values = [...node.selectedOptions]
          .map((choice) => choice.value)
          .filter((value) => value !== '');
        if (!(await confirmed(element, ctx))) return;
        await ctx.act(ref, { selected: values }, values.join(', '));
      },
    },
    multiple ? null : h('option', { value: '', disabled: true, selected: initial.length === 0 }, placeholder),
    selectOptions(element, initial),
  );
  return node;
}

function choices(element, ref, ctx) {
  const radio = element.type === 'radio_buttons';
  const name = uniqueId('choice');
  const initial = radio
    ? [element.initial_option?.value]
    : (element.initial_options ?? []).map((choice) => choice.value);
  const group = h(
    'div',
    {
      class: 'bk-choices',
      role: radio ? 'radiogroup' : 'group',
      dataset: { actionId: element.action_id ?? '' },
    },
    (element.options ?? []).map((choice) =>
      h(
        'label',
        { class: 'bk-choice' },
        h('input', {
          type: radio ? 'radio' : 'checkbox',
          name,
          value: choice.value,
          checked: initial.includes(choice.value),
          onchange: async () => {
            const values = [...group.querySelectorAll('input:checked')].map((input) => input.value);
            if (!(await confirmed(element, ctx))) return;
            await ctx.act(ref, { selected: values }, values.join(', '));
          },
        }),
        textObject(choice.text, ctx),
      ),
    ),
  );
  return group;
}
