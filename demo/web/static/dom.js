/**
 * Builds DOM nodes. Text is always added as text nodes, never as HTML, so whatever the bot sends (or a user typed
 * into a command it echoes) cannot inject markup into the page.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  element.append(
    ...children.flat(Infinity).filter((child) => child !== undefined && child !== null && child !== false),
  );
  return element;
}

let serial = 0;

/** An id unique in this page, for label/aria wiring. */
export function uniqueId(prefix) {
  serial += 1;
  return `${prefix}-${serial}`;
}
