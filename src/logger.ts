/**
 * A structured logger: a fixed message plus a metadata object. Every line passes through `redact`, so configured
 * secrets never reach the output even when a caller puts one in metadata by mistake. A line written on behalf of a
 * Slack delivery carries its `correlationId` (observability/correlation.ts), provider calls included.
 */
import { currentCorrelation } from './observability/correlation.ts';

export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** Strings that must never appear in a log line (API keys, tokens, signing secrets). */
  secrets: readonly string[];
  write?: (line: string) => void;
  now?: () => number;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const secrets = options.secrets.filter((secret) => secret.length >= 4);

  function emit(level: LogLevel, message: string, meta?: Record<string, unknown>): void {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const correlationId = currentCorrelation()?.id;
    const line = JSON.stringify({
      time: new Date(now()).toISOString(),
      level,
      msg: message,
      ...(correlationId ? { correlationId } : {}),
      ...serialize(meta),
    });
    write(redact(line, secrets));
  }

  return {
    debug: (message, meta) => emit('debug', message, meta),
    info: (message, meta) => emit('info', message, meta),
    warn: (message, meta) => emit('warn', message, meta),
    error: (message, meta) => emit('error', message, meta),
  };
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}

function serialize(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!meta) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    out[key] =
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
