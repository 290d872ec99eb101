/**
 * The modals and Home tabs the stand-in keeps showing, per user, so a page (or a test) can see what Slack would:
 * views.open starts a user's modal stack, views.push and `response_action: push` add to it, updates replace a view in
 * place, and submissions and closes take views off it. Views are found by id, as Slack finds them.
 */
import type { StandinView, ViewStateValues } from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';

export type AppView = StandinView['view'];

function newView(id: string, user: string | undefined, view: AppView, hash: string): StandinView {
  return { id, user, view, hash, values: {}, errors: {} };
}

/** views.open: the modal replaces whatever stack the trigger's user had open. */
export function openModal(
  state: StandinState,
  input: { id: string; triggerId: string; view: AppView; hash: string },
): StandinView {
  const user = state.triggers.get(input.triggerId)?.user;
  const opened = newView(input.id, user, input.view, input.hash);
  // A forged trigger id names nobody: the view is answered for but shows to no one, so it is not kept.
  if (user !== undefined) {
    for (const id of state.modalStacks.get(user) ?? []) state.views.delete(id);
    state.views.set(opened.id, opened);
    state.modalStacks.set(user, [opened.id]);
  }
  return opened;
}

/** views.push and `response_action: push`: the new view goes on top of the user's stack. */
export function pushModal(
  state: StandinState,
  input: { id: string; user: string | undefined; view: AppView; hash: string },
): StandinView {
  const pushed = newView(input.id, input.user, input.view, input.hash);
  if (input.user !== undefined) {
    state.views.set(pushed.id, pushed);
    state.modalStacks.set(input.user, [...modalIds(state, input.user), pushed.id]);
  }
  return pushed;
}

/** The user a trigger id was handed to, if the stand-in handed it out. */
export function triggerUser(state: StandinState, triggerId: string): string | undefined {
  return state.triggers.get(triggerId)?.user;
}

/**
 * views.update and `response_action: update`: the view keeps its id and place, gets a new body and hash, loses its
 * field errors, and keeps what its inputs held where the same input is still there. Undefined when no such view is
 * showing (Slack would answer `not_found`; the stand-in lets tests update views they forged).
 */
export function updateView(
  state: StandinState,
  input: { id?: string | undefined; externalId?: string | undefined; view: AppView; hash: string },
): StandinView | undefined {
  const found =
    input.id !== undefined
      ? state.views.get(input.id)
      : [...state.views.values()].find((shown) => shown.view.external_id === input.externalId);
  if (found === undefined) return undefined;
  found.view = input.view;
  found.hash = input.hash;
  found.values = keptValues(found.values, input.view.blocks);
  found.errors = {};
  return found;
}

/** views.publish: the user's Home tab is replaced whole. */
export function publishHome(
  state: StandinState,
  input: { id: string; user: string; view: AppView; hash: string },
): StandinView {
  const previous = state.homes.get(input.user);
  if (previous !== undefined) state.views.delete(previous);
  const home = newView(input.id, input.user, input.view, input.hash);
  state.views.set(home.id, home);
  state.homes.set(input.user, home.id);
  return home;
}

export function modalIds(state: StandinState, user: string): string[] {
  return state.modalStacks.get(user) ?? [];
}

export function modalsOf(state: StandinState, user: string): StandinView[] {
  return modalIds(state, user)
    .map((id) => state.views.get(id))
    .filter((view) => view !== undefined);
}

/** The close button, or an empty answer to a submission: the top view goes, the one below shows again. */
export function closeTopModal(state: StandinState, user: string): StandinView | undefined {
  const ids = modalIds(state, user);
  const top = ids.at(-1);
  if (top === undefined) return undefined;
  const closed = state.views.get(top);
  state.views.delete(top);
  if (ids.length === 1) state.modalStacks.delete(user);
  else state.modalStacks.set(user, ids.slice(0, -1));
  return closed;
}

/** The X, or `response_action: clear`: the whole stack goes. */
export function clearModals(state: StandinState, user: string): StandinView[] {
  const closed = modalsOf(state, user);
  for (const view of closed) state.views.delete(view.id);
  state.modalStacks.delete(user);
  return closed;
}

/** The view as Slack sends it back to the app in payloads: the app's view plus Slack's own fields and state. */
export function wireView(
  state: StandinState,
  shown: StandinView,
  values: ViewStateValues = shown.values,
): Record<string, unknown> {
  const stack = shown.user === undefined ? [] : modalIds(state, shown.user);
  const at = stack.indexOf(shown.id);
  return {
    ...shown.view,
    id: shown.id,
    team_id: 'T0001',
    app_id: 'A0001',
    bot_id: 'BBOT',
    hash: shown.hash,
    state: { values },
    root_view_id: at > 0 ? stack[0] : shown.id,
    previous_view_id: at > 0 ? stack[at - 1] : null,
  };
}

interface InputBlockShape {
  type?: unknown;
  block_id?: unknown;
  element?: { action_id?: unknown };
}

/** The values of inputs that are still there, under the same block id and action id. */
function keptValues(values: ViewStateValues, blocks: readonly unknown[]): ViewStateValues {
  const kept: ViewStateValues = {};
  for (const block of blocks as InputBlockShape[]) {
    if (block?.type !== 'input' || typeof block.block_id !== 'string') continue;
    const actionId = block.element?.action_id;
    if (typeof actionId !== 'string') continue;
    const value = values[block.block_id]?.[actionId];
    if (value !== undefined) kept[block.block_id] = { [actionId]: value };
  }
  return kept;
}
