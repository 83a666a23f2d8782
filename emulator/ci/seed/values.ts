/**
 * Attribute values for seed rows, chosen by `semanticType` first (so captured tenant metadata gets plausible values
 * too) and by `Edm.*` type otherwise.
 */
import { valueHint, type AttributeMetadata } from '../entity-model';
import { CITIES, FIRST_NAMES, LAST_NAMES, PAGES, SITE, VOCABULARY } from './vocabulary';
import type { Prng } from './prng';

/** One unified customer's identity, shared by the Customer row and the source profile rows. */
export interface Person {
  first: string;
  last: string;
  email: string;
  phone: string;
  city: string;
  country: string;
  birthDate: string;
}

/** A deterministic person; `index` keeps emails unique. */
export function createPerson(prng: Prng, index: number): Person {
  const first = prng.pick(FIRST_NAMES);
  const last = prng.pick(LAST_NAMES);
  const [city, country] = prng.pick(CITIES);
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return {
    first,
    last,
    email: `${ascii(first)}.${ascii(last)}${index}@example.com`,
    phone: `+1-555-${String(prng.int(0, 9999)).padStart(4, '0')}`,
    city,
    country,
    birthDate: isoDate(Date.UTC(prng.int(1950, 2005), prng.int(0, 11), prng.int(1, 28))),
  };
}

/** Context for one row: who it belongs to and when it happened. */
export interface ValueContext {
  prng: Prng;
  person?: Person;
  /** Event time of an activity row, or the creation time of a profile row (ms). */
  timeMs: number;
  /** Sequence number of the row in its table. */
  seq: number;
}

/** `YYYY-MM-DD` of a time in ms. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function bySemanticType(attribute: AttributeMetadata, ctx: ValueContext): unknown {
  const p = ctx.person;
  const { prng } = ctx;
  switch (valueHint(attribute)) {
    case 'PersonFirstName':
      return p?.first;
    case 'PersonLastName':
      return p?.last;
    case 'PersonFullName':
      return p ? `${p.first} ${p.last}` : undefined;
    case 'IdentityServiceEmail':
      return p?.email;
    case 'IdentityServicePhone':
      return p?.phone;
    case 'LocationCity':
      return p?.city;
    case 'LocationCountryOrRegion':
      return p?.country;
    case 'PersonBirthDate':
      return p?.birthDate;
    case 'CalendarDateTime':
      return new Date(ctx.timeMs).toISOString();
    case 'CalendarDate':
      return isoDate(ctx.timeMs + prng.int(0, 5) * 86_400_000);
    case 'Currency':
      return Math.round(prng.int(500, 40_000)) / 100;
    case 'Percentage':
      return Math.round(prng.next() * 3000) / 10_000;
    case 'DurationSeconds':
      return Math.round(prng.next() * 180_000) / 100;
    case 'URL':
      return `${SITE}${prng.pick(PAGES)}`;
    case 'Quantity':
      return prng.int(1, 6);
    case 'LoyaltyPoints':
      return prng.int(0, 25_000);
    default:
      return VOCABULARY[valueHint(attribute) ?? ''] ? prng.pick(VOCABULARY[valueHint(attribute) ?? '']) : undefined;
  }
}

function byDataType(attribute: AttributeMetadata, ctx: ValueContext): unknown {
  const { prng } = ctx;
  switch (attribute.dataType) {
    case 'Edm.Boolean':
      return prng.chance(0.5);
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Byte':
    case 'Edm.SByte':
      return prng.int(0, 100);
    case 'Edm.Int64':
      return 1_000_000 + ctx.seq;
    case 'Edm.Decimal':
      return prng.int(0, 100_000) / 100;
    case 'Edm.Double':
    case 'Edm.Single':
      return Math.round(prng.next() * 1_000_000) / 1_000;
    case 'Edm.Date':
      return isoDate(ctx.timeMs);
    case 'Edm.DateTimeOffset':
      return new Date(ctx.timeMs).toISOString();
    case 'Edm.Guid':
      return prng.guid();
    default:
      return `${attribute.name}-${ctx.seq}`;
  }
}

/** A value for one attribute; never undefined (falls back on the type). */
export function attributeValue(attribute: AttributeMetadata, ctx: ValueContext): unknown {
  return bySemanticType(attribute, ctx) ?? byDataType(attribute, ctx);
}

/** A key value of the given type for row number `seq`: readable codes for strings, sequences for integers. */
export function keyValue(attribute: AttributeMetadata, seq: number, prng: Prng): string | number {
  switch (attribute.dataType) {
    case 'Edm.Guid':
      return prng.guid();
    case 'Edm.Int64':
      return 40_000_000_000 + seq;
    case 'Edm.Int32':
    case 'Edm.Int16':
      return seq;
    default: {
      const prefix = attribute.name.replace(/[^A-Z]/g, '') || 'K';
      return `${prefix}-${String(seq).padStart(7, '0')}`;
    }
  }
}
