/** The write-body form: encoding, what counts as CI's body-binding refusal, and the per-endpoint memory of `auto`. */
import { createWriteBodyForms, encodeWriteBody, isBodyBindingRefusal } from '../../proxy/upstream/write-body-form';
import { nextStep } from '../../proxy/upstream/retry-policy';

const problem = (errors: Record<string, string[]>) => ({
  type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
  title: 'One or more validation errors occurred.',
  status: 400,
  errors,
});

describe('encoding', () => {
  it('the string form is the record JSON-encoded once more, the object form the record', () => {
    const record = { PurchaseId: 'a"b', Amount: 1.5 };
    expect(encodeWriteBody(record, 'object')).toBe('{"PurchaseId":"a\\"b","Amount":1.5}');
    expect(encodeWriteBody(record, 'string')).toBe('"{\\"PurchaseId\\":\\"a\\\\\\"b\\",\\"Amount\\":1.5}"');
    expect(JSON.parse(JSON.parse(encodeWriteBody(record, 'string')))).toEqual(record);
  });
});

describe('a body-binding refusal', () => {
  it.each([
    ['System.Text.Json on the body root', problem({ $: ['The JSON value could not be converted to System.String.'] })],
    ['Newtonsoft on the body', problem({ '': ['Error converting value to type Dictionary.'] })],
    ['a body parameter named body', problem({ body: ['The body field is required.'] })],
  ])('is a 400 ValidationProblemDetails about the whole body: %s', (_, body) => {
    expect(isBodyBindingRefusal(400, body)).toBe(true);
  });

  it.each([
    ['a CI field error (ODataError)', 400, { errorCode: 'UnknownAttribute', message: 'x', target: 'Colour' }],
    ['a CI payload error naming the body', 400, { errorCode: 'InvalidPayload', message: 'x', target: 'body' }],
    ['a validation problem naming a field', 400, problem({ PurchaseId: ['The PurchaseId field is required.'] })],
    ['a problem that also names a field', 400, problem({ $: ['x'], Amount: ['y'] })],
    ['a problem with no errors', 400, { title: 'Bad Request', status: 400 }],
    ['another status', 415, problem({ $: ['x'] })],
    ['a text body', 400, 'Bad Request'],
  ])('is never %s', (_, status, body) => {
    expect(isBodyBindingRefusal(status as number, body)).toBe(false);
  });
});

describe('the form per endpoint', () => {
  it('auto starts with the clients’ string form and keeps the form that worked, per endpoint', () => {
    const forms = createWriteBodyForms('auto');
    expect(forms.formFor('ci/a')).toBe('string');
    expect(forms.fallbackFrom('string')).toBe('object');
    expect(forms.accepted('ci/a', 'object')).toEqual({ endpoint: 'ci/a', form: 'object', switched: true });
    expect(forms.formFor('ci/a')).toBe('object');
    expect(forms.formFor('ci/b')).toBe('string');
    expect(forms.accepted('ci/a', 'object')).toBeUndefined();
    expect(forms.accepted('ci/b', 'string')).toEqual({ endpoint: 'ci/b', form: 'string', switched: false });
    expect(forms.accepted('ci/b', 'string')).toBeUndefined();
  });

  it.each(['string', 'object'] as const)('a fixed %s setting never falls back', (setting) => {
    const forms = createWriteBodyForms(setting);
    expect(forms.formFor('ci/a')).toBe(setting);
    expect(forms.fallbackFrom(setting)).toBeUndefined();
    expect(forms.accepted('ci/a', setting)).toBeUndefined();
  });

  it('remembers a bounded number of endpoints, forgetting the oldest first', () => {
    const forms = createWriteBodyForms('auto');
    forms.accepted('first', 'object');
    for (let i = 0; i < 1_000; i++) forms.accepted(`ci/${i}`, 'object');
    expect(forms.formFor('first')).toBe('string');
    expect(forms.formFor('ci/999')).toBe('object');
  });
});

describe('the retry classifier', () => {
  const call = { method: 'POST', retries: 0, maxRetries: 2, canRenewToken: true, elapsedMs: 0 };
  const refused = { kind: 'status', status: 400, bodyUnbound: true } as const;

  it('turns a binding refusal into one resend in the other form, not a retry', () => {
    expect(nextStep(refused, { ...call, canSwitchBodyForm: true })).toEqual({ kind: 'switch-body-form' });
    expect(nextStep(refused, { ...call, canSwitchBodyForm: false })).toEqual({ kind: 'fail' });
  });

  it('never switches on another 400', () => {
    expect(nextStep({ kind: 'status', status: 400 }, { ...call, canSwitchBodyForm: true })).toEqual({ kind: 'fail' });
  });
});
