import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseBeijingTime } from '../../../sandbox/tencent/beijing-time.ts';
import { DEMO_TENCENT_ACCOUNT } from '../../../sandbox/tencent/index.ts';
import { LOG_REQUESTS_PER_LINE } from '../../../sandbox/tencent/log-packages.ts';
import { isQuietHour, minuteTraffic, trafficProfile } from '../../../sandbox/tencent/traffic-model.ts';
import { type SandboxFixture, startSandboxFixture } from './sandbox-fixture.ts';
import { signedPost } from './signed-post.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YESTERDAY = { StartTime: '2026-11-22 00:00:00', EndTime: '2026-11-22 23:59:59' };

const DomainLog = z.object({
  StartTime: z.string(),
  EndTime: z.string(),
  LogPath: z.string(),
  Area: z.string(),
  LogName: z.string(),
  FileSize: z.number(),
});
type DomainLog = z.infer<typeof DomainLog>;
const LogsAnswer = z.object({ DomainLogs: z.array(DomainLog), TotalCount: z.number() });

function at(text: string): number {
  return parseBeijingTime(text)!;
}

/** The hours of a day in which the model says the domain had traffic, as `YYYY-MM-DD HH:00:00`. */
function busyHours(domain: string, day: string): string[] {
  const profile = trafficProfile(domain);
  const start = at(`${day} 00:00:00`);
  return Array.from({ length: 24 }, (_, hour) => start + hour * HOUR)
    .filter((hourStart) => !isQuietHour(profile, hourStart))
    .map((hourStart) => `${day} ${String((hourStart - start) / HOUR).padStart(2, '0')}:00:00`);
}

function hourRequests(domain: string, hourStart: number): number {
  const profile = trafficProfile(domain);
  let total = 0;
  for (let minute = hourStart; minute < hourStart + HOUR; minute += MINUTE) {
    total += minuteTraffic(profile, minute).request;
  }
  return total;
}

async function download(url: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

function lines(body: Buffer): string[] {
  return gunzipSync(body).toString('utf8').split('\n').filter(Boolean);
}

describe('Tencent sandbox DescribeCdnDomainLogs', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function logs(params: Record<string, unknown>) {
    const response = await fx.call({ action: 'DescribeCdnDomainLogs', params });
    expect(response.Error).toBeUndefined();
    return LogsAnswer.parse(response);
  }

  it.each<[string, Record<string, unknown>, string]>([
    ['a domain of another account', { Domain: 'other.example.org' }, 'ResourceNotFound.CdnHostNotExists'],
    [
      'a StartTime before the last 30 days',
      { StartTime: '2026-10-23 23:59:59' },
      'InvalidParameter.CdnStatInvalidDate',
    ],
    ['EndTime before StartTime', { EndTime: '2026-11-21 00:00:00' }, 'InvalidParameter.CdnStatInvalidDate'],
    ['a Limit over 1000', { Limit: 1001 }, 'InvalidParameterValue'],
    ['an unknown area', { Area: 'europe' }, 'InvalidParameterValue'],
  ])('refuses %s', async (_case, overrides, code) => {
    const response = await fx.call({
      action: 'DescribeCdnDomainLogs',
      params: { Domain: 'www.example.com', ...YESTERDAY, ...overrides },
    });

    expect(response.Error?.Code).toBe(code);
  });

  it('refuses a request without Domain as a missing parameter', async () => {
    const response = await fx.call({ action: 'DescribeCdnDomainLogs', params: YESTERDAY });

    expect(response.Error?.Code).toBe('MissingParameter');
  });

  it('lists one package per hour with traffic, oldest first, leaving out the silent hours', async () => {
    const answer = await logs({ Domain: 'www.example.com', ...YESTERDAY });

    const hours = busyHours('www.example.com', '2026-11-22');
    expect(hours.length).toBeLessThan(24);
    expect(answer.TotalCount).toBe(hours.length);
    expect(answer.DomainLogs.map((log) => log.StartTime)).toEqual(hours);
    const expires = Math.floor(fx.clock.now() / 1000) + 86_400;
    expect(answer.DomainLogs[0]).toEqual({
      StartTime: '2026-11-22 00:00:00',
      EndTime: '2026-11-22 00:59:59',
      LogPath: `${fx.sandbox.url}/logs/www.example.com/2026112200.gz?expires=${expires}`,
      Area: 'mainland',
      LogName: '2026112200-www.example.com',
      FileSize: expect.any(Number),
    });
  });

  it('lists the hours that overlap the range and have ended, not the one in progress', async () => {
    fx.clock.set(at('2026-11-23 10:30:00'));

    const answer = await logs({
      Domain: 'www.example.com',
      StartTime: '2026-11-23 07:30:00',
      EndTime: '2026-11-23 23:59:59',
    });

    expect(answer.DomainLogs.map((log) => log.StartTime)).toEqual(
      ['07', '08', '09'].map((hour) => `2026-11-23 ${hour}:00:00`),
    );
  });

  it('pages with Offset and Limit while TotalCount stays the full count', async () => {
    const range = { Domain: 'www.example.com', StartTime: '2026-11-16 00:00:00', EndTime: YESTERDAY.EndTime };

    const all = await logs({ ...range, Limit: 1000 });
    const page = await logs({ ...range, Offset: 100, Limit: 50 });
    const defaultPage = await logs(range);

    expect(all.TotalCount).toBeGreaterThan(150);
    expect(all.DomainLogs).toHaveLength(all.TotalCount);
    expect(page.TotalCount).toBe(all.TotalCount);
    expect(page.DomainLogs).toEqual(all.DomainLogs.slice(100, 150));
    expect(defaultPage.DomainLogs).toHaveLength(100);
  });

  it('keeps the whole day 30 days back, in Beijing days', async () => {
    const answer = await logs({
      Domain: 'www.example.com',
      StartTime: '2026-10-24 00:00:00',
      EndTime: '2026-10-24 23:59:59',
    });

    expect(answer.DomainLogs.map((log) => log.StartTime)).toEqual(busyHours('www.example.com', '2026-10-24'));
  });

  it('lists an overseas domain’s packages for Area overseas or global, not the mainland default', async () => {
    const params = { Domain: 'global.example.net', ...YESTERDAY };

    const mainland = await logs(params);
    const overseas = await logs({ ...params, Area: 'overseas' });
    const global = await logs({ ...params, Area: 'global' });

    expect(mainland.TotalCount).toBe(0);
    expect(overseas.TotalCount).toBe(busyHours('global.example.net', '2026-11-22').length);
    expect(overseas.DomainLogs.every((log) => log.Area === 'overseas')).toBe(true);
    expect(overseas.DomainLogs[0]!.LogPath).toMatch(
      /\/logs\/global\.example\.net\/2026112200\.gz\?area=overseas&expires=\d+$/,
    );
    expect(overseas.DomainLogs[0]!.LogName).toBe('2026112200-global.example.net-overseas');
    expect(global).toEqual(overseas);
  });

  it('packages a global domain’s mainland and overseas traffic apart, mainland first', async () => {
    const answer = await logs({ Domain: 'static.example.com', ...YESTERDAY, Area: 'global' });

    const hours = busyHours('static.example.com', '2026-11-22');
    expect(answer.TotalCount).toBe(hours.length * 2);
    expect(answer.DomainLogs.slice(0, 2).map((log) => [log.StartTime, log.Area])).toEqual([
      ['2026-11-22 00:00:00', 'mainland'],
      ['2026-11-22 00:00:00', 'overseas'],
    ]);
  });
});

describe('Tencent sandbox log package downloads', () => {
  let fx: SandboxFixture;

  beforeEach(async () => {
    fx = await startSandboxFixture();
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  async function packages(domain: string, area = 'global'): Promise<DomainLog[]> {
    const response = await fx.call({
      action: 'DescribeCdnDomainLogs',
      params: { Domain: domain, ...YESTERDAY, Area: area },
    });
    return LogsAnswer.parse(response).DomainLogs;
  }

  async function packageAt(domain: string, startTime: string): Promise<DomainLog> {
    return (await packages(domain)).find((log) => log.StartTime === startTime)!;
  }

  it('serves the hour’s log as gzip, FileSize bytes long, without any signature', async () => {
    const log = await packageAt('www.example.com', '2026-11-22 21:00:00');

    const { status, type, body } = await download(log.LogPath);

    expect(status).toBe(200);
    expect(type).toBe('application/gzip');
    expect(body.length).toBe(log.FileSize);
    expect(fx.sandbox.calls.map((call) => call.action)).toEqual(['DescribeCdnDomainLogs']);
  });

  it('holds one line per 500 requests of the hour, in time order, in Tencent’s access-log layout', async () => {
    const log = await packageAt('www.example.com', '2026-11-22 21:00:00');

    const text = lines((await download(log.LogPath)).body);

    expect(text).toHaveLength(
      Math.ceil(hourRequests('www.example.com', at(log.StartTime)) / LOG_REQUESTS_PER_LINE),
    );
    const times = text.map((line) => line.slice(0, 14));
    expect(times).toEqual([...times].sort());
    expect(times[0]! >= '20261122210000' && times.at(-1)! <= '20261122215959').toBe(true);
    const fields =
      /^(\d{14}) (198\.51\.100\.\d+) www\.example\.com (\/\S+) (\d+) (\d+) (\d+) (\d{3}) (\S+) (\d+) "([^"]+)" (\S+) GET (HTTP\/1\.1|HTTP\/2\.0) (hit|miss) (\d+)$/;
    for (const line of text) expect(line).toMatch(fields);
  });

  it('serves the same bytes every time', async () => {
    const log = await packageAt('img.example.com', '2026-11-22 09:00:00');

    const first = await download(log.LogPath);
    const second = await download(log.LogPath);

    expect(second.body.equals(first.body)).toBe(true);
  });

  it('splits a global domain’s lines between its mainland and overseas packages', async () => {
    const all = await packages('static.example.com');
    const [mainland, overseas] = all.filter((log) => log.StartTime === '2026-11-22 20:00:00');

    const mainlandLines = lines((await download(mainland!.LogPath)).body);
    const overseasLines = lines((await download(overseas!.LogPath)).body);

    expect(mainlandLines.length + overseasLines.length).toBe(
      Math.ceil(hourRequests('static.example.com', at('2026-11-22 20:00:00')) / LOG_REQUESTS_PER_LINE),
    );
    expect(overseasLines.length).toBeGreaterThan(0);
    expect(overseasLines.every((line) => line.split(' ')[1]!.startsWith('203.0.113.'))).toBe(true);
    expect(mainlandLines.every((line) => line.split(' ')[1]!.startsWith('198.51.100.'))).toBe(true);
  });

  it('honours a link for one day and answers 403 AccessDenied after that', async () => {
    const log = await packageAt('www.example.com', '2026-11-22 12:00:00');

    fx.clock.advance(DAY);
    const lastSecond = await download(log.LogPath);
    fx.clock.advance(1000);
    const expired = await download(log.LogPath);

    expect(lastSecond.status).toBe(200);
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toContain('<Code>AccessDenied</Code>');
  });

  it('answers 403 without an expiry and 404 for packages that do not exist', async () => {
    const log = await packageAt('www.example.com', '2026-11-22 12:00:00');
    const expires = new URL(log.LogPath).searchParams.get('expires');
    const dayStart = at('2026-11-22 00:00:00');
    const quietHour = Array.from({ length: 24 }, (_, hour) => hour).find((hour) =>
      isQuietHour(trafficProfile('www.example.com'), dayStart + hour * HOUR),
    )!;
    const quiet = `20261122${String(quietHour).padStart(2, '0')}`;

    const unsigned = await download(`${fx.sandbox.url}/logs/www.example.com/2026112212.gz`);
    const missing = await Promise.all(
      [
        `/logs/other.example.org/2026112212.gz`,
        `/logs/www.example.com/${quiet}.gz`,
        `/logs/www.example.com/2026112310.gz`,
        `/logs/www.example.com/2026112212.gz?area=overseas&x=1`,
        `/logs/www.example.com/2026112212.txt`,
      ].map((path) =>
        download(`${fx.sandbox.url}${path}${path.includes('?') ? '&' : '?'}expires=${expires}`),
      ),
    );

    expect(unsigned.status).toBe(403);
    expect(missing.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404]);
    expect(missing[0]!.body.toString()).toContain('<Code>NoSuchKey</Code>');
  });
});

describe('Tencent sandbox download faults', () => {
  let fx: SandboxFixture;
  let link: string;

  beforeEach(async () => {
    fx = await startSandboxFixture();
    const response = await fx.call({
      action: 'DescribeCdnDomainLogs',
      params: { Domain: 'www.example.com', StartTime: '2026-11-22 20:00:00', EndTime: '2026-11-22 20:59:59' },
    });
    link = LogsAnswer.parse(response).DomainLogs[0]!.LogPath;
  });

  afterEach(async () => {
    await fx.sandbox.close();
  });

  it('cuts the download midway for a truncate fault, then serves the next one whole', async () => {
    fx.sandbox.faults.push({ path: '/logs/www.example.com/', kind: 'truncate' });

    const response = await fetch(link);
    const cut = response.arrayBuffer();

    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    await expect(cut).rejects.toThrow();
    expect((await download(link)).status).toBe(200);
    expect(fx.sandbox.faults.size).toBe(0);
  });

  it('answers an http5xx fault with that status and a body that is not gzip', async () => {
    fx.sandbox.faults.push({ path: '/logs/', kind: 'http5xx', status: 502 });

    const { status, body } = await download(link);

    expect(status).toBe(502);
    expect(() => gunzipSync(body)).toThrow();
  });

  it('drops the connection for a reset fault', async () => {
    fx.sandbox.faults.push({ path: '/logs/', kind: 'reset' });

    await expect(fetch(link)).rejects.toThrow();
  });

  it('keeps path faults for downloads and action faults for API calls', async () => {
    fx.sandbox.faults.push({ path: '/logs/img.example.com/', kind: 'reset' });
    fx.sandbox.faults.push({ action: 'DescribeCdnDomainLogs', kind: 'error', code: 'InternalError' });
    fx.sandbox.faults.push({ path: '/logs/', kind: 'http5xx' });

    const api = await fx.call({
      action: 'DescribeCdnDomainLogs',
      params: { Domain: 'www.example.com', ...YESTERDAY },
    });
    const { status } = await download(link);

    expect(api.Error?.Code).toBe('InternalError');
    expect(status).toBe(503);
    expect(fx.sandbox.faults.size).toBe(1);
  });

  it('does not spend a fault on a link that has expired', async () => {
    fx.sandbox.faults.push({ path: '/logs/', kind: 'reset' });
    fx.clock.advance(DAY + 1000);

    const expired = await download(link);

    expect(expired.status).toBe(403);
    expect(fx.sandbox.faults.size).toBe(1);
  });

  it('cuts an API answer midway too when a truncate fault names no path', async () => {
    fx.sandbox.faults.push({ action: 'DescribeCdnDomainLogs', kind: 'truncate' });

    const attempt = signedPost(fx.sandbox.url, DEMO_TENCENT_ACCOUNT, fx.clock, {
      action: 'DescribeCdnDomainLogs',
      params: { Domain: 'www.example.com', ...YESTERDAY },
    });

    await expect(attempt).rejects.toThrow();
    expect(fx.sandbox.calls.at(-1)).toMatchObject({ action: 'DescribeCdnDomainLogs', httpStatus: 200 });
  });
});
