/**
 * The description under each field of the designers' forms and dynamic content: what the field is, the format with
 * an example, and what a maker must know to fill it right (which field names the customer, what a key must be, what
 * a UnifiedActivity's CustomerId and ActivityType are). CI's own attribute description comes first when it has one.
 */
import { CUSTOMER_ID_ATTRIBUTE, UNIFIED_ACTIVITY_ENTITY } from '../limits/constants';
import { exampleOf } from '../reshape/lenient-input';
import type { AttributeModel, EntityModel } from './entity-model';

/** Which view of the entity a schema describes (json-schema.ts). */
export type SchemaView = 'activity-input' | 'profile-update' | 'profile-output';

/** An activity type of the environment, offered as a hint for UnifiedActivity's ActivityType. */
export interface ActivityTypeHint {
  activityType: string;
  displayName: string;
}

/** What a schema's descriptions may mention beyond the entity itself. */
export interface SchemaHints {
  activityTypes?: ActivityTypeHint[];
}

/** int32 is the default integer type: its full range says nothing a maker needs. */
const INT32_MIN = -2_147_483_648;
const UNIFIED_ACTIVITY_TYPE = 'ActivityType';

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function inputNotes(attr: AttributeModel, model: EntityModel, hints: SchemaHints): string[] {
  const notes: string[] = [];
  const unified = model.name === UNIFIED_ACTIVITY_ENTITY;
  if (attr.key) {
    notes.push(
      attr.json.kind === 'uuid'
        ? 'Identifies the record: a new value for every activity, e.g. from the guid() expression.'
        : 'Identifies the record: a new value for every activity; a repeated one is refused, because activities cannot change.',
    );
  }
  const link = model.customerLinks.find((l) => l.attribute === attr.name);
  if (link) {
    notes.push(
      `Names the customer: the ${link.sourceAttribute} of ${link.sourceEntity}, which the customer profile holds as ${link.profileColumn}. An activity whose customer Customer Insights does not know is stored but shows on no timeline.`,
    );
  }
  if (unified && attr.name === CUSTOMER_ID_ATTRIBUTE) {
    notes.push(
      'The Customer ID of the unified customer profile the activity belongs to, e.g. from Find customer profiles.',
    );
  }
  if (unified && attr.name === UNIFIED_ACTIVITY_TYPE && hints.activityTypes?.length) {
    const known = hints.activityTypes.map((t) => `${t.activityType} (${t.displayName})`).join(', ');
    notes.push(
      `The type the timeline shows and filters by. Types of this environment: ${known}; another value starts a new type.`,
    );
  }
  if (attr.name === model.timestampAttribute) notes.push('When the activity happened; the timeline is ordered by it.');
  return notes;
}

/** The description of one field in one view. */
export function describeField(
  attr: AttributeModel,
  view: SchemaView,
  model: EntityModel,
  hints: SchemaHints,
  required: boolean,
): string {
  const example = view === 'profile-output' ? undefined : exampleOf(attr.json.kind);
  const parts = [
    attr.description
      ? sentence(attr.description)
      : `${attr.friendlyName} (${attr.name}): ${attr.json.label}${example ? `, ${example}` : ''}.`,
  ];
  if (view === 'activity-input') parts.push(...inputNotes(attr, model, hints));
  else if (attr.key) parts.push('Identifies the record.');
  if (required && !attr.key) parts.push('Required.');
  if (attr.readOnly && view === 'profile-output') parts.push('Read-only.');
  const { minimum, maximum } = attr.json;
  if (minimum !== undefined && minimum !== INT32_MIN) parts.push(`Between ${minimum} and ${maximum}.`);
  return parts.join(' ');
}
