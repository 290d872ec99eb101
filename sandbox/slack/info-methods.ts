import { z } from 'zod';
import { failure, type MethodHandler, type MethodOutcome, WireString } from './method-handler.ts';
import type { StandinState } from './standin-state.ts';

const UsergroupArgs = z.looseObject({ usergroup: WireString.optional() });
const ChannelArgs = z.looseObject({ channel: WireString.optional() });

/** Read-only methods: who the bot is, who is in a user group, what a channel is called. */
export const infoMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'usergroups.users.list': usergroupMembers,
  'conversations.info': conversationInfo,
};

function authTest(): MethodOutcome {
  return {
    ok: true,
    result: {
      url: 'https://cdnops-sandbox.slack.com/',
      team: 'cdnops sandbox',
      user: 'cdnops',
      team_id: 'T0001',
      user_id: 'UBOT',
      bot_id: 'BBOT',
      is_enterprise_install: false,
    },
  };
}

function usergroupMembers(state: StandinState, body: Record<string, unknown>): MethodOutcome {
  const args = UsergroupArgs.safeParse(body);
  if (!args.success || args.data.usergroup === undefined)
    return failure('invalid_arguments', ['usergroup is required']);
  const users = state.usergroups[args.data.usergroup];
  if (users === undefined) return failure('no_such_subteam');
  return { ok: true, result: { users: [...users] } };
}

function conversationInfo(state: StandinState, body: Record<string, unknown>): MethodOutcome {
  const args = ChannelArgs.safeParse(body);
  const channel = args.success ? args.data.channel : undefined;
  if (channel === undefined || channel === '') return failure('channel_not_found');
  return {
    ok: true,
    result: {
      channel: {
        id: channel,
        name: state.channelNames.get(channel) ?? channel.toLowerCase(),
        is_channel: channel.startsWith('C'),
        is_private: channel.startsWith('G'),
        is_im: channel.startsWith('D'),
        is_archived: false,
        is_member: true,
      },
    },
  };
}
