/**
 * The playground page: who you act as, which channel or the Home tab you look at, the composer, and everything
 * cdnops shows, redrawn from the server's state whenever the Slack stand-in reports a change (Server-Sent Events).
 */
import { fetchState, post } from './api.js';
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { createModalLayer } from './modal.js';
import { mrkdwn } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const page = {
  as: params.get('as') ?? 'operator',
  in: params.get('in') ?? 'web-ops',
  tab: params.get('tab') === 'home' ? 'home' : 'channel',
  snapshot: null,
  history: [],
};

/**
 * A message's time as the bot would write it: in its configured zone (the server says which), not the browser's.
 * `long` is for the tooltip: the date and seconds too, with the zone's name.
 */
function timeOf(ts, timeZone) {
  const date = new Date(Number(ts) * 1000);
  const format = (options) => {
    try {
      return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(date);
    } catch {
      // An unknown zone name (never from a valid config): the browser's zone, rather than nothing.
      return new Intl.DateTimeFormat('en-GB', options).format(date);
    }
  };
  return {
    short: format({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    long: `${format({ dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' })} ${timeZone}`,
    iso: date.toISOString(),
  };
}

/** Orders Slack ts strings (`<seconds>.<microseconds>`) exactly; as numbers they would lose the microseconds. */
function compareTs(a, b) {
  const [aSeconds, aMicros = '0'] = a.split('.');
  const [bSeconds, bMicros = '0'] = b.split('.');
  return (
    Number(aSeconds) - Number(bSeconds) || Number(aMicros.padEnd(6, '0')) - Number(bMicros.padEnd(6, '0'))
  );
}

/** User and channel ids → what mentions show. */
function names() {
  const known = { UBOT: 'cdnops' };
  for (const person of page.snapshot?.people ?? []) known[person.id] = person.name;
  for (const channel of page.snapshot?.channels ?? []) known[channel.id] = channel.key;
  return known;
}

function toast(text, failed = false) {
  const node = $('toast');
  node.textContent = text;
  node.classList.toggle('failed', failed);
  node.classList.add('shown');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => node.classList.remove('shown'), failed ? 6000 : 2500);
}

async function send(name, body) {
  try {
    return await post(name, body);
  } catch (error) {
    toast(error.message, true);
    return undefined;
  } finally {
    await refresh();
  }
}

const modals = createModalLayer($('modal-layer'), {
  names,
  act: (on, ref, choice, label) => act(on, ref, choice, label),
  submit: (viewId, values) => send('submit', { as: page.as, viewId, values }),
  close: (viewId, all) => send('close', { as: page.as, viewId, all }),
  suggest: async (viewId, element, value) => {
    try {
      return await post('suggest', { as: page.as, viewId, element, value });
    } catch (error) {
      toast(error.message, true);
      return { options: [] };
    }
  },
});

function act(on, element, choice) {
  return send('action', { as: page.as, in: page.in, on, element, ...choice });
}

// ---- Reading the state: one request at a time, the latest wins.

let loading;
let stale = false;

function refresh() {
  if (loading) {
    stale = true;
    return loading;
  }
  loading = (async () => {
    do {
      stale = false;
      const wanted = { as: page.as, in: page.in };
      try {
        const snapshot = await fetchState(wanted.as, wanted.in);
        if (snapshot.as === page.as && snapshot.in === page.in) render(snapshot);
        else stale = true;
      } catch (error) {
        toast(`Cannot reach the demo: ${error.message}`, true);
      }
    } while (stale);
  })().finally(() => {
    loading = undefined;
  });
  return loading;
}

// ---- Drawing.

function render(snapshot) {
  page.snapshot = snapshot;
  renderControls(snapshot);
  if (page.tab === 'home') renderHome(snapshot);
  else renderChannel(snapshot);
  modals.render(snapshot.modals);
  document.body.dataset.ready = 'true';
}

function renderControls(snapshot) {
  const select = $('person');
  if (select.options.length === 0) {
    select.append(...snapshot.people.map((person) => h('option', { value: person.key }, person.name)));
  }
  select.value = page.as;
  $('channels').replaceChildren(
    ...snapshot.channels.map((channel) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'nav-item',
            'aria-current': page.tab === 'channel' && channel.key === page.in ? 'page' : undefined,
            dataset: { channel: channel.key },
            title: channel.note,
            onclick: () => {
              showNav(false);
              go({ in: channel.key, tab: 'channel' });
            },
          },
          `# ${channel.key}`,
          h('span', { class: 'nav-note' }, channel.note),
        ),
      ),
    ),
  );
  $('home-tab').setAttribute('aria-current', page.tab === 'home' ? 'page' : 'false');
  $('channel-view').hidden = page.tab !== 'channel';
  $('home-view').hidden = page.tab !== 'home';
}

/** Commands naming the sandbox's ports, which only the server knows; a click puts one in the composer. */
function renderExamples(snapshot) {
  const hint = $('composer-examples');
  const examples = snapshot.examples ?? [];
  hint.hidden = examples.length === 0;
  hint.replaceChildren(
    'Try: ',
    ...examples.map((text) =>
      h(
        'button',
        { type: 'button', class: 'example', onclick: () => ($('composer-input').value = text) },
        text,
      ),
    ),
  );
}

/**
 * The alert demo's controls: a 5xx incident on a demo domain, then its recovery, each moving the demo clock so the
 * watch rule's message fires, is edited and resolves within a minute. Hidden when the demo stages no incidents.
 */
function renderAlertDemo(snapshot) {
  const form = $('alert-demo');
  const alerts = snapshot.alerts;
  form.hidden = !alerts;
  if (!alerts) return;
  const select = $('incident-domain');
  if (select.options.length === 0) {
    select.append(...alerts.domains.map((domain) => h('option', { value: domain }, domain)));
  }
  $('alert-demo-note').textContent =
    page.alertNote ??
    `site-errors (5xx > 5%) posts in #${alerts.channel}; click Acknowledge on it, then Recover.`;
}

/** Runs an incident control with both buttons off meanwhile (it moves the clock and waits for the rule to look). */
async function incidentControl(name) {
  const buttons = [$('incident-start'), $('incident-recover')];
  for (const button of buttons) button.disabled = true;
  try {
    const answer = await send(name, { domain: $('incident-domain').value });
    if (answer === undefined) return;
    // Said beside the controls rather than in a toast, which would cover them and be gone before it is read.
    page.alertNote =
      name === 'incident' ? `${answer.said} Click Acknowledge on it, then Recover.` : answer.said;
    $('alert-demo-note').textContent = page.alertNote;
    if (answer.channel !== page.in || page.tab !== 'channel') go({ in: answer.channel, tab: 'channel' });
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

function renderChannel(snapshot) {
  renderExamples(snapshot);
  renderAlertDemo(snapshot);
  const channel = snapshot.channels.find((candidate) => candidate.key === snapshot.in);
  $('channel-title').textContent = `# ${snapshot.in}`;
  $('channel-note').textContent = channel ? `${channel.id} · ${channel.note}` : '';
  const zone = $('channel-zone');
  zone.textContent = `times in ${snapshot.timezone}`;
  zone.title = 'cdnops’s configured time zone (its config’s timezone), which every time it writes is in too';
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  // What this person typed goes before whatever was posted in the same instant: it came first.
  const entries = [
    ...(snapshot.typed ?? []).map((typed) => ({ ts: typed.ts, order: 0, node: () => typedNode(typed) })),
    ...snapshot.messages.map((message) => ({
      ts: message.ts,
      order: 1,
      node: () => messageNode(message, false),
    })),
  ].sort((a, b) => compareTs(a.ts, b.ts) || a.order - b.order);
  list.replaceChildren(
    ...(entries.length === 0
      ? [h('p', { class: 'empty' }, 'Nothing here yet. Type a /cdn command below.')]
      : entries.map((entry) => entry.node())),
  );
  if (atBottom || !renderChannel.drawn) list.scrollTop = list.scrollHeight;
  renderChannel.drawn = true;
}

/**
 * A command this person typed, faint and marked as theirs alone: Slack shows nobody their slash commands, so this is
 * a courtesy of the playground, drawn unlike any message of the bot's (no avatar, no name, no APP badge).
 */
function typedNode(typed) {
  const time = timeOf(typed.ts, page.snapshot?.timezone);
  const person = page.snapshot?.people.find((candidate) => candidate.key === page.as);
  return h(
    'div',
    {
      class: 'typed',
      role: 'note',
      'aria-label': 'You typed, only visible to you',
      dataset: { ts: typed.ts },
    },
    h('span', { class: 'typed-who' }, `${person?.name.replace(/ \(.*\)$/, '') ?? 'You'} typed`),
    h('code', { class: 'typed-text' }, typed.text),
    h(
      'span',
      { class: 'typed-note' },
      'only visible to you · ',
      h('time', { datetime: time.iso, title: time.long }, time.short),
    ),
  );
}

function messageNode(message, isReply) {
  const time = timeOf(message.ts, page.snapshot?.timezone);
  const ctx = {
    names: names(),
    act: (ref, choice, label) => act({ message: message.ts }, ref, choice, label),
  };
  const body =
    Array.isArray(message.blocks) && message.blocks.length > 0
      ? renderBlocks(message.blocks, ctx)
      : [h('div', { class: 'bk-text' }, mrkdwn(message.text, ctx.names))];
  return h(
    'article',
    {
      class: `message${message.ephemeral ? ' ephemeral' : ''}${isReply ? ' reply' : ''}`,
      dataset: { ts: message.ts, edits: String(message.edits), ephemeral: String(message.ephemeral) },
      'aria-label': message.ephemeral ? 'cdnops, only visible to you' : 'cdnops',
    },
    h('div', { class: 'avatar', 'aria-hidden': 'true' }, 'CDN'),
    h(
      'div',
      { class: 'message-body' },
      h(
        'div',
        { class: 'message-meta' },
        h('strong', {}, 'cdnops'),
        h('span', { class: 'app-badge' }, 'APP'),
        h('time', { datetime: time.iso, title: time.long }, time.short),
        message.edits > 0
          ? h('span', { class: 'edited', title: `edited ${message.edits}×` }, '(edited)')
          : null,
      ),
      message.ephemeral ? h('div', { class: 'ephemeral-note' }, 'Only visible to you') : null,
      h('div', { class: 'blocks' }, body),
      message.replies?.length > 0
        ? h(
            'div',
            { class: 'thread', 'aria-label': 'Thread' },
            h(
              'div',
              { class: 'thread-count' },
              `${message.replies.length} ${message.replies.length === 1 ? 'reply' : 'replies'}`,
            ),
            message.replies.map((reply) => messageNode(reply, true)),
          )
        : null,
    ),
  );
}

function renderHome(snapshot) {
  const person = snapshot.people.find((candidate) => candidate.key === snapshot.as);
  $('home-note').textContent = person ? `What cdnops shows ${person.name} on its Home tab` : '';
  const home = snapshot.home;
  $('home').replaceChildren(
    ...(home
      ? [
          h(
            'div',
            { class: 'home-view-blocks', dataset: { viewId: home.id } },
            renderBlocks(home.view.blocks, {
              names: names(),
              act: (ref, choice, label) => act({ view: home.id }, ref, choice, label),
            }),
          ),
        ]
      : [h('p', { class: 'empty' }, 'Loading the Home tab…')]),
  );
}

// ---- Moving around.

function go(change) {
  const openingHome =
    change.tab === 'home' || (change.as !== undefined && (change.tab ?? page.tab) === 'home');
  Object.assign(page, change);
  const url = new URL(location.href);
  url.searchParams.set('as', page.as);
  url.searchParams.set('in', page.in);
  url.searchParams.set('tab', page.tab);
  history.replaceState(null, '', url);
  renderChannel.drawn = false;
  // Slack tells the app each time someone opens its Home tab; the app answers by publishing it.
  if (openingHome) send('home', { as: page.as });
  else refresh();
}

/** On a narrow window the sidebar is a drawer over the channel, opened by the ☰ button. */
function showNav(open) {
  document.body.classList.toggle('nav-open', open);
  $('nav-toggle').setAttribute('aria-expanded', String(open));
}

$('nav-toggle').addEventListener('click', () => showNav(!document.body.classList.contains('nav-open')));
$('person').addEventListener('change', (event) => go({ as: event.target.value }));
$('home-tab').addEventListener('click', () => {
  showNav(false);
  go({ tab: 'home' });
});
$('finish').addEventListener('click', async () => {
  if (await send('finish', {})) toast('Every pending sandbox task is finished; cdnops polls now.');
});

$('alert-demo').addEventListener('submit', (event) => {
  event.preventDefault();
  incidentControl('incident');
});
$('incident-recover').addEventListener('click', () => incidentControl('recover'));

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (text === '') return;
  if (!text.startsWith('/cdn')) {
    toast('Only /cdn commands reach cdnops here, e.g. /cdn help', true);
    return;
  }
  page.history.push(text);
  page.historyAt = page.history.length;
  input.value = '';
  await send('command', { as: page.as, in: page.in, text });
});
$('composer-input').addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
  const step = event.key === 'ArrowUp' ? -1 : 1;
  const at = Math.min(page.history.length, Math.max(0, (page.historyAt ?? page.history.length) + step));
  page.historyAt = at;
  event.target.value = page.history[at] ?? '';
  event.preventDefault();
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !event.defaultPrevented && document.body.classList.contains('nav-open')) {
    showNav(false);
  }
});

// Open menus close when clicking anywhere else.
document.addEventListener('click', (event) => {
  for (const menu of document.querySelectorAll('.bk-menu:not([hidden])')) {
    if (!menu.parentElement.contains(event.target)) {
      menu.hidden = true;
      menu.parentElement.querySelector('[aria-expanded]')?.setAttribute('aria-expanded', 'false');
    }
  }
});

// A (re)loaded page starts with no modal open, as a reloaded Slack client does: the server closes this person's
// modals before the page first reads its state and before it listens for changes, so none is drawn even briefly.
try {
  await post('opened', { as: page.as });
} catch (error) {
  toast(error.message, true);
}
new EventSource('/api/events').addEventListener('changed', () => refresh());
go({ tab: page.tab });
