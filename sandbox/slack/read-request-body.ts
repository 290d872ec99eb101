import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

const JsonBody = z.record(z.string(), z.unknown());

/**
 * Reads a request the way Slack's Web API does: JSON when the content type says so, otherwise form fields (plus
 * any query-string parameters). `@slack/web-api` sends nested values such as `blocks` and `view` as JSON strings
 * inside the form, so string values that look like JSON objects or arrays are decoded; a value that fails to
 * parse stays a string, which the method handlers then reject like Slack would.
 */
export async function readRequestBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readRaw(request);
  const query = new URL(request.url ?? '/', 'http://standin').searchParams;
  const body: Record<string, unknown> = {};
  for (const [key, value] of query) body[key] = decodeJsonLooking(value);

  const contentType = request.headers['content-type'] ?? '';
  if (contentType.includes('application/json')) {
    if (raw.trim() === '') return body;
    return { ...body, ...JsonBody.parse(JSON.parse(raw)) };
  }
  for (const [key, value] of new URLSearchParams(raw)) body[key] = decodeJsonLooking(value);
  return body;
}

function decodeJsonLooking(value: string): unknown {
  const trimmed = value.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

async function readRaw(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
