/**
 * Input blocks in a modal: the element, its label, hint and error, and how it reads back as Slack's
 * `view.state.values` entry. Supported: plain_text_input, number/email/url inputs, static and multi-static selects,
 * external_select (type-ahead through the app's block_suggestion answer), checkboxes, radio buttons, datepicker.
 */
import { selectOptions, textObject, unknown } from './blocks.js';
import { h, uniqueId } from './dom.js';
import { plainText } from './mrkdwn.js';

export const REQUIRED = 'Please complete this required field.';

/**
 * Returns { node, field } where field = { blockId, actionId, optional, read(), empty(), showError(text) }, or no
 * field when the element is not one this page can draw.
 */
export function inputBlock(block, index, state, ctx) {
  const element = block.element ?? {};
  const blockId = block.block_id ?? `input-${index}`;
  const actionId = element.action_id ?? `action-${index}`;
  const id = uniqueId('input');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const control = CONTROLS[element.type]?.(element, {
    id,
    describedBy: `${hintId} ${errorId}`,
    state,
    ctx,
    blockIndex: index,
  });
  const label = h(
    'label',
    { class: 'bk-label', for: control?.labelled === false ? undefined : id, id: `${id}-label` },
    textObject(block.label, ctx),
    block.optional ? h('span', { class: 'bk-optional' }, ' (optional)') : null,
  );
  const error = h('p', { class: 'bk-field-error', id: errorId, role: 'alert', hidden: true });
  const node = h(
    'div',
    { class: 'bk-input', dataset: { blockId, actionId, elementType: String(element.type ?? '') } },
    label,
    control ? control.node : unknown(element),
    block.hint ? h('p', { class: 'bk-hint', id: hintId }, textObject(block.hint, ctx)) : null,
    error,
  );
  if (control === undefined) return { node };
  if (control.labelled === false) control.node.setAttribute('aria-labelledby', `${id}-label`);
  const showError = (text) => {
    error.textContent = text ?? '';
    error.hidden = !text;
    node.classList.toggle('has-error', Boolean(text));
  };
  return {
    node,
    field: {
      blockId,
      actionId,
      optional: Boolean(block.optional),
      read: control.read,
      empty: control.empty,
      showError,
    },
  };
}

const TEXT_TYPES = {
  plain_text_input: 'text',
  number_input: 'number',
  email_text_input: 'email',
  url_text_input: 'url',
};

function textInput(element, { id, describedBy, state }) {
  const multiline = element.type === 'plain_text_input' && element.multiline;
  const node = h(multiline ? 'textarea' : 'input', {
    id,
    class: 'bk-text-input',
    type: multiline ? undefined : TEXT_TYPES[element.type],
    step: element.type === 'number_input' && element.is_decimal_allowed ? 'any' : undefined,
    placeholder: element.placeholder?.text,
    maxlength: element.max_length,
    minlength: element.min_length,
    rows: multiline ? 4 : undefined,
    'aria-describedby': describedBy,
  });
  node.value = state?.value ?? element.initial_value ?? '';
  return {
    node,
    read: () => ({ type: element.type, value: node.value === '' ? null : node.value }),
    empty: () => node.value.trim() === '',
  };
}

function optionsOf(element) {
  return [
    ...(element.options ?? []),
    ...(element.option_groups ?? []).flatMap((group) => group.options ?? []),
  ];
}

function staticSelect(element, { id, describedBy, state }) {
  const multiple = element.type === 'multi_static_select';
  const chosen = multiple
    ? (state?.selected_options ?? element.initial_options ?? []).map((option) => option.value)
    : [(state?.selected_option ?? element.initial_option)?.value].filter(Boolean);
  const placeholder = element.placeholder?.text ?? 'Select an item';
  const node = h(
    'select',
    { id, class: 'bk-select', multiple, 'aria-describedby': describedBy },
    multiple ? null : h('option', { value: '' }, placeholder),
    selectOptions(element, chosen),
  );
  const selected = () => {
    const values = [...node.selectedOptions].map((option) => option.value).filter((value) => value !== '');
    return optionsOf(element).filter((option) => values.includes(option.value));
  };
  return {
    node,
    read: () =>
      multiple
        ? { type: element.type, selected_options: selected() }
        : { type: element.type, selected_option: selected()[0] ?? null },
    empty: () => selected().length === 0,
  };
}

function checkOrRadio(element, { id, describedBy, state, ctx }) {
  const radio = element.type === 'radio_buttons';
  const chosen = radio
    ? [(state?.selected_option ?? element.initial_option)?.value]
    : (state?.selected_options ?? element.initial_options ?? []).map((option) => option.value);
  const node = h(
    'div',
    { id, class: 'bk-choices', role: radio ? 'radiogroup' : 'group', 'aria-describedby': describedBy },
    (element.options ?? []).map((option) =>
      h(
        'label',
        { class: 'bk-choice' },
        h('input', {
          type: radio ? 'radio' : 'checkbox',
          name: id,
          value: option.value,
          checked: chosen.includes(option.value),
        }),
        h(
          'span',
          {},
          textObject(option.text, ctx),
          option.description
            ? h('span', { class: 'bk-option-description' }, textObject(option.description, ctx))
            : null,
        ),
      ),
    ),
  );
  const selected = () => {
    const values = [...node.querySelectorAll('input:checked')].map((input) => input.value);
    return (element.options ?? []).filter((option) => values.includes(option.value));
  };
  return {
    node,
    labelled: false,
    read: () =>
      radio
        ? { type: element.type, selected_option: selected()[0] ?? null }
        : { type: element.type, selected_options: selected() },
    empty: () => selected().length === 0,
  };
}

function datepicker(element, { id, describedBy, state }) {
  const node = h('input', { id, type: 'date', class: 'bk-text-input', 'aria-describedby': describedBy });
  node.value = state?.selected_date ?? element.initial_date ?? '';
  return {
    node,
    read: () => ({ type: element.type, selected_date: node.value === '' ? null : node.value }),
    empty: () => node.value === '',
  };
}

/**
 * An external select: the options come from the app. While the person types, the app is asked (block_suggestion)
 * once the text is `min_query_length` long (Slack's default 3); choosing an option keeps it, typing again drops it.
 */
function externalSelect(element, { id, describedBy, state, ctx, blockIndex }) {
  let chosen = state?.selected_option ?? element.initial_option ?? null;
  const listId = `${id}-list`;
  const list = h('ul', { id: listId, class: 'bk-typeahead-list', role: 'listbox', hidden: true });
  const input = h('input', {
    id,
    class: 'bk-text-input',
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': describedBy,
    placeholder: element.placeholder?.text ?? 'Type to search',
  });
  input.value = chosen?.text?.text ?? '';
  const minimum = element.min_query_length ?? 3;
  let asked = 0;
  const hide = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };
  const choose = (option) => {
    chosen = option;
    input.value = option.text?.text ?? option.value;
    hide();
  };
  const show = (answer) => {
    const item = (option) =>
      h(
        'li',
        {
          role: 'option',
          class: 'bk-typeahead-option',
          // mousedown, not click: the input would lose focus (and hide the list) before a click lands.
          onmousedown: (event) => {
            event.preventDefault();
            choose(option);
          },
        },
        plainText(option.text?.text ?? option.value),
      );
    const groups = Array.isArray(answer.option_groups)
      ? answer.option_groups.flatMap((group) => [
          h('li', { role: 'presentation', class: 'bk-typeahead-group' }, group.label?.text ?? ''),
          ...(group.options ?? []).map(item),
        ])
      : (answer.options ?? []).map(item);
    list.replaceChildren(
      ...(groups.length > 0 ? groups : [h('li', { class: 'bk-typeahead-empty' }, 'No results')]),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const lookup = async () => {
    const typed = input.value;
    if (typed.length < minimum) {
      hide();
      return;
    }
    asked += 1;
    const mine = asked;
    const answer = await ctx.suggest({ actionId: element.action_id, blockIndex }, typed);
    if (mine === asked && document.activeElement === input) show(answer);
  };
  input.addEventListener('input', () => {
    chosen = null;
    lookup();
  });
  input.addEventListener('focus', () => lookup());
  input.addEventListener('blur', hide);
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || list.hidden) return;
    // The first Escape closes the list; only the next one closes the modal.
    event.preventDefault();
    hide();
  });
  return {
    node: h('div', { class: 'bk-typeahead' }, input, list),
    read: () => ({ type: element.type, selected_option: chosen }),
    empty: () => chosen === null,
  };
}

const CONTROLS = {
  plain_text_input: textInput,
  number_input: textInput,
  email_text_input: textInput,
  url_text_input: textInput,
  static_select: staticSelect,
  multi_static_select: staticSelect,
  external_select: externalSelect,
  checkboxes: checkOrRadio,
  radio_buttons: checkOrRadio,
  datepicker,
};
