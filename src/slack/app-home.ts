import type { App, webApi } from '@slack/bolt';
import * as z from 'zod';
import type { AppServices } from '../commands/app-services.ts';
import type { WorkTracker } from '../util/work-tracker.ts';
import { homeView } from './app-home-view.ts';
import { gatherHome } from './gather-home.ts';
import { logRefusal, readInteraction } from './read-interaction.ts';

const HomeOpened = z.looseObject({ tab: z.string(), user: z.string().min(1).max(255) });

/**
 * Builds and publishes one person's App Home (views.publish). Never rejects: a Home that could not be published is
 * logged, and the next visit tries again.
 */
export async function publishHome(
  client: webApi.WebClient,
  services: AppServices,
  userId: string,
  notice?: string,
): Promise<void> {
  try {
    const data = await gatherHome(services, userId);
    await client.views.publish({
      user_id: userId,
      view: homeView(data, { timezone: services.timezone, notice }),
    });
  } catch (error) {
    services.logger.warn('could not publish the App Home', { user: userId, error });
  }
}

/** The Home tab is rebuilt every time someone opens it (the event is acknowledged by Bolt before this runs). */
export function registerAppHome(app: App, services: AppServices, work: WorkTracker): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const opened = readInteraction(HomeOpened, event);
    if (!opened.ok) {
      logRefusal(services.logger, 'app_home_opened', opened.problem, {});
      return;
    }
    if (opened.data.tab !== 'home') return;
    work.track(publishHome(client, services, opened.data.user));
  });
}
