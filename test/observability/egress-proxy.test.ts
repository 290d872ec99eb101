/**
 * The egress proxy (issue 20, part 5): with HTTPS_PROXY / HTTP_PROXY set, provider API calls, Slack calls (Web API,
 * response_url answers, the Socket Mode connection) and log downloads go through it as CONNECT tunnels; NO_PROXY
 * names hosts that are reached directly. The proxy here is a small CONNECT proxy on loopback that records where it
 * was asked to go; the sandboxes speak plain http, which undici tunnels through CONNECT as it does https.
 */
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { startTencentSandbox, type TencentSandbox } from '../../sandbox/tencent/index.ts';
import { LOOPBACK_LOG_LINKS, runCliCaught, tencentProdYaml, writeCliConfig } from '../support/cli-harness.ts';
import {
  OPERATOR,
  startTestBot,
  TEST_ACCOUNT,
  type TestBot,
  visibleText,
} from '../support/start-test-bot.ts';

interface ConnectProxy {
  url: string;
  /** `host:port` of every CONNECT asked for, in order. */
  targets: string[];
  close(): Promise<void>;
}

/**
 * `names` are resolved by the proxy alone (to 127.0.0.1): a host under `.invalid` never resolves anywhere else, so a
 * request for it that reaches its server went through the proxy.
 */
async function startConnectProxy(names: readonly string[] = []): Promise<ConnectProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_request, response) => {
    // Only tunnels: a client that sent a plain proxied request instead would fail here, visibly.
    response.writeHead(405).end();
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    targets.push(target);
    const colon = target.lastIndexOf(':');
    const host = target.slice(0, colon);
    const upstream = connect(
      Number(target.slice(colon + 1)),
      names.includes(host) ? '127.0.0.1' : host,
      () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      },
    );
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hostPort(url: string): string {
  return new URL(url).host;
}

let proxy: ConnectProxy | undefined;
let bot: TestBot | undefined;
let sandbox: TencentSandbox | undefined;
afterEach(async () => {
  await bot?.close();
  await sandbox?.close();
  await proxy?.close();
  bot = undefined;
  sandbox = undefined;
  proxy = undefined;
});

describe('the egress proxy', () => {
  it('carries the provider calls and the Slack calls of a command', async () => {
    proxy = await startConnectProxy();
    bot = await startTestBot({ env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });

    await bot.send('hosts', { user: OPERATOR });

    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('www.example.com');
    expect(proxy.targets).toContain(hostPort(bot.tencent.url));
    // auth.test at start-up, and the answer to the command (response_url or chat.postMessage).
    expect(proxy.targets).toContain(hostPort(bot.slack.apiUrl));
    expect(bot.logs.some((line) => line.includes('"egressProxy":true'))).toBe(true);
  });

  it('carries every Slack call, the final edit of a followed purge included: Slack is reachable only through it', async () => {
    proxy = await startConnectProxy(['slack.invalid']);
    bot = await startTestBot({
      env: ({ slackApiUrl }) => {
        const onlyViaProxy = new URL(slackApiUrl);
        onlyViaProxy.hostname = 'slack.invalid';
        return { HTTP_PROXY: proxy!.url, SLACK_API_URL: onlyViaProxy.href };
      },
    });

    await bot.send('purge https://www.example.com/a.js', { user: OPERATOR });
    await bot.slack.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));
    await bot.bot.services.follower.idle();

    const message = bot.slack.messages.find((each) => !each.ephemeral)!;
    expect(visibleText(message)).toContain('done');
    expect(bot.slack.calls.map((call) => call.method)).toEqual(
      expect.arrayContaining(['auth.test', 'chat.postMessage', 'chat.update']),
    );
    expect(proxy.targets.some((target) => target.startsWith('slack.invalid:'))).toBe(true);
  });

  it('leaves hosts named in NO_PROXY to direct connections', async () => {
    proxy = await startConnectProxy();
    bot = await startTestBot({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost, 127.0.0.1' } });

    await bot.send('hosts', { user: OPERATOR });

    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('www.example.com');
    expect(proxy.targets).toEqual([]);
  });

  it('opens the Socket Mode connection through it', async () => {
    proxy = await startConnectProxy();
    bot = await startTestBot({ socketMode: true, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });

    await bot.send('hosts', { user: OPERATOR });

    expect(bot.slack.socketConnections()).toBe(1);
    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('www.example.com');
    // apps.connections.open, the WebSocket itself and the Web API all went to the stand-in through the proxy.
    const slack = proxy.targets.filter((target) => target === hostPort(bot!.slack.apiUrl));
    expect(slack.length).toBeGreaterThanOrEqual(2);
    expect(proxy.targets).toContain(hostPort(bot.tencent.url));
  });

  it('is not used by /cdn check, which asks the edges and the origin themselves', async () => {
    proxy = await startConnectProxy();
    bot = await startTestBot({ edgeWorld: {}, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });
    bot.world!.serve('www.example.com');
    bot.world!.origin.setFile('www.example.com', '/app.js', { body: 'v1', etag: '"v1"' });

    await bot.send(`check https://www.example.com:${bot.world!.edges.httpsPort}/app.js`, { user: OPERATOR });

    expect(visibleText(bot.slack.messages.at(-1)!)).toContain('4 of 4 edges fresh');
    expect(bot.world!.edges.requests.length).toBeGreaterThanOrEqual(4);
    // Only Slack and the provider went through the proxy: no edge (127.0.0.2–5) and not the origin.
    expect(new Set(proxy.targets)).toEqual(new Set([hostPort(bot.slack.apiUrl), hostPort(bot.tencent.url)]));
  });

  it('carries `cdnops logs fetch`: the provider call and the log downloads', async () => {
    proxy = await startConnectProxy();
    const clock = createManualClock();
    sandbox = await startTencentSandbox({ clock, accounts: [TEST_ACCOUNT] });
    const config = writeCliConfig({
      folderPrefix: 'cdnops-proxy-',
      providers: tencentProdYaml(sandbox.url),
      rest: LOOPBACK_LOG_LINKS,
    });
    const dest = join(config.dir, 'out');
    const yesterday = new Date(clock.now() - 24 * 3_600_000).toISOString().slice(0, 10);

    const { code, err } = await runCliCaught({
      argv: ['logs', 'fetch', 'www.example.com', '--day', yesterday, '--dest', dest],
      configPath: config.path,
      env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
      clock,
    });

    expect({ code, err }).toEqual({ code: 0, err: expect.any(String) });
    expect(readdirSync(dest)).toHaveLength(1);
    const downloads = sandbox.calls.filter((call) => call.action === 'DescribeCdnDomainLogs');
    expect(downloads).toHaveLength(1);
    // The API call and every package download went through the tunnel (all to the sandbox's host and port).
    expect(proxy.targets.length).toBeGreaterThanOrEqual(2);
    expect(new Set(proxy.targets)).toEqual(new Set([hostPort(sandbox.url)]));
  });
});
