/**
 * ListEntities: tables for the entity picker. `activity` lists source activity tables only (UnifiedActivity has its
 * own action), `profile` the unified profile, `all` both plus UnifiedActivity (docs/design.md §4).
 */
import { entityDisplayName, listEntityMetadata } from '../schema/entity-source';
import { stringParam, type OperationHandler } from './context';

type Kind = 'activity' | 'profile' | 'all';

function kindOf(entityType: string): 'activity' | 'unified' | 'profile' | undefined {
  const t = entityType.toLowerCase();
  if (t === 'activity') return 'activity';
  if (t === 'unifiedactivity') return 'unified';
  if (t === 'profile') return 'profile';
  return undefined;
}

export const listEntities: OperationHandler = async (ctx) => {
  const instanceId = stringParam(ctx, 'instanceId');
  const wanted = stringParam(ctx, 'kind') as Kind;
  const value = [];
  for (const metadata of await listEntityMetadata(ctx, instanceId)) {
    const kind = kindOf(String(metadata.entityType ?? ''));
    if (!kind) continue;
    if (wanted === 'activity' && kind !== 'activity') continue;
    if (wanted === 'profile' && kind !== 'profile') continue;
    value.push({
      name: String(metadata.name),
      displayName: entityDisplayName(metadata),
      kind: kind === 'profile' ? 'profile' : 'activity',
    });
  }
  value.sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { status: 200, body: { value } };
};
