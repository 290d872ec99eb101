import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger, LogLevel as OurLevel } from '../logger.ts';

const TO_BOLT: Readonly<Record<OurLevel, LogLevel>> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Bolt's logs go through our logger, so they are structured and redacted like ours. */
export function boltLogger(logger: Logger, level: OurLevel): BoltLogger {
  let current = TO_BOLT[level];
  const text = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  return {
    // Bolt logs at debug several times per request; formatting them only to drop them costs the ack path. Our level,
    // not `current`: Bolt sets its own default level (info) on the logger it is given.
    debug: (...parts) => {
      if (level === 'debug') logger.debug('bolt', { detail: text(parts) });
    },
    info: (...parts) => logger.info('bolt', { detail: text(parts) }),
    warn: (...parts) => logger.warn('bolt', { detail: text(parts) }),
    error: (...parts) => logger.error('bolt', { detail: text(parts) }),
    setLevel: (next) => {
      current = next;
    },
    getLevel: () => current,
    setName: () => {},
  };
}
