import { z } from 'zod';
import { TencentAccount } from './tencent/account.ts';
import { WangsuAccount } from './wangsu/account.ts';

/** One schema per provider kind, discriminated by `kind`: adding a provider adds one entry here. */
export const AccountConfig = z.discriminatedUnion('kind', [TencentAccount, WangsuAccount]);
export type AccountConfig = z.infer<typeof AccountConfig>;
