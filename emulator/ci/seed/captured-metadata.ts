/**
 * Loads a real tenant's captured entity metadata (the body of `GET manage/entities`, or its `entities` array) so
 * the emulator serves that model instead of the built-in one; rows are then generated from the metadata.
 * Relationship ends and the timestamp attribute may be in the code model's shape (attribute / entity objects,
 * docs/customer-insights.md#metadata-shapes) or in our older shape (names); both are held as names.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { EntityMetadata } from '../entity-model';

const attributeSchema = z.looseObject({
  name: z.string().min(1),
  dataType: z.string().min(1),
  friendlyName: z.string().optional(),
  baseName: z.string().optional(),
  semanticType: z.string().optional(),
});

/** An attribute or entity named either way: its name, or an object carrying `name`. */
const named = z
  .union([z.string().min(1), z.looseObject({ name: z.string().min(1) })])
  .transform((v) => (typeof v === 'string' ? v : v.name));

const entitySchema = z.looseObject({
  name: z.string().min(1),
  qualifiedEntityName: z.string().optional(),
  dataSourceName: z.string().optional(),
  entityType: z.string().optional(),
  attributes: z.array(attributeSchema).min(1),
  keys: z.array(z.array(z.looseObject({ name: z.string() }))).optional(),
  relationships: z
    .array(z.looseObject({ fromAttribute: named, toAttribute: named, dataSourceEntity: named }))
    .optional(),
  timestampAttribute: named.nullish(),
  incrementalAttribute: named.nullish(),
});

const modelSchema = z.looseObject({ entities: z.array(entitySchema).min(1) });
const listSchema = z.array(entitySchema).min(1);

/** Reads and checks the file; throws an Error naming the file and the first bad field. */
export function loadCapturedMetadata(path: string): EntityMetadata[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read captured metadata ${path}: ${(e as Error).message}`);
  }
  const parsed = Array.isArray(json) ? listSchema.safeParse(json) : modelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`captured metadata ${path} is not an IC360EntityModel: ${issue.path.join('.')}: ${issue.message}`);
  }
  const entities = Array.isArray(parsed.data) ? parsed.data : parsed.data.entities;
  return entities.map((e) => {
    const attributes = e.attributes.map((a) => ({
      ...a,
      friendlyName: a.friendlyName ?? a.name,
      baseName: a.baseName ?? a.name,
    }));
    const keys = (e.keys ?? []).map((k) =>
      k.map(
        (x) =>
          attributes.find((a) => a.name === x.name) ?? {
            ...x,
            friendlyName: x.name,
            baseName: x.name,
            dataType: 'Edm.String',
          },
      ),
    );
    const { timestampAttribute, incrementalAttribute, ...rest } = e;
    return {
      ...rest,
      ...(timestampAttribute ? { timestampAttribute } : {}),
      ...(incrementalAttribute ? { incrementalAttribute } : {}),
      qualifiedEntityName: e.qualifiedEntityName ?? e.name,
      dataSourceName: e.dataSourceName ?? '',
      datasourceId: typeof e.datasourceId === 'string' ? e.datasourceId : '',
      dataflowType: typeof e.dataflowType === 'string' ? e.dataflowType : 'ingestion',
      entityType: e.entityType ?? 'unspecified',
      attributes,
      keys,
      relationships: (e.relationships ?? []).map((r) => ({
        name: '',
        friendlyName: '',
        relationshipType: 'singleKeyRelationshipOrigin',
        ...r,
      })),
    } as EntityMetadata;
  });
}
