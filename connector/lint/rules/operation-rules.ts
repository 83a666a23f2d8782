/**
 * Per-operation rules: operationId, summary, description, visibility, responses, paging
 * (docs/power-platform.md#swagger-validator-rules, #checklist).
 */
import { NEXT_LINK_NAMES, OPERATION_ID_MAX_CHARS, SUMMARY_MAX_CHARS } from '../constants';
import type { RuleGroup } from '../context';
import { pointerOf } from '../finding';
import { isObject, objectOr, text } from '../json-value';
import { operationsOf, parametersOf, schemaAtPath, successSchema } from '../swagger-model';
import { checkDescription, checkSummaryText } from './text-rules';

const NO_SCHEMA_SUCCESS = ['202', '204'];

/** Checks every operation's identity, texts, responses and paging. */
export const operationRules: RuleGroup = ({ swagger, sinks }) => {
  const out = sinks.swagger;
  const ids = new Map<string, string>();
  for (const operation of operationsOf(swagger)) {
    const { op, pointer } = operation;
    const label = `${operation.method.toUpperCase()} ${operation.path}`;
    const id = text(op.operationId);
    if (!id) out.add(pointer, 'OperationIdRequired', `${label} has no operationId.`);
    else {
      const at = pointerOf(pointer, 'operationId');
      if (!/^[A-Z][A-Za-z0-9]*$/.test(id))
        out.add(at, 'OperationIdSanitized', `"${id}" must be PascalCase letters and digits.`);
      if (id.length > OPERATION_ID_MAX_CHARS)
        out.add(at, 'OperationIdTooLong', `"${id}" is longer than ${OPERATION_ID_MAX_CHARS} characters.`);
      const previous = ids.get(id.toLowerCase());
      if (previous) out.add(at, 'OperationIdNotUnique', `"${id}" is also used by ${previous}.`);
      else ids.set(id.toLowerCase(), label);
    }
    const summary = text(op.summary);
    if (!summary) out.add(pointer, 'OperationSummaryMissing', `${label} has no summary.`);
    else {
      if (summary.length > SUMMARY_MAX_CHARS)
        out.add(
          pointerOf(pointer, 'summary'),
          'OperationSummaryTooLong',
          `The summary has ${summary.length} characters; at most ${SUMMARY_MAX_CHARS}.`,
        );
      checkSummaryText(summary, pointerOf(pointer, 'summary'), out);
    }
    const description = text(op.description);
    if (!description) out.add(pointer, 'OperationDescriptionMissing', `${label} has no description.`);
    else checkDescription(description, summary, pointerOf(pointer, 'description'), out);
    if (op['x-ms-visibility'] === undefined)
      out.add(pointer, 'OperationVisibilityMissing', `${label} has no x-ms-visibility.`);

    const responses = objectOr(op.responses);
    const codes = Object.keys(responses);
    if (codes.length === 0) out.add(pointer, 'OperationMustHaveResponse', `${label} declares no responses.`);
    const success = codes.filter((c) => /^2\d\d$/.test(c));
    if (codes.length > 0 && success.length === 0)
      out.add(
        pointerOf(pointer, 'responses'),
        'OperationShouldHaveSuccessfulResponse',
        `${label} has no 2xx response.`,
      );
    for (const code of success)
      if (!NO_SCHEMA_SUCCESS.includes(code) && !('schema' in objectOr(responses[code])))
        out.add(
          pointerOf(pointer, 'responses', code),
          'SuccessResponseSchemaMissing',
          `The ${code} response needs a schema.`,
        );
    const withSchema = codes.filter((c) => c !== 'default' && 'schema' in objectOr(responses[c]));
    if (withSchema.length > 1)
      out.add(
        pointerOf(pointer, 'responses'),
        'OperationHasManyResponsesWithSchema',
        `Responses ${withSchema.join(', ')} all have schemas; keep only the success one.`,
      );
    if ('schema' in objectOr(responses.default))
      out.add(
        pointerOf(pointer, 'responses', 'default'),
        'DefaultResponseHasSchema',
        'The default response must not have a schema.',
      );
    for (const code of codes)
      if (!text(objectOr(responses[code]).description))
        out.add(
          pointerOf(pointer, 'responses', code),
          'ResponseDescriptionMissing',
          `The ${code} response has no description.`,
        );

    if (operation.method === 'get')
      for (const p of parametersOf(swagger, operation))
        if (p.param.in === 'body' || p.param.in === 'formData')
          out.add(
            p.pointer,
            'BodyOrFormDataParameterInFetchOperationNotAllowed',
            `${label} may not take a ${String(p.param.in)} parameter.`,
          );

    const pageable = op['x-ms-pageable'];
    if (isObject(pageable)) {
      const name = String(pageable.nextLinkName ?? '');
      if (!NEXT_LINK_NAMES.includes(name))
        out.add(
          pointerOf(pointer, 'x-ms-pageable', 'nextLinkName'),
          'InvalidNextLinkNameValue',
          `"${name}" must be nextLink or @odata.nextLink.`,
        );
      else if (!schemaAtPath(swagger, successSchema(operation), name))
        out.add(
          pointerOf(pointer, 'x-ms-pageable'),
          'NextLinkPropertyMissing',
          `The 2xx schema does not declare "${name}".`,
        );
    }
  }
};
