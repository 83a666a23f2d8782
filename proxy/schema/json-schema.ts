/**
 * Entity model → the JSON Schemas the designers render as form fields and dynamic content. Every property carries
 * `x-ms-summary` (friendlyName) and a description, and only whitelisted formats (docs/power-platform.md#json-schemas).
 */
import type { AttributeModel, EntityModel } from './entity-model';
import { describeField, type SchemaHints, type SchemaView } from './field-description';

export type { SchemaHints, SchemaView } from './field-description';

export interface JsonSchemaProperty {
  type: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  'x-ms-summary': string;
  description: string;
  'x-ms-visibility'?: 'important' | 'advanced';
}

export interface EntityJsonSchema {
  type: 'object';
  'x-ms-summary'?: string;
  description: string;
  required?: string[];
  properties: Record<string, JsonSchemaProperty>;
}

/** True when the attribute belongs in the given view: read-only fields are never input, keys never updatable. */
export function attributeInView(attr: AttributeModel, view: SchemaView): boolean {
  if (view === 'profile-output') return true;
  if (view === 'profile-update') return !attr.key && !attr.readOnly;
  return attr.key || !attr.readOnly;
}

/** True when the maker must give the attribute: keys and Mandatory ones, on activity input only. */
export function attributeRequired(attr: AttributeModel, view: SchemaView): boolean {
  if (view === 'activity-input') return attr.key || attr.mandatory;
  if (view === 'profile-output') return attr.key;
  return false;
}

function property(attr: AttributeModel, view: SchemaView, model: EntityModel, hints: SchemaHints): JsonSchemaProperty {
  const prop: JsonSchemaProperty = {
    type: attr.json.type,
    'x-ms-summary': attr.friendlyName,
    description: describeField(attr, view, model, hints, attributeRequired(attr, view)),
  };
  if (attr.json.format) prop.format = attr.json.format;
  if (attr.json.minimum !== undefined) prop.minimum = attr.json.minimum;
  if (attr.json.maximum !== undefined) prop.maximum = attr.json.maximum;
  if (view !== 'profile-output' && attributeRequired(attr, view)) prop['x-ms-visibility'] = 'important';
  return prop;
}

const VIEW_DESCRIPTIONS: Record<SchemaView, (model: EntityModel) => string> = {
  'activity-input': (m) =>
    m.displayName === m.name
      ? `The fields of one ${m.name} activity record.`
      : `The fields of one ${m.displayName} activity record (${m.name}).`,
  'profile-update': (m) =>
    `The ${m.displayName} fields that can be changed in real time; give only the ones to change. Keys and read-only fields are left out.`,
  'profile-output': (m) => `One ${m.displayName} profile as Customer Insights returns it, real-time changes applied.`,
};

/** Builds the JSON Schema of one view of an entity; `hints` add what the environment knows (e.g. activity types). */
export function toJsonSchema(model: EntityModel, view: SchemaView, hints: SchemaHints = {}): EntityJsonSchema {
  const properties: Record<string, JsonSchemaProperty> = {};
  const required: string[] = [];
  for (const attr of model.attributes) {
    if (!attributeInView(attr, view)) continue;
    properties[attr.name] = property(attr, view, model, hints);
    if (attributeRequired(attr, view)) required.push(attr.name);
  }
  const schema: EntityJsonSchema = {
    type: 'object',
    'x-ms-summary': model.displayName,
    description: VIEW_DESCRIPTIONS[view](model),
    properties,
  };
  if (required.length > 0) schema.required = required;
  return schema;
}
