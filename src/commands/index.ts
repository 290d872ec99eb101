import type { CommandEntry } from '../dispatch/command-registry.ts';
import type { AnyCommand } from '../dispatch/define-command.ts';
import type { AppContext } from './app-services.ts';

/**
 * Every `/cdn` subcommand, one line each, in the order `/cdn help` lists them: its name, and its module, imported on
 * first use so that start-up does not load every command and what it depends on.
 */
export const COMMANDS: readonly CommandEntry<AppContext>[] = [
  { name: 'help', load: async () => (await import('./help.ts')).help },
  { name: 'hosts', load: async () => (await import('./hosts.ts')).hosts },
  { name: 'host', load: async () => (await import('./host.ts')).host },
  { name: 'purge', load: async () => (await import('./purge.ts')).purge },
  { name: 'prefetch', load: async () => (await import('./prefetch.ts')).prefetch },
  { name: 'purges', load: async () => (await import('./purges.ts')).purges },
  { name: 'check', load: async () => (await import('./check.ts')).check },
  { name: 'ip', load: async () => (await import('./ip.ts')).ip },
  { name: 'quota', load: async () => (await import('./quota.ts')).quota },
  { name: 'stats', load: async () => (await import('./stats.ts')).stats },
  { name: 'top', load: async () => (await import('./top.ts')).top },
  { name: 'codes', load: async () => (await import('./codes.ts')).codes },
  { name: 'logs', load: async () => (await import('./logs.ts')).logs },
  { name: 'access', load: async () => (await import('./access.ts')).access },
  { name: 'online', load: async () => (await import('./online.ts')).online },
  { name: 'offline', load: async () => (await import('./offline.ts')).offline },
  { name: 'delete', load: async () => (await import('./delete.ts')).deleteCommand },
  { name: 'cache', load: async () => (await import('./cache.ts')).cache },
  { name: 'referer', load: async () => (await import('./referer.ts')).referer },
  { name: 'config', load: async () => (await import('./config.ts')).config },
  { name: 'origin', load: async () => (await import('./origin.ts')).origin },
  { name: 'certs', load: async () => (await import('./certs.ts')).certs },
  { name: 'cert', load: async () => (await import('./cert.ts')).cert },
  { name: 'block', load: async () => (await import('./block.ts')).block },
  { name: 'unblock', load: async () => (await import('./unblock.ts')).unblock },
  { name: 'project', load: async () => (await import('./project.ts')).project },
  { name: 'add', load: async () => (await import('./add.ts')).add },
  { name: 'approve', load: async () => (await import('./approve.ts')).approve },
  { name: 'reject', load: async () => (await import('./reject.ts')).reject },
  { name: 'digest', load: async () => (await import('./digest.ts')).digest },
  { name: 'watch', load: async () => (await import('./watch.ts')).watch },
  { name: 'audit', load: async () => (await import('./audit.ts')).audit },
];

/** Every command, loaded (help, the command line's help, tests). */
export function loadCommands(): Promise<AnyCommand<AppContext>[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
