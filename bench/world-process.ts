/**
 * A bench's outside world (provider sandboxes and the Slack stand-in) as a process of its own, as providers and
 * Slack are other machines. In the bot's process they would take its CPU: the Tencent sandbox working out 17,000
 * traffic points an answer for `stats all` took more than half the run's CPU. For the ack bench, the bot's 200
 * replies arriving mid-burst would delay the generator's reading of later acks and be counted as the bot's latency.
 * Driven over IPC by `start-world-process.ts`.
 */
import { collectGarbage } from './collect-garbage.ts';
import { BENCH_CHANNEL, BENCH_USER, startBenchSandboxes } from './start-bench-sandboxes.ts';
import type { WorldReply, WorldRequest, WorldSetup } from './world-protocol.ts';

const setup = JSON.parse(process.argv[2] ?? '{}') as WorldSetup;
const sandboxes = await startBenchSandboxes({
  tencentDomains: setup.tencentDomains.map((domain) => ({ domain })),
  wangsuDomains: setup.wangsuDomains,
  ...(setup.tencentQuotas ? { tencentQuotas: setup.tencentQuotas } : {}),
  ...(setup.tencentTaskDurationMs !== undefined
    ? { tencentTaskDurationMs: setup.tencentTaskDurationMs }
    : {}),
});
sandboxes.tencent.faults.push({ kind: 'slow', delayMs: setup.latencyMs, times: Number.MAX_SAFE_INTEGER });
sandboxes.wangsu.faults.push({ kind: 'slow', delayMs: setup.latencyMs, times: Number.MAX_SAFE_INTEGER });

function reply(message: WorldReply): void {
  process.send?.(message);
}

process.on('message', (request: WorldRequest) => {
  switch (request.type) {
    case 'responseUrls':
      reply({
        type: 'responseUrls',
        id: request.id,
        urls: Array.from({ length: request.count }, () =>
          sandboxes.slack.responseUrl(undefined, { channel: BENCH_CHANNEL, user: BENCH_USER }),
        ),
      });
      break;
    case 'waitAnswered':
      sandboxes.slack
        .waitFor(
          (calls) =>
            calls.filter((call) => call.method === 'response_url' && !call.error).length >= request.count,
          { timeoutMs: request.timeoutMs },
        )
        .then(
          () => reply({ type: 'answered', id: request.id, error: null }),
          (error: unknown) => reply({ type: 'answered', id: request.id, error: String(error) }),
        );
      break;
    case 'tencentCalls':
      reply({
        type: 'tencentCalls',
        id: request.id,
        calls: sandboxes.tencent.calls.slice(request.since).map((call) => ({
          action: call.action,
          at: call.at,
          errorCode: call.errorCode,
          metric: (call.params as { Metric?: string } | undefined)?.Metric,
        })),
      });
      break;
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      reply({ type: 'cpu', id: request.id, ms: (user + system) / 1000 });
      break;
    }
    case 'collectGarbage':
      collectGarbage();
      reply({ type: 'collectedGarbage', id: request.id });
      break;
    case 'close':
      void sandboxes.close().then(() => process.exit(0));
      break;
  }
});
reply({ type: 'ready', id: 0, config: sandboxes.config, slackApiUrl: sandboxes.slack.apiUrl });
