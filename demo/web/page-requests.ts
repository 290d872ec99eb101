/**
 * What the page may ask of the playground, checked before anything reaches the stand-in. People and channels are
 * named by their keys in the demo world (`admin2`, `web-ops`); views and messages by Slack's ids.
 */
import { z } from 'zod';

const Key = z.string().min(1).max(64);
const Id = z.string().min(1).max(64);

const TextObject = z.looseObject({ type: z.string(), text: z.string().max(3000) });
const Option = z.object({
  text: TextObject,
  value: z.string().max(2000),
  description: TextObject.optional(),
});

const ElementRef = z.object({
  actionId: z.string().min(1).max(255),
  blockIndex: z.number().int().min(0).max(99).optional(),
  blockId: z.string().min(1).max(255).optional(),
});

/** `view.state.values` as the page built it from the form: block id → action id → the element's state. */
const StateValues = z.record(
  z.string().max(255),
  z.record(
    z.string().max(255),
    z.looseObject({
      type: z.string().max(64),
      value: z.string().max(10_000).nullish(),
      selected_option: Option.nullish(),
      selected_options: z.array(Option).max(100).optional(),
      selected_date: z.string().max(10).nullish(),
    }),
  ),
);

export const StateQuery = z.object({ as: Key, in: Key });

export const CommandRequest = z.object({ as: Key, in: Key, text: z.string().trim().min(1).max(4000) });

export const ActionRequest = z.object({
  as: Key,
  in: Key,
  on: z.union([z.object({ message: Id }), z.object({ view: Id })]),
  element: ElementRef,
  selected: z.array(z.string().max(2000)).max(100).optional(),
  options: z.array(Option).max(100).optional(),
  values: StateValues.optional(),
});

export const SubmitRequest = z.object({ as: Key, viewId: Id, values: StateValues });

export const CloseRequest = z.object({ as: Key, viewId: Id, all: z.boolean().optional() });

export const SuggestRequest = z.object({
  as: Key,
  viewId: Id,
  element: ElementRef,
  value: z.string().max(200),
});

export const HomeRequest = z.object({ as: Key });

export const OpenedRequest = z.object({ as: Key });

export const FinishRequest = z.object({});

/** A demo domain to stage a 5xx spike on, or to end it on. */
export const IncidentRequest = z.object({ domain: z.string().trim().min(1).max(253) });
