import { access } from './access.ts';
import type { AnyCommand } from './define-command.ts';
import { help } from './help.ts';
import { host } from './host.ts';
import { hosts } from './hosts.ts';
import { prefetch } from './prefetch.ts';
import { purge } from './purge.ts';
import { purges } from './purges.ts';
import { quota } from './quota.ts';

/** Every `/cdn` subcommand, one line each, in the order `/cdn help` lists them. */
export const COMMANDS: readonly AnyCommand[] = [help, hosts, host, purge, prefetch, purges, quota, access];
