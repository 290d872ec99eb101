import { z } from 'zod';
import { BLOCK_LIMITS, checkBlocks } from './check-blocks.ts';
import { failure, type MethodHandler, type MethodOutcome, WireString } from './method-handler.ts';
import type { StandinState } from './standin-state.ts';

const ViewArgs = z.looseObject({
  view: z.unknown().optional(),
  trigger_id: WireString.optional(),
  view_id: WireString.optional(),
  external_id: WireString.optional(),
  user_id: WireString.optional(),
});

const View = z.looseObject({ type: z.string(), blocks: z.unknown() });

/**
 * `views.*`: recorded and echoed back with an id. Trigger ids are not checked for expiry (Slack's 3 s limit),
 * and `views.update` accepts any `view_id`, so tests may update a view they forged in a `view_submission`.
 */
export const viewsMethods: Record<string, MethodHandler> = {
  'views.open': (state, body) => answerView(state, body, 'trigger_id'),
  'views.push': (state, body) => answerView(state, body, 'trigger_id'),
  'views.update': (state, body) => answerView(state, body, 'view_id'),
  'views.publish': (state, body) => answerView(state, body, 'user_id'),
};

function answerView(
  state: StandinState,
  body: Record<string, unknown>,
  needs: 'trigger_id' | 'view_id' | 'user_id',
): MethodOutcome {
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

  return {
    ok: true,
    result: {
      view: {
        ...view.data,
        id: viewId ?? state.nextId('V'),
        team_id: 'T0001',
        app_id: 'A0001',
        bot_id: 'BBOT',
        hash: state.nextId('hash'),
        ...(externalId === undefined ? {} : { external_id: externalId }),
      },
    },
  };
}
