/** Startup's drift check between the contract and the handler registry (style guide rule 2: fail, never open). */
import type { Contract } from './load-contract';

/** Thrown when the contract and the registry disagree; the message names every operationId at fault. */
export class ContractDriftError extends Error {
  constructor(
    readonly missingHandlers: string[],
    readonly unknownOperations: string[],
  ) {
    const lines = [
      ...missingHandlers.map(
        (id) => `operation ${id} in apiDefinition.swagger.json has no handler in proxy/operations`,
      ),
      ...unknownOperations.map(
        (id) => `handler ${id} in proxy/operations has no operation in apiDefinition.swagger.json`,
      ),
    ];
    super(`The contract and the handlers disagree:\n  - ${lines.join('\n  - ')}`);
    this.name = 'ContractDriftError';
  }
}

/** Throws ContractDriftError unless every contract operation has a handler and every handler an operation. */
export function assertRegistryMatches(contract: Contract, registry: Record<string, unknown>): void {
  const declared = new Set(contract.operations.map((op) => op.operationId));
  const handled = new Set(Object.keys(registry));
  const missing = [...declared].filter((id) => !handled.has(id)).sort();
  const unknown = [...handled].filter((id) => !declared.has(id)).sort();
  if (missing.length > 0 || unknown.length > 0) throw new ContractDriftError(missing, unknown);
}
