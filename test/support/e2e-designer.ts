/**
 * A small stand-in for the Power Automate designer that knows only `apiDefinition.swagger.json` (loaded with
 * swagger-parser) and the proxy's URL: it builds each request from the operation's path template, basePath and
 * parameter locations, fills dropdowns from `x-ms-dynamic-values` (and checks `x-ms-dynamic-list` agrees), resolves
 * `x-ms-dynamic-schema` (and checks `x-ms-dynamic-properties` agrees), and checks every answer: a 2xx body against
 * the declared response schema (dynamic parts resolved the same way), anything else against definitions/Error.
 */
import {
  legacyArguments,
  pickerOptions,
  referenceArguments,
  sameJson,
  valueAt,
  type Json,
  type PickerOption,
} from './e2e-extensions';
import { SchemaCheck } from './e2e-schema-check';
import { loadOperations, type Operation, type Parameter } from './e2e-swagger';

/** One answer of the proxy as the designer saw it. */
export interface Reply {
  operationId: string;
  status: number;
  // Bodies are whatever the proxy sent; the checks below hold them to the contract.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export class Designer {
  /** Contract violations seen so far (answers not matching their schema, pickers or schemas that disagree). */
  readonly problems: string[] = [];
  /** Every operationId this designer has called. */
  readonly called = new Set<string>();
  private readonly schemaCheck = new SchemaCheck();
  private readonly dynamicCache = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly doc: Json,
    private readonly operations: Map<string, Operation>,
    readonly proxyUrl: string,
    private readonly authorization: string,
  ) {}

  /** A designer for one connection: the proxy at `proxyUrl`, called with `authorization` ("Bearer …"). */
  static async connect(proxyUrl: string, authorization: string): Promise<Designer> {
    const { doc, operations } = await loadOperations();
    return new Designer(doc, operations, proxyUrl.replace(/\/+$/, ''), authorization);
  }

  /** Every operationId in the swagger, with its `x-ms-visibility`. */
  operationIds(): Array<{ operationId: string; visibility?: string }> {
    return [...this.operations.values()].map((o) => ({
      operationId: o.operationId,
      visibility: o.extensions['x-ms-visibility'] as string | undefined,
    }));
  }

  /** The swagger's description of one parameter of an operation. */
  parameter(operationId: string, name: string): Parameter {
    const found = this.operation(operationId).parameters.find((p) => p.name === name);
    if (!found) throw new Error(`${operationId} has no parameter ${name} in the swagger`);
    return found;
  }

  /** Calls an operation with parameter values by swagger name (the body parameter's value is the body). */
  async call(operationId: string, params: Json): Promise<Reply> {
    const op = this.operation(operationId);
    for (const name of Object.keys(params)) this.parameter(operationId, name);
    let pathText = op.template;
    const query = new URLSearchParams();
    const headers: Record<string, string> = { authorization: this.authorization };
    let body: string | undefined;
    for (const p of op.parameters) {
      const value = params[p.name];
      if (value === undefined) continue;
      if (p.in === 'path') pathText = pathText.replace(`{${p.name}}`, encodeURIComponent(String(value)));
      else if (p.in === 'query') query.set(p.name, String(value));
      else if (p.in === 'header') headers[p.name] = String(value);
      else {
        body = JSON.stringify(value);
        headers['content-type'] = 'application/json';
      }
    }
    const qs = query.toString();
    const url = `${this.proxyUrl}${this.doc.basePath as string}${pathText}${qs ? `?${qs}` : ''}`;
    return this.send(op, url, { method: op.method, headers, body }, params);
  }

  /** The next page of an `x-ms-pageable` operation: a GET of the absolute `nextLink` (it must be this proxy's). */
  async nextPage(operationId: string, nextLink: string, params: Json): Promise<Reply> {
    const op = this.operation(operationId);
    if (!op.extensions['x-ms-pageable']) throw new Error(`${operationId} is not x-ms-pageable`);
    if (!nextLink.startsWith(`${this.proxyUrl}/`))
      this.problems.push(`${operationId}: nextLink ${nextLink} is foreign`);
    return this.send(op, nextLink, { method: 'GET', headers: { authorization: this.authorization } }, params);
  }

  /** A dropdown's options from `x-ms-dynamic-values`, after checking that `x-ms-dynamic-list` gives the same. */
  async pick(operationId: string, name: string, known: Json): Promise<PickerOption[]> {
    const p = this.parameter(operationId, name);
    const where = `${operationId}.${name}`;
    const dv = p['x-ms-dynamic-values'] as Json | undefined;
    if (!dv) throw new Error(`${where} has no x-ms-dynamic-values`);
    const legacy = await this.fetchDynamic(String(dv.operationId), legacyArguments(dv.parameters, known, where));
    const options = pickerOptions(legacy, dv['value-collection'], dv['value-path'], dv['value-title']);
    const dl = p['x-ms-dynamic-list'] as Json | undefined;
    if (!dl) this.problems.push(`${where} has no x-ms-dynamic-list twin`);
    else {
      const list = await this.fetchDynamic(String(dl.operationId), referenceArguments(dl.parameters, known, where));
      const twin = pickerOptions(list, dl.itemsPath, dl.itemValuePath, dl.itemTitlePath);
      if (!sameJson(options, twin)) this.problems.push(`${where}: x-ms-dynamic-list gives other options`);
    }
    return options;
  }

  /** The body parameter's schema with every dynamic part resolved for the `known` parameter values. */
  bodySchema(operationId: string, known: Json): Promise<Json> {
    const body = this.operation(operationId).parameters.find((p) => p.in === 'body');
    if (!body?.schema) throw new Error(`${operationId} has no body parameter`);
    return this.resolveSchema(body.schema, known, `${operationId} body`);
  }

  /** Errors of a JSON value against a schema ([] when it conforms). */
  validate(schema: Json, value: unknown): string[] {
    return this.schemaCheck.errors(schema, value);
  }

  /** Returns and clears the problems seen so far. */
  takeProblems(): string[] {
    return this.problems.splice(0);
  }

  private operation(operationId: string): Operation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`the swagger has no operation ${operationId}`);
    return op;
  }

  private async send(op: Operation, url: string, init: RequestInit, params: Json): Promise<Reply> {
    this.called.add(op.operationId);
    const res = await fetch(url, init);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      this.problems.push(`${op.operationId} ${res.status}: the body is not JSON: ${text.slice(0, 200)}`);
    }
    const reply: Reply = { operationId: op.operationId, status: res.status, body, headers: res.headers };
    await this.check(op, reply, params);
    return reply;
  }

  private async check(op: Operation, reply: Reply, params: Json): Promise<void> {
    const where = `${op.operationId} ${reply.status}`;
    const declared = op.responses[String(reply.status)];
    if (!declared) this.problems.push(`${where}: status not declared in the swagger`);
    const errors =
      reply.status >= 200 && reply.status < 300
        ? declared?.schema
          ? this.validate(await this.resolveSchema(declared.schema, params, where), reply.body)
          : []
        : this.validate((this.doc.definitions as Record<string, Json>).Error, reply.body);
    for (const e of errors) this.problems.push(`${where}: ${e} (${JSON.stringify(reply.body).slice(0, 300)})`);
  }

  /** Copies `schema`, replacing each node with `x-ms-dynamic-schema` by the schema its operation serves. */
  private async resolveSchema(schema: Json, known: Json, where: string): Promise<Json> {
    const ds = schema['x-ms-dynamic-schema'] as Json | undefined;
    if (ds) return this.dynamicSchema(schema, ds, known, where);
    const copy: Json = { ...schema };
    if (schema.properties) {
      const props: Json = {};
      for (const [name, sub] of Object.entries(schema.properties as Record<string, Json>)) {
        props[name] = await this.resolveSchema(sub, known, `${where}.${name}`);
      }
      copy.properties = props;
    }
    if (schema.items) copy.items = await this.resolveSchema(schema.items as Json, known, `${where}[]`);
    return copy;
  }

  private async dynamicSchema(schema: Json, ds: Json, known: Json, where: string): Promise<Json> {
    const served = await this.fetchDynamic(String(ds.operationId), legacyArguments(ds.parameters, known, where));
    const resolved = valueAt(served, ds['value-path']);
    if (resolved === null || typeof resolved !== 'object') throw new Error(`${where}: no schema at value-path`);
    const dp = schema['x-ms-dynamic-properties'] as Json | undefined;
    if (!dp) this.problems.push(`${where}: x-ms-dynamic-schema has no x-ms-dynamic-properties twin`);
    else {
      const twin = await this.fetchDynamic(String(dp.operationId), referenceArguments(dp.parameters, known, where));
      if (!sameJson(valueAt(twin, dp.itemValuePath), resolved)) {
        this.problems.push(`${where}: x-ms-dynamic-properties resolves to another schema`);
      }
    }
    return resolved as Json;
  }

  /** Calls a helper operation once per distinct arguments; its answer must be 200. */
  private fetchDynamic(operationId: string, args: Json): Promise<unknown> {
    const key = `${operationId} ${JSON.stringify(args)}`;
    let answer = this.dynamicCache.get(key);
    if (!answer) {
      answer = this.call(operationId, args).then((reply) => {
        if (reply.status !== 200) throw new Error(`${key} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
        return reply.body;
      });
      answer.catch(() => this.dynamicCache.delete(key));
      this.dynamicCache.set(key, answer);
    }
    return answer;
  }
}
