import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { readCaFile } from '../config/read-ca-file.ts';
import type { CheckConfig } from '../config/schema.ts';
import { type AddressPolicy, addressPolicy } from '../util/address-policy.ts';
import type { CheckOptions } from './check-urls.ts';

/**
 * A whole check may take this many per-request timeouts: a DNS lookup and then a request per URL fit in two, and the
 * third leaves room for requests that waited for a free slot.
 */
export const OVERALL_TIMEOUTS = 3;

/** How checks are run, as configured; built once at start-up. */
export interface CheckSettings {
  /** Edge addresses per URL unless `--edges` says otherwise. */
  edges: number;
  timeoutMs: number;
  overallTimeoutMs: number;
  resolver: string | undefined;
  /**
   * Node's own CAs plus those of `check.caFile` (a `ca` option replaces the default list rather than adding to it),
   * built once: parsing Node's whole root list takes tens of milliseconds, too much for every connection of a check.
   * `undefined` without a caFile, so the defaults apply untouched.
   */
  secureContext: SecureContext | undefined;
  /**
   * The addresses `check.allowNetworks` lets edges, origins and log links point into; `undefined` without it, and
   * then every internal address is refused (the default wherever no policy is passed).
   */
  addressPolicy: AddressPolicy | undefined;
}

/**
 * The settings from the `check:` section, with `caFile` read now so a missing file stops start-up instead of failing
 * every check later.
 * @throws Error naming `check.caFile` and what is wrong with it, in one line.
 */
export function checkSettings(config: CheckConfig, readFile?: (path: string) => string): CheckSettings {
  let secureContext: SecureContext | undefined;
  if (config.caFile !== undefined) {
    const read = readCaFile(config.caFile, readFile);
    if (!read.ok) throw new Error(`check.caFile: ${read.problem}`);
    secureContext = createSecureContext({ ca: [...rootCertificates, read.pem] });
  }
  return {
    edges: config.edges,
    timeoutMs: config.timeout,
    overallTimeoutMs: config.timeout * OVERALL_TIMEOUTS,
    resolver: config.resolver,
    secureContext,
    addressPolicy: config.allowNetworks === undefined ? undefined : addressPolicy(config.allowNetworks),
  };
}

/** What `checkUrls` takes, for `edges` addresses per URL. */
export function checkOptions(settings: CheckSettings, edges: number = settings.edges): CheckOptions {
  return {
    edges,
    timeoutMs: settings.timeoutMs,
    overallTimeoutMs: settings.overallTimeoutMs,
    ...(settings.resolver === undefined ? {} : { resolver: settings.resolver }),
    ...(settings.secureContext === undefined ? {} : { secureContext: settings.secureContext }),
    ...(settings.addressPolicy === undefined ? {} : { addressPolicy: settings.addressPolicy }),
  };
}
