import { describe, expect, it } from 'vitest';
import { renderBlocksAsText } from '../../src/render/blocks-to-text.ts';

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text };
}

function plain(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text };
}

function renderSection(text: string): string {
  return renderBlocksAsText({ blocks: [{ type: 'section', text: mrkdwn(text) }] });
}

describe('renderBlocksAsText', () => {
  it('renders the top-level text as mrkdwn when there are no blocks', () => {
    expect(renderBlocksAsText({ text: '*Purged* 2 URLs' })).toBe('Purged 2 URLs');
    expect(renderBlocksAsText({ text: 'fallback', blocks: [] })).toBe('fallback');
    expect(renderBlocksAsText({})).toBe('');
  });

  it('shows the blocks, not the fallback text, when there are blocks', () => {
    const rendered = renderBlocksAsText({
      text: 'fallback',
      blocks: [{ type: 'section', text: plain('shown') }],
    });

    expect(rendered).toBe('shown');
  });

  it('underlines a header, or makes it bold and underlined in colour', () => {
    const blocks = [{ type: 'header', text: plain('CDN hosts') }];

    expect(renderBlocksAsText({ blocks })).toBe('CDN hosts\n═════════');
    expect(renderBlocksAsText({ blocks }, { color: true })).toBe(
      '\u001b[4m\u001b[1mCDN hosts\u001b[22m\u001b[24m',
    );
  });

  it.each([
    ['*bold* text', 'bold text'],
    ['an _italic_ word', 'an italic word'],
    ['~gone~ now', 'gone now'],
    ['run `cdn purge` now', 'run `cdn purge` now'],
    ['see <https://a.example/x|the docs>', 'see the docs (https://a.example/x)'],
    ['see <https://a.example/x>', 'see https://a.example/x'],
    ['ping <@U123>', 'ping @U123'],
    ['in <#C123|cdn-ops>', 'in #cdn-ops'],
    ['in <#C123>', 'in #C123'],
    ['<!here> heads up', '@here heads up'],
    ['<!subteam^S1|@cdn-admins> approve', '@cdn-admins approve'],
    ['<!date^1700000000^{date}|Nov 14> done', 'Nov 14 done'],
    ['a &amp; b &lt;tag&gt;', 'a & b <tag>'],
    ['&amp;lt; stays escaped', '&lt; stays escaped'],
    ['snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['<https://a.example/_x_/*y*|link>', 'link (https://a.example/_x_/*y*)'],
    ['status :large_green_circle: :unknown_emoji:', 'status 🟢 :unknown_emoji:'],
    // The alert's acknowledgement, mute and worsening lines, the certificate and `ip` lines.
    [':eyes: Acknowledged :mute: muted :arrow_up: Worse', '👀 Acknowledged 🔇 muted ⬆ Worse'],
    [':closed_lock_with_key: cert :heavy_minus_sign: not a node', '🔐 cert ➖ not a node'],
  ])('converts mrkdwn %j', (input, expected) => {
    expect(renderSection(input)).toBe(expected);
  });

  it('names people by their user id when told their names, as Slack shows them', () => {
    const userNames = new Map([['U0DEMOOPER', 'otto']]);

    expect(renderBlocksAsText({ text: 'by <@U0DEMOOPER> and <@U0OTHER1>' }, { userNames })).toBe(
      'by @otto and @U0OTHER1',
    );
    expect(renderBlocksAsText({ text: 'by <@U0DEMOOPER|ops-otto>' }, { userNames })).toBe('by @ops-otto');
  });

  it('keeps ``` blocks as typed, apart from entities', () => {
    const rendered = renderSection('before\n```\n*not bold* &lt;x&gt;\n```\nafter *bold*');

    expect(rendered).toBe('before\n```\n*not bold* <x>\n```\nafter bold');
  });

  it('styles mrkdwn with ANSI when colour is on', () => {
    const rendered = renderBlocksAsText({ text: '*b* _i_ `c`' }, { color: true });

    expect(rendered).toBe('\u001b[1mb\u001b[22m \u001b[3mi\u001b[23m \u001b[36m`c`\u001b[39m');
  });

  it('lays section fields out in two columns', () => {
    const blocks = [
      {
        type: 'section',
        fields: [mrkdwn('*Domain*\na.example'), mrkdwn('*Status*\nonline'), mrkdwn('*Origin*\n1.2.3.4')],
      },
    ];

    const rendered = renderBlocksAsText({ blocks }, { width: 40 });

    expect(rendered).toBe(
      ['Domain               Status', 'a.example            online', 'Origin', '1.2.3.4'].join('\n'),
    );
  });

  it('shows a section accessory as a bracketed label after the text', () => {
    const blocks = [
      {
        type: 'section',
        text: mrkdwn('*a.example* is online'),
        accessory: { type: 'button', text: plain('Details'), action_id: 'details' },
      },
      { type: 'section', text: mrkdwn('pick one'), accessory: { type: 'overflow', options: [] } },
      {
        type: 'section',
        text: mrkdwn('logo'),
        accessory: { type: 'image', image_url: 'x', alt_text: 'logo' },
      },
    ];

    expect(renderBlocksAsText({ blocks })).toBe(
      'a.example is online  [Details]\npick one  [⋯]\nlogo  [image: logo]',
    );
  });

  it('dims a context block and joins its elements with a dot', () => {
    const blocks = [
      {
        type: 'context',
        elements: [
          mrkdwn('Requested by <@U1>'),
          plain('req-42'),
          { type: 'image', image_url: 'x', alt_text: 'cdn' },
        ],
      },
    ];

    expect(renderBlocksAsText({ blocks })).toBe('Requested by @U1 · req-42 · [image: cdn]');
    expect(renderBlocksAsText({ blocks }, { color: true })).toBe(
      '\u001b[2mRequested by @U1 · req-42 · [image: cdn]\u001b[22m',
    );
  });

  it('draws a divider across the width', () => {
    expect(renderBlocksAsText({ blocks: [{ type: 'divider' }] }, { width: 24 })).toBe('─'.repeat(24));
  });

  it('shows action buttons with danger marked and selects with their placeholder', () => {
    const blocks = [
      {
        type: 'actions',
        elements: [
          { type: 'button', text: plain('Approve'), style: 'primary', action_id: 'approve' },
          { type: 'button', text: plain('Reject'), style: 'danger', action_id: 'reject' },
          { type: 'button', text: plain('Later'), action_id: 'later' },
          { type: 'static_select', placeholder: plain('Domain'), action_id: 'domain', options: [] },
          {
            type: 'static_select',
            placeholder: plain('Window'),
            initial_option: { text: plain('24h'), value: '24h' },
            action_id: 'window',
          },
        ],
      },
    ];

    expect(renderBlocksAsText({ blocks })).toBe(
      '[Approve] [Reject!] [Later] [Select: Domain ▾] [Select: 24h ▾]',
    );
    expect(
      renderBlocksAsText(
        { blocks: [{ type: 'actions', elements: [blocks[0]!.elements[1]] }] },
        { color: true },
      ),
    ).toBe('\u001b[31m[Reject!]\u001b[39m');
  });

  it('shows an image block by its alt text', () => {
    const blocks = [
      { type: 'image', image_url: 'https://a.example/chart.png', alt_text: 'traffic, last 24h' },
    ];

    expect(renderBlocksAsText({ blocks })).toBe('[image: traffic, last 24h]');
  });

  it('renders basic rich text: styles, links, mentions, lists, quotes and code', () => {
    const blocks = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Hi ' },
              { type: 'user', user_id: 'U1' },
              { type: 'text', text: ', see ' },
              { type: 'link', url: 'https://a.example', text: 'docs' },
              { type: 'text', text: ' ' },
              { type: 'text', text: 'now', style: { bold: true } },
              { type: 'emoji', name: 'rocket' },
            ],
          },
          {
            type: 'rich_text_list',
            style: 'ordered',
            elements: [
              { type: 'rich_text_section', elements: [{ type: 'text', text: 'purge' }] },
              { type: 'rich_text_section', elements: [{ type: 'text', text: 'verify' }] },
            ],
          },
          { type: 'rich_text_quote', elements: [{ type: 'text', text: 'quoted' }] },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'cdn hosts' }] },
        ],
      },
    ];

    expect(renderBlocksAsText({ blocks })).toBe(
      [
        'Hi @U1, see docs (https://a.example) now🚀',
        '1. purge',
        '2. verify',
        '> quoted',
        '```',
        'cdn hosts',
        '```',
      ].join('\n'),
    );
  });

  it('prints unknown or malformed blocks as compact JSON instead of dropping them', () => {
    const blocks = [
      { type: 'video', title: plain('x') },
      { type: 'section', text: 'not a text object' },
      'not a block',
      { type: 'divider' },
    ];

    expect(renderBlocksAsText({ blocks }, { width: 20 }).split('\n')).toEqual([
      '{"type":"video","title":{"type":"plain_text","text":"x"}}',
      '{"type":"section","text":"not a text object"}',
      '"not a block"',
      '─'.repeat(20),
    ]);
  });

  it('shows an input block as its label and element', () => {
    const blocks = [
      {
        type: 'input',
        label: plain('URLs to purge'),
        element: { type: 'plain_text_input', action_id: 'urls', placeholder: plain('https://…') },
      },
    ];

    expect(renderBlocksAsText({ blocks })).toBe('URLs to purge\n[https://…_____]');
  });
});

describe('renderBlocksAsText for the command line (plain)', () => {
  const plain = (message: { text?: string; blocks?: unknown[] }) =>
    renderBlocksAsText(message, {
      plain: true,
      slashCommandAs: 'cdnops',
      channelNames: new Map([['C0WEBOPS01', 'web-ops']]),
    });

  it('drops code marks, fences, emphasis markers and emoji codes it has no character for', () => {
    expect(plain({ text: ':mag: *Dry run*: `www.example.com` in _tencent-prod_ :no_such_emoji: ok' })).toBe(
      '🔍 Dry run: www.example.com in tencent-prod ok',
    );
    expect(plain({ text: '```\nline one\n```' })).toBe('line one');
  });

  it('keeps colons that are not emoji codes: times, IPv6 addresses', () => {
    expect(plain({ text: 'at 12:30:45 from 2001:db8::1' })).toBe('at 12:30:45 from 2001:db8::1');
  });

  it('leaves buttons and other interactive elements out', () => {
    const text = plain({
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'Stop img.example.com?' },
          accessory: { type: 'overflow', options: [] },
        },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Approve' }, style: 'primary' },
            { type: 'button', text: { type: 'plain_text', text: 'Reject' }, style: 'danger' },
          ],
        },
      ],
    });

    expect(text).toBe('Stop img.example.com?');
  });

  it('names channels and people as a terminal can, and /cdn commands as cdnops', () => {
    expect(
      plain({ text: 'posts to <#C0WEBOPS01> and <#C0OTHER001|ops> for <@U0AAA> · `/cdn hosts` lists them' }),
    ).toBe('posts to #web-ops and #ops for @U0AAA · cdnops hosts lists them');
    expect(plain({ text: 'see <https://example.com/x|the docs>' })).toBe(
      'see the docs (https://example.com/x)',
    );
  });
});
