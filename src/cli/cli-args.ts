/**
 * The command line's own options, read before the command's: `--help`/`-h`, `--version`/`-V`, `--config FILE` and
 * `--json` may stand anywhere before a lone `--`; everything else is the command's, passed on untouched.
 */

export type CliRequest =
  | { kind: 'help'; command: string | undefined; json: boolean }
  | { kind: 'version' }
  | { kind: 'run'; argv: string[]; json: boolean; configPath: string | undefined }
  | { kind: 'usage'; message: string };

export function readCliArgs(argv: readonly string[]): CliRequest {
  const rest: string[] = [];
  let json = false;
  let help = false;
  let version = false;
  let configPath: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index]!;
    if (token === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    const lower = token.toLowerCase();
    if (lower === '--json') json = true;
    else if (lower === '--help' || token === '-h') help = true;
    else if (lower === '--version' || token === '-V') version = true;
    else if (lower === '--config' || lower.startsWith('--config=')) {
      const value = lower === '--config' ? argv[++index] : token.slice('--config='.length);
      if (value === undefined || value.trim() === '' || (lower === '--config' && value.startsWith('--'))) {
        return { kind: 'usage', message: '--config needs a file: cdnops --config ./cdnops.yml <command>' };
      }
      configPath = value;
    } else rest.push(token);
  }
  if (version && rest.length === 0) return { kind: 'version' };
  const [first, second] = rest;
  if (help) return { kind: 'help', command: first, json };
  if (first === undefined) return { kind: 'help', command: undefined, json };
  if (first.toLowerCase() === 'help') {
    if (rest.length > 2)
      return { kind: 'usage', message: 'Ask about one command at a time: cdnops help purge' };
    return { kind: 'help', command: second, json };
  }
  if (version) return { kind: 'usage', message: '--version takes no command: cdnops --version' };
  return { kind: 'run', argv: rest, json, configPath };
}
