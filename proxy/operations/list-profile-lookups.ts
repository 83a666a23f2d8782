/** ListProfileLookups: the alternate keys and searchable fields FindCustomerProfiles can match on. */
import { CUSTOMER_ENTITY } from '../limits/constants';
import { getEntityModel, listEntityMetadata } from '../schema/entity-source';
import { profileLookupsOf, type ProfileLookup } from '../schema/profile-lookups';
import { stringParam, type OperationContext, type OperationHandler } from './context';

/** The instance's lookups, cached like entity schemas. */
export function getProfileLookups(ctx: OperationContext, instanceId: string): Promise<ProfileLookup[]> {
  return ctx.deps.profileLookups.get(instanceId, CUSTOMER_ENTITY, async () => {
    const [customer, entities] = await Promise.all([
      getEntityModel(ctx, instanceId, CUSTOMER_ENTITY),
      listEntityMetadata(ctx, instanceId),
    ]);
    const sources = entities.map((e) => ({
      name: String(e.name ?? ''),
      dataSourceName: typeof e.dataSourceName === 'string' ? e.dataSourceName : undefined,
    }));
    return profileLookupsOf(customer, sources);
  });
}

export const listProfileLookups: OperationHandler = async (ctx) => {
  const lookups = await getProfileLookups(ctx, stringParam(ctx, 'instanceId'));
  const value = lookups.map(({ name, displayName, kind }) => ({ name, displayName, kind }));
  return { status: 200, body: { value } };
};
