/**
 * The form of a real-time write body (docs/customer-insights.md#write-body-forms). Microsoft's generated clients send
 * the record JSON-encoded into a JSON string (the code model types the body `string`); the documentation shows a
 * plain JSON object. Which one the live service binds is not documented, so CI_WRITE_BODY_FORM chooses: `string`,
 * `object`, or `auto` (default): start with the clients' form and, only when CI refuses the body as unbindable
 * (nothing was stored, so resending is safe), resend once in the other form and keep the one that worked.
 */

/** The CI_WRITE_BODY_FORM values. */
export const WRITE_BODY_FORM_SETTINGS = ['auto', 'string', 'object'] as const;
export type WriteBodyFormSetting = (typeof WRITE_BODY_FORM_SETTINGS)[number];
export type WriteBodyForm = 'string' | 'object';

/** What `auto` tries first: the form every generated client sends. */
export const CLIENTS_FORM: WriteBodyForm = 'string';

/** The Content-Type of each form: the generated clients' for the string, plain JSON for the object. */
export const CONTENT_TYPE: Record<WriteBodyForm, string> = {
  string: 'application/json-patch+json; charset=utf-8',
  object: 'application/json',
};

/** Endpoints remembered at most (oldest forgotten first); a forgotten one simply starts again from CLIENTS_FORM. */
const MAX_ENDPOINTS = 1_000;

export function otherForm(form: WriteBodyForm): WriteBodyForm {
  return form === 'string' ? 'object' : 'string';
}

/** The request body text of `record` in `form`. */
export function encodeWriteBody(record: unknown, form: WriteBodyForm): string {
  const json = JSON.stringify(record);
  return form === 'string' ? JSON.stringify(json) : json;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when a 400 says the body could not be bound at all: ASP.NET Core's ValidationProblemDetails (`title`,
 * `errors`) whose errors all concern the body as a whole (`$`, its root, or an empty / `body` key), with no CI error
 * code. A CI field error (ODataError / ApiErrorResult, `errorCode`) or a problem naming a field is never one.
 */
export function isBodyBindingRefusal(status: number, body: unknown): boolean {
  if (status !== 400 || !isObject(body) || !isObject(body.errors) || 'errorCode' in body) return false;
  const keys = Object.keys(body.errors);
  return keys.length > 0 && keys.every((k) => /^(\$|body)?$/i.test(k.trim()));
}

/** A settled form: which endpoint, which form, and whether it changed from what was tried first. */
export interface SettledForm {
  endpoint: string;
  form: WriteBodyForm;
  switched: boolean;
}

/** The per-endpoint choice of form. An endpoint is a CI base URL plus instance (instances live on scale units). */
export interface WriteBodyForms {
  /** The form to send to `endpoint` now. */
  formFor(endpoint: string): WriteBodyForm;
  /** The form to resend in after a binding refusal of `tried`, or undefined when the setting is fixed. */
  fallbackFrom(tried: WriteBodyForm): WriteBodyForm | undefined;
  /** Records that `form` was accepted by `endpoint`; returns what changed, or undefined when nothing did. */
  accepted(endpoint: string, form: WriteBodyForm): SettledForm | undefined;
}

export function createWriteBodyForms(setting: WriteBodyFormSetting): WriteBodyForms {
  const settled = new Map<string, WriteBodyForm>();
  return {
    formFor(endpoint) {
      if (setting !== 'auto') return setting;
      return settled.get(endpoint) ?? CLIENTS_FORM;
    },
    fallbackFrom(tried) {
      return setting === 'auto' ? otherForm(tried) : undefined;
    },
    accepted(endpoint, form) {
      if (setting !== 'auto') return undefined;
      const before = settled.get(endpoint);
      if (before === form) return undefined;
      settled.delete(endpoint);
      settled.set(endpoint, form);
      if (settled.size > MAX_ENDPOINTS) settled.delete(settled.keys().next().value as string);
      return { endpoint, form, switched: form !== (before ?? CLIENTS_FORM) };
    },
  };
}
