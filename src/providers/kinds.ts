/** Every provider kind cdnops knows, as written in `providers.<id>.kind`. */
export const PROVIDER_KINDS = ['tencent', 'wangsu'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
