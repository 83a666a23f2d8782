/**
 * The key traffic without a valid sign-in is limited by: the client's address as Express reports it (behind a
 * trusted front end, the address it forwarded). An IPv4-mapped IPv6 address is its IPv4 address; any other IPv6
 * address counts by its /64, which one subscriber usually holds whole.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { IPV6_CLIENT_PREFIX_GROUPS } from './constants';

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The limiter key of a client address (`unknown` when the socket has none, e.g. already closed). */
export function clientAddressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, IPV6_CLIENT_PREFIX_GROUPS).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, `::` filled in, embedded IPv4 as two groups). */
function expandIPv6(address: string): string[] {
  let text = address.split('%')[0].toLowerCase();
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}
