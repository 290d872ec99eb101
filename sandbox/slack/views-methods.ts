import { z } from 'zod';
import { BLOCK_LIMITS, checkBlocks } from './check-blocks.ts';
import { failure, type MethodHandler, type MethodOutcome, WireString } from './method-handler.ts';
import type { StandinView } from './slack-standin.ts';
import type { StandinState } from './standin-state.ts';
import { openModal, publishHome, pushModal, triggerUser, updateView } from './view-surfaces.ts';

const ViewArgs = z.looseObject({
  view: z.unknown().optional(),
  trigger_id: WireString.optional(),
  view_id: WireString.optional(),
  external_id: WireString.optional(),
  user_id: WireString.optional(),
});

const View = z.looseObject({ type: z.string(), blocks: z.unknown() });

type ViewsMethod = 'views.open' | 'views.push' | 'views.update' | 'views.publish';

/**
 * `views.*`: recorded and echoed back with an id, and kept showing for the user they belong to (see
 * view-surfaces.ts). Trigger ids are not checked for expiry (Slack's 3 s limit), and `views.update` accepts any
 * `view_id`, so tests may update a view they forged in a `view_submission`.
 */
export const viewsMethods: Record<ViewsMethod, MethodHandler> = {
  'views.open': (state, body) => answerView(state, body, 'views.open'),
  'views.push': (state, body) => answerView(state, body, 'views.push'),
  'views.update': (state, body) => answerView(state, body, 'views.update'),
  'views.publish': (state, body) => answerView(state, body, 'views.publish'),
};

const NEEDS: Record<ViewsMethod, 'trigger_id' | 'view_id' | 'user_id'> = {
  'views.open': 'trigger_id',
  'views.push': 'trigger_id',
  'views.update': 'view_id',
  'views.publish': 'user_id',
};

function answerView(state: StandinState, body: Record<string, unknown>, method: ViewsMethod): MethodOutcome {
  const needs = NEEDS[method];
  const args = ViewArgs.safeParse(body);
  if (!args.success) return failure('invalid_arguments', [args.error.message]);
  const { trigger_id: triggerId, view_id: viewId, external_id: externalId, user_id: userId } = args.data;
  if (needs === 'trigger_id' && triggerId === undefined) return failure('invalid_trigger_id');
  if (needs === 'view_id' && viewId === undefined && externalId === undefined) {
    return failure('invalid_arguments', ['view_id or external_id is required']);
  }
  if (needs === 'user_id' && userId === undefined)
    return failure('invalid_arguments', ['user_id is required']);
  const view = View.safeParse(args.data.view);
  if (!view.success) return failure('invalid_arguments', ['view must be a JSON object with type and blocks']);
  const problems = checkBlocks(view.data.blocks, BLOCK_LIMITS.viewBlocks);
  if (problems.length > 0) return failure('invalid_arguments', problems);

  const id = viewId ?? state.nextId('V');
  const hash = state.nextId('hash');
  const appView = { ...view.data, blocks: Array.isArray(view.data.blocks) ? view.data.blocks : [] };
  let shown: StandinView | undefined;
  if (method === 'views.open')
    shown = openModal(state, { id, triggerId: triggerId ?? '', view: appView, hash });
  else if (method === 'views.push') {
    shown = pushModal(state, { id, user: triggerUser(state, triggerId ?? ''), view: appView, hash });
  } else if (method === 'views.update')
    shown = updateView(state, { id: viewId, externalId, view: appView, hash });
  else shown = publishHome(state, { id, user: userId ?? '', view: appView, hash });

  return {
    ok: true,
    result: {
      view: {
        ...view.data,
        id: shown?.id ?? id,
        team_id: 'T0001',
        app_id: 'A0001',
        bot_id: 'BBOT',
        hash,
        ...(externalId === undefined ? {} : { external_id: externalId }),
      },
    },
    ...(shown === undefined ? {} : { view: shown }),
  };
}
