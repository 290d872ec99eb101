import type { types } from '@slack/bolt';

/** A Slack modal (views.open). Kept to Slack's own type so Block Kit limits are checked by the compiler. */
export type ModalView = types.ModalView;

/** A user's App Home tab (views.publish); up to 100 blocks, like a modal. */
export type HomeView = types.HomeView;

/**
 * A modal once it is open. Its trigger id is spent, but the view can still be replaced (views.update) for as long
 * as the user keeps it open: how a "loading" view becomes the real one once what it needs has been fetched.
 */
export interface OpenedModal {
  update(view: ModalView): Promise<void>;
}

/** Opens a modal for the person who ran the command; must be called within 3 seconds of the command arriving. */
export type OpenModal = (view: ModalView) => Promise<OpenedModal>;
