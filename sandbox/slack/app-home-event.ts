import { API_APP_ID, LEGACY_TOKEN, TEAM } from './block-action-body.ts';
import type { StandinState } from './standin-state.ts';
import { wireView } from './view-surfaces.ts';

/**
 * The Events API delivery Slack sends when `userId` opens the app's Home tab: JSON, not a form, with the Home view
 * last published for them when there is one. Each gets its own event id, as each visit does.
 */
export function appHomeOpenedBody(state: StandinState, userId: string): string {
  const eventId = state.nextId('Ev');
  const now = Date.now() / 1000;
  const home = state.views.get(state.homes.get(userId) ?? '');
  return JSON.stringify({
    token: LEGACY_TOKEN,
    team_id: TEAM.id,
    api_app_id: API_APP_ID,
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: 'D0HOME0001',
      tab: 'home',
      event_ts: `${now}`,
      ...(home === undefined ? {} : { view: wireView(state, home) }),
    },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(now),
    authorizations: [{ team_id: TEAM.id, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
}
