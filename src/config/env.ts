import * as z from 'zod';
import { LOG_LEVELS } from '../logger.ts';

/** Unset and blank mean the same: `SLACK_APP_TOKEN=` in a compose file or .env file turns the setting off. */
function blankAsUnset(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function fromEnv<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankAsUnset, schema);
}

const BOT_TOKEN_HINT = "the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page";
const APP_TOKEN_HINT = 'an App-Level Token with connections:write, from Basic Information → App-Level Tokens';

/**
 * The process environment cdnops reads (PRODUCT.md "Start-up"). Other variables are ignored. Secrets are trimmed:
 * a newline pasted along with a token is the usual cause of `invalid_auth`. No message repeats a received value.
 */
export const Env = z
  .object({
    SLACK_BOT_TOKEN: fromEnv(
      z
        .string({
          error: (issue) => (issue.input === undefined ? `not set; use ${BOT_TOKEN_HINT}` : undefined),
        })
        .trim()
        .startsWith('xoxb-', `must start with xoxb-; use ${BOT_TOKEN_HINT}`),
    ),
    /** Verifies requests in HTTP mode; unused in Socket Mode. */
    SLACK_SIGNING_SECRET: fromEnv(z.string().trim().optional()),
    /** Set: Socket Mode. Unset: HTTP mode on PORT. */
    SLACK_APP_TOKEN: fromEnv(
      z.string().trim().startsWith('xapp-', `must start with xapp-; use ${APP_TOKEN_HINT}`).optional(),
    ),
    PORT: fromEnv(
      z
        .string()
        .trim()
        .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
        .transform(Number)
        .refine((port) => port <= 65_535, 'must be a port number from 0 to 65535')
        .default(3000),
    ),
    /** Slack Web API base for proxies and tests; always ends with `/`. Absent: the Slack client's default. */
    SLACK_API_URL: fromEnv(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
        .transform(withTrailingSlash)
        .optional(),
    ),
    /**
     * Where `/healthz`, `/readyz` and `/metrics` are served. Absent: the HTTP port in HTTP mode (beside
     * /slack/events), 9090 in Socket Mode. `0` turns the probes off.
     */
    HEALTH_PORT: fromEnv(
      z
        .string()
        .trim()
        .regex(/^\d{1,5}$/, 'must be a port number from 1 to 65535, or 0 to turn the probes off')
        .transform(Number)
        .refine(
          (port) => port <= 65_535,
          'must be a port number from 1 to 65535, or 0 to turn the probes off',
        )
        .optional(),
    ),
    /**
     * The egress proxy for provider APIs, log downloads and Slack (PRODUCT.md "Start-up"), as curl and undici read
     * them; the lower-case spelling wins when both are set. NO_PROXY: names (and their subdomains), `host:port`, `*`.
     */
    HTTPS_PROXY: proxyUrl(),
    https_proxy: proxyUrl(),
    HTTP_PROXY: proxyUrl(),
    http_proxy: proxyUrl(),
    NO_PROXY: fromEnv(z.string().trim().optional()),
    no_proxy: fromEnv(z.string().trim().optional()),
    CDNOPS_CONFIG: fromEnv(z.string().default('./cdnops.yml')),
    LOG_LEVEL: fromEnv(
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }))
        .default('info'),
    ),
  })
  // Runs even when other variables failed so that every problem is reported at once.
  .superRefine(
    (env, ctx) => {
      if (env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message:
            'not set; HTTP mode (SLACK_APP_TOKEN unset) needs the Signing Secret from Basic Information → App ' +
            'Credentials, or set SLACK_APP_TOKEN to use Socket Mode',
        });
      }
    },
    { when: () => true },
  );
export type Env = z.infer<typeof Env>;

function proxyUrl() {
  return fromEnv(
    z
      .url({
        protocol: /^https?$/,
        // Never repeats the value: a proxy URL may carry a password.
        error: 'must be an http(s) URL such as http://proxy.internal:3128 (user:password@ allowed)',
      })
      .optional(),
  );
}

function withTrailingSlash(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.href;
}
