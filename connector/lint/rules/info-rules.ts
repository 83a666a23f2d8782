/**
 * Top-level metadata rules: info, contact, x-ms-connector-metadata, size (docs/power-platform.md#certification-rules,
 * #checklist).
 */
import {
  CONNECTOR_CATEGORIES,
  CONNECTOR_CATEGORIES_MAX,
  CONNECTOR_METADATA_NAMES,
  DESCRIPTION_MAX_CHARS,
  DESCRIPTION_MIN_CHARS,
  OPERATIONS_MAX_COUNT,
  PRODUCT_NAMES,
  SWAGGER_MAX_BYTES,
  TITLE_MAX_CHARS,
  TITLE_RESTRICTED_WORDS,
} from '../constants';
import type { RuleGroup } from '../context';
import { arrayOr, objectOr, text } from '../json-value';
import { operationsOf } from '../swagger-model';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const containsWord = (value: string, word: string): boolean =>
  new RegExp(`(^|[^A-Za-z])${word.replace(/ /g, '\\s*')}([^A-Za-z]|$)`, 'i').test(value);

/** Checks info.title, info.description, info.contact, the connector metadata and the size limits. */
export const infoRules: RuleGroup = ({ swagger, sinks, swaggerBytes }) => {
  const out = sinks.swagger;
  const info = objectOr(swagger.info);
  const title = text(info.title);
  if (!title) out.add('/info/title', 'TitleMissing', 'info.title is required.');
  else {
    if (title.length > TITLE_MAX_CHARS)
      out.add(
        '/info/title',
        'FieldLengthExceeded',
        `info.title has ${title.length} characters; at most ${TITLE_MAX_CHARS}.`,
      );
    for (const word of [...TITLE_RESTRICTED_WORDS, ...PRODUCT_NAMES])
      if (containsWord(title, word))
        out.add('/info/title', 'ValueContainsRestrictedWords', `info.title contains "${word}".`);
    if (!/[A-Za-z0-9]$/.test(title))
      out.add('/info/title', 'ValueMustEndWithAlphanumeric', 'info.title must end with a letter or digit.');
  }
  const description = text(info.description) ?? '';
  if (description.length < DESCRIPTION_MIN_CHARS || description.length > DESCRIPTION_MAX_CHARS)
    out.add(
      '/info/description',
      'FieldLengthNotInRange',
      `info.description has ${description.length} characters; it needs ${DESCRIPTION_MIN_CHARS} to ${DESCRIPTION_MAX_CHARS}.`,
    );
  for (const word of PRODUCT_NAMES)
    if (containsWord(description, word))
      out.add('/info/description', 'ValueContainsRestrictedWords', `info.description names the product "${word}".`);

  const contact = objectOr(info.contact);
  for (const key of ['name', 'url', 'email'])
    if (!text(contact[key])) out.add(`/info/contact`, 'ContactMissing', `info.contact.${key} is required.`);
  if (text(contact.email) && !EMAIL.test(String(contact.email)))
    out.add('/info/contact/email', 'ContactEmailNotValid', `"${contact.email}" is not an email address.`);

  const metadata = arrayOr(swagger['x-ms-connector-metadata']).map(objectOr);
  for (const name of CONNECTOR_METADATA_NAMES)
    if (!metadata.some((m) => m.propertyName === name && text(m.propertyValue)))
      out.add(
        '/x-ms-connector-metadata',
        'ConnectorMetadataPropertiesMissing',
        `The "${name}" entry is missing or empty.`,
      );
  const index = metadata.findIndex((m) => m.propertyName === 'Categories');
  if (index >= 0) {
    const at = `/x-ms-connector-metadata/${index}/propertyValue`;
    const categories = String(metadata[index].propertyValue ?? '')
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean);
    if (categories.length > CONNECTOR_CATEGORIES_MAX)
      out.add(
        at,
        'TooManyConnectorCategories',
        `${categories.length} categories; at most ${CONNECTOR_CATEGORIES_MAX}.`,
      );
    for (const category of categories)
      if (!CONNECTOR_CATEGORIES.includes(category))
        out.add(at, 'InvalidConnectorCategory', `"${category}" is not an allowed category.`);
  }

  if (swaggerBytes >= SWAGGER_MAX_BYTES)
    out.add('', 'FileTooLarge', `The swagger has ${swaggerBytes} bytes; it must stay under ${SWAGGER_MAX_BYTES}.`);
  const count = operationsOf(swagger).length;
  if (count > OPERATIONS_MAX_COUNT)
    out.add('/paths', 'TotalOperationsCountExceedsMaxAllowed', `${count} operations; at most ${OPERATIONS_MAX_COUNT}.`);
};
