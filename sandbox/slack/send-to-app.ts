import { performance } from 'node:perf_hooks';
import { signSlackRequest } from './sign-slack-request.ts';
import { envelopeFor, socketAppAt } from './socket-mode.ts';

/** What a user typing a slash command gives Slack, plus the `response_url` Slack hands the app. */
export interface SlashCommandInput {
  text: string;
  userId: string;
  channelId: string;
  channelName?: string;
  userName?: string;
  teamId?: string;
  /** Defaults to `/cdn`. */
  command?: string;
  responseUrl: string;
  triggerId?: string;
}

/**
 * The form-encoded body Slack posts for a slash command, fields in Slack's order. `token` is the legacy
 * verification token (Bolt ignores it; signing replaces it) and every value is a string, booleans included.
 */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams([
    ['token', 'standin-verification-token'],
    ['team_id', input.teamId ?? 'T0001'],
    ['team_domain', 'cdnops-sandbox'],
    ['channel_id', input.channelId],
    ['channel_name', input.channelName ?? input.channelId.toLowerCase()],
    ['user_id', input.userId],
    ['user_name', input.userName ?? input.userId.toLowerCase()],
    ['command', input.command ?? '/cdn'],
    ['text', input.text],
    ['api_app_id', 'A0001'],
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl],
    ['trigger_id', input.triggerId ?? '1000000000.1.standintrigger'],
  ]).toString();
}

/** Interactions (`block_actions`, `view_submission`, ...) arrive as one form field, `payload`, holding JSON. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams([['payload', JSON.stringify(payload)]]).toString();
}

/**
 * Posts `rawBody` to the app signed as Slack would sign it. The timestamp defaults to the real clock, not an
 * injected one, because Bolt checks staleness against its own `Date.now()`. `signature` overrides the computed
 * one for forged-request tests; `headers` adds e.g. `x-slack-retry-num`. An app URL from a stand-in's
 * `socketModeAppUrl` sends the same body as a Socket Mode envelope instead (unsigned, as Socket Mode is): the
 * answer is the app's acknowledgement.
 */
export async function sendSignedToApp(
  appUrl: string,
  signingSecret: string,
  rawBody: string,
  options: { timestampSeconds?: number; signature?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; ms: number }> {
  const socket = socketAppAt(appUrl);
  if (socket !== undefined) {
    const started = performance.now();
    const { type, payload } = envelopeFor(rawBody, options.headers?.['content-type'] ?? '');
    const { body } = await socket.deliver(type, payload);
    return { status: 200, body, ms: performance.now() - started };
  }
  const signed = signSlackRequest(signingSecret, rawBody, options.timestampSeconds ?? Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(appUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...signed,
      ...(options.signature === undefined ? {} : { 'x-slack-signature': options.signature }),
      ...options.headers,
    },
    body: rawBody,
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}
