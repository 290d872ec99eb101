import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run-demo.ts';
import { createManualClock } from '../../sandbox/manual-clock.ts';

async function demo(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const running = runDemo({ input, output, clock: createManualClock(), interactive: false });
  input.end(`${lines.join('\n')}\n`);
  await running;
  return printed;
}

/**
 * Like `demo`, for lines that need the URLs the demo prints (the edges' HTTPS port is chosen at start-up): types
 * them once the hint naming them has been printed.
 */
async function demoWithCheckUrls(lines: (urls: string[]) => string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
    const hint = /Check what the edges serve: `\/cdn check ([^`]+)`/.exec(printed);
    if (hint && input.writable) input.end(`${lines(hint[1]!.split(' ')).join('\n')}\n`);
  });
  await runDemo({ input, output, clock: createManualClock(), interactive: false });
  return printed;
}

describe('npm run demo', () => {
  it('takes --channel #web-ops as Slack sends it, the channel picked by name (issue 19.10)', async () => {
    const printed = await demo([
      '/cdn digest add morning --channel #web-ops --schedule "0 9 * * *" --domains all --dry-run',
    ]);

    expect(printed).not.toContain('is not a channel I can recognise');
    expect(printed).toContain('would be added: posts to #web-ops on `0 9 * * *`');
  });

  it('answers /cdn hosts with the seeded domains, rendered as text', async () => {
    const printed = await demo(['/cdn hosts']);

    expect(printed).toContain('15 domains in `tencent-prod`, `wangsu-prod`');
    expect(printed).toMatch(/www\.example\.com · online · `tencent-prod`/);
    expect(printed).toContain('cname `www.example.com.cdn.dnsv1.com`');
  });

  it('purges, shows the task id, then shows the same message edited to done', async () => {
    const printed = await demo(['/cdn purge https://www.example.com/app.js']);

    const posted = printed.indexOf('── cdnops in #web-ops ──');
    const edited = printed.indexOf('── cdnops edited its message in #web-ops ──');
    expect(posted).toBeGreaterThan(-1);
    expect(edited).toBeGreaterThan(posted);
    expect(printed.slice(posted, edited)).toMatch(/task `[^`]+` · 1 URL · in progress/);
    expect(printed.slice(edited)).toMatch(/task `[^`]+` · 1 URL · done/);
  });

  it('shows stats all reading in batches privately, then the answer in place of that note, still private', async () => {
    const printed = await demo(['/cdn stats all --metric flux']);

    const note = printed.indexOf('── cdnops (only you see this) ──\n  ⏳ Reading 15 domains: batch 1 of 2…');
    const answer = printed.indexOf('── cdnops edited its message in #web-ops, only you see it ──');
    expect(note).toBeGreaterThan(-1);
    expect(answer).toBeGreaterThan(note);
    expect(printed.slice(answer)).toContain('Traffic: all domains');
  });

  it('shows the Wangsu demo domain’s visit-control rules', async () => {
    const printed = await demo(['/cdn access www.example.cn']);

    expect(printed).toContain('Visit control: www.example.cn');
    expect(printed).toContain('Referer allowed: `http://b.com` `c.com` `d.com`');
  });

  it('lets one person ask to stop a domain and another approve it with :click', async () => {
    const printed = await demo([
      ':as operator',
      '/cdn offline img.example.com',
      ':click Approve',
      ':as admin',
      ':click Approve',
    ]);

    expect(printed).toContain('Approval needed: stop img.example.com on tencent-prod');
    expect(printed).toContain(
      'You asked for this change, so someone else has to approve it; Reject withdraws it.',
    );
    expect(printed).toMatch(/stop img\.example\.com on tencent-prod: done by @ada \(admin\)/);
  });

  it('shows an alert fire on :incident, be acknowledged with :click, and resolve on :recover', async () => {
    const printed = await demo([
      ':as operator',
      ':incident www.example.com',
      ':click Acknowledge',
      ':recover www.example.com',
    ]);

    expect(printed).toMatch(
      /🚨 site-errors · `5xx > 5%` on 1 domain\n {2}• `www\.example\.com` 1\d\.\d% \(threshold 5\.0%\)/,
    );
    expect(printed).toContain('👀 Acknowledged by @otto (operator)');
    expect(printed).toMatch(/✅ Resolved: site-errors · `5xx > 5%` · lasted (15|20) minutes/);
    expect(printed.match(/── cdnops in #web-ops ──\n {2}🚨 site-errors/g)).toHaveLength(1);
  });

  it('lets you act as a viewer and in a channel outside the allowlist', async () => {
    const printed = await demo([
      ':as viewer',
      '/cdn purge https://www.example.com/app.js',
      ':in random',
      '/cdn hosts',
    ]);

    expect(printed).toContain('`purge` needs operator; you are viewer');
    expect(printed).toContain('cdnops is not enabled in this channel (C0RANDOM01)');
  });

  it('checks the edges against the origin: fresh, stale after :publish, fresh again after purge --verify', async () => {
    let checked = '';
    const printed = await demoWithCheckUrls((urls) => {
      checked = urls[0]!;
      return [
        `/cdn check ${urls.join(' ')}`,
        `:publish ${checked}`,
        `/cdn check ${checked}`,
        `/cdn purge ${checked} --verify`,
        ':finish',
      ];
    });

    expect(checked).toMatch(/^https:\/\/www\.example\.com:\d+\/app\.js$/);
    const published = printed.indexOf('The origin of www.example.com now serves version 2 of /app.js');
    const purged = printed.indexOf('Purge of 1 URL requested by');
    expect(published).toBeGreaterThan(-1);
    expect(purged).toBeGreaterThan(published);
    // Every demo site (both providers) is served by the edges and fresh at first.
    expect(printed.slice(0, published)).toContain('CDN check of 3 URLs: all 12 edges fresh');
    expect(printed.slice(published, purged)).toContain('0 of 4 edges fresh, 4 stale');
    expect(printed.slice(purged)).toMatch(/edited its message[\s\S]*CDN check of 1 URL: all 4 edges fresh/);
  });
});
