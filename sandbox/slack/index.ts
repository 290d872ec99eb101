/** The Slack stand-in: a loopback Web API and response_url server, and helpers to send signed requests to the bot. */

export { messageActionBody } from './block-action-body.ts';
export { elementsOf, findElement, optionsOf } from './block-elements.ts';
export { BLOCK_LIMITS, checkBlocks } from './check-blocks.ts';
export { buttonClickBody, buttonsOf, clickButton } from './click-button.ts';
export { interactionBody, type SlashCommandInput, sendSignedToApp, slashCommandBody } from './send-to-app.ts';
export { signSlackRequest } from './sign-slack-request.ts';
export type {
  BlockActionInput,
  ElementRef,
  RecordedCall,
  ResponseUrlOrigin,
  SlackOption,
  SlackStandin,
  SlackStandinOptions,
  StandinChange,
  StandinChangeKind,
  StandinMessage,
  StandinView,
  SubmissionOutcome,
  TriggerOrigin,
  ViewStateValues,
} from './slack-standin.ts';
export { startSlackStandin } from './start-slack-standin.ts';
