/**
 * Matches a request's method and path to a contract operation. Templates become anchored regular expressions; a
 * literal segment wins over a parameter (`/profiles/{customerId}` never swallows `/profile-lookups`). HEAD is served
 * by the GET operation of the path (RFC 9110 §9.3.2: same headers, no body; Node drops the body for HEAD).
 */
import type { Contract, OperationSpec } from './load-contract';

export interface RouteMatch {
  operation: OperationSpec;
  /** Path parameters, percent-decoded once (`x-ms-url-encoding: single`). */
  pathParams: Record<string, string>;
}

export interface RouteTable {
  /** The operation for this method and path, or undefined. */
  match(method: string, path: string): RouteMatch | undefined;
  /** The methods served at this path, HEAD included with GET (empty when none): for 405 answers. */
  methodsAt(path: string): string[];
}

interface Route {
  operation: OperationSpec;
  regex: RegExp;
  names: string[];
  literalSegments: number;
}

function compile(basePath: string, operation: OperationSpec): Route {
  const names: string[] = [];
  const segments = `${basePath}${operation.pathTemplate}`.split('/').filter(Boolean);
  const pattern = segments
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) {
        names.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    operation,
    regex: new RegExp(`^/${pattern}/?$`),
    names,
    literalSegments: segments.length - names.length,
  };
}

/** Builds the route table of a contract. */
export function createRouteTable(contract: Contract): RouteTable {
  const routes = contract.operations
    .map((op) => compile(contract.basePath, op))
    .sort((a, b) => b.literalSegments - a.literalSegments);

  function find(method: string | undefined, path: string): RouteMatch | undefined {
    for (const route of routes) {
      if (method && route.operation.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const pathParams: Record<string, string> = {};
      try {
        route.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(m[i + 1])));
      } catch {
        continue; // a malformed percent-escape matches nothing
      }
      return { operation: route.operation, pathParams };
    }
    return undefined;
  }

  return {
    match(method, path) {
      const upper = method.toUpperCase();
      return find(upper === 'HEAD' ? 'GET' : upper, path);
    },
    methodsAt(path) {
      const methods = new Set<string>();
      for (const route of routes) {
        if (!route.regex.test(path)) continue;
        methods.add(route.operation.method);
        if (route.operation.method === 'GET') methods.add('HEAD');
      }
      return [...methods];
    },
  };
}
