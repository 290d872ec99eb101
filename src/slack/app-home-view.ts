/** The App Home tab: what waits for this person, what they may still purge today, what they did, what is reported. */
import { firingAlertLines } from '../alerts/firing-alert-lines.ts';
import { describeDuration } from '../changes/describe-duration.ts';
import { renderApprovalCard } from '../changes/render-change.ts';
import type { Block } from '../messaging/message.ts';
import type { HomeView } from '../messaging/modal-view.ts';
import type { Quota } from '../providers/types.ts';
import { context, divider, fitBlocks, header, section, sectionsFromLines } from '../render/blocks.ts';
import { code, escapeMrkdwn, formatCount, plural } from '../render/format.ts';
import { describeExpiry } from '../render/format-certificate.ts';
import { formatWallTime } from '../time/zoned-time.ts';
import { EXPIRING_DAYS, type HomeData } from './gather-home.ts';

export const HOME_VIEW = 'cdn_home';
/** Slack's limit for a Home tab (docs/reference §3.3). */
const MAX_HOME_BLOCKS = 100;
/** Each approval card takes 4 to 6 blocks; past this many the rest are named by id. */
const SHOWN_APPROVALS = 8;

const QUOTA_LABELS: Readonly<Record<Quota['kind'], string>> = {
  'url-purge': 'URL purge',
  'dir-purge': 'Directory purge',
  prefetch: 'Prefetch',
};
const OUTCOME_EMOJI: Readonly<Record<string, string>> = { submitted: ':outbox_tray:', failed: ':x:' };

export function homeView(
  data: HomeData,
  options: { timezone: string; notice?: string | undefined },
): HomeView {
  const { timezone } = options;
  const blocks: Block[] = [header('cdnops')];
  if (options.notice) blocks.push(section(options.notice));
  blocks.push(
    context(
      `As of ${formatWallTime(data.now, timezone)} (${timezone}) · ${
        data.callers.length > 0
          ? data.callers.map((caller) => `<#${caller.channelId}> ${caller.role}`).join(', ')
          : 'cdnops is not enabled in any channel'
      }`,
    ),
    divider(),
    ...approvalBlocks(data),
    divider(),
    section('*Alerts firing in your channels*'),
    ...sectionsFromLines(firingAlertLines(data.alerts, { timeZone: timezone, now: data.now })),
    divider(),
    section('*Quota left today*'),
    ...sectionsFromLines(data.quotas.length > 0 ? data.quotas.map(quotaLine) : ['_No accounts._']),
    divider(),
    section(`*HTTPS certificates expiring within ${EXPIRING_DAYS} days*`),
    ...sectionsFromLines(certificateLines(data)),
    divider(),
    section('*Your purges, last 7 days*'),
    ...sectionsFromLines(
      data.purges.length > 0
        ? data.purges.map(
            (entry) =>
              `${OUTCOME_EMOJI[entry.outcome] ?? ':grey_question:'} ${formatWallTime(entry.at, timezone)} · ${code(entry.domain ?? '?')} on ${code(entry.accountId ?? '?')} · ${entry.outcome}${entry.detail ? ` (${escapeMrkdwn(entry.detail)})` : ''}${entry.requestId ? ` · task ${code(entry.requestId)}` : ''} · <#${entry.channel}>`,
          )
        : ['_None._'],
    ),
    divider(),
    section('*Digests in your channels*'),
    ...sectionsFromLines(digestLines(data)),
    context(
      'Your channels are the channels cdnops is enabled in: the config has no channel membership, so cdnops does not know which of them you are in. `/cdn purges --task <id>` follows a purge.',
    ),
  );
  return {
    type: 'home',
    callback_id: HOME_VIEW,
    blocks: fitBlocks(blocks, (hidden) => `${hidden} more blocks not shown.`, MAX_HOME_BLOCKS),
  };
}

function approvalBlocks(data: HomeData): Block[] {
  const title = section(`*Waiting for your decision* (${formatCount(data.approvals.length)})`);
  if (data.approvals.length === 0) return [title, context('Nothing waits for you.')];
  const blocks: Block[] = [title];
  for (const request of data.approvals.slice(0, SHOWN_APPROVALS)) {
    // The card itself, with the same Approve / Reject buttons as in the channel.
    const card = renderApprovalCard(request, describeDuration(request.expiresAt - data.now));
    blocks.push(context(`In <#${request.channel}>`), ...(card.blocks ?? []));
  }
  const rest = data.approvals.slice(SHOWN_APPROVALS);
  if (rest.length > 0) {
    blocks.push(
      context(
        `${plural(rest.length, 'more request')}: ${rest.map((request) => code(request.id)).join(', ')}; decide with \`/cdn approve <id>\` or \`/cdn reject <id>\`.`,
      ),
    );
  }
  return blocks;
}

function quotaLine({ accountId, quota }: HomeData['quotas'][number]): string {
  const name = `*${escapeMrkdwn(accountId)}*`;
  if (quota.state === 'timed_out') return `${name} :hourglass: did not answer in time; try \`/cdn quota\`.`;
  if (quota.state === 'failed') {
    const error = quota.error as { providerCode?: string; message?: string };
    return `${name} :x: could not be read: ${code(error.providerCode ?? 'error')} ${escapeMrkdwn(error.message ?? String(quota.error))}`;
  }
  if (quota.value.length === 0) return `${name} no quota reported`;
  return `${name} ${quota.value
    .map(
      (item) =>
        `${QUOTA_LABELS[item.kind]} ${item.area} *${formatCount(item.available)}* of ${formatCount(item.total)}`,
    )
    .join(' · ')}`;
}

function digestLines(data: HomeData): string[] {
  if (data.digests === 'failed') return [':x: The digests could not be read.'];
  if (data.digests.length === 0) return ['_None._'];
  return data.digests.map(
    (digest) =>
      `*${escapeMrkdwn(digest.name)}* in <#${digest.channel}> · cron ${code(digest.schedule)} · ${digest.domains === 'all' ? 'all domains' : digest.domains.map(code).join(', ')}${digest.source === 'config' ? ' · from the config file' : ''}`,
  );
}

function certificateLines(data: HomeData): string[] {
  const { certificates } = data;
  if (certificates.state === 'timed_out')
    return [':hourglass: The providers did not answer in time; try `/cdn certs`.'];
  if (certificates.state === 'failed') return [':x: The certificates could not be read; try `/cdn certs`.'];
  const { rows, failures } = certificates.value;
  const lines = rows.map(
    (row) =>
      `:closed_lock_with_key: ${code(row.domain)} on ${code(row.account)} · ${describeExpiry(row.certificate, data.now)}${row.certificate?.id ? ` · ${code(row.certificate.id)}` : ''}`,
  );
  if (lines.length === 0) lines.push('_None: `/cdn certs` lists them all._');
  for (const { account } of failures)
    lines.push(`:x: ${code(account)} could not be read; try \`/cdn certs\`.`);
  return lines;
}
