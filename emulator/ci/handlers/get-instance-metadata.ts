/** `GET /instances/{instanceId}` (Get-instance-metadata): InstanceMetadata (docs/customer-insights.md#instances). */
import { requireInstance, type CiHandler } from '../context';
import { instanceInfo } from './instance-view';

export const getInstanceMetadata: CiHandler = (ctx) => {
  const i = requireInstance(ctx);
  return {
    status: 200,
    body: {
      ...instanceInfo(i),
      provisioningState: 'active',
      region: 'local',
      cdsOrgInfo: null,
      isB2B: false,
      isB2C: true,
      version: 1,
      createdBy: 'local-emulator',
      createdUtc: i.createdUtc,
      updatedBy: 'local-emulator',
      updatedUtc: i.createdUtc,
      myRole: i.roles.get(ctx.principal.oid),
    },
  };
};
