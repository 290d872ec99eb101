import type { ProviderError } from '../errors.ts';
import { tencentHint } from './tencent/errors.ts';
import { wangsuHint } from './wangsu/errors.ts';

/** Advice for a provider error code, looked up by the code's provider. */
export function providerHint(error: ProviderError): string | undefined {
  return tencentHint(error.providerCode) ?? wangsuHint(error.providerCode);
}
