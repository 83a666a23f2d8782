/** CreateUnifiedActivity: one record in CI's UnifiedActivity format (docs/design.md §4). */
import { UNIFIED_ACTIVITY_ENTITY } from '../limits/constants';
import type { OperationHandler } from './context';
import { createOneActivity } from './create-activity';

export const createUnifiedActivity: OperationHandler = (ctx) => createOneActivity(ctx, UNIFIED_ACTIVITY_ENTITY);
