import type { types } from '@slack/bolt';

/** A Slack modal (views.open). Kept to Slack's own type so Block Kit limits are checked by the compiler. */
export type ModalView = types.ModalView;
