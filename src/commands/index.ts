import type { AnyCommand } from '../dispatch/define-command.ts';
import { access } from './access.ts';
import { add } from './add.ts';
import type { AppContext } from './app-services.ts';
import { approve } from './approve.ts';
import { audit } from './audit.ts';
import { block } from './block.ts';
import { cache } from './cache.ts';
import { cert } from './cert.ts';
import { certs } from './certs.ts';
import { check } from './check.ts';
import { codes } from './codes.ts';
import { config } from './config.ts';
import { deleteCommand } from './delete.ts';
import { digest } from './digest.ts';
import { help } from './help.ts';
import { host } from './host.ts';
import { hosts } from './hosts.ts';
import { ip } from './ip.ts';
import { logs } from './logs.ts';
import { offline } from './offline.ts';
import { online } from './online.ts';
import { origin } from './origin.ts';
import { prefetch } from './prefetch.ts';
import { project } from './project.ts';
import { purge } from './purge.ts';
import { purges } from './purges.ts';
import { quota } from './quota.ts';
import { referer } from './referer.ts';
import { reject } from './reject.ts';
import { stats } from './stats.ts';
import { top } from './top.ts';
import { unblock } from './unblock.ts';
import { watch } from './watch.ts';

/** Every `/cdn` subcommand, one line each, in the order `/cdn help` lists them. */
export const COMMANDS: readonly AnyCommand<AppContext>[] = [
  help,
  hosts,
  host,
  purge,
  prefetch,
  purges,
  check,
  ip,
  quota,
  stats,
  top,
  codes,
  logs,
  access,
  online,
  offline,
  deleteCommand,
  cache,
  referer,
  config,
  origin,
  certs,
  cert,
  block,
  unblock,
  project,
  add,
  approve,
  reject,
  digest,
  watch,
  audit,
];
