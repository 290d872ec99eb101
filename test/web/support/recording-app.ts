/**
 * A stand-in for the bot, for drawing tests that need no bot: it records what the Slack stand-in sends it (checking
 * the signature as Bolt would) and answers as the test says.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSlackRequest } from '../../../sandbox/slack/index.ts';

export interface Received {
  /** The interaction payload (`payload` form field) or the JSON event body. */
  payload: Record<string, unknown>;
  signed: boolean;
}

export interface RecordingApp {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startRecordingApp(
  signingSecret: string,
  answer: (payload: Record<string, unknown>) => unknown = () => undefined,
): Promise<RecordingApp> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(request.headers['x-slack-request-timestamp']);
      const expected = signSlackRequest(signingSecret, raw, timestamp)['x-slack-signature'];
      const form = new URLSearchParams(raw).get('payload');
      const payload = JSON.parse(form ?? raw) as Record<string, unknown>;
      received.push({ payload, signed: request.headers['x-slack-signature'] === expected });
      const body = answer(payload);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
