/**
 * The name of an attribute or entity that CI metadata refers to. The code model types relationship ends, the
 * related entity and the timestamp attribute as objects (an `IAttributeMetadata` / `IEntityMetadata`), while
 * earlier captures and our own emulator used bare names (docs/customer-insights.md#metadata-shapes); both are read.
 */
export function referencedName(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { name, qualifiedEntityName } = value as Record<string, unknown>;
  if (typeof name === 'string' && name) return name;
  return typeof qualifiedEntityName === 'string' && qualifiedEntityName ? qualifiedEntityName : undefined;
}
