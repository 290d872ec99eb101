import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_VISIT_CONTROL_SAMPLE } from '../../../sandbox/wangsu/index.ts';
import { startWangsuFixture, type WangsuFixture } from './sandbox-fixture.ts';

const CDN = 'cdn.example.cn';
/** cdn.example.cn's seeded groups: data-id 1 (UA deny-list) and 2 (referer black list); its cache-time groups are 3 and 4. */
const UA_GROUP = {
  'data-id': 1,
  'custom-pattern': 'all',
  'control-action': '403',
  priority: 20,
  'ua-control-rule': { 'invalid-user-agents': 'curl|Wget|python-requests|Go-http-client' },
};
const REFERER_GROUP = {
  'data-id': 2,
  'file-type': 'js;css',
  'control-action': '403',
  priority: 10,
  'referer-control-rule': {
    'allow-null-referer': 'true',
    'invalid-domain': 'leech.example.net;mirror.example.org',
  },
};
const NEW_RULE = {
  directory: '/private/',
  'ip-control-rule': { 'forbidden-ips': '198.51.100.0/24' },
};

describe('Wangsu sandbox visit control', () => {
  let fx: WangsuFixture;

  beforeEach(async () => {
    fx = await startWangsuFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  function put(rules: unknown, domain = CDN) {
    return fx.call({
      method: 'PUT',
      path: `/api/config/visitcontrol/${domain}`,
      body: { 'visit-control-rules': rules },
    });
  }

  it('answers the seed doc sample for www.example.cn, with the data-id it was given', async () => {
    const body = await fx.json({ path: '/api/config/visitcontrol/www.example.cn' });

    expect(body).toEqual({
      'domain-id': '100001',
      'domain-name': 'www.example.cn',
      'visit-control-rules': [{ 'data-id': 1, ...SEED_VISIT_CONTROL_SAMPLE[0] }],
    });
  });

  it('answers by domain-id as well as by name', async () => {
    const byId = await fx.json({ path: '/api/config/visitcontrol/100002' });

    expect(byId['visit-control-rules']).toEqual([UA_GROUP, REFERER_GROUP]);
  });

  describe('data-id semantics (reference §2.6)', () => {
    it('updates only the group a data-id names, keeping the fields not sent', async () => {
      const response = await put([{ 'data-id': 1, priority: 30 }]);

      expect(response.status).toBe(202);
      expect(fx.sandbox.visitControl(CDN)).toEqual([{ ...UA_GROUP, priority: 30 }, REFERER_GROUP]);
    });

    it('removes a nested block sent empty', async () => {
      await put([
        { 'data-id': 2, 'referer-control-rule': {}, 'ua-control-rule': { 'valid-user-agents': 'Android' } },
      ]);

      const { 'referer-control-rule': _removed, ...rest } = REFERER_GROUP;
      expect(fx.sandbox.visitControl(CDN)).toEqual([
        UA_GROUP,
        { ...rest, 'ua-control-rule': { 'valid-user-agents': 'Android' } },
      ]);
    });

    it('adds a group without data-id, sent beside ones with it, as a new group with a fresh data-id and defaults', async () => {
      await put([{ 'data-id': 1, priority: 25 }, NEW_RULE]);

      expect(fx.sandbox.visitControl(CDN)).toEqual([
        { ...UA_GROUP, priority: 25 },
        REFERER_GROUP,
        { 'data-id': 5, ...NEW_RULE, 'control-action': '403', priority: 10 },
      ]);
    });

    it('replaces every group when no group carries a data-id', async () => {
      await put([
        NEW_RULE,
        { 'custom-pattern': 'homepage', 'control-action': '302', 'rewrite-to': 'https://www.example.cn/' },
      ]);

      expect(fx.sandbox.visitControl(CDN)).toEqual([
        { 'data-id': 5, ...NEW_RULE, 'control-action': '403', priority: 10 },
        {
          'data-id': 6,
          'custom-pattern': 'homepage',
          'control-action': '302',
          'rewrite-to': 'https://www.example.cn/',
          priority: 10,
        },
      ]);
    });

    it('clears the group a lone data-id names', async () => {
      await put([{ 'data-id': 1 }]);

      expect(fx.sandbox.visitControl(CDN)).toEqual([REFERER_GROUP]);
    });

    it('clears one group and updates another in the same request', async () => {
      await put([{ 'data-id': 1 }, { 'data-id': 2, priority: 5 }]);

      expect(fx.sandbox.visitControl(CDN)).toEqual([{ ...REFERER_GROUP, priority: 5 }]);
    });

    it.each([
      ['an empty list', []],
      ['an empty node (null)', null],
      ['an empty node ("")', ''],
    ])('clears every group for %s', async (_label, rules) => {
      const response = await put(rules);

      expect(response.status).toBe(202);
      expect(fx.sandbox.visitControl(CDN)).toEqual([]);
    });

    it('never reuses a data-id: groups added after a clear get new ones', async () => {
      await put([]);
      await put([NEW_RULE]);

      expect(fx.sandbox.visitControl(CDN).map((rule) => rule['data-id'])).toEqual([5]);
    });

    it.each([
      ['a data-id that does not exist', [{ 'data-id': 99, priority: 1 }], /data-id 99 does not exist/],
      [
        'the same data-id twice',
        [{ 'data-id': 1 }, { 'data-id': 1, priority: 3 }],
        /data-id 1 appears more than once/,
      ],
    ])('refuses %s and changes nothing', async (_label, rules, message) => {
      const response = await put(rules);

      expect(response.status).toBe(400);
      expect(response.json).toEqual({ code: 'InvalidParameter', message: expect.stringMatching(message) });
      expect(fx.sandbox.visitControl(CDN)).toEqual([UA_GROUP, REFERER_GROUP]);
    });

    it('accepts back exactly what GET returned, changing nothing', async () => {
      const current = await fx.json({ path: `/api/config/visitcontrol/${CDN}` });

      const response = await fx.call({
        method: 'PUT',
        path: `/api/config/visitcontrol/${CDN}`,
        body: current,
      });

      expect(response.status).toBe(202);
      expect(fx.sandbox.visitControl(CDN)).toEqual([UA_GROUP, REFERER_GROUP]);
    });

    it('accepts the seed doc sample as a full replacement', async () => {
      await put(SEED_VISIT_CONTROL_SAMPLE);

      expect(fx.sandbox.visitControl(CDN)).toEqual([{ 'data-id': 5, ...SEED_VISIT_CONTROL_SAMPLE[0] }]);
    });
  });

  describe('validation', () => {
    it.each([
      [
        'a control-action other than 403 or 302',
        { ...NEW_RULE, 'control-action': '404' },
        /control-action must be 403 or 302/,
      ],
      ['302 without rewrite-to', { ...NEW_RULE, 'control-action': '302' }, /302 needs rewrite-to/],
      [
        '302 with a rewrite-to that is not a URL',
        { ...NEW_RULE, 'control-action': '302', 'rewrite-to': '/x' },
        /302 needs rewrite-to/,
      ],
      [
        'both forbidden-ips and allowed-ips',
        { directory: '/a/', 'ip-control-rule': { 'forbidden-ips': '1.2.3.4', 'allowed-ips': '5.6.7.8' } },
        /forbidden-ips or allowed-ips, not both/,
      ],
      [
        'an IP list entry that is not an IP',
        { directory: '/a/', 'ip-control-rule': { 'forbidden-ips': '1.2.3.4;nope' } },
        /"nope" is not an IP/,
      ],
      [
        'two referer categories in one group',
        {
          directory: '/a/',
          'referer-control-rule': {
            'allow-null-referer': 'true',
            'valid-referer': 'a.com',
            'invalid-domain': 'b.com',
          },
        },
        /only one of valid-referer/,
      ],
      [
        'a referer list without allow-null-referer',
        { directory: '/a/', 'referer-control-rule': { 'valid-domain': 'a.com' } },
        /allow-null-referer must be "true" or "false"/,
      ],
      [
        'allow-null-referer without a referer list',
        { directory: '/a/', 'referer-control-rule': { 'allow-null-referer': 'true' } },
        /allow-null-referer must be empty/,
      ],
      [
        'a group that matches nothing',
        { 'ip-control-rule': { 'forbidden-ips': '1.2.3.4' } },
        /set at least one of/,
      ],
      ['"all" mixed with file types', { 'file-type': 'all;jpg' }, /"all" cannot be combined/],
      [
        'a specify-url-pattern with a scheme',
        { 'specify-url-pattern': 'https://a.com/x' },
        /must not start with http/,
      ],
      [
        'a user-agent regex with spaces',
        { directory: '/a/', 'ua-control-rule': { 'invalid-user-agents': 'Mozilla 5' } },
        /without spaces/,
      ],
      [
        'a key the API does not have (myklst’s plural XML name)',
        {
          directory: '/a/',
          'referer-control-rule': { 'allow-null-referer': 'true', 'valid-referers': 'a.com' },
        },
        /visit-control-rules\[0\]\.referer-control-rule: Unrecognized key: "valid-referers"/,
      ],
      ['a control-action of the wrong type', { directory: '/a/', 'control-action': true }, /control-action/],
    ])('refuses %s with 400 InvalidParameter and changes nothing', async (_label, rule, message) => {
      const response = await put([rule]);

      expect(response.status).toBe(400);
      expect(response.json).toEqual({ code: 'InvalidParameter', message: expect.stringMatching(message) });
      expect(response.json).toMatchObject({ message: expect.stringContaining('visit-control-rules[0]') });
      expect(fx.sandbox.visitControl(CDN)).toEqual([UA_GROUP, REFERER_GROUP]);
    });

    it('validates a group after merging the update: a 302 group cannot lose its rewrite-to', async () => {
      const response = await put([{ 'data-id': 1, 'rewrite-to': '' }], 'img.example.cn');

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ message: expect.stringContaining('302 needs rewrite-to') });
    });

    it('accepts a 302 with rewrite-to, an IP allow-list and a numeric control-action', async () => {
      const response = await put([
        { 'path-pattern': '.*', 'control-action': 302, 'rewrite-to': 'https://www.example.cn/denied' },
        { directory: '/ops/', 'ip-control-rule': { 'allowed-ips': '10.0.0.0/8;2001:db8::/32' } },
      ]);

      expect(response.status).toBe(202);
      expect(fx.sandbox.visitControl(CDN)[0]).toMatchObject({ 'control-action': '302' });
    });

    it('refuses a body without the visit-control-rules list', async () => {
      const response = await fx.call({ method: 'PUT', path: `/api/config/visitcontrol/${CDN}`, body: {} });

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({
        code: 'InvalidParameter',
        message: expect.stringContaining('visit-control-rules'),
      });
    });

    it('refuses a body that is not JSON', async () => {
      const response = await fx.call({
        method: 'PUT',
        path: `/api/config/visitcontrol/${CDN}`,
        rawBody: '{"visit-control-rules": [',
      });

      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        code: 'InvalidParameter',
        message: 'The request body is not valid JSON.',
      });
    });
  });

  describe('deployment', () => {
    it('applies a PUT at once and follows its deployment through the 202 request id', async () => {
      const response = await put([NEW_RULE]);
      const immediately = await fx.json({ path: `/api/config/visitcontrol/${CDN}` });
      const statusDuring = (await fx.json({ path: `/api/domain/${CDN}` })).status;
      fx.clock.advance(30_000);
      const result = await fx.json({ path: `/api/request/${response.requestId}` });

      expect(response.location).toBe(`${fx.sandbox.url}/api/config/visitcontrol/100002`);
      expect(immediately['visit-control-rules']).toEqual([
        { 'data-id': 5, ...NEW_RULE, 'control-action': '403', priority: 10 },
      ]);
      expect(statusDuring).toBe('InProgress');
      expect(result['async-result']).toBe('SUCCESS');
      expect(fx.sandbox.domain(CDN).status).toBe('Deployed');
    });

    it('ends FAIL after failNextDeploy, keeping the groups as submitted', async () => {
      fx.sandbox.failNextDeploy(CDN);

      const response = await put([{ 'data-id': 1 }]);
      fx.clock.advance(30_000);
      const result = await fx.json({ path: `/api/request/${response.requestId}` });

      expect(result['async-result']).toBe('FAIL');
      expect(fx.sandbox.visitControl(CDN)).toEqual([REFERER_GROUP]);
    });

    it('accepts a config change behind another one still deploying', async () => {
      await put([{ 'data-id': 1, priority: 1 }]);

      const second = await put([{ 'data-id': 1, priority: 2 }]);

      expect(second.status).toBe(202);
    });

    it('refuses a change while the domain is being disabled', async () => {
      await fx.call({ method: 'PUT', path: '/api/domain/100002/disable' });

      const response = await put([NEW_RULE]);

      expect(response.status).toBe(409);
      expect(response.json).toMatchObject({ code: 'DomainInProgress' });
    });

    it('refuses a change on a disabled domain with 400 DomainDisabled', async () => {
      const response = await put([NEW_RULE], 'video.example.cn');

      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: 'DomainDisabled' });
    });

    it('answers 404 NoSuchDomain for a domain that is not in the account', async () => {
      const response = await fx.call({ path: '/api/config/visitcontrol/www.example.com' });

      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ code: 'NoSuchDomain' });
    });

    it('keeps the array from visitControl() live across a full replacement', async () => {
      const live = fx.sandbox.visitControl(CDN);

      await put([NEW_RULE]);

      expect(live).toEqual([{ 'data-id': 5, ...NEW_RULE, 'control-action': '403', priority: 10 }]);
    });
  });
});
