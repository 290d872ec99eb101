import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCommands } from '../../src/commands/index.ts';

const COMMANDS = await loadCommands();

const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; usage_hint: string }[] };
};

describe('the Slack app manifest', () => {
  it('names every /cdn command in the usage hint Slack shows while typing, within its 1,000 characters', () => {
    const [cdn] = manifest.features.slash_commands;
    const hinted = new Set(cdn!.usage_hint.split(/[^a-z]+/));

    expect(cdn!.command).toBe('/cdn');
    expect(COMMANDS.map((command) => command.name).filter((name) => !hinted.has(name))).toEqual([]);
    expect(cdn!.usage_hint.length).toBeLessThanOrEqual(1000);
  });
});
