/** InstanceInfo / InstanceMetadata as served (docs/customer-insights.md#instances). */
import type { InstanceRecord } from '../persistence/ci-store';

/** The `InstanceInfo` fields of a list entry. */
export function instanceInfo(i: InstanceRecord): Record<string, unknown> {
  return {
    instanceId: i.instanceId,
    name: i.name,
    instanceType: i.instanceType,
    expiryTimeUtc: null,
    maxTrialExtensionsAllowed: 0,
    // The model types this as a string (not a list); nothing to report for a non-trial environment.
    trialExtensionHistory: null,
    scaleUnitId: 'local-emulator',
    azureRegion: 'local',
    platformType: 'default',
  };
}
