#!/usr/bin/env node
// The container's HEALTHCHECK (and anyone's liveness probe without curl): exit 0 when cdnops answers ready.
// Asks /readyz on the health port and falls back to /healthz where /readyz does not exist (404). The port is
// HEALTH_PORT when set; else, as cdnops picks it, 9090 in Socket Mode (SLACK_APP_TOKEN set), PORT in HTTP mode.
const { HEALTH_PORT, PORT, SLACK_APP_TOKEN } = process.env;
const socketMode = Boolean(SLACK_APP_TOKEN?.trim());
const port = HEALTH_PORT?.trim() || (socketMode ? '9090' : PORT?.trim() || '3000');

// HEALTH_PORT=0 turns the probes off: there is nothing to ask, and failing here would have the container restarted
// forever for a setting the operator chose. Say so once per check instead.
if (port === '0') {
  process.stdout.write('cdnops probes are off (HEALTH_PORT=0); not checked\n');
  process.exit(0);
}

async function status(path) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4_000) });
  await response.body?.cancel();
  return response.status;
}

try {
  let answer = await status('/readyz');
  if (answer === 404) answer = await status('/healthz');
  process.exitCode = answer === 200 ? 0 : 1;
  if (answer !== 200) process.stderr.write(`cdnops not ready: HTTP ${answer} on port ${port}\n`);
} catch (error) {
  process.stderr.write(
    `cdnops not reachable on port ${port}: ${error instanceof Error ? error.message : error}\n`,
  );
  process.exitCode = 1;
}
