/**
 * `--domains all` or `--domains a.example.com,b.example.com`, as the subcommands that keep a list of domains take it
 * (`watch add`, `digest add`): one reading, so both refuse the same words with the same messages.
 */
import { Domain } from '../config/schema.ts';
import { UsageError } from '../errors.ts';
import { code } from '../render/format.ts';

const DOMAINS_HINT =
  'Write --domains all, or the domains separated by commas: --domains www.example.com,static.example.com.';

/**
 * The words after `--domains` (parseArgv has split the commas): `all`, or the domains in the form providers list
 * them, each once, in the order typed.
 * @param needed names the subcommand and what the domains are for, for the refusal when none are given:
 *   `` `watch add` needs --domains: which domains the rule watches. ``
 * @throws UsageError when none are given, when `all` comes with other words, or when a word is not a domain name.
 */
export function readDomainsOption(
  typed: readonly string[] | undefined,
  needed: { subcommand: string; purpose: string },
): 'all' | string[] {
  if (typed === undefined || typed.length === 0) {
    throw new UsageError(`\`${needed.subcommand}\` needs --domains: ${needed.purpose}.`, DOMAINS_HINT);
  }
  if (typed.some((word) => word.toLowerCase() === 'all')) {
    if (typed.length > 1)
      throw new UsageError('--domains is either `all` or a list of domains, not both.', DOMAINS_HINT);
    return 'all';
  }
  const domains: string[] = [];
  for (const word of typed) {
    const parsed = Domain.safeParse(word);
    if (!parsed.success) throw new UsageError(`--domains: ${code(word)} is not a domain name.`, DOMAINS_HINT);
    if (!domains.includes(parsed.data)) domains.push(parsed.data);
  }
  return domains;
}
