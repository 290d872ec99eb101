import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../sandbox/manual-clock.ts';
import { cachedGroupMembers } from '../../src/auth/cached-group-members.ts';
import {
  type Caller,
  compileGuardrails,
  type GroupMembers,
  type GuardrailRules,
  type Guardrails,
} from '../../src/auth/compile-guardrails.ts';
import type { Role } from '../../src/auth/roles.ts';
import { selectAccounts } from '../../src/auth/select-accounts.ts';
import { PermissionError, UsageError } from '../../src/errors.ts';

const USER = 'U100';
const GROUP = 'S200';
const CHANNEL = 'C300';

/** Group lookups that answer from a table and count how often each group was asked for. */
function fakeGroups(members: Record<string, readonly string[]>) {
  const lookups: string[] = [];
  const groupMembers: GroupMembers = async (groupId) => {
    lookups.push(groupId);
    return members[groupId] ?? [];
  };
  return { groupMembers, lookups };
}

function rules(overrides: Partial<GuardrailRules>): GuardrailRules {
  return {
    channels: {},
    users: {},
    defaultRole: 'viewer',
    accounts: ['tencent-prod', 'tencent-test'],
    ...overrides,
  };
}

/** `allowed`, or the refusal text; anything but a PermissionError fails the test. */
function outcome(guardrails: Guardrails, caller: Caller, required: Role): string {
  try {
    guardrails.requireRole(caller, required, 'purge');
    return 'allowed';
  } catch (error) {
    expect(error).toBeInstanceOf(PermissionError);
    return (error as Error).message;
  }
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'no error',
    (error: unknown) => error,
  );
}

type Source = 'direct' | 'via user group' | 'default';

/** The same user ends up an operator in three ways. */
function operatorRules(source: Source, channelRole: Role): GuardrailRules {
  const channels = { [CHANNEL]: { role: channelRole } };
  switch (source) {
    case 'direct':
      return rules({ channels, users: { [USER]: 'operator' } });
    case 'via user group':
      return rules({ channels, users: { [GROUP]: 'operator' } });
    case 'default':
      return rules({ channels, defaultRole: 'operator' });
  }
}

const OPERATOR_GRID: [Role, Role, string][] = [
  ['viewer', 'viewer', 'allowed'],
  ['viewer', 'operator', '`purge` needs operator; this channel allows at most viewer.'],
  ['viewer', 'admin', `\`purge\` needs admin; you are operator in <#${CHANNEL}>.`],
  ['operator', 'viewer', 'allowed'],
  ['operator', 'operator', 'allowed'],
  ['operator', 'admin', `\`purge\` needs admin; you are operator in <#${CHANNEL}>.`],
  ['admin', 'viewer', 'allowed'],
  ['admin', 'operator', 'allowed'],
  ['admin', 'admin', `\`purge\` needs admin; you are operator in <#${CHANNEL}>.`],
];

const SOURCES: Source[] = ['direct', 'via user group', 'default'];

describe('compileGuardrails', () => {
  describe('an operator asking in a channel', () => {
    it.each(
      SOURCES.flatMap((source) =>
        OPERATOR_GRID.map(([channelRole, required, expected]) => ({
          source,
          channelRole,
          required,
          expected,
        })),
      ),
    )(
      'role $source, channel $channelRole, command needs $required: $expected',
      async ({ source, channelRole, required, expected }) => {
        const { groupMembers } = fakeGroups({ [GROUP]: [USER] });
        const guardrails = compileGuardrails(operatorRules(source, channelRole), groupMembers);

        const caller = await guardrails.resolveCaller(USER, CHANNEL);

        expect(caller.userRole).toBe('operator');
        expect(outcome(guardrails, caller, required)).toBe(expected);
      },
    );
  });

  it.each([
    ['operator', 'operator', `\`purge\` needs operator; you are viewer in <#${CHANNEL}>.`],
    ['admin', 'operator', `\`purge\` needs operator; you are viewer in <#${CHANNEL}>.`],
    ['viewer', 'operator', `\`purge\` needs operator; you are viewer in <#${CHANNEL}>.`],
    ['admin', 'viewer', 'allowed'],
  ] as const)(
    'a viewer in a %s channel asking for a command that needs %s gets: %s',
    async (channelRole, required, expected) => {
      const { groupMembers } = fakeGroups({});
      const guardrails = compileGuardrails(
        rules({ channels: { [CHANNEL]: { role: channelRole } } }),
        groupMembers,
      );

      const caller = await guardrails.resolveCaller(USER, CHANNEL);

      expect(outcome(guardrails, caller, required)).toBe(expected);
    },
  );

  it('refuses a channel that is not listed, naming it', async () => {
    const { groupMembers } = fakeGroups({});
    const guardrails = compileGuardrails(rules({ channels: { [CHANNEL]: { role: 'admin' } } }), groupMembers);

    const error = await refusal(guardrails.resolveCaller(USER, 'C999'));

    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toBe(
      'cdnops is not enabled in this channel (C999). An admin can add it under `channels:` in cdnops.yml.',
    );
  });

  it('refuses a direct message that is not listed, pointing to channels', async () => {
    const { groupMembers } = fakeGroups({});
    const guardrails = compileGuardrails(rules({ channels: { [CHANNEL]: { role: 'admin' } } }), groupMembers);

    const error = await refusal(guardrails.resolveCaller(USER, 'D123'));

    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toBe(
      'cdnops does not answer in direct messages. Use it in a channel listed under `channels:` in cdnops.yml.',
    );
  });

  it('answers in a direct message that is listed under channels', async () => {
    const { groupMembers } = fakeGroups({});
    const guardrails = compileGuardrails(
      rules({ channels: { D123: { role: 'operator' } }, users: { [USER]: 'admin' } }),
      groupMembers,
    );

    const caller = await guardrails.resolveCaller(USER, 'D123');

    expect(caller).toMatchObject({ channelId: 'D123', role: 'operator', channelRole: 'operator' });
  });

  it('limits the accounts to the channel’s providers, and gives every account in config order otherwise', async () => {
    const { groupMembers } = fakeGroups({});
    const guardrails = compileGuardrails(
      rules({
        channels: { C1: { role: 'viewer', providers: ['tencent-test'] }, C2: { role: 'viewer' } },
        accounts: ['tencent-prod', 'tencent-test', 'tencent-intl'],
      }),
      groupMembers,
    );

    const scoped = await guardrails.resolveCaller(USER, 'C1');
    const open = await guardrails.resolveCaller(USER, 'C2');

    expect(scoped.accounts).toEqual(['tencent-test']);
    expect(open.accounts).toEqual(['tencent-prod', 'tencent-test', 'tencent-intl']);
  });

  it.each([
    ['viewer', 'operator', 'operator'],
    ['operator', 'viewer', 'operator'],
    ['admin', 'operator', 'admin'],
    ['viewer', 'admin', 'admin'],
  ] as const)('a user listed as %s and in a group granted %s is %s', async (direct, viaGroup, expected) => {
    const { groupMembers } = fakeGroups({ [GROUP]: [USER] });
    const guardrails = compileGuardrails(
      rules({ channels: { [CHANNEL]: { role: 'admin' } }, users: { [USER]: direct, [GROUP]: viaGroup } }),
      groupMembers,
    );

    const caller = await guardrails.resolveCaller(USER, CHANNEL);

    expect(caller.userRole).toBe(expected);
  });

  it('gives the default role to a user outside every granted group', async () => {
    const { groupMembers } = fakeGroups({ [GROUP]: ['U999'] });
    const guardrails = compileGuardrails(
      rules({ channels: { [CHANNEL]: { role: 'admin' } }, users: { [GROUP]: 'admin' } }),
      groupMembers,
    );

    const caller = await guardrails.resolveCaller(USER, CHANNEL);

    expect(caller.userRole).toBe('viewer');
  });

  describe('with cached group membership', () => {
    const TTL = 60_000;

    it('reads a group once within the TTL and again after it', async () => {
      const clock = createManualClock();
      const { groupMembers, lookups } = fakeGroups({ [GROUP]: [USER] });
      const guardrails = compileGuardrails(
        rules({ channels: { [CHANNEL]: { role: 'admin' } }, users: { [GROUP]: 'operator' } }),
        cachedGroupMembers(groupMembers, clock, TTL),
      );

      await guardrails.resolveCaller(USER, CHANNEL);
      clock.advance(TTL - 1);
      await guardrails.resolveCaller(USER, CHANNEL);
      const withinTtl = lookups.length;
      clock.advance(1);
      const after = await guardrails.resolveCaller(USER, CHANNEL);

      expect(withinTtl).toBe(1);
      expect(lookups).toEqual([GROUP, GROUP]);
      expect(after.userRole).toBe('operator');
    });

    it('explains a failed group lookup instead of guessing a role, and does not cache the failure', async () => {
      const clock = createManualClock();
      let calls = 0;
      const flaky: GroupMembers = async () => {
        calls += 1;
        if (calls === 1) throw new Error('usergroups.users.list: ratelimited');
        return [USER];
      };
      const guardrails = compileGuardrails(
        rules({ channels: { [CHANNEL]: { role: 'admin' } }, users: { [GROUP]: 'operator' } }),
        cachedGroupMembers(flaky, clock, TTL),
      );

      const first = await refusal(guardrails.resolveCaller(USER, CHANNEL));
      const second = await guardrails.resolveCaller(USER, CHANNEL);

      expect((first as Error).message).toBe(
        `Could not read the members of Slack user group ${GROUP}, which grants operator here, so your role is unknown. Try again in a minute.`,
      );
      expect(second.userRole).toBe('operator');
      expect(calls).toBe(2);
    });
  });
});

describe('selectAccounts', () => {
  const caller: Caller = {
    userId: USER,
    channelId: CHANNEL,
    role: 'operator',
    userRole: 'operator',
    channelRole: 'operator',
    accounts: ['tencent-prod', 'tencent-test'],
  };

  it('gives every account of the channel when none is asked for', () => {
    expect(selectAccounts(caller, undefined)).toEqual(['tencent-prod', 'tencent-test']);
  });

  it('gives the one account asked for when the channel may use it', () => {
    expect(selectAccounts(caller, 'tencent-test')).toEqual(['tencent-test']);
  });

  it('refuses an account outside the channel’s scope, naming the allowed ones', () => {
    let thrown: unknown;

    try {
      selectAccounts(caller, 'tencent-intl');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(UsageError);
    expect(thrown).toMatchObject({
      message: 'This channel may not use an account named `tencent-intl`.',
      hint: 'Accounts here: `tencent-prod`, `tencent-test`.',
    });
  });
});
