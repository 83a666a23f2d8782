/**
 * Deterministic batch data of one instance: unified customers, their source profile rows, activity history, the
 * UnifiedActivity projection and per-customer measures. Generation 0 is the initial load; each scheduled refresh
 * adds a generation that changes some customers' batch values and appends new activities, so a refresh visibly
 * reloads data while unexpired real-time overrides keep winning (the store applies them on read).
 */
import { CUSTOMER_ID_ATTRIBUTE, MS_PER_DAY, MS_PER_HOUR, REFRESH_CHANGED_SHARE, SEED_HISTORY_DAYS } from '../constants';
import { hasAnnotation, valueHint, type AttributeMetadata, type EntityMetadata } from '../entity-model';
import type { ActivityLink, ModelLinks } from '../data/model-links';
import { projectActivity, type Row } from '../data/unified-activity';
import { createPrng, type Prng } from './prng';
import { attributeValue, createPerson, isoDate, keyValue, type Person } from './values';

export interface BatchOptions {
  seed: string;
  customers: number;
  /** Anchor time (ms) of each generation: [initial load, refresh 1, refresh 2, ...]. */
  generationAnchorsMs: readonly number[];
}

interface Owned {
  link: ActivityLink;
  row: Row;
}

/** Semantic types that identify a person: a refresh never changes them. */
const STABLE_SEMANTICS = new Set([
  'IdentityServicePhone',
  'LocationCity',
  'LocationCountryOrRegion',
  'PersonFirstName',
  'PersonLastName',
  'PersonFullName',
  'IdentityServiceEmail',
  'PersonBirthDate',
  'Identifier',
  'CalendarDateTime',
]);

function activityRow(link: ActivityLink, fk: unknown, timeMs: number, seq: number, prng: Prng): Row {
  const row: Row = {};
  for (const a of link.entity.attributes) {
    if (a.name === link.keyAttribute) row[a.name] = keyValue(a, seq, prng);
    else if (a.name === link.foreignKey) row[a.name] = fk;
    else if (a.name === link.entity.timestampAttribute) row[a.name] = new Date(timeMs).toISOString();
    else row[a.name] = attributeValue(a, { prng, timeMs, seq });
  }
  return row;
}

function measureRow(
  entity: EntityMetadata,
  customerId: string,
  owned: readonly Owned[],
  prng: Prng,
  anchor: number,
): Row {
  const row: Row = {};
  const amounts = owned.flatMap(({ link, row: r }) =>
    link.entity.attributes.filter((a) => valueHint(a) === 'Currency').map((a) => Number(r[a.name]) || 0),
  );
  const times = owned.map(({ link, row: r }) => Date.parse(String(r[link.entity.timestampAttribute ?? ''] ?? '')) || 0);
  for (const a of entity.attributes) {
    if (a.name === CUSTOMER_ID_ATTRIBUTE) row[a.name] = customerId;
    else if (valueHint(a) === 'Currency') row[a.name] = Math.round(amounts.reduce((s, x) => s + x, 0) * 100) / 100;
    else if (valueHint(a) === 'Quantity') row[a.name] = owned.length;
    else if (a.dataType === 'Edm.Date') row[a.name] = times.length ? isoDate(Math.max(...times)) : null;
    else row[a.name] = attributeValue(a, { prng, timeMs: anchor, seq: 0 });
  }
  return row;
}

/** All batch tables of one instance, by entity name (entities the seed knows nothing about get no rows). */
export function generateBatch(links: ModelLinks, options: BatchOptions): Map<string, Row[]> {
  const tables = new Map<string, Row[]>(Array.from(links.byName.keys(), (name) => [name, []]));
  const prng = createPrng(options.seed);
  const [anchor0] = options.generationAnchorsMs;
  const people: Person[] = [];
  const customers = tables.get(links.customer.name) as Row[];
  const seqs = new Map<string, number>();
  const nextSeq = (entity: string) => {
    const n = (seqs.get(entity) ?? 0) + 1;
    seqs.set(entity, n);
    return n;
  };
  const altColumns = new Set(links.sourceProfiles.map((s) => s.customerColumn));
  for (let i = 0; i < options.customers; i++) {
    const person = createPerson(prng, i);
    people.push(person);
    const created = anchor0 - prng.int(30, 1_500) * MS_PER_DAY;
    const row: Row = {};
    for (const a of links.customer.attributes) {
      if (a.name === CUSTOMER_ID_ATTRIBUTE) row[a.name] = prng.hex(32);
      else if (altColumns.has(a.name)) row[a.name] = null;
      else row[a.name] = attributeValue(a, { prng, person, timeMs: created, seq: i });
    }
    const having = links.sourceProfiles.filter(() => prng.chance(0.75));
    for (const s of having.length ? having : links.sourceProfiles.slice(0, 1)) {
      const seq = nextSeq(s.entity.name);
      const source: Row = {};
      for (const a of s.entity.attributes) {
        source[a.name] =
          a.name === s.keyAttribute
            ? keyValue(a, seq, prng)
            : attributeValue(a, { prng, person, timeMs: created, seq });
      }
      tables.get(s.entity.name)?.push(source);
      row[s.customerColumn] = source[s.keyAttribute];
    }
    customers.push(row);
  }
  const owned = new Map<string, Owned[]>();
  const addActivity = (link: ActivityLink, customer: Row, timeMs: number, p: Prng) => {
    const fk = customer[link.customerColumn];
    if (fk == null) return;
    const row = activityRow(link, fk, timeMs, nextSeq(link.entity.name), p);
    tables.get(link.entity.name)?.push(row);
    const id = String(customer[CUSTOMER_ID_ATTRIBUTE]);
    owned.set(id, [...(owned.get(id) ?? []), { link, row }]);
    if (links.unifiedActivity)
      tables.get(links.unifiedActivity.name)?.push(projectActivity(link, row, id, links.unifiedActivity));
  };
  for (const customer of customers) {
    for (const link of links.activities) {
      for (let k = prng.int(0, 4); k > 0; k--)
        addActivity(link, customer, anchor0 - prng.int(1, SEED_HISTORY_DAYS * 24) * MS_PER_HOUR, prng);
    }
  }
  options.generationAnchorsMs
    .slice(1)
    .forEach((anchor, g) =>
      refreshGeneration(links, customers, anchor, createPrng(`${options.seed}/refresh/${g + 1}`), addActivity),
    );
  for (const m of links.measures) {
    tables.set(
      m.name,
      customers.map((c) =>
        measureRow(
          m,
          String(c[CUSTOMER_ID_ATTRIBUTE]),
          owned.get(String(c[CUSTOMER_ID_ATTRIBUTE])) ?? [],
          prng,
          anchor0,
        ),
      ),
    );
  }
  return tables;
}

function volatile(a: AttributeMetadata, altColumns: Set<string>): boolean {
  return (
    !hasAnnotation(a, 'ReadOnly') &&
    !altColumns.has(a.name) &&
    a.name !== CUSTOMER_ID_ATTRIBUTE &&
    !STABLE_SEMANTICS.has(valueHint(a) ?? '')
  );
}

/** One scheduled refresh: some customers' changeable values move, and recent activities arrive. */
function refreshGeneration(
  links: ModelLinks,
  customers: Row[],
  anchor: number,
  prng: Prng,
  addActivity: (link: ActivityLink, customer: Row, timeMs: number, p: Prng) => void,
): void {
  const altColumns = new Set(links.sourceProfiles.map((s) => s.customerColumn));
  const changeable = links.customer.attributes.filter((a) => volatile(a, altColumns));
  customers.forEach((customer, i) => {
    if (!prng.chance(REFRESH_CHANGED_SHARE)) return;
    for (const a of changeable) customer[a.name] = attributeValue(a, { prng, timeMs: anchor, seq: i });
    for (const link of links.activities)
      if (prng.chance(0.5)) addActivity(link, customer, anchor - prng.int(1, 24) * MS_PER_HOUR, prng);
  });
}
