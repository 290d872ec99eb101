import type { Block, Message } from '../messaging/message.ts';
import { fitBlocks, MAX_BLOCKS, section, sectionsFromLines } from '../render/blocks.ts';
import { escapeMrkdwn, plural, truncate } from '../render/format.ts';
import { formatUnits } from '../render/format-units.ts';
import { parseHostPort } from '../util/host-port.ts';
import type { ProbeResult } from './probe.ts';
import type { EdgeCheck, OriginCheck, UrlCheck } from './types.ts';

/** Stale edges listed in the call-out before the rest is cut to a count. */
const CALLED_OUT = 15;
/** The notification text; the blocks carry the detail. */
const MAX_FALLBACK_CHARS = 3_000;
const MAX_URL_CHARS = 200;

/**
 * A check as a Slack message: a headline, the stale edges called out, then each URL with its summary, origin and
 * one line per edge. Past the 50-block limit, the remaining URLs shrink to their summary lines.
 */
export function renderCheck(checks: readonly UrlCheck[]): Message {
  const { callout, body } = renderCheckParts(checks, MAX_BLOCKS);
  const [headlineBlock, ...details] = body;
  return {
    text: fallbackText(checks),
    blocks: [...(headlineBlock ? [headlineBlock] : []), ...callout, ...details],
  };
}

/**
 * The pieces of a check's message, for messages that carry a check beside other things (a verified purge puts the
 * call-out at its very top): `callout` lists the stale edges (empty when none are), `body` is the headline and
 * the URLs, cut so both together take at most `maxBlocks`.
 */
export function renderCheckParts(
  checks: readonly UrlCheck[],
  maxBlocks: number,
): { callout: Block[]; body: Block[] } {
  const callout = staleCallout(checks);
  const budget = Math.max(2, maxBlocks - callout.length);
  const perUrl = checks.map((check) => sectionsFromLines(urlLines(check)));

  const body: Block[] = [section(headline(checks))];
  let detailed = 0;
  for (const urlBlocks of perUrl) {
    const compactRest = sectionsFromLines(checks.slice(detailed + 1).map(compactLine)).length;
    if (body.length + urlBlocks.length + compactRest > budget) break;
    body.push(...urlBlocks);
    detailed += 1;
  }
  if (detailed < checks.length) {
    body.push(...sectionsFromLines(checks.slice(detailed).map(compactLine)));
  }
  return { callout, body: fitBlocks(body, (hidden) => `${plural(hidden, 'more block')} not shown.`, budget) };
}

/** `• 127.0.0.2 · 200 · HIT (MemCache) · Age 12 · ETag "abc" · … · 1.2 KB · 35 ms → stale: ETag "abc" vs …` */
export function formatEdgeLine(edge: EdgeCheck): string {
  return `• ${[edge.address, ...resultParts(edge.result)].map(escapeMrkdwn).join(' · ')} → ${escapeMrkdwn(verdictText(edge))}`;
}

/** The plain-text fallback: the headline and each URL's summary. */
export function fallbackText(checks: readonly UrlCheck[]): string {
  const lines = [plainHeadline(checks), ...checks.map((check) => `${check.url}: ${check.summary}`)];
  return truncate(lines.join('\n'), MAX_FALLBACK_CHARS);
}

function headline(checks: readonly UrlCheck[]): string {
  const counts = tally(checks);
  const emoji =
    counts.stale > 0 ? ':warning:' : counts.unknown > 0 ? ':information_source:' : ':white_check_mark:';
  return `${emoji} *CDN check* of ${plural(checks.length, 'URL')}: ${describeTally(counts)}`;
}

/** `CDN check of 2 URLs: 1 stale edge on 1 URL, 7 of 8 edges fresh`, for notification texts. */
export function plainHeadline(checks: readonly UrlCheck[]): string {
  return `CDN check of ${plural(checks.length, 'URL')}: ${describeTally(tally(checks))}`;
}

interface Tally {
  edges: number;
  fresh: number;
  stale: number;
  unknown: number;
  staleUrls: number;
  unchecked: number;
}

function tally(checks: readonly UrlCheck[]): Tally {
  const edges = checks.flatMap((check) => check.edges);
  return {
    edges: edges.length,
    fresh: edges.filter((edge) => edge.verdict === 'fresh').length,
    stale: edges.filter((edge) => edge.verdict === 'stale').length,
    unknown: edges.filter((edge) => edge.verdict === 'unknown').length,
    staleUrls: checks.filter((check) => check.edges.some((edge) => edge.verdict === 'stale')).length,
    unchecked: checks.filter((check) => check.edges.length === 0).length,
  };
}

function describeTally(counts: Tally): string {
  const parts: string[] = [];
  if (counts.stale > 0) {
    parts.push(`${plural(counts.stale, 'stale edge')} on ${plural(counts.staleUrls, 'URL')}`);
  } else if (counts.edges > 0 && counts.fresh === counts.edges) {
    parts.push(`all ${plural(counts.edges, 'edge')} fresh`);
  }
  if (counts.stale > 0 || counts.fresh < counts.edges)
    parts.push(`${counts.fresh} of ${plural(counts.edges, 'edge')} fresh`);
  if (counts.unknown > 0) parts.push(`${counts.unknown} unknown`);
  if (counts.unchecked > 0) parts.push(`${plural(counts.unchecked, 'URL')} with no edges checked`);
  return parts.length > 0 ? parts.join(', ') : 'nothing checked';
}

/** Stale edges first, before any detail: they are what someone has to act on (purge, or look at the origin). */
function staleCallout(checks: readonly UrlCheck[]): Block[] {
  const stale = checks.flatMap((check) =>
    check.edges
      .filter((edge) => edge.verdict === 'stale')
      .map((edge) => `• ${urlText(check.url)} · ${escapeMrkdwn(edge.address)}: ${escapeMrkdwn(edge.reason)}`),
  );
  if (stale.length === 0) return [];
  const shown = stale.slice(0, CALLED_OUT);
  const hidden = stale.length - shown.length;
  const lines = [':warning: *Stale edges*', ...shown, ...(hidden > 0 ? [`…and ${hidden} more below`] : [])];
  return sectionsFromLines(lines);
}

function urlLines(check: UrlCheck): string[] {
  const cname = check.cname === undefined ? '' : ` · CNAME ${escapeMrkdwn(check.cname)}`;
  const lines = [`*${urlText(check.url)}*${cname}`, escapeMrkdwn(check.summary)];
  if (check.notChecked !== undefined) return lines;
  lines.push(originLine(check.origin));
  if (check.resolutionError !== undefined && check.edges.length > 0) {
    lines.push(`_${escapeMrkdwn(check.resolutionError)}_`);
  }
  lines.push(...check.edges.map(formatEdgeLine));
  return lines;
}

function compactLine(check: UrlCheck): string {
  return `• ${urlText(check.url)}: ${escapeMrkdwn(check.summary)}`;
}

function originLine(origin: OriginCheck): string {
  if (!origin.checked) return `_origin: ${escapeMrkdwn(origin.reason)}_`;
  const target =
    origin.configured === origin.address ? origin.address : `${origin.configured} (${origin.address})`;
  // A port written in the origin setting is already shown; saying it twice reads like two ports.
  const port = parseHostPort(origin.configured).port === undefined ? `:${origin.port}` : '';
  const head = `origin ${target}${port} (Host ${origin.hostHeader})`;
  return `_${[head, ...resultParts(origin.result)].map(escapeMrkdwn).join(' · ')}_`;
}

function resultParts(result: ProbeResult): string[] {
  if (!result.ok) {
    const redirect =
      result.location === undefined
        ? []
        : [`${result.status ?? 'redirect'} → ${result.location} (not followed)`];
    const message = result.error === 'redirect-off-domain' ? [] : [`${result.error}: ${result.message}`];
    return [...redirect, ...message, formatDuration(result.timeMs)];
  }
  const { headers } = result;
  const parts = [result.method === 'GET' ? `${result.status} (GET range)` : String(result.status)];
  const cache = headers.cacheStatus ?? headers.cacheHeader;
  if (cache !== undefined) parts.push(cache);
  if (headers.age !== undefined) parts.push(`Age ${headers.age}`);
  if (headers.etag !== undefined) parts.push(`ETag ${headers.etag}`);
  if (headers.lastModified !== undefined) parts.push(`Last-Modified ${headers.lastModified}`);
  if (headers.contentLength !== undefined) parts.push(formatUnits(headers.contentLength, 'bytes'));
  if (result.redirects.length > 0)
    parts.push(`after ${plural(result.redirects.length, 'redirect')} to ${result.redirects.at(-1)}`);
  if (result.status >= 300 && result.status < 400 && headers.location !== undefined) {
    parts.push(`→ ${headers.location}`);
  }
  parts.push(formatDuration(result.timeMs));
  return parts;
}

function verdictText(edge: EdgeCheck): string {
  return `${edge.verdict}: ${edge.reason}`;
}

function formatDuration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

function urlText(url: string): string {
  return escapeMrkdwn(truncate(url, MAX_URL_CHARS));
}
