/** What a provider says about an address asked with `/cdn ip` (Tencent DescribeCdnIp's CdnIp). */
export interface NodeIpInfo {
  ip: string;
  /** true: one of the provider's nodes. */
  isNode: boolean;
  /** Province or country; undefined when the provider does not know. */
  location: string | undefined;
  city: string | undefined;
  area: 'mainland' | 'overseas' | undefined;
  /** The node's latest state change, newest first in the provider's history. */
  history: { status: 'online' | 'offline'; at: string | undefined }[];
}
