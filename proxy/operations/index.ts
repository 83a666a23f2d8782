/**
 * The registry: one handler per contract operationId, written by hand (style guide rule 1). Startup compares these
 * keys with the operationIds of apiDefinition.swagger.json in both directions and refuses to start on any drift.
 */
import type { OperationHandler } from './context';
import { createActivitiesBatch } from './create-activities-batch';
import { createActivity } from './create-activity';
import { createUnifiedActivity } from './create-unified-activity';
import { findCustomerProfiles } from './find-customer-profiles';
import { getActivitySchema } from './get-activity-schema';
import { getCustomerProfile } from './get-customer-profile';
import { getProfileSchema } from './get-profile-schema';
import { getProfileUpdateSchema } from './get-profile-update-schema';
import { getUsage } from './get-usage';
import { listActivityTypes } from './list-activity-types';
import { listCustomerActivities } from './list-customer-activities';
import { listEntities } from './list-entities';
import { listInstances } from './list-instances';
import { listProfileLookups } from './list-profile-lookups';
import { updateCustomerProfile } from './update-customer-profile';

export type { OperationContext, OperationDeps, OperationHandler, OperationResult } from './context';

export const OPERATIONS = {
  ListInstances: listInstances,
  ListEntities: listEntities,
  GetActivitySchema: getActivitySchema,
  GetProfileUpdateSchema: getProfileUpdateSchema,
  GetProfileSchema: getProfileSchema,
  ListProfileLookups: listProfileLookups,
  ListActivityTypes: listActivityTypes,
  CreateActivity: createActivity,
  CreateUnifiedActivity: createUnifiedActivity,
  CreateActivitiesBatch: createActivitiesBatch,
  UpdateCustomerProfile: updateCustomerProfile,
  GetCustomerProfile: getCustomerProfile,
  FindCustomerProfiles: findCustomerProfiles,
  ListCustomerActivities: listCustomerActivities,
  GetUsage: getUsage,
} satisfies Record<string, OperationHandler>;

export type OperationId = keyof typeof OPERATIONS;
export type OperationRegistry = Record<string, OperationHandler>;
