import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import type { Env } from '../config/env.schema';

export type MetricsAccess = (remoteAddress: string | undefined, authorization: unknown) => boolean;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * The rule for /metrics on the API and the worker ports: the socket's address is one of
 * METRICS_ALLOWED_ADDRESSES (loopback by default), or the request carries "Bearer <METRICS_TOKEN>".
 * The counts say how busy a service for survivors is: not for anyone on the network.
 */
export function metricsAccess(env: Pick<Env, 'METRICS_ALLOWED_ADDRESSES' | 'METRICS_TOKEN'>): MetricsAccess {
  const allowed = new BlockList();
  for (const entry of (env.METRICS_ALLOWED_ADDRESSES ?? 'loopback').split(',').map((s) => s.trim())) {
    if (entry === 'loopback') {
      allowed.addSubnet('127.0.0.0', 8, 'ipv4');
      allowed.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', bits] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) allowed.addAddress(address, type);
    else allowed.addSubnet(address, Number(bits), type);
  }
  const expected = env.METRICS_TOKEN ? digest(`Bearer ${env.METRICS_TOKEN}`) : undefined;
  return (remoteAddress, authorization) => {
    if (expected && typeof authorization === 'string' && timingSafeEqual(digest(authorization), expected)) {
      return true;
    }
    if (!remoteAddress) return false;
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
    const v4 = remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress;
    return isIPv4(v4) ? allowed.check(v4, 'ipv4') : allowed.check(remoteAddress, 'ipv6');
  };
}
