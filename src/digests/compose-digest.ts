import type { Block, Message } from '../messaging/message.ts';
import type { TopEntry } from '../providers/traffic-types.ts';
import { context, divider, fitBlocks, header, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, plural, truncate } from '../render/format.ts';
import { formatUnits } from '../render/format-units.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { percentChange } from '../traffic/percent-change.ts';
import { sparkline } from '../traffic/sparkline.ts';
import type { TrafficSummary } from '../traffic/summarize-traffic.ts';
import type { DigestDefinition } from './digest-definition.ts';
import type { DigestPeriods } from './digest-periods.ts';
import { type Anomaly, SERVER_ERROR_RATE_THRESHOLD, TRAFFIC_CHANGE_THRESHOLD } from './find-anomalies.ts';
import { classRate, type StatusClasses } from './status-classes.ts';
import type { DigestFigures, DomainFigures } from './summarize-digest.ts';

/** Anomalies listed in the channel message; the rest are marked in the thread. */
const ANOMALY_LINES = 10;
/** One-line domain summaries in the channel message, busiest first. */
const MAIN_DOMAIN_LINES = 10;
/** Up to this many domains, their full details fit the channel message and there is no thread. */
const INLINE_DETAILS = 5;
/** Domains in full per thread reply: about 600 characters each, so a reply is a few sections of 3000. */
const DOMAINS_PER_REPLY = 30;
const DOMAIN_SPARK_WIDTH = 24;
const URL_CHARS = 70;

/** What the digest shows, from its `metrics`. */
export interface DigestShows {
  flux: boolean;
  bandwidth: boolean;
  request: boolean;
  hitRate: boolean;
  statusCodes: boolean;
}

/** A digest as Slack messages: one for the channel, and the per-domain details as replies in its thread. */
export interface DigestMessages {
  main: Message;
  thread: Message[];
}

/**
 * Lays a digest out for many domains: anomalies at the top, then the totals with their changes, sparkline and top
 * URLs, then the busiest domains one line each; every domain in full (sparkline, top URLs) in thread replies.
 * Every message keeps within Block Kit's limits (fitBlocks, sectionsFromLines).
 */
export function composeDigest(input: {
  digest: DigestDefinition;
  periods: DigestPeriods;
  figures: DigestFigures;
  anomalies: readonly Anomaly[];
  shows: DigestShows;
  topBy: 'flux' | 'request';
  /** What the digest could not cover (failed batches, unknown domains, ...), as context blocks. */
  notes: readonly Block[];
  /** How many domains the digest asked about, answered or not. */
  asked: number;
  timeZone: string;
}): DigestMessages {
  const { digest, periods, figures, anomalies, shows, timeZone } = input;
  const labels = periods.comparisons.map((comparison) => comparison.label);
  const flagged = new Set(anomalies.map((anomaly) => anomaly.domain));
  const inline = figures.domains.length <= INLINE_DETAILS;
  const render = { shows, labels, timeZone, flagged };

  const blocks: Block[] = [
    header(`Digest ${digest.name}: ${periods.current.label}`),
    context(
      [
        `${escapeMrkdwn(periods.current.label)} (${timeZone})`,
        `${coverage(figures.domains.length + figures.pooled.length, input.asked)} in ${plural(figures.accounts, 'account')}`,
        labels.length > 0 ? `changes against the ${labels.join(' and the ')}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  ];
  if (periods.capped) blocks.push(context(cappedNote(periods)));

  if (anomalies.length > 0) {
    const lines = anomalies.slice(0, ANOMALY_LINES).map((anomaly) => anomalyLine(anomaly, periods));
    if (anomalies.length > ANOMALY_LINES) {
      lines.push(`…and ${plural(anomalies.length - ANOMALY_LINES, 'more')}, marked :warning: in the thread.`);
    }
    blocks.push(...sectionsFromLines([`:rotating_light: *Needs attention*`, ...lines]));
  } else if (figures.domains.length > 0) {
    blocks.push(
      context(
        `:white_check_mark: Nothing unusual: no domain went offline${shows.statusCodes ? `, no 5xx rate above ${SERVER_ERROR_RATE_THRESHOLD}%` : ''}, no traffic change beyond ±${TRAFFIC_CHANGE_THRESHOLD}%.`,
      ),
    );
  }

  if (figures.domains.length + figures.pooled.length === 0) {
    blocks.push(section('_No figures came back for any domain._'));
  } else {
    blocks.push(...sectionsFromLines(totalLines(figures, input.topBy, render)));
  }

  if (figures.domains.length > 0) {
    blocks.push(divider());
    const legend = labels.length > 0 ? ` · changes against the ${labels.join(' / ')}` : '';
    if (inline) {
      blocks.push(section(`*By domain*, most traffic first${legend}`));
      blocks.push(
        ...sectionsFromLines(figures.domains.map((figure) => domainDetail(figure, input.topBy, render))),
      );
    } else {
      blocks.push(section(`*Busiest domains*${legend}`));
      blocks.push(
        ...sectionsFromLines(
          figures.domains.slice(0, MAIN_DOMAIN_LINES).map((figure) => domainLine(figure, render)),
        ),
      );
      blocks.push(
        context(
          `All ${plural(figures.domains.length, 'domain')} in full (sparkline, top URLs) in the thread${figures.domains.length > MAIN_DOMAIN_LINES ? `; ${plural(figures.domains.length - MAIN_DOMAIN_LINES, 'more domain')} only there` : ''}.`,
        ),
      );
    }
  }
  if (figures.pooled.length > 0) {
    blocks.push(
      context(
        `Counted in the totals without a line of their own (the provider reports them only added up): ${figures.pooled.map(code).join(', ')}.`,
      ),
    );
  }
  blocks.push(...input.notes);

  const main: Message = {
    text: summaryText(digest.name, periods.current.label, figures, flagged.size),
    blocks: fitBlocks(blocks, (hidden) => `${hidden} more notes not shown.`),
  };
  const thread = inline ? [] : threadReplies(figures, input.topBy, render, periods.current.label);
  return { main, thread };
}

/**
 * `Covers 2026-09-09 – 2026-12-06 only, not all of 2026-01-01 – 2026-12-06 since the previous run: Tencent keeps
 * traffic data for 90 days. No comparison with the previous period, which is older still.`
 */
function cappedNote(periods: DigestPeriods): string {
  const capped = periods.capped!;
  const dropped =
    capped.dropped.length > 0
      ? ` No comparison with the ${capped.dropped.join(' or the ')}, which ${capped.dropped.length > 1 ? 'are' : 'is'} older still.`
      : '';
  return `:information_source: Covers ${escapeMrkdwn(periods.current.label)} only, not all of ${escapeMrkdwn(capped.asked.label)} since the previous run: ${escapeMrkdwn(capped.reason)}.${dropped}`;
}

interface Render {
  shows: DigestShows;
  labels: readonly string[];
  timeZone: string;
  flagged: ReadonlySet<string>;
}

function threadReplies(
  figures: DigestFigures,
  topBy: 'flux' | 'request',
  render: Render,
  periodLabel: string,
): Message[] {
  const replies: Message[] = [];
  const total = figures.domains.length;
  for (let start = 0; start < total; start += DOMAINS_PER_REPLY) {
    const chunk = figures.domains.slice(start, start + DOMAINS_PER_REPLY);
    const span = `${start + 1}–${start + chunk.length} of ${total}`;
    const legend = render.labels.length > 0 ? ` · changes against the ${render.labels.join(' / ')}` : '';
    const blocks = [
      context(`Domains ${span}, most traffic first · ${escapeMrkdwn(periodLabel)}${legend}`),
      ...sectionsFromLines(chunk.map((figure) => domainDetail(figure, topBy, render))),
    ];
    replies.push({
      text: `Domains ${span}`,
      blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`),
    });
  }
  return replies;
}

function totalLines(figures: DigestFigures, topBy: 'flux' | 'request', render: Render): string[] {
  const { now, before, codes, top } = figures.totals;
  const { shows, labels, timeZone } = render;
  const against = (current: number | undefined, earlier: (number | undefined)[]) =>
    earlier
      .map((value, index) =>
        value === undefined || current === undefined
          ? ''
          : `${percentChange(current, value)} vs ${labels[index]}`,
      )
      .filter(Boolean)
      .map((text) => ` · ${text}`)
      .join('');
  const lines = ['*Total*'];
  if (shows.flux) {
    lines.push(
      `*Traffic* ${formatUnits(now.flux ?? Number.NaN, 'bytes')}${against(
        now.flux,
        before.map((entry) => entry?.flux),
      )}`,
    );
    const spark = sparkline(now.grid.flux ?? []);
    if (spark.trim()) lines.push(spark);
  }
  if (shows.bandwidth) {
    const peak = now.peakBandwidth;
    lines.push(
      `*Peak bandwidth* ${peak ? `${formatUnits(peak.value, 'bitsPerSecond')} at ${formatWallTime(peak.time, timeZone)}` : '—'}${against(
        peak?.value,
        before.map((entry) => entry?.peakBandwidth?.value),
      )}`,
    );
  }
  if (shows.request) {
    lines.push(
      `*Requests* ${formatUnits(now.request ?? Number.NaN, 'count')}${against(
        now.request,
        before.map((entry) => entry?.request),
      )}`,
    );
  }
  if (shows.hitRate) lines.push(`*Hit rate* ${hitRate(now)}`);
  if (shows.statusCodes && codes)
    lines.push(`*Errors* ${errorRates(codes)} of ${formatUnits(codes.responses, 'count')} responses`);
  if (top && top.length > 0) {
    lines.push(`*Top URLs by ${topBy === 'flux' ? 'traffic' : 'requests'}*`);
    lines.push(
      ...top.map(
        (entry, index) =>
          `${index + 1}. ${escapeMrkdwn(truncate(entry.name, URL_CHARS))} · ${formatUnits(entry.value, topBy === 'flux' ? 'bytes' : 'count')}`,
      ),
    );
  }
  return lines;
}

/** One line for the channel message. */
function domainLine(figure: DomainFigures, render: Render): string {
  const mark = render.flagged.has(figure.domain) ? ':warning: ' : '';
  return `${mark}*${escapeMrkdwn(figure.domain)}* · ${figureParts(figure, render, false).join(' · ')}`;
}

/** A domain in full, for the thread (or the channel message when there are few): line, sparkline, top URLs. */
function domainDetail(figure: DomainFigures, topBy: 'flux' | 'request', render: Render): string {
  const mark = render.flagged.has(figure.domain) ? ':warning: ' : '';
  const lines = [
    `${mark}*${escapeMrkdwn(figure.domain)}* (${code(figure.accountId)}) · ${figureParts(figure, render, true).join(' · ')}`,
  ];
  const spark = sparkline(figure.now.grid.flux ?? figure.now.grid.request ?? [], DOMAIN_SPARK_WIDTH);
  if (spark.trim()) lines.push(spark);
  if (figure.top && figure.top.length > 0) {
    lines.push(`Top: ${figure.top.map((entry) => topEntry(entry, figure.domain, topBy)).join(' · ')}`);
  }
  return lines.join('\n');
}

function figureParts(figure: DomainFigures, render: Render, full: boolean): string[] {
  const { now, before, codes } = figure;
  const { shows, timeZone } = render;
  const changes = (current: number | undefined, earlier: (number | undefined)[]) => {
    const parts = earlier.map((value) =>
      value === undefined || current === undefined ? '—' : percentChange(current, value),
    );
    return parts.length > 0 && parts.some((part) => part !== '—') ? ` ${parts.join(' / ')}` : '';
  };
  const parts: string[] = [];
  if (shows.flux)
    parts.push(
      `${formatUnits(now.flux ?? Number.NaN, 'bytes')}${changes(
        now.flux,
        before.map((entry) => entry?.flux),
      )}`,
    );
  if (shows.bandwidth) {
    const peak = now.peakBandwidth;
    parts.push(
      `peak ${peak ? formatUnits(peak.value, 'bitsPerSecond') : '—'}${full && peak ? ` at ${formatWallTime(peak.time, timeZone).slice(11)}` : ''}`,
    );
  }
  if (shows.request) {
    parts.push(
      `${formatUnits(now.request ?? Number.NaN, 'count')} req${
        full
          ? changes(
              now.request,
              before.map((entry) => entry?.request),
            )
          : ''
      }`,
    );
  }
  if (shows.hitRate) parts.push(`hit ${formatUnits(now.fluxHitRate ?? Number.NaN, 'percent')}`);
  if (shows.statusCodes && codes) parts.push(errorRates(codes));
  return parts;
}

function hitRate(summary: TrafficSummary): string {
  return `${formatUnits(summary.fluxHitRate ?? Number.NaN, 'percent')} of traffic, ${formatUnits(summary.requestHitRate ?? Number.NaN, 'percent')} of requests`;
}

function errorRates(codes: StatusClasses): string {
  return `4xx ${formatUnits(classRate(codes, 'clientErrors'), 'percent')} · 5xx ${formatUnits(classRate(codes, 'serverErrors'), 'percent')}`;
}

/** `/static/app.js 1.2 GB`: the domain is left out of URLs of that domain, it is on the line already. */
function topEntry(entry: TopEntry, domain: string, topBy: 'flux' | 'request'): string {
  const withoutScheme = entry.name.replace(/^https?:\/\//i, '');
  const path = withoutScheme.toLowerCase().startsWith(`${domain.toLowerCase()}/`)
    ? withoutScheme.slice(domain.length)
    : entry.name;
  return `${escapeMrkdwn(truncate(path, URL_CHARS))} ${formatUnits(entry.value, topBy === 'flux' ? 'bytes' : 'count')}`;
}

function anomalyLine(anomaly: Anomaly, periods: DigestPeriods): string {
  const domain = code(anomaly.domain);
  const before = periods.comparisons[0]?.label ?? 'period before';
  const when = periods.kind === 'day' ? `on ${escapeMrkdwn(periods.current.label)}` : 'in this period';
  switch (anomaly.kind) {
    case 'offline':
      return `:black_circle: ${domain} went offline (status ${anomaly.status} at the provider)${anomaly.fluxBefore !== undefined && anomaly.fluxBefore > 0 ? `; it served ${formatUnits(anomaly.fluxBefore, 'bytes')} the ${before}` : ''}`;
    case 'silent':
      return `:black_circle: ${domain} served nothing ${when}, after ${formatUnits(anomaly.fluxBefore, 'bytes')} the ${before}`;
    case 'certificate':
      return anomaly.daysLeft < 0
        ? `:closed_lock_with_key: ${domain} HTTPS certificate ${code(anomaly.certificateId)} expired ${-anomaly.daysLeft} days ago`
        : `:closed_lock_with_key: ${domain} HTTPS certificate ${code(anomaly.certificateId)} expires in ${anomaly.daysLeft} ${anomaly.daysLeft === 1 ? 'day' : 'days'}; \`/cdn cert ${anomaly.domain} set <id>\` switches it`;
    case 'serverErrors':
      return `:red_circle: ${domain} 5xx rate ${formatUnits(anomaly.rate, 'percent')} of ${formatUnits(anomaly.responses, 'count')} responses (above ${SERVER_ERROR_RATE_THRESHOLD}%)`;
    case 'trafficChange':
      return `${anomaly.change > 0 ? ':chart_with_upwards_trend:' : ':chart_with_downwards_trend:'} ${domain} traffic ${percentChange(anomaly.flux, anomaly.fluxBefore)} against the ${anomaly.against} (${formatUnits(anomaly.fluxBefore, 'bytes')} → ${formatUnits(anomaly.flux, 'bytes')})`;
  }
}

/** `120 domains`, or `4 of 6 domains` when some have no figures. */
function coverage(answered: number, asked: number): string {
  return answered === asked ? plural(asked, 'domain') : `${answered} of ${plural(asked, 'domain')}`;
}

function summaryText(name: string, label: string, figures: DigestFigures, flagged: number): string {
  const { now } = figures.totals;
  const parts = [
    now.flux !== undefined ? formatUnits(now.flux, 'bytes') : '',
    now.request !== undefined ? `${formatUnits(now.request, 'count')} requests` : '',
    flagged > 0 ? `${plural(flagged, 'domain')} need${flagged === 1 ? 's' : ''} attention` : '',
  ].filter(Boolean);
  return `Digest ${name}, ${label}: ${parts.join(', ') || 'no figures'}`;
}
