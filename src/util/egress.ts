/**
 * The egress proxy (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, lower-case spellings first, as undici and curl read them) for
 * what cdnops asks of the outside world through undici: provider APIs, Slack, and log downloads. `/cdn check` does
 * not use it: it connects to the edges and the origin themselves, since what they serve is the point.
 *
 * Read from the environment given, never from `process.env` behind its back, so tests and the demo decide.
 */
import { type Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';

export interface ProxySettings {
  httpsProxy?: string | undefined;
  httpProxy?: string | undefined;
  noProxy?: string | undefined;
}

type ProxyEnv = Partial<
  Record<'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy' | 'NO_PROXY' | 'no_proxy', unknown>
>;

/** The proxy settings of an environment; blank means unset. HTTPS_PROXY unset: https goes through HTTP_PROXY too. */
export function proxySettings(env: ProxyEnv): ProxySettings {
  const read = (lower: keyof ProxyEnv, upper: keyof ProxyEnv) => {
    for (const value of [env[lower], env[upper]]) {
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
    return undefined;
  };
  const httpProxy = read('http_proxy', 'HTTP_PROXY');
  return {
    httpsProxy: read('https_proxy', 'HTTPS_PROXY') ?? httpProxy,
    httpProxy,
    noProxy: read('no_proxy', 'NO_PROXY'),
  };
}

export function usesProxy(proxy: ProxySettings): boolean {
  return Boolean(proxy.httpsProxy || proxy.httpProxy);
}

/**
 * A dispatcher that sends each request through the proxy for its scheme unless NO_PROXY names its host; undefined
 * when no proxy is set (undici's global dispatcher then, as without this). `agent` options apply to the direct
 * connections (NO_PROXY'd hosts) only: the proxied ones are made by undici's ProxyAgent (a CONNECT tunnel).
 * @throws Error naming the variable when a proxy is not an http(s) URL (the value itself is not repeated).
 */
export function egressDispatcher(proxy: ProxySettings, agent?: Agent.Options): Dispatcher | undefined {
  if (!usesProxy(proxy)) return undefined;
  for (const [name, value] of [
    ['HTTPS_PROXY', proxy.httpsProxy],
    ['HTTP_PROXY', proxy.httpProxy],
  ] as const) {
    if (value !== undefined && !/^https?:\/\/[^/]/i.test(value)) {
      throw new Error(`${name} must be an http(s) URL such as http://proxy.internal:3128`);
    }
  }
  // Empty strings, not undefined: undefined would make undici read process.env itself.
  return new EnvHttpProxyAgent({
    ...agent,
    httpProxy: proxy.httpProxy ?? '',
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
  });
}

/** What of the proxy URLs must never be logged: their passwords (and user:password pairs). */
export function proxySecrets(proxy: ProxySettings): string[] {
  return [proxy.httpsProxy, proxy.httpProxy].flatMap((value) => {
    if (!value) return [];
    try {
      const url = new URL(value);
      const password = decodeURIComponent(url.password);
      return password ? [password, url.password, `${url.username}:${url.password}`] : [];
    } catch {
      return [value];
    }
  });
}
