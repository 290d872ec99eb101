/**
 * The page's requests, carried out through the Slack stand-in exactly as Slack would: a slash command, a click or
 * choice (block_actions), a submission (view_submission, whose answer the stand-in applies), a close, a type-ahead
 * (block_suggestion), a visit to the Home tab (app_home_opened). Each is told to the terminal too.
 */
import type { z } from 'zod';
import {
  type BlockActionInput,
  findElement,
  optionsOf,
  type SlackOption,
} from '../../sandbox/slack/index.ts';
import {
  ActionRequest,
  CloseRequest,
  CommandRequest,
  FinishRequest,
  HomeRequest,
  IncidentRequest,
  OpenedRequest,
  SubmitRequest,
  SuggestRequest,
} from './page-requests.ts';
import type {
  PlaygroundChannel,
  PlaygroundContext,
  PlaygroundPerson,
  PlaygroundWorld,
} from './playground-world.ts';

/** A refusal the page shows as it is: the request was wrong, or what it points at is gone. */
export class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface PageAction<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  run(world: PlaygroundContext, request: z.output<Schema>): Promise<Record<string, unknown>>;
}

function action<Schema extends z.ZodType>(
  schema: Schema,
  run: (world: PlaygroundContext, request: z.output<Schema>) => Promise<Record<string, unknown>>,
): PageAction<Schema> {
  return { schema, run };
}

export function personOf(world: PlaygroundWorld, key: string): PlaygroundPerson {
  const person = world.people[key];
  if (person === undefined) throw new PageError(400, `nobody called ${key} in this workspace`);
  return person;
}

export function channelOf(world: PlaygroundWorld, key: string): PlaygroundChannel {
  const channel = world.channels[key];
  if (channel === undefined) throw new PageError(400, `no channel ${key} in this workspace`);
  return channel;
}

/** What a person sees of a view: the title of a modal, or "the Home tab". */
function viewName(world: PlaygroundWorld, viewId: string): string {
  const { slack } = world.demo;
  for (const person of Object.values(world.people)) {
    if (slack.home(person.id)?.id === viewId) return 'the Home tab';
    const modal = slack.modals(person.id).find((shown) => shown.id === viewId);
    if (modal) return `“${(modal.view.title as { text?: string } | undefined)?.text ?? viewId}”`;
  }
  return viewId;
}

/** The message or view an action is on, as this person sees it: their ephemerals, their modals, their Home. */
function surfaceOf(
  world: PlaygroundWorld,
  person: PlaygroundPerson,
  channel: PlaygroundChannel,
  request: z.output<typeof ActionRequest>,
): { on: BlockActionInput['on']; blocks: unknown[]; where: string } {
  const { slack } = world.demo;
  if ('message' in request.on) {
    const ts = request.on.message;
    const message = slack.messages.find(
      (candidate) => candidate.channel === channel.id && candidate.ts === ts,
    );
    if (message === undefined || (message.ephemeral && message.user !== person.id)) {
      throw new PageError(409, 'That message is gone.');
    }
    return { on: { message }, blocks: message.blocks, where: `a message in #${request.in}` };
  }
  const viewId = request.on.view;
  const view = [...slack.modals(person.id), slack.home(person.id)].find((shown) => shown?.id === viewId);
  if (view === undefined) throw new PageError(409, 'That view is no longer open.');
  return { on: { viewId }, blocks: view.view.blocks, where: viewName(world, viewId) };
}

export const PAGE_ACTIONS: Readonly<Record<string, PageAction>> = {
  command: action(CommandRequest, async (world, request) => {
    const person = personOf(world, request.as);
    const channel = channelOf(world, request.in);
    const text = request.text.replace(/^\/cdn\b\s*/, '');
    world.note(`${person.name} in #${request.in}: /cdn ${text}`);
    world.typed.add({ as: request.as, in: request.in, text: `/cdn ${text}`.trimEnd() }, world.now?.());
    const { demo } = world;
    const sent = await demo.slack.sendCommand(demo.appUrl, demo.signingSecret, {
      text,
      userId: person.id,
      userName: person.name,
      channelId: channel.id,
      channelName: request.in,
    });
    await demo.bot.drain();
    return { status: sent.status };
  }),

  action: action(ActionRequest, async (world, request) => {
    const person = personOf(world, request.as);
    const channel = channelOf(world, request.in);
    const { on, blocks, where } = surfaceOf(world, person, channel, request);
    const found = findElement(blocks, request.element);
    if (found === undefined) throw new PageError(409, 'That message changed meanwhile: look again.');
    world.note(
      `${person.name} ${describeChoice(found.element, request.selected, request.options)} on ${where}`,
    );
    const { demo } = world;
    const sent = await demo.slack.sendAction(demo.appUrl, demo.signingSecret, {
      userId: person.id,
      on,
      element: request.element,
      ...(request.selected ? { selected: request.selected } : {}),
      ...(request.options ? { options: request.options } : {}),
      ...(request.values ? { values: request.values } : {}),
    });
    await demo.bot.drain();
    return { status: sent.status };
  }),

  submit: action(SubmitRequest, async (world, request) => {
    const person = personOf(world, request.as);
    const { demo } = world;
    world.note(`${person.name} submitted ${viewName(world, request.viewId)}`);
    const outcome = await demo.slack.submitView(demo.appUrl, demo.signingSecret, {
      userId: person.id,
      viewId: request.viewId,
      values: request.values,
    });
    await demo.bot.drain();
    if (outcome.kind === 'errors') {
      world.note(`cdnops answered with errors on the form: ${Object.values(outcome.errors).join(' / ')}`);
    }
    if (outcome.kind === 'refused') world.note(`the submission failed: ${outcome.reason}`);
    return { outcome: outcome.kind, ...(outcome.kind === 'errors' ? { errors: outcome.errors } : {}) };
  }),

  close: action(CloseRequest, async (world, request) => {
    const person = personOf(world, request.as);
    const { demo } = world;
    world.note(`${person.name} closed ${viewName(world, request.viewId)}`);
    await demo.slack.closeView(demo.appUrl, demo.signingSecret, {
      userId: person.id,
      viewId: request.viewId,
      all: request.all ?? false,
    });
    await demo.bot.drain();
    return {};
  }),

  suggest: action(SuggestRequest, async (world, request) => {
    const person = personOf(world, request.as);
    const { demo } = world;
    return demo.slack.suggestOptions(demo.appUrl, demo.signingSecret, {
      userId: person.id,
      viewId: request.viewId,
      element: request.element,
      value: request.value,
    });
  }),

  /**
   * A page was (re)loaded: it starts with no modal open, as a reloaded Slack client does, so the person's modals
   * are closed here too (`view_closed` for those that asked to be told) rather than shown again.
   */
  opened: action(OpenedRequest, async (world, request) => {
    const person = personOf(world, request.as);
    const { demo } = world;
    const top = demo.slack.modals(person.id).at(-1);
    if (top === undefined) return { closed: 0 };
    const count = demo.slack.modals(person.id).length;
    world.note(`${person.name} reloaded the page; ${viewName(world, top.id)} closed`);
    await demo.slack.closeView(demo.appUrl, demo.signingSecret, {
      userId: person.id,
      viewId: top.id,
      all: true,
    });
    await demo.bot.drain();
    return { closed: count };
  }),

  home: action(HomeRequest, async (world, request) => {
    const person = personOf(world, request.as);
    const { demo } = world;
    world.note(`${person.name} opened the cdnops Home tab`);
    const sent = await demo.slack.openHome(demo.appUrl, demo.signingSecret, person.id);
    await demo.bot.drain();
    return { status: sent.status };
  }),

  finish: action(FinishRequest, async (world) => {
    world.demo.finishTasks();
    world.note('finished every pending sandbox task; the bot notices on its next poll, which is now');
    return {};
  }),

  incident: action(IncidentRequest, async (world, request) => {
    const alerts = alertsOf(world);
    world.note(`started a 5xx incident on ${request.domain}`);
    const outcome = await alerts.incident(request.domain);
    if (!outcome.done) throw new PageError(400, outcome.text);
    world.note(outcome.text);
    return { said: outcome.text, channel: alerts.channel };
  }),

  recover: action(IncidentRequest, async (world, request) => {
    const alerts = alertsOf(world);
    world.note(`ended the incident on ${request.domain}`);
    const outcome = await alerts.recover(request.domain);
    if (!outcome.done) throw new PageError(400, outcome.text);
    world.note(outcome.text);
    return { said: outcome.text, channel: alerts.channel };
  }),
};

function alertsOf(world: PlaygroundWorld): NonNullable<PlaygroundWorld['alerts']> {
  if (world.alerts === undefined) throw new PageError(404, 'this playground stages no incidents');
  return world.alerts;
}

function describeChoice(
  element: Parameters<typeof optionsOf>[0],
  selected: readonly string[] | undefined,
  options: readonly SlackOption[] | undefined,
): string {
  if (element.type === 'button') return `clicked “${element.text?.text ?? 'a button'}”`;
  const own = optionsOf(element);
  const chosen =
    options?.map((option) => option.text.text) ??
    (selected ?? []).map((value) => own.find((option) => option.value === value)?.text.text ?? value);
  return `chose ${chosen.map((text) => `“${text}”`).join(', ') || 'nothing'} (${element.type ?? 'menu'})`;
}
